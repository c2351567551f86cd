//! Bad input and hostile surroundings get one clear message and the right exit status: a TM
//! file that is not one, a folder given as the TM, an output folder that does not exist, a
//! standard error nobody reads any more.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn vibrief(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vibrief"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("vibrief runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_tm_that_is_not_one_is_said_once_and_a_folder_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("bad.sqlite"),
        "not a database at all, but long enough to be read",
    )
    .unwrap();
    let out = vibrief(p, &["tm", "--tm", "bad.sqlite", "stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "vibrief: bad.sqlite: file is not a database\n"
    );

    std::fs::create_dir(p.join("folder.sqlite")).unwrap();
    let out = vibrief(p, &["tm", "--tm", "folder.sqlite", "stats"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("folder.sqlite: is a folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_output_in_a_missing_folder_names_the_folder_not_a_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let out = vibrief(
        p,
        &["tm", "--tm", "tm.sqlite", "add", "Xin chào.", "Hello."],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = vibrief(
        p,
        &["tm", "--tm", "tm.sqlite", "export", "-o", "nodir/x.tmx"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("the folder nodir does not exist"), "{err}");
    assert!(!err.contains(".vibrief-"), "{err}");
}

#[test]
fn a_closed_standard_error_ends_the_run_quietly_not_with_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = Command::new(env!("CARGO_BIN_EXE_vibrief"))
        .current_dir(dir.path())
        .args(["clean", "missing.txt"])
        .stdout(Stdio::null())
        .stderr(writer)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2), "a panic exits 101");
}

#[test]
fn characters_xml_forbids_are_refused_on_the_way_in() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    // An article with a NUL byte: its line and column.
    std::fs::write(p.join("a.txt"), "Tiêu đề\n\nHà\0 Nội.\n").unwrap();
    let out = vibrief(p, &["clean", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "vibrief: a.txt:3:3: U+0000 is a control character, not text (is it a binary file?)\n"
    );
    // The TM takes no unit an export could not write.
    let out = vibrief(p, &["tm", "--tm", "tm.sqlite", "add", "Một\u{1}", "One"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("U+0001"), "{}", stderr(&out));
    std::fs::write(
        p.join("bad.tmx"),
        "<tmx version=\"1.4\"><header srclang=\"vi\"/><body>\n\
         <tu><tuv xml:lang=\"vi\"><seg>Hai</seg></tuv><tuv xml:lang=\"en\"><seg>Two&#xFFFE;</seg></tuv></tu>\n\
         </body></tmx>\n",
    )
    .unwrap();
    let out = vibrief(p, &["tm", "--tm", "tm.sqlite", "import", "bad.tmx"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.tmx:2:") && err.contains("U+FFFE"),
        "{err}"
    );
    // So what is exported reads back.
    let out = vibrief(p, &["tm", "--tm", "tm.sqlite", "add", "Một", "One"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = vibrief(p, &["tm", "--tm", "tm.sqlite", "export", "-o", "x.tmx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = vibrief(p, &["tm", "--tm", "back.sqlite", "import", "x.tmx"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_full_disk_is_named_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let out = vibrief(p, &["tm", "--tm", "tm.sqlite", "add", "Một", "One"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = vibrief(p, &["tm", "--tm", "tm.sqlite", "export", "-o", "/dev/full"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.matches("/dev/full").count(), 1, "{err}");
    assert!(err.contains("No space left"), "{err}");
}

#[test]
fn an_article_in_utf16_is_read_and_one_that_is_all_boilerplate_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Bộ Ngoại giao họp\r\n\r\nHội nghị khai mạc tại Hà Nội.\r\n".encode_utf16()
    {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(p.join("u16.txt"), utf16).unwrap();
    let out = vibrief(p, &["clean", "u16.txt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Hội nghị khai mạc tại Hà Nội."), "{text}");

    std::fs::write(p.join("empty.txt"), "Trang chủ > Tin tức\n\nẢnh: Thu Hà\n").unwrap();
    let out = vibrief(p, &["clean", "empty.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("vibrief: empty.txt: nothing is left after cleaning"),
        "{}",
        stderr(&out)
    );
}

/// Runs `vibrief` as a user who may not write `dir`: `nobody` when the tests run as root (root
/// may write anything), else the current user once `dir` is made read-only.
fn as_reader(dir: &Path, args: &[&str]) -> Output {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut cmd = if root {
        // A copy nobody may run: the build folder may be in a home nobody may enter.
        let bin = dir.parent().unwrap().join("vibrief");
        if !bin.exists() {
            std::fs::copy(env!("CARGO_BIN_EXE_vibrief"), &bin).unwrap();
        }
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--"]).arg(bin);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_vibrief"))
    };
    cmd.current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .output()
        .expect("runuser (util-linux) runs")
}

#[test]
fn a_tm_in_a_read_only_folder_can_be_read() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ro");
    std::fs::create_dir(&p).unwrap();
    let out = vibrief(
        &p,
        &["tm", "--tm", "tm.sqlite", "add", "Xin chào.", "Hello."],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = |path: &Path, m: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(m)).unwrap()
    };
    mode(dir.path(), 0o755);
    mode(&p.join("tm.sqlite"), 0o444);
    mode(&p, 0o555);
    let tm = p.join("tm.sqlite");
    let tm = tm.to_str().unwrap();
    for args in [
        vec!["tm", "--tm", tm, "stats"],
        vec!["tm", "--tm", tm, "match", "Xin chào."],
        vec!["tm", "--tm", tm, "export"],
    ] {
        let out = as_reader(&p, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Hello.") || args[3] == "stats",
            "{args:?}"
        );
    }
    // Writing still needs write access, and says so.
    let out = as_reader(&p, &["tm", "--tm", tm, "add", "Một.", "One."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    mode(&p, 0o755);
}
