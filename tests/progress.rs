//! Progress of the long commands: drawn under a terminal and cleared at the end; nothing but
//! results and errors without a terminal or with `--quiet`; with `--json-progress`, JSON lines
//! with the same events as `batch`. The terminal is a pseudo-terminal made by `script(1)`
//! (util-linux, in every Debian system).

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ARTICLE: &str = "Ban Bí thư họp\n\nBan Bí thư họp về công tác đối ngoại.\n";

/// An article and a TM that holds both its segments, so no model is needed.
fn article_and_tm(dir: &Path) -> (PathBuf, PathBuf) {
    let article = dir.join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let tm = dir.join("tm.sqlite");
    for (source, target) in [
        ("Ban Bí thư họp", "Secretariat meets"),
        (
            "Ban Bí thư họp về công tác đối ngoại.",
            "The Secretariat met on external affairs.",
        ),
    ] {
        let out = common::vibrief(&["tm", "add", "--tm", tm.to_str().unwrap(), source, target]);
        assert!(out.status.success(), "{out:?}");
    }
    (article, tm)
}

/// Runs vibrief with `args` under a pseudo-terminal: what it wrote to the terminal (standard
/// output and error together) and its status.
fn under_terminal(args: &[&str]) -> (String, std::process::ExitStatus) {
    let command = std::iter::once(env!("CARGO_BIN_EXE_vibrief"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .env("TERM", "xterm")
        .env("COLUMNS", "120")
        .env("LINES", "40")
        .output()
        .expect("script(1) runs (util-linux)");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status,
    )
}

/// The events of a `--json-progress` run's standard error: each line one JSON object.
fn events(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stderr.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Each event name with the keys its objects carry.
fn schema(events: &[Value]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in events {
        let name = e["event"]
            .as_str()
            .expect("every event is named")
            .to_string();
        out.entry(name)
            .or_default()
            .extend(e.as_object().unwrap().keys().cloned());
    }
    out
}

#[test]
fn without_a_terminal_or_with_quiet_only_the_result_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (article, tm) = article_and_tm(dir.path());
    let (article, tm) = (article.to_str().unwrap(), tm.to_str().unwrap());
    for cmd in [
        vec!["translate", article, "--tm", tm],
        vec!["brief", article, "--tm", tm, "--mode", "extractive"],
        vec!["summarize", article, "--tm", tm, "--mode", "extractive"],
    ] {
        let out = common::vibrief(&cmd);
        assert!(out.status.success(), "{cmd:?}: {out:?}");
        assert!(
            out.stderr.is_empty(),
            "{cmd:?} wrote to a non-terminal: {out:?}"
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("Secretariat"));

        let mut quiet = cmd.clone();
        quiet.push("--quiet");
        let (screen, status) = under_terminal(&quiet);
        assert!(status.success(), "{quiet:?}: {screen}");
        assert!(!screen.contains('\x1b'), "{quiet:?} drew: {screen:?}");
        assert!(screen.contains("Secretariat"), "{quiet:?}: {screen}");
    }
}

#[test]
fn json_progress_has_the_events_of_batch() {
    let dir = tempfile::tempdir().unwrap();
    let (article, tm) = article_and_tm(dir.path());
    let (article, tm) = (article.to_str().unwrap(), tm.to_str().unwrap());
    let out_dir = dir.path().join("out");
    let batch = common::vibrief(&[
        "batch",
        article,
        "-o",
        out_dir.to_str().unwrap(),
        "--tm",
        tm,
        "--mode",
        "extractive",
        "--json-progress",
    ]);
    assert!(batch.status.success(), "{batch:?}");
    let batch = schema(&events(&batch));
    for cmd in [
        vec!["translate", article, "--tm", tm, "--json-progress"],
        vec![
            "brief",
            article,
            "--tm",
            tm,
            "--mode",
            "extractive",
            "--json-progress",
        ],
    ] {
        let out = common::vibrief(&cmd);
        assert!(out.status.success(), "{cmd:?}: {out:?}");
        let events = events(&out);
        let names: Vec<&str> = events
            .iter()
            .map(|e| e["event"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["start", "segments", "segments", "finish", "end"],
            "{cmd:?}: {events:#?}"
        );
        assert_eq!(events[2]["done"], 2, "{cmd:?}: both segments counted");
        assert_eq!(events[3]["state"], "done");
        for (name, keys) in schema(&events) {
            assert_eq!(
                Some(&keys),
                batch.get(&name),
                "{cmd:?}: event {name} differs from batch's"
            );
        }
    }
}

#[test]
#[ignore = "needs the default model: scripts/setup.sh fetches it"]
fn under_a_terminal_the_model_and_the_segments_are_shown_then_cleared() {
    common::default_model();
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let article = article.to_str().unwrap();
    for cmd in [
        vec!["translate", article, "--no-tm"],
        vec!["brief", article, "--no-tm", "--points", "1"],
        vec!["summarize", article, "--no-tm", "--points", "1"],
    ] {
        let (screen, status) = under_terminal(&cmd);
        assert!(status.code().is_some_and(|c| c <= 1), "{cmd:?}: {screen}");
        for shown in [
            "loading qwen2.5-coder-1.5b-instruct",
            "loaded in",
            "segments",
            "model calls",
            "tok/s",
            "ETA",
        ] {
            assert!(
                screen.contains(shown),
                "{cmd:?}: {shown:?} not shown: {screen:?}"
            );
        }
        // The last thing drawn is erased: after the last progress line, a line is cleared
        // and the result follows.
        let last = screen.rfind("segments").unwrap();
        assert!(
            screen[last..].contains("\x1b[2K"),
            "{cmd:?}: not cleared: {:?}",
            &screen[last..]
        );
        assert!(screen.contains("Secretariat"), "{cmd:?}: {screen}");
    }
    // The model's events in JSON: its loading, then one per call with the totals so far.
    let out = common::vibrief(&["translate", article, "--no-tm", "--json-progress"]);
    let events = events(&out);
    let model: Vec<&Value> = events.iter().filter(|e| e["event"] == "model").collect();
    assert_eq!(model.len(), 2, "{events:#?}");
    assert_eq!(
        (&model[0]["state"], &model[1]["state"]),
        (&"loading".into(), &"loaded".into())
    );
    let calls: Vec<u64> = events
        .iter()
        .filter(|e| e["event"] == "call")
        .map(|e| e["calls"].as_u64().unwrap())
        .collect();
    assert!(
        !calls.is_empty() && calls.windows(2).all(|w| w[1] > w[0]),
        "{calls:?}"
    );
}
