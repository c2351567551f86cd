//! End to end with the real default model: `translate` renders the required terms and numbers
//! in English, `--learn` makes a rerun take everything from the TM without loading the model,
//! `brief` writes a Markdown brief with a summary, and `check` accepts the JSON output.
//!
//! The default model must have been fetched (`scripts/setup.sh`, run by `make test`).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;
use common::default_model;

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
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn translation_renders_terms_and_numbers_then_a_learned_rerun_needs_no_model() {
    default_model();
    let dir = tempfile::tempdir().unwrap();
    let tm = dir.path().join("tm.sqlite");
    let first = translate_json(&tm, true);
    let english = all_targets(&first);
    let lower = english.to_lowercase();
    for required in [
        "prime minister",
        "directive no. 15 of the secretariat",
        "ministry of foreign affairs",
        "pham minh chinh",
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
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn keep_diacritics_writes_names_as_the_source_does() {
    default_model();
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("names.txt");
    std::fs::write(
        &article,
        "Thủ tướng tiếp Thứ trưởng\n\nThủ tướng Phạm Minh Chính tiếp Thứ trưởng Nguyễn Minh Hằng tại Hà Nội.\n",
    )
    .unwrap();
    let out = run(bin()
        .args([
            "translate",
            "--no-tm",
            "--format",
            "json",
            "--keep-diacritics",
        ])
        .arg(&article));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let english = all_targets(&doc);
    for name in ["Phạm Minh Chính", "Nguyễn Minh Hằng"] {
        assert!(english.contains(name), "{name:?} not kept in:\n{english}");
    }
    assert!(!english.contains("Pham Minh Chinh"), "{english}");
}

/// Every run of digits in `text`.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// The lower-cased words of five letters or more in `text`.
fn long_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .map(str::to_lowercase)
        .collect()
}

/// The Markdown section under `## {heading}`, up to the next heading or the closing rule.
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let start = md
        .find(&format!("## {heading}\n"))
        .unwrap_or_else(|| panic!("no ## {heading} in:\n{md}"));
    let body = &md[start + heading.len() + 4..];
    let end = ["\n## ", "\n---\n"]
        .iter()
        .filter_map(|m| body.find(m))
        .min()
        .unwrap_or(body.len());
    &body[..end]
}

#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn brief_writes_summary_translation_and_terms() {
    default_model();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    run(bin()
        .arg("brief")
        .arg(fixture())
        .args(["--no-tm", "--format", "md,html,json", "-o"])
        .arg(&out));
    let md = std::fs::read_to_string(out.join("short.md")).unwrap();
    let doc: Value =
        serde_json::from_slice(&std::fs::read(out.join("short.json")).unwrap()).unwrap();
    let segments = doc["segments"].as_array().unwrap();

    // The translation section holds every body segment's English.
    let translation = section(&md, "Translation");
    for seg in segments.iter().filter(|s| s["id"] != "title") {
        let target = seg["target"].as_str().unwrap();
        assert!(translation.contains(target), "{target:?} not in:\n{md}");
    }

    // Each term of the article, with its required English, in the terms table.
    let terms = section(&md, "Terms");
    for (vi, en) in [
        ("Thủ tướng Chính phủ", "Prime Minister"),
        (
            "Chỉ thị số 15 của Ban Bí thư",
            "Directive No. 15 of the Secretariat",
        ),
        ("Bộ Ngoại giao", "Ministry of Foreign Affairs"),
    ] {
        assert!(
            terms.contains(&format!("| {vi} | {en} |")),
            "no row for {vi} → {en} in:\n{terms}"
        );
    }

    // The review section lists exactly the segments the JSON marks for review.
    let review = section(&md, "Review");
    let flagged: Vec<&str> = segments
        .iter()
        .filter(|s| s["status"] == "needs_review")
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    if flagged.is_empty() {
        assert!(
            review.contains("Every segment passed verification."),
            "{review}"
        );
    } else {
        let rows: Vec<&str> = review
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| Segment |"))
            .collect();
        assert_eq!(rows.len(), flagged.len(), "{review}");
        for id in &flagged {
            assert!(
                review.contains(&format!("| {id} |")),
                "{id} not in:\n{review}"
            );
        }
    }

    // The summary traces to the source: every number it gives is one the article gives, and
    // each of its sentences is about the article, sharing a word of five letters or more with
    // the source or its translation (a paraphrase such as "the capital" for Hà Nội is fine).
    let summary = &doc["summary"];
    let lead = summary["lead"].as_str().unwrap();
    let points: Vec<&str> = summary["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(!lead.trim().is_empty(), "{summary}");
    assert!(!points.is_empty(), "{summary}");
    let source = std::fs::read_to_string(fixture()).unwrap();
    let known = numbers(&source);
    let targets: Vec<&str> = segments
        .iter()
        .map(|s| s["target"].as_str().unwrap())
        .collect();
    let vocabulary = long_words(&format!("{source}\n{}", targets.join("\n")));
    println!("summary: {summary}");
    for sentence in points.iter().chain([&lead]) {
        for n in numbers(sentence) {
            assert!(
                known.contains(&n),
                "{n} in {sentence:?} is not in the source"
            );
        }
        let words = long_words(sentence);
        assert!(
            words.iter().any(|w| vocabulary.contains(w)),
            "{sentence:?}: none of {words:?} is in the source or its translation"
        );
        assert!(
            section(&md, "Summary").contains(sentence),
            "{sentence:?} not in the brief"
        );
    }

    // What verification still finds in the summary is shown with it, not hidden.
    if summary["status"] == "needs_review" {
        let shown = section(&md, "Summary");
        assert!(shown.contains("Summary needs review"), "{shown}");
        for issue in summary["issues"].as_array().unwrap() {
            assert!(
                shown.contains(issue.as_str().unwrap()),
                "{issue} not in:\n{shown}"
            );
        }
    } else {
        assert_eq!(summary["status"], "ok", "{summary}");
    }

    let html = std::fs::read_to_string(out.join("short.html")).unwrap();
    assert!(html.contains("<mark>"), "terms not highlighted");
}
