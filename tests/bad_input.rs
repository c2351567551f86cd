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
