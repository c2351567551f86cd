//! `vibrief batch` with the real binary: it resumes after kill -9 without redoing finished
//! documents or leaving truncated files, keeps the TM consistent, isolates a bad file, and stops
//! with one clear error when the output folder cannot be written, the disk fills up or the model
//! is missing.
//!
//! The kill test uses the default model on tiny articles (`scripts/setup.sh` fetches it).

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vibrief"))
}

fn write_articles(dir: &Path) {
    let articles = [
        ("a.txt", "Bộ Ngoại giao họp báo\n\nSáng 2-4, Bộ Ngoại giao tổ chức họp báo thường kỳ.\n"),
        ("b.txt", "Thủ tướng Chính phủ tiếp Đại sứ\n\nThủ tướng Chính phủ đã tiếp Đại sứ Nhật Bản tại Việt Nam.\n"),
        ("c.txt", "Ban Bí thư ban hành chỉ thị\n\nBan Bí thư đã ban hành Chỉ thị số 15 về ngoại giao kinh tế.\n"),
    ];
    for (name, text) in articles {
        std::fs::write(dir.join(name), text).unwrap();
    }
    std::fs::write(dir.join("bad.txt"), b"Ti\xff\xfeu \xc3").unwrap();
}

fn batch(input: &Path, out: &Path, tm: &Path) -> Command {
    let mut cmd = bin();
    cmd.arg("batch")
        .arg(input)
        .arg("-o")
        .arg(out)
        .arg("--tm")
        .arg(tm);
    cmd.args([
        "--learn",
        "--jobs",
        "1",
        "--mode",
        "extractive",
        "--points",
        "1",
        "--quiet",
    ]);
    cmd
}

fn report(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn kill_9_then_rerun_redoes_nothing_finished_and_truncates_nothing() {
    common::default_model();
    let dir = tempfile::tempdir().unwrap();
    let (input, out, tm) = (
        dir.path().join("in"),
        dir.path().join("out"),
        dir.path().join("tm.sqlite"),
    );
    std::fs::create_dir(&input).unwrap();
    write_articles(&input);

    let mut child = batch(&input, &out, &tm)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let finished_first = loop {
        let done: Vec<String> = std::fs::read_dir(&out)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".json"))
                    .collect()
            })
            .unwrap_or_default();
        if !done.is_empty() {
            break done;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "batch ended before the kill"
        );
        assert!(
            started.elapsed() < Duration::from_secs(900),
            "no document finished in 15 minutes"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // Every file under its final name is complete.
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{} truncated: {e}", path.display()));
        }
    }
    // The TM is consistent and holds what was learned before the kill.
    let conn = rusqlite::Connection::open(&tm).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let learned: i64 = conn
        .query_row(
            "SELECT count(*) FROM units WHERE origin LIKE 'mt:%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        learned >= 2,
        "the finished document's segments were learned"
    );
    drop(conn);

    let status = batch(&input, &out, &tm)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(
        status.code(),
        Some(1),
        "the bad file makes the run report problems"
    );
    let rep = report(&out);
    let docs = rep["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 4);
    let bad = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("bad.txt"))
        .unwrap();
    assert_eq!(bad["state"], "failed");
    assert!(bad["error"].as_str().unwrap().contains("bad.txt"), "{bad}");
    for name in &finished_first {
        let stem = name.trim_end_matches(".json");
        let row = docs
            .iter()
            .find(|d| {
                d["path"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("{stem}.txt"))
            })
            .unwrap();
        assert_eq!(row["state"], "cached", "{stem} was redone: {row}");
        assert_eq!(row["model_calls"], 0, "{row}");
    }
    for stem in ["a", "b", "c"] {
        assert!(out.join(format!("{stem}.md")).exists(), "{stem}.md missing");
    }
    assert!(std::fs::read_to_string(out.join("index.md"))
        .unwrap()
        .contains("cached"));
}

#[test]
fn an_unwritable_output_folder_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let mut perms = std::fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o555);
    std::fs::set_permissions(&locked, perms).unwrap();
    // Root ignores permission bits: then use a read-only file system instead.
    let out = if std::fs::write(locked.join("probe"), b"x").is_ok() {
        Path::new("/sys/vibrief-out").to_path_buf()
    } else {
        locked.join("out")
    };
    let res = bin()
        .arg("batch")
        .arg(dir.path().join("a.txt"))
        .arg("-o")
        .arg(&out)
        .arg("--no-tm")
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(
        err.contains("cannot write the output folder") && err.contains("vibrief-out")
            || err.contains("locked"),
        "{err}"
    );
}

#[test]
fn a_missing_model_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    write_articles(dir.path());
    let res = bin()
        .arg("batch")
        .arg(dir.path().join("a.txt"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .args(["--no-tm", "--model", "/nonexistent/model.gguf"])
        .output()
        .unwrap();
    assert_eq!(res.status.code(), Some(2));
    let err = String::from_utf8_lossy(&res.stderr);
    assert!(err.contains("/nonexistent/model.gguf"), "{err}");
}

/// Translations of every segment of [`write_articles`], so a batch needs no generation.
fn fill_tm(tm: &Path) {
    let units = [
        ("Bộ Ngoại giao họp báo", "Ministry of Foreign Affairs holds a press conference"),
        ("Sáng 2-4, Bộ Ngoại giao tổ chức họp báo thường kỳ.", "On the morning of April 2, the Ministry of Foreign Affairs held its regular press conference."),
        ("Thủ tướng Chính phủ tiếp Đại sứ", "Prime Minister receives Ambassador"),
        ("Thủ tướng Chính phủ đã tiếp Đại sứ Nhật Bản tại Việt Nam.", "The Prime Minister received the Ambassador of Japan to Vietnam."),
        ("Ban Bí thư ban hành chỉ thị", "Secretariat issues a directive"),
        ("Ban Bí thư đã ban hành Chỉ thị số 15 về ngoại giao kinh tế.", "The Secretariat issued Directive No. 15 on economic diplomacy."),
    ];
    for (vi, en) in units {
        let out = bin()
            .arg("tm")
            .arg("--tm")
            .arg(tm)
            .args(["add", vi, en])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Bytes the files under `dir` take on a file system of 4 KiB pages.
fn pages_used(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                pages_used(&e.path())
            } else {
                e.metadata().unwrap().len().div_ceil(4096) * 4096
            }
        })
        .sum()
}

/// Every file under `dir`, recursively.
fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_in(&p))
        } else {
            out.push(p)
        }
    }
    out
}

/// A small tmpfs, mounted in a private mount namespace (no root needed where user namespaces
/// are allowed). Where they are not, `a_failed_write_names_its_file_and_a_rerun_finishes`
/// still checks failed writes, with a file size limit instead of a full disk.
#[test]
#[ignore = "needs user namespaces (unshare -rm) for a small tmpfs"]
fn a_full_disk_is_one_clear_error_and_a_rerun_with_space_resumes() {
    common::mount_namespace();
    let dir = tempfile::tempdir().unwrap();
    let (input, tm) = (dir.path().join("in"), dir.path().join("tm.sqlite"));
    std::fs::create_dir(&input).unwrap();
    write_articles(&input);
    std::fs::remove_file(input.join("bad.txt")).unwrap();
    fill_tm(&tm);
    let args = [
        "--jobs",
        "1",
        "--mode",
        "extractive",
        "--points",
        "1",
        "--quiet",
    ];

    // How much a whole run writes; the disk gets about half of it.
    let roomy = dir.path().join("roomy");
    let status = bin()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&roomy)
        .arg("--tm")
        .arg(&tm)
        .args(args)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let size = pages_used(&roomy) / 2 / 4096 * 4096;

    let script = r#"set -u
        mount -t tmpfs -o size="$SIZE" tmpfs "$OUT" || exit 99
        "$BIN" batch "$IN" -o "$OUT" --tm "$TM" "$@" 2> "$DIR/first.err"; echo $? > "$DIR/first.rc"
        cp -a "$OUT" "$DIR/first"
        mount -o remount,size=8m "$OUT"
        "$BIN" batch "$IN" -o "$OUT" --tm "$TM" "$@" 2> "$DIR/second.err"; echo $? > "$DIR/second.rc"
        cp -a "$OUT" "$DIR/second""#;
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let status = Command::new("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .args(args)
        .env("SIZE", size.to_string())
        .env("OUT", &out)
        .env("IN", &input)
        .env("TM", &tm)
        .env("DIR", dir.path())
        .env("BIN", env!("CARGO_BIN_EXE_vibrief"))
        .status()
        .unwrap();
    assert!(status.success(), "the tmpfs script failed: {status}");
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();

    assert_eq!(read("first.rc").trim(), "2", "{}", read("first.err"));
    let err = read("first.err");
    println!("the full-disk run said:\n{err}");
    assert!(
        err.contains("the output disk is full") && err.contains("No space left on device"),
        "{err}"
    );
    assert!(
        err.contains(&out.display().to_string()),
        "the error names the file: {err}"
    );
    let first = dir.path().join("first");
    assert_outputs_whole(&first);
    let finished: Vec<String> = ["a", "b", "c"]
        .into_iter()
        .filter(|s| first.join(format!("{s}.md")).exists())
        .map(String::from)
        .collect();
    assert!(
        !finished.is_empty() && finished.len() < 3,
        "half the space should hold one or two documents, held {finished:?}"
    );

    assert_eq!(read("second.rc").trim(), "0", "{}", read("second.err"));
    let rep: Value = serde_json::from_str(&read("second/report.json")).unwrap();
    for row in rep["documents"].as_array().unwrap() {
        let stem = Path::new(row["path"].as_str().unwrap())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let expected = if finished.contains(&stem) {
            "cached"
        } else {
            "done"
        };
        assert_eq!(row["state"], expected, "{row}");
        assert!(dir
            .path()
            .join("second")
            .join(format!("{stem}.md"))
            .exists());
    }
}

/// An article of many sentences at `path`, with their translations imported into `tm`, so
/// that its briefs run to tens of kilobytes without the model.
fn write_long_article(path: &Path, tm: &Path) {
    let mut article = String::from("Thời tiết các tỉnh trong tuần\n\n");
    let mut tmx = String::from(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header creationtool=\"test\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"test\" adminlang=\"en\" \
         srclang=\"vi\" datatype=\"plaintext\"/><body>\n\
         <tu><tuv xml:lang=\"vi\"><seg>Thời tiết các tỉnh trong tuần</seg></tuv>\
         <tuv xml:lang=\"en\"><seg>The weather in the provinces this week</seg></tuv></tu>\n",
    );
    for i in 1..=120 {
        let (vi, en) = (
            format!("Khu vực số {i} có nắng nhẹ vào buổi sáng và mưa rào vào buổi chiều."),
            format!("Area No. {i} has light sunshine in the morning and showers in the afternoon."),
        );
        article.push_str(&format!("{vi}\n\n"));
        tmx.push_str(&format!(
            "<tu><tuv xml:lang=\"vi\"><seg>{vi}</seg></tuv><tuv xml:lang=\"en\"><seg>{en}</seg></tuv></tu>\n"
        ));
    }
    tmx.push_str("</body></tmx>\n");
    std::fs::write(path, article).unwrap();
    let file = path.with_extension("tmx");
    std::fs::write(&file, tmx).unwrap();
    let out = bin()
        .arg("tm")
        .arg("--tm")
        .arg(tm)
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(file).unwrap();
}

/// The files a run wrote under `dir`, by name, with their sizes.
fn sizes(dir: &Path) -> Vec<(String, u64)> {
    files_in(dir)
        .into_iter()
        .map(|p| {
            let len = p.metadata().unwrap().len();
            (p.file_name().unwrap().to_string_lossy().into_owned(), len)
        })
        .collect()
}

/// The fallback for machines without user namespaces, run everywhere: under a file size limit
/// (`RLIMIT_FSIZE`) a write that would pass it fails with EFBIG. The document is reported as
/// failed with an error naming the file, the others finish, nothing half-written is left under
/// a final name, and a rerun without the limit writes the rest from the cache.
#[test]
fn a_failed_write_names_its_file_and_a_rerun_finishes() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let (input, tm) = (dir.path().join("in"), dir.path().join("tm.sqlite"));
    std::fs::create_dir(&input).unwrap();
    write_articles(&input);
    std::fs::remove_file(input.join("bad.txt")).unwrap();
    fill_tm(&tm);
    write_long_article(&input.join("long.txt"), &tm);
    let run = |out: &Path, limit: Option<u64>| {
        let mut cmd = bin();
        cmd.arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(out)
            .arg("--tm")
            .arg(&tm)
            .args([
                "--jobs",
                "1",
                "--mode",
                "extractive",
                "--points",
                "1",
                "--quiet",
            ]);
        if let Some(limit) = limit {
            // SAFETY: only async-signal-safe calls between fork and exec.
            unsafe {
                cmd.pre_exec(move || {
                    // Without this, passing the limit kills the process with SIGXFSZ.
                    libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                    let rlimit = libc::rlimit {
                        rlim_cur: limit,
                        rlim_max: limit,
                    };
                    if libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        cmd.output().unwrap()
    };

    // A whole run, to see how big each file gets.
    let roomy = dir.path().join("roomy");
    assert_eq!(run(&roomy, None).status.code(), Some(0));
    let sizes = sizes(&roomy);
    let size = |name: &str| sizes.iter().find(|(n, _)| n == name).unwrap().1;
    // The long article's JSON brief fails to be written; every other file fits, and so does
    // the TM's 32 KiB shared-memory file (the limit counts bytes, per file). Halfway between:
    // the timings in a JSON brief change its length by a few bytes from run to run.
    let big = "long";
    let largest_other = sizes
        .iter()
        .filter(|(n, _)| n != "long.json")
        .map(|&(_, len)| len)
        .max()
        .unwrap();
    let limit = (largest_other + size("long.json")) / 2;
    assert!(
        largest_other > 32 * 1024 && limit - largest_other > 1000,
        "no limit fails only long.json: {sizes:?}"
    );

    // The document whose write failed is a failed document (exit 1, as the README says of
    // failed documents; only a full disk stops the run with 2), its error naming the file.
    let out = dir.path().join("out");
    let first = run(&out, Some(limit));
    let err = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(1), "{err}");
    let failed = out.join(format!("{big}.json"));
    let rows = report(&out)["documents"].as_array().unwrap().clone();
    let row = |stem: &str| {
        rows.iter()
            .find(|r| {
                r["path"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("{stem}.txt"))
            })
            .unwrap()
    };
    let error = row(big)["error"].as_str().unwrap_or_default();
    println!("the limited run said: {error}");
    assert_eq!(row(big)["state"], "failed", "{}", row(big));
    assert!(
        error.contains(&format!("cannot write the output {}", failed.display()))
            && error.contains("File too large"),
        "the error names the file: {error}"
    );
    assert!(!failed.exists(), "a half-written {big}.json is left");
    for stem in ["a", "b", "c"] {
        assert_eq!(row(stem)["state"], "done", "{}", row(stem));
    }
    assert_outputs_whole(&out);

    let second = run(&out, None);
    assert_eq!(
        second.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    for row in report(&out)["documents"].as_array().unwrap() {
        let stem = Path::new(row["path"].as_str().unwrap())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Every brief was finished and cached by the first run; only its files were missing.
        assert_eq!(row["state"], "cached", "{row}");
        for ext in ["md", "html", "json"] {
            assert!(out.join(format!("{stem}.{ext}")).exists(), "{stem}.{ext}");
        }
    }
}

/// No temporary file is left in `dir`, and every JSON output there parses (none truncated).
fn assert_outputs_whole(dir: &Path) {
    for file in files_in(dir) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.starts_with(".vibrief-"),
            "a temporary file is left: {}",
            file.display()
        );
        if name.ends_with(".json") {
            serde_json::from_slice::<Value>(&std::fs::read(&file).unwrap())
                .unwrap_or_else(|e| panic!("{name} truncated: {e}"));
        }
    }
}
