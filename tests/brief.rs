//! End to end with the real default model: `translate` renders the required terms and numbers
//! in English, `--learn` makes a rerun take everything from the TM without loading the model,
//! `brief` writes a Markdown brief with a summary, and `check` accepts the JSON output.
//!
//! The default model must have been fetched (`scripts/setup.sh`, run by `make test`).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vibrief"))
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/brief/short.txt")
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("vibrief runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "vibrief failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn translate_json(tm: &Path, learn: bool) -> Value {
    let mut cmd = bin();
    cmd.args(["translate", "--format", "json", "--tm"])
        .arg(tm)
        .arg(fixture());
    if learn {
        cmd.arg("--learn");
    }
    serde_json::from_slice(&run(&mut cmd).stdout).expect("JSON output")
}

fn all_targets(doc: &Value) -> String {
    doc["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["target"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn translation_renders_terms_and_numbers_then_a_learned_rerun_needs_no_model() {
    let dir = tempfile::tempdir().unwrap();
    let tm = dir.path().join("tm.sqlite");
    let first = translate_json(&tm, true);
    let english = all_targets(&first);
    let lower = english.to_lowercase();
    for required in [
        "prime minister",
        "directive no. 15 of the secretariat",
        "ministry of foreign affairs",
        "phạm minh chính",
    ] {
        assert!(
            lower.contains(required),
            "missing {required:?} in:\n{english}"
        );
    }
    for number in ["15", "2023", "63"] {
        assert!(
            english.contains(number),
            "missing number {number} in:\n{english}"
        );
    }
    assert!(
        english.contains("March 15") || english.contains("15 March"),
        "date 15-3 not in English form:\n{english}"
    );
    for seg in first["segments"].as_array().unwrap() {
        assert!(seg["origin"].as_str().unwrap().starts_with("mt:"), "{seg}");
        for term in seg["terms"].as_array().unwrap() {
            assert_eq!(
                term["satisfied"], true,
                "term not satisfied: {term} in {seg}"
            );
        }
    }
    assert!(first["stats"]["model_calls"].as_u64().unwrap() >= 3);

    let again = translate_json(&tm, false);
    assert_eq!(again["stats"]["model_calls"], 0, "rerun called the model");
    assert!(again.get("model").is_none(), "rerun loaded the model");
    assert_eq!(
        all_targets(&again),
        english,
        "rerun changed the translation"
    );
    for seg in again["segments"].as_array().unwrap() {
        assert!(seg["origin"].as_str().unwrap().starts_with("tm-"), "{seg}");
    }

    // The JSON output is what reviewers feed to `check`.
    let json = dir.path().join("out.json");
    std::fs::write(&json, serde_json::to_vec(&again).unwrap()).unwrap();
    let glossary = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary/diplomatic.tsv");
    let checked = bin()
        .args(["check", "--format", "json", "--glossary"])
        .arg(glossary)
        .arg(&json)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&checked.stdout).expect("check JSON");
    assert!(report["terms_checked"].as_u64().unwrap() >= 4, "{report}");
    assert_eq!(
        report["violations"].as_array().unwrap().len(),
        0,
        "{report}"
    );
}

#[test]
fn brief_writes_summary_translation_and_terms() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(bin()
        .arg("brief")
        .arg(fixture())
        .args(["--no-tm", "--format", "md,html,json", "-o"])
        .arg(&out));
    let md = std::fs::read_to_string(out.join("short.md")).unwrap();
    for section in ["## Summary", "## Translation", "## Terms", "## Review"] {
        assert!(md.contains(section), "no {section} in:\n{md}");
    }
    assert!(
        md.contains("| Ban Bí thư | Secretariat |")
            || md.contains("Directive No. 15 of the Secretariat"),
        "{md}"
    );
    let doc: Value =
        serde_json::from_slice(&std::fs::read(out.join("short.json")).unwrap()).unwrap();
    let summary = &doc["summary"];
    assert!(!summary["lead"].as_str().unwrap().is_empty(), "{summary}");
    assert!(
        !summary["points"].as_array().unwrap().is_empty(),
        "{summary}"
    );
    let html = std::fs::read_to_string(out.join("short.html")).unwrap();
    assert!(html.contains("<mark>"), "terms not highlighted");
}
