//! Helpers shared by the integration tests, and the one rule for what a test needs from outside
//! the repository.
//!
//! A test that needs something the repository does not hold (`../shared`, the default model,
//! user namespaces, a server) is marked `#[ignore = "needs …"]` and first calls the helper here
//! that returns the thing or panics naming what is missing. `make test` passes
//! `--include-ignored` under `CI=true` or beside `../shared` (the one dependency
//! `scripts/setup.sh` cannot install), so there a missing dependency fails, and elsewhere the
//! runner lists the test as ignored, never as passed.

// Each test binary compiles this module and uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the real binary with `args`.
pub fn vibrief(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vibrief"))
        .args(args)
        .output()
        .expect("run vibrief")
}

/// A file of `tests/fixtures/`, e.g. `interop/tmx/…` (the third-party interop files copied
/// from `../shared`; licences in `tests/fixtures/interop/README.md`).
pub fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// The sorted files of a `tests/fixtures/` folder.
pub fn fixtures_in(dir: &str) -> Vec<PathBuf> {
    files_in(&fixture(dir))
}

/// `../shared`, the corpus and interop files beside the project; panics when it is absent.
pub fn shared() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    assert!(
        p.is_dir(),
        "needs ../shared (the shared corpus and interop files beside the project): {} not found",
        p.display()
    );
    p
}

/// The real scraped articles of `../shared/corpus/vi`, sorted; panics when they are absent.
pub fn corpus() -> Vec<PathBuf> {
    let files = files_in(&shared().join("corpus/vi"));
    assert!(!files.is_empty(), "needs ../shared/corpus/vi: it is empty");
    files
}

/// The default model's file; panics when it has not been fetched.
pub fn default_model() -> PathBuf {
    use vibrief::models::Catalog;
    let catalog = Catalog::load().expect("the model catalog loads");
    let path = catalog
        .file_path(catalog.default_model())
        .expect("the default model is a file");
    assert!(
        path.is_file(),
        "needs the default model: {} not found; scripts/setup.sh (or `vibrief models fetch`) \
         fetches it",
        path.display()
    );
    path
}

/// Panics unless this process may make a user and mount namespace (`unshare -rm`), where a
/// test mounts a file system of its own.
pub fn mount_namespace() {
    let ok = Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "needs user namespaces: `unshare -rm true` failed here (util-linux's unshare, and \
         unprivileged user namespaces allowed)"
    );
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}
