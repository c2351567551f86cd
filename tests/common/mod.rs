//! Helpers shared by the integration tests of `glossary` and `check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the real binary with `args`.
pub fn vibrief(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vibrief"))
        .args(args)
        .output()
        .expect("run vibrief")
}

/// `../shared`, or `None` (after saying so) when it is absent.
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.exists() {
        Some(p)
    } else {
        println!("skipping: ../shared not found");
        None
    }
}
