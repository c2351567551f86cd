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
fn kill_9_then_rerun_redoes_nothing_finished_and_truncates_nothing() {
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

#[test]
fn a_full_disk_is_one_clear_error_and_a_rerun_with_space_resumes() {
    // A small tmpfs, mounted in a private mount namespace (no root needed where user
    // namespaces are allowed).
    if !Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        println!("skipping: cannot create a mount namespace (unshare -rm) for a small tmpfs");
        return;
    }
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
    for file in files_in(&first) {
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
