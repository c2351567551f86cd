//! `vibrief check` end to end: planted violations in every input format, corpus-level
//! findings, malformed files, exit codes.

use serde_json::Value;
use std::path::Path;
mod common;

use common::{fixture, fixtures_in, shared, vibrief};
use unicode_normalization::UnicodeNormalization;

fn glossary() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check/glossary.tsv")
        .display()
        .to_string()
}

fn json_report(files: &[&Path]) -> (i32, Value, String) {
    let g = glossary();
    let mut args = vec!["check", "--format", "json", "-g", g.as_str()];
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(files.iter().map(String::as_str));
    let out = vibrief(&args);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (
        out.status.code().unwrap(),
        report,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (segment, kind, expected, found) of every violation.
fn violations(report: &Value) -> Vec<(String, String, String, Option<String>)> {
    report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["segment"].as_str().unwrap().to_string(),
                v["kind"].as_str().unwrap().to_string(),
                v["expected"].as_str().unwrap().to_string(),
                v["found"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// The planted-violation file: (Vietnamese, English) per line.
fn planted() -> Vec<(String, &'static str)> {
    vec![
        // 1. NFD source, correct target: no violation.
        (
            "Bộ Ngoại giao tổ chức hội nghị.".nfd().collect(),
            "The Ministry of Foreign Affairs held a conference.",
        ),
        // 2. NFD source, term missing from the target.
        (
            "Bộ Ngoại giao tổ chức hội nghị.".nfd().collect(),
            "The ministry held a conference.",
        ),
        // 3. Old tone placement against the `hòa bình` entry, missing.
        (
            "Vì hoà bình và phát triển.".into(),
            "For calm and development.",
        ),
        // 4. Upper-case target satisfies a case-insensitive entry.
        (
            "Bộ Ngoại giao thông báo.".into(),
            "THE MINISTRY OF FOREIGN AFFAIRS ANNOUNCED.",
        ),
        // 5. Case-sensitive entry, wrong case in the target.
        ("Các nước ASEAN họp.".into(), "Asean countries met."),
        // 6. Longest match: the deputy minister is satisfied; Bộ Ngoại giao inside it is not checked.
        (
            "Thứ trưởng Bộ Ngoại giao phát biểu.".into(),
            "The Deputy Foreign Minister spoke.",
        ),
        // 7. A forbidden variant: one violation, not two.
        ("Bộ Ngoại giao cho biết.".into(), "The Foreign Office said."),
        // 8. No terms at all.
        ("Trời hôm nay đẹp.".into(), "The weather is fine today."),
        // 9. Pattern entry: wrong ordinal.
        (
            "Nghị quyết Đại hội XIII của Đảng.".into(),
            "The resolution of the 12th National Party Congress.",
        ),
        // 10. Pattern entry with the optional word left out, forbidden rendering.
        (
            "Thực hiện Chỉ thị 15 của Ban Bí thư.".into(),
            "Implementing Instruction No. 15.",
        ),
        // 11. Pattern entry satisfied by a variant.
        (
            "Chỉ thị số 15 của Ban Bí thư.".into(),
            "Directive 15 of the Secretariat.",
        ),
    ]
}

fn expected_violations() -> Vec<(String, String, String, Option<String>)> {
    let v = |seg: &str, kind: &str, exp: &str, found: Option<&str>| {
        (
            seg.to_string(),
            kind.to_string(),
            exp.to_string(),
            found.map(str::to_string),
        )
    };
    vec![
        v("2", "missing", "Ministry of Foreign Affairs", None),
        v("3", "missing", "peace", None),
        v("5", "missing", "ASEAN", None),
        v(
            "7",
            "forbidden",
            "Ministry of Foreign Affairs",
            Some("Foreign Office"),
        ),
        v("9", "missing", "13th National Party Congress", None),
        v(
            "10",
            "forbidden",
            "Directive No. 15 of the Secretariat",
            Some("Instruction No. 15"),
        ),
    ]
}

/// Checks `file` alone: exactly the planted violations, exit 1. Returns the report and stderr.
fn assert_planted(file: &Path) -> (Value, String) {
    let (code, report, stderr) = json_report(&[file]);
    assert_eq!(
        violations(&report),
        expected_violations(),
        "{}: {stderr}",
        file.display()
    );
    assert_eq!(code, 1);
    (report, stderr)
}

#[test]
fn tsv_finds_exactly_the_planted_violations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planted.tsv");
    let text: String = planted()
        .iter()
        .map(|(vi, en)| format!("{vi}\t{en}\n"))
        .collect();
    std::fs::write(&path, text).unwrap();
    let (code, report, _) = json_report(&[&path]);
    assert_eq!(violations(&report), expected_violations());
    assert_eq!(code, 1);
    assert_eq!(report["segments"], 11);
    assert_eq!(
        report["terms_checked"], 10,
        "segment 8 has no term, segment 6 counts its longest term only"
    );
    let compliance = report["compliance"].as_f64().unwrap();
    assert!((compliance - 4.0 / 10.0).abs() < 1e-9, "{compliance}");
}

#[test]
fn violations_point_at_the_term_in_the_original_source() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("planted.tsv");
    let lines = planted();
    std::fs::write(
        &path,
        lines
            .iter()
            .map(|(vi, en)| format!("{vi}\t{en}\n"))
            .collect::<String>(),
    )
    .unwrap();
    let (_, report, _) = json_report(&[&path]);
    let first = &report["violations"][0];
    let (s, e) = (
        first["span"]["start"].as_u64().unwrap() as usize,
        first["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&lines[1].0[s..e], first["term"].as_str().unwrap());
    assert_eq!(
        first["term"].as_str().unwrap().nfc().collect::<String>(),
        "Bộ Ngoại giao"
    );
}

#[test]
fn text_report_marks_the_term_and_says_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.tsv");
    std::fs::write(&path, "Bộ Ngoại giao cho biết.\tThe Foreign Office said.\n").unwrap();
    let out = vibrief(&["check", "-g", &glossary(), path.to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected = format!(
        "{p}:1 [segment 1] forbidden: Bộ Ngoại giao\n  source:   [[Bộ Ngoại giao]] cho biết.\n  target:   The Foreign Office said.\n  \
         expected: Ministry of Foreign Affairs (or: MOFA)\n  found:    Foreign Office\n  entry:    Bộ Ngoại giao ({g}:3)\n\
         1 segments, 1 terms checked, 1 violations, compliance 0.0%, 0 inconsistent terms, 0 divergent sources, 0 files failed\n",
        p = path.display(),
        g = glossary()
    );
    assert_eq!(stdout, expected);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn xliff_2_and_json_and_swapped_xliff_1_give_the_same_violations() {
    let dir = tempfile::tempdir().unwrap();
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let units: String = planted()
        .iter()
        .enumerate()
        .map(|(i, (vi, en))| format!("<unit id=\"{}\"><segment><source>{}</source><target>{}</target></segment></unit>\n", i + 1, esc(vi), esc(en)))
        .collect();
    let x2 = dir.path().join("a.xlf");
    std::fs::write(&x2, format!("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi-VN\" trgLang=\"en\"><file id=\"f\">\n{units}</file></xliff>")).unwrap();

    // XLIFF 1.2 with English as the source language and Vietnamese as the target.
    let tus: String = planted()
        .iter()
        .enumerate()
        .map(|(i, (vi, en))| {
            format!(
                "<trans-unit id=\"{}\"><source>{}</source><target>{}</target></trans-unit>\n",
                i + 1,
                esc(en),
                esc(vi)
            )
        })
        .collect();
    let x1 = dir.path().join("b.xliff");
    std::fs::write(&x1, format!("<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file original=\"x\" source-language=\"en\" target-language=\"vi\" datatype=\"plaintext\"><body>\n{tus}</body></file></xliff>")).unwrap();

    let segs: Vec<Value> = planted()
        .iter()
        .enumerate()
        .map(|(i, (vi, en))| serde_json::json!({"id": (i + 1).to_string(), "source": vi, "target": en, "engine": "test"}))
        .collect();
    let js = dir.path().join("c.json");
    std::fs::write(
        &js,
        serde_json::to_string_pretty(&serde_json::json!({"document": "x", "segments": segs}))
            .unwrap(),
    )
    .unwrap();

    for file in [&x2, &x1, &js] {
        assert_planted(file);
    }
}

#[test]
fn corpus_level_inconsistency_and_divergence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.tsv");
    std::fs::write(
        &path,
        "Bộ Ngoại giao họp.\tThe Ministry of Foreign Affairs met.\n\
         Bộ Ngoại giao họp.\tMOFA met.\n",
    )
    .unwrap();
    let (code, report, _) = json_report(&[&path]);
    assert!(report["violations"].as_array().unwrap().is_empty());
    assert_eq!(report["inconsistent"][0]["term"], "Bộ Ngoại giao");
    assert_eq!(
        report["inconsistent"][0]["renderings"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        report["divergent"][0]["translations"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(code, 1);
}

#[test]
fn a_clean_file_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ok.tsv");
    std::fs::write(
        &path,
        "Bộ Ngoại giao họp.\tThe Ministry of Foreign Affairs met.\nTrời đẹp.\tFine weather.\n",
    )
    .unwrap();
    let (code, report, _) = json_report(&[&path]);
    assert_eq!((code, report["terms_checked"].as_u64()), (0, Some(1)));
}

#[test]
fn no_silent_passes_english_on_the_left_no_terms_or_an_empty_glossary() {
    let dir = tempfile::tempdir().unwrap();
    // No header, English on the left: read the right way round, with a warning.
    let swapped = dir.path().join("swapped.tsv");
    std::fs::write(
        &swapped,
        "The Foreign Office said.\tBộ Ngoại giao cho biết.\nFine weather.\tTrời đẹp.\n",
    )
    .unwrap();
    let (code, report, stderr) = json_report(&[&swapped]);
    assert_eq!(
        (code, report["terms_checked"].as_u64()),
        (1, Some(1)),
        "{report}"
    );
    assert!(
        stderr.contains("the Vietnamese is in the second column"),
        "{stderr}"
    );

    // Nothing from the glossary in the text: said, not passed in silence.
    let none = dir.path().join("none.tsv");
    std::fs::write(&none, "Trời đẹp.\tFine weather.\n").unwrap();
    let (code, report, stderr) = json_report(&[&none]);
    assert_eq!((code, report["terms_checked"].as_u64()), (0, Some(0)));
    assert!(stderr.contains("0 terms checked"), "{stderr}");

    // A glossary with no entries is an error.
    let empty = dir.path().join("empty.tsv");
    std::fs::write(&empty, "source\ttarget\n").unwrap();
    let out = vibrief(&[
        "check",
        "-g",
        empty.to_str().unwrap(),
        none.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no glossary entries"), "{stderr}");
}

#[test]
fn malformed_files_are_named_and_the_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.tsv");
    std::fs::write(&good, "Bộ Ngoại giao cho biết.\tThe Foreign Office said.\n").unwrap();
    let bad1 = fixture(
        "interop/xliff12/weblate-MALFORMED_xliff11_missing-root-close_no-langs_x-equiv-text.xlf",
    );
    // The defect of the OASIS suite's `Good-pgs_plural.xlf` (a prefix its file never binds).
    let bad2 = dir.path().join("unbound-prefix.xlf");
    std::fs::write(
        &bad2,
        "<?xml version=\"1.0\"?>\n\
         <xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"vi\" trgLang=\"en\">\n\
         <file id=\"f1\">\n\
         <unit id=\"u1\" pgs:switch=\"plural:n\">\n\
         <segment><source>Bộ Ngoại giao</source><target>MOFA</target></segment>\n\
         </unit>\n</file>\n</xliff>\n",
    )
    .unwrap();
    let bad3 = dir.path().join("bad.json");
    std::fs::write(
        &bad3,
        "{\"segments\": [\n {\"id\": 1, \"source\": \"x\"\n]}",
    )
    .unwrap();
    let (code, report, stderr) = json_report(&[&bad1, &good, &bad2, &bad3]);
    assert_eq!(code, 2);
    assert_eq!(
        violations(&report).len(),
        1,
        "the good file is still checked"
    );
    assert!(
        stderr.contains("x-equiv-text.xlf:29: unexpected end of file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unbound-prefix.xlf:4: unbound namespace prefix `pgs`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.json:3: not vibrief JSON output"),
        "{stderr}"
    );
    assert_eq!(report["errors"].as_array().unwrap().len(), 3);
}

#[test]
fn xliff_without_a_vietnamese_side_is_an_error() {
    // Like the OASIS suite's `bad_NoTrgLang.xlf`: a target, and no `trgLang` to say its language.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("no-trglang.xlf");
    std::fs::write(
        &f,
        "<?xml version=\"1.0\"?>\n\
         <xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"en\">\n\
         <file id=\"f1\"><unit id=\"1\"><segment><source>source</source><target>target</target>\
         </segment></unit></file>\n</xliff>\n",
    )
    .unwrap();
    let out = vibrief(&["check", "-g", &glossary(), f.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("neither side is vi: source language en, target language not given"),
        "{stderr}"
    );
}

#[test]
fn unknown_extension_needs_input_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pairs.dat");
    std::fs::write(&path, "hòa bình\tpeace\n").unwrap();
    let out = vibrief(&["check", "-g", &glossary(), path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown input format"));
    let out = vibrief(&[
        "check",
        "-g",
        &glossary(),
        "--input-format",
        "tsv",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
}

/// A TMX file of the planted pairs: `vi`/`en` are the language codes to declare; with
/// `vi_first` false, English is the header's source language and comes first in each unit.
fn planted_tmx(vi: &str, en: &str, vi_first: bool) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let srclang = if vi_first { vi } else { en };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n\
         <header creationtool=\"test\" creationtoolversion=\"1\" segtype=\"sentence\" \
         o-tmf=\"test\" adminlang=\"en\" srclang=\"{srclang}\" datatype=\"plaintext\"/>\n<body>\n"
    );
    for (i, (vi_text, en_text)) in planted().iter().enumerate() {
        let v = format!("<tuv xml:lang=\"{vi}\"><seg>{}</seg></tuv>", esc(vi_text));
        let e = format!("<tuv xml:lang=\"{en}\"><seg>{}</seg></tuv>", esc(en_text));
        let (a, b) = if vi_first { (v, e) } else { (e, v) };
        out.push_str(&format!("<tu tuid=\"{}\">\n{a}\n{b}\n</tu>\n", i + 1));
    }
    out
}

#[test]
fn tmx_finds_exactly_the_planted_violations_with_vietnamese_on_either_side() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.tmx");
    let mut text = planted_tmx("vi-VN", "EN-US", true);
    // A unit with no English variant is left out, and said so.
    text.push_str("<tu tuid=\"x\"><tuv xml:lang=\"vi-VN\"><seg>Bộ Ngoại giao</seg></tuv></tu>\n");
    text.push_str("</body>\n</tmx>\n");
    std::fs::write(&a, text).unwrap();
    let b = dir.path().join("b.tmx");
    std::fs::write(&b, planted_tmx("VI", "en-GB", false) + "</body>\n</tmx>\n").unwrap();
    for (file, warning) in [(&a, true), (&b, false)] {
        let (report, stderr) = assert_planted(file);
        assert_eq!(report["segments"].as_u64(), Some(11));
        assert_eq!(
            stderr.contains("a.tmx:49: 1 unit(s) with a vi variant but no en one left out"),
            warning,
            "{stderr}"
        );
    }
}

#[test]
fn tmx_language_codes_are_taken_as_the_file_declares() {
    let f = fixture(
        "interop/tmx/weblate-memory_no-doctype_minimal-header_uppercase-langs_de-en-cs.tmx",
    );
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("de.tsv");
    std::fs::write(&g, "Logfunktion\tlogování\n").unwrap();
    let run = |target: &str| {
        vibrief(&[
            "check",
            "--format",
            "json",
            "--source-lang",
            "de",
            "--target-lang",
            target,
            "-g",
            g.to_str().unwrap(),
            f.to_str().unwrap(),
        ])
    };
    let cs = run("cs");
    let report: Value = serde_json::from_slice(&cs.stdout).unwrap();
    assert_eq!(
        (cs.status.code(), report["terms_checked"].as_u64()),
        (Some(0), Some(1)),
        "DE-DE and CS-CZ pair up: {report}"
    );
    let en = run("en");
    let report: Value = serde_json::from_slice(&en.stdout).unwrap();
    assert_eq!(en.status.code(), Some(1));
    assert_eq!(report["violations"][0]["kind"], "missing");
}

#[test]
fn malformed_and_foreign_tmx_files_are_named_and_the_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.tsv");
    std::fs::write(&good, "Bộ Ngoại giao cho biết.\tThe Foreign Office said.\n").unwrap();
    let broken = dir.path().join("broken.tmx");
    std::fs::write(
        &broken,
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"vi\"/>\n<body>\n\
         <tu><tuv xml:lang=\"vi\"><seg>Bộ Ngoại giao</seg></tuv>\n\
         <tuv xml:lang=\"en\"><seg>MOFA</seg></tuv>\n</body>\n</tmx>\n",
    )
    .unwrap();
    let (code, report, stderr) = json_report(&[&broken, &good]);
    assert_eq!(code, 2);
    assert_eq!(
        violations(&report).len(),
        1,
        "the good file is still checked"
    );
    assert!(stderr.contains("broken.tmx:6: malformed XML"), "{stderr}");

    // The interop TMX files have no Vietnamese: each is an error naming its file, a line and
    // the languages it does have; the good file is still checked.
    let files = fixtures_in("interop/tmx");
    assert_eq!(files.len(), 11);
    let mut args: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    args.push(&good);
    let (code, report, stderr) = json_report(&args);
    assert_eq!(code, 2);
    assert_eq!(violations(&report).len(), 1);
    assert_eq!(report["errors"].as_array().unwrap().len(), 11);
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        assert!(
            stderr.lines().any(|l| l.contains(&format!("{name}:"))
                && l.contains("no unit has both vi and en variants (no vi; languages: ")),
            "{name}: {stderr}"
        );
    }
    assert!(stderr.contains(
        "zh-CN_ja-JP.tmx:7: no unit has both vi and en variants (no vi; languages: zh-CN, ja-JP)"
    ));
}

/// The interop fixtures are byte-exact copies of `../shared/interop`, under the same names.
#[test]
#[ignore = "needs ../shared: the originals of the interop fixtures"]
fn interop_fixtures_are_copies_of_shared() {
    let shared = shared().join("interop");
    let mut copied = 0;
    for dir in ["glossary-csv", "tbx", "tmx", "xliff12", "xliff2"] {
        for file in fixtures_in(&format!("interop/{dir}")) {
            let original = shared.join(dir).join(file.file_name().unwrap());
            assert!(
                std::fs::read(&file).unwrap() == std::fs::read(&original).unwrap(),
                "{} differs from {}",
                file.display(),
                original.display()
            );
            copied += 1;
        }
    }
    assert_eq!(
        copied, 25,
        "tests/fixtures/interop/README.md lists 25 files"
    );
}
