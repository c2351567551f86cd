//! Language codes in the TM as CAT tools treat them (OmegaT, Okapi): a TMX written with
//! `vi-VN`/`en-US` serves queries for `vi`/`en` in every command, a query with a region prefers
//! units in exactly that region, then the bare language, and never takes another region.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use vibrief::tm::{Duplicates, MatchOptions, Query, Tm, Unit};

const TITLE: &str = "Thủ tướng Chính phủ chủ trì hội nghị trực tuyến";
const SENTENCE: &str = "Hội nghị có sự tham dự của lãnh đạo 63 tỉnh, thành phố.";

fn vibrief(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_vibrief"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "vibrief {args:?}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A TMX as CAT tools write it: regional codes, in their own case.
fn write_regional_tmx(path: &Path) {
    let tu = |vi: &str, en: &str| {
        format!(
            "<tu><tuv xml:lang=\"VI-vn\"><seg>{vi}</seg></tuv>\
             <tuv xml:lang=\"en-US\"><seg>{en}</seg></tuv></tu>\n"
        )
    };
    let body = tu(TITLE, "Prime Minister chairs online conference")
        + &tu(
            SENTENCE,
            "The conference was attended by leaders of 63 provinces and cities.",
        );
    std::fs::write(
        path,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\
             <header creationtool=\"OmegaT\" creationtoolversion=\"6.0\" segtype=\"sentence\" \
             o-tmf=\"OmegaT TMX\" adminlang=\"EN-US\" srclang=\"VI-VN\" datatype=\"plaintext\"/>\
             <body>\n{body}</body></tmx>\n"
        ),
    )
    .unwrap();
}

fn tm_arg(tm: &Path) -> &str {
    tm.to_str().unwrap()
}

#[test]
fn a_regional_tmx_serves_bare_language_queries_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let (tmx, tm) = (dir.path().join("omegat.tmx"), dir.path().join("tm.sqlite"));
    write_regional_tmx(&tmx);

    // A bare target language filter keeps the regional variants.
    let imported = vibrief(&[
        "tm",
        "--tm",
        tm_arg(&tm),
        "import",
        "--tgt-lang",
        "en",
        "--format",
        "json",
        tmx.to_str().unwrap(),
    ]);
    let report: Value = serde_json::from_slice(&imported.stdout).unwrap();
    assert_eq!(report[0]["added"], 2, "{report}");
    assert_eq!(report[0]["filtered"], 0, "{report}");

    let found = vibrief(&[
        "tm",
        "--tm",
        tm_arg(&tm),
        "match",
        SENTENCE,
        "--format",
        "json",
    ]);
    let found: Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found[0]["score"], 100, "{found}");
    assert_eq!(found[0]["src_lang"], "vi-VN");
    assert_eq!(found[0]["tgt_lang"], "en-US");

    let hits = vibrief(&[
        "tm",
        "--tm",
        tm_arg(&tm),
        "search",
        "63 tỉnh",
        "--src-lang",
        "vi",
        "--tgt-lang",
        "EN",
    ]);
    assert!(
        String::from_utf8_lossy(&hits.stdout).contains("63 provinces"),
        "{hits:?}"
    );

    let exported = dir.path().join("out.tmx");
    vibrief(&[
        "tm",
        "--tm",
        tm_arg(&tm),
        "export",
        exported.to_str().unwrap(),
        "--src-lang",
        "vi",
    ]);
    let xml = std::fs::read_to_string(&exported).unwrap();
    assert_eq!(
        xml.matches("<tu ").count() + xml.matches("<tu>").count(),
        2,
        "{xml}"
    );

    // Translation reuses both units as exact matches: no model is loaded.
    let article = dir.path().join("article.txt");
    std::fs::write(&article, format!("{TITLE}\n\n{SENTENCE}\n")).unwrap();
    let out = vibrief(&[
        "translate",
        "--format",
        "json",
        "--tm",
        tm_arg(&tm),
        article.to_str().unwrap(),
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["stats"]["model_calls"], 0, "{doc}");
    assert!(doc.get("model").is_none(), "the model was loaded: {doc}");
    for seg in doc["segments"].as_array().unwrap() {
        assert!(seg["origin"].as_str().unwrap().starts_with("tm-"), "{seg}");
    }
}

fn add(tm: &Tm, src: &str, tgt: &str, target: &str) {
    tm.add(&Unit::new(src, tgt, SENTENCE, target), Duplicates::KeepBoth)
        .unwrap();
}

fn targets(tm: &Tm, src: &str, tgt: &str) -> Vec<String> {
    tm.lookup(&Query::new(SENTENCE, src, tgt), &MatchOptions::default())
        .unwrap()
        .into_iter()
        .map(|m| {
            assert_eq!(m.score, 100, "a language variant is not penalized");
            m.unit.target
        })
        .collect()
}

#[test]
fn a_query_with_a_region_prefers_it_then_the_bare_language_and_never_another_region() {
    let dir = tempfile::tempdir().unwrap();
    let tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
    add(&tm, "vi", "en", "bare");
    add(&tm, "vi-VN", "en-US", "regional");
    add(&tm, "vi-VN", "en-GB", "british");

    assert_eq!(targets(&tm, "vi-VN", "en-US"), ["regional", "bare"]);
    assert_eq!(targets(&tm, "VI_vn", "en-gb"), ["british", "bare"]);
    let mut any = targets(&tm, "vi", "en");
    assert_eq!(any[0], "bare", "the exact codes first");
    any.sort();
    assert_eq!(any, ["bare", "british", "regional"]);
    assert!(targets(&tm, "vi", "fr").is_empty());
}

#[test]
fn a_tm_written_before_regions_matched_is_reindexed_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tm.sqlite");
    let fuzzy = "Hội nghị có sự tham dự của lãnh đạo các tỉnh, thành phố.";
    let lookup = |tm: &Tm| {
        tm.lookup(&Query::new(fuzzy, "vi", "en"), &MatchOptions::default())
            .unwrap()
    };
    {
        let tm = Tm::open(&path).unwrap();
        add(&tm, "vi-VN", "en-US", "regional");
        assert_eq!(lookup(&tm).len(), 1);
    }
    // What a version-1 file looks like to a version-2 reader: its index is not the one this
    // build would write (here: none at all).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DELETE FROM postings; DELETE FROM grams; PRAGMA user_version = 1;")
        .unwrap();
    drop(conn);
    let tm = Tm::open(&path).unwrap();
    let found = lookup(&tm);
    assert_eq!(
        found.len(),
        1,
        "the fuzzy match comes from the rebuilt index"
    );
    assert!(
        found[0].score >= 75 && found[0].score < 100,
        "{}",
        found[0].score
    );
}
