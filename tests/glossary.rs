//! `vibrief glossary validate|lookup|export` end to end, on the interop files (counts from
//! `../shared/interop/SOURCES.md`; copies in `tests/fixtures/interop/`), on the corpus and on
//! fixtures made here.

use std::path::Path;
mod common;

use common::{corpus, fixture, shared, vibrief};

/// A row of an exported TSV: source, target, variants, forbidden, note, case.
type Row = Vec<String>;

/// Exports `file` to TSV for the pair `src → tgt`: (exit code, rows without header, stderr).
fn export(file: &Path, src: &str, tgt: &str) -> (i32, Vec<Row>, String) {
    let out = vibrief(&[
        "glossary",
        "export",
        file.to_str().unwrap(),
        "--to",
        "tsv",
        "--source-lang",
        src,
        "--target-lang",
        tgt,
    ]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let rows = stdout
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    (
        out.status.code().unwrap(),
        rows,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Runs `glossary export FROM -o TO` and checks that it succeeded.
fn convert(from: &Path, to: &Path) {
    let out = vibrief(&[
        "glossary",
        "export",
        from.to_str().unwrap(),
        "-o",
        to.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn pairs(rows: &[Row]) -> Vec<(&str, &str)> {
    rows.iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect()
}

fn count_listed(rows: &[Row], col: usize) -> usize {
    rows.iter()
        .map(|r| r[col].split('|').filter(|s| !s.is_empty()).count())
        .sum()
}

#[test]
#[ignore = "needs ../shared: an LTAC file with no licence to copy it"]
fn tbx_v3_dca_astronomy() {
    let f = shared().join("interop/tbx/ltac-tbx-basic-v3_DCA_astronomy_en-es-zu.tbx");
    let (code, rows, stderr) = export(&f, "en", "es");
    assert_eq!(code, 0, "{stderr}");
    // 39 concepts with en+es hold 55 English terms; the 6 zu-only concepts are skipped.
    assert_eq!(rows.len(), 55);
    assert!(
        stderr.contains("6 concepts have no en → es pair"),
        "{stderr}"
    );
    // 3 deprecated + 1 superseded Spanish terms → forbidden; admitted and unmarked → variants.
    assert_eq!(count_listed(&rows, 3), 12);
    assert_eq!(count_listed(&rows, 2), 25);
    assert!(rows.iter().all(|r| !r[1].is_empty()));
    let (_, back, _) = export(&f, "es", "en");
    assert_eq!(back.len(), 52);
    let (_, zu, stderr) = export(&f, "zu", "en");
    assert!(zu.is_empty() && stderr.contains("45 concepts"), "{stderr}");
}

#[test]
fn tbx_v2_martif_files() {
    let (code, rows, _) = export(
        &fixture("interop/tbx/omegat-sampleTBX_martif_v2_bom_doctype_en-hu.tbx"),
        "en",
        "hu",
    );
    assert_eq!(code, 0);
    assert_eq!(pairs(&rows), [("alpha smoothing factor", "hu translation")]);
    assert!(!rows[0][4].is_empty(), "the definition becomes the note");

    let (_, rows, _) = export(
        &fixture("interop/tbx/weblate-cs_translate-toolkit-written_martif_dtd-v04_en-cs.tbx"),
        "en",
        "cs",
    );
    assert_eq!(
        pairs(&rows),
        [
            ("address bar", "adresní řádek"),
            ("administrator", "správce"),
            ("administrate", "spravovat"),
            ("always on top", "vždy navrchu")
        ]
    );
}

#[test]
fn tbx_hybrid_martif_in_v3_namespace() {
    let f = fixture(
        "interop/tbx/weblate-fr-extended-metadata_martif-with-v3-namespace_custom-descrip.tbx",
    );
    let (code, rows, stderr) = export(&f, "en", "fr");
    assert_eq!(code, 0);
    assert_eq!(
        pairs(&rows),
        [
            ("data bus", "bus de données"),
            ("SYS_ERR_406", "SYS_ERR_406")
        ]
    );
    assert!(
        stderr.contains("unknown administrativeStatus `obsolete`"),
        "{stderr}"
    );
    assert!(rows[1][4].contains("Do not translate error codes."));
}

#[test]
fn csv_and_tsv_interop_files() {
    let g = fixture("interop/glossary-csv");
    let (code, rows, _) = export(
        &g.join("omegat-test_csv-quoting-edge-cases.csv"),
        "vi",
        "en",
    );
    assert_eq!(code, 0);
    assert_eq!(
        pairs(&rows),
        [
            ("kde", "csv kde"),
            ("question", "csv q"),
            ("kde; question", "comma"),
            ("kde, qu", "comma dot"),
            ("\"kde\",\"q\"", "cdk"),
            ("\"\"k", "k"),
            ("zz\"zz", "zz")
        ]
    );

    let (_, rows, _) = export(&g.join("omegat-test_tab_cjk-korean_3col.tab"), "vi", "en");
    assert_eq!(
        pairs(&rows),
        [
            ("kde", "koo moo"),
            ("question", "qqqqq"),
            ("地球システム", "System Terre"),
            ("손가락", "Korean Term")
        ]
    );
    assert!(rows[2][4].starts_with("https://fr.wikipedia.org/"));

    let (_, rows, _) = export(&g.join("omegat-test_utf16le_crlf_3col.txt"), "vi", "en");
    let notes: Vec<&str> = rows.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(
        pairs(&rows),
        [
            ("UTF", "Unicode Transformation Format"),
            ("LE", "Little Endian")
        ]
    );
    assert_eq!(notes, ["Comment #1", "Comment #2"]);

    let (_, rows, _) = export(
        &g.join("weblate-fr-multi_context-source-target_duplicate-sources.csv"),
        "vi",
        "en",
    );
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[3][1], "douleur à l'estomac");
    assert_eq!(rows[0][4], "context: 22298006");
}

#[test]
#[ignore = "needs ../shared: an aws-samples file with no licence to copy it"]
fn language_code_header_csv() {
    let f = shared().join("interop/glossary-csv/aws-translate-workshop_custom-terminology_lang-code-header_5langs_no-final-newline.csv");
    let (code, rows, _) = export(&f, "en", "ta");
    assert_eq!(code, 0);
    assert_eq!(
        pairs(&rows),
        [
            ("Echo", "Echo"),
            ("Show", "Show"),
            ("Amazon", "Amazon"),
            ("Alexa", "Alexa"),
            ("AZ2", "AZ2")
        ]
    );
    let (code, _, stderr) = export(&f, "vi", "en");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no columns for vi → en (the header names languages en, es, fr, hi, ta)"),
        "{stderr}"
    );
}

#[test]
fn malformed_glossary_fails_with_its_line() {
    let f = fixture("interop/glossary-csv/omegat-MALFORMED_zh-ja_spaces-not-tabs.txt");
    let (code, rows, stderr) = export(&f, "zh", "ja");
    assert_eq!((code, rows.len()), (2, 0));
    assert!(
        stderr.contains("spaces-not-tabs.txt:2: expected a source and a target separated by a tab"),
        "{stderr}"
    );
}

#[test]
fn a_stray_quote_fails_validate_and_check_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let glossary = dir.path().join("g.csv");
    let mut text =
        String::from("source,target\nBan Bí thư,\"Secretariat\nBộ Chính trị,Politburo\n");
    for i in 0..3000 {
        text.push_str(&format!("thuật ngữ {i},term {i}\n"));
    }
    std::fs::write(&glossary, text).unwrap();
    let pairs = dir.path().join("pairs.tsv");
    std::fs::write(&pairs, "Ban Bí thư họp.\tThe Party Board met.\n").unwrap();
    let g = glossary.to_str().unwrap();
    for args in [
        vec!["glossary", "validate", g],
        vec!["check", "-g", g, pairs.to_str().unwrap()],
    ] {
        let out = vibrief(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("g.csv:2: column 2 holds") && stderr.contains("left open"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn validate_reports_problems_with_lines() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("g.tsv");
    std::fs::write(
        &f,
        "source\ttarget\tvariants\tforbidden\tnote\tcase\n\
         hòa bình\tpeace\t\t\t\t\n\
         hoà bình\tpeace\t\t\t\t\n\
         Bộ Ngoại giao\tMinistry of Foreign Affairs\t\tministry of foreign affairs\t\t\n\
         Đại hội {roman} của Đảng\t{n:ordinal} Congress\t\t\t\t\n\
         Chỉ thị {n\tDirective\t\t\t\t\n\
         an ninh\t\t\t\t\t\n\
         Hội nghị lần thứ {n}\t{n:plural} Conference\t\t\t\t\n\
         Đại sứ Việt Nam tại {country}\tVietnamese Ambassador to {country}\tVietnam's Ambassador to {country:bare}\t\t\t\n\
         UBND tỉnh {province}\t{province:bare} provincial People's Committee\t\t\t\t\n\
         Tổng Lãnh sự quán tại {city}\tConsulate General in {city}\t\t\t\t\n\
         Tỉnh ủy {province}\t{country} provincial Party Committee\t\t\t\t\n",
    )
    .unwrap();
    let out = vibrief(&["glossary", "validate", f.to_str().unwrap()]);
    let p = f.display();
    let expected = format!(
        "{p}:3: duplicate: `hoà bình` repeats the entry at line 2\n\
         {p}:4: forbidden-accepted: `ministry of foreign affairs` is both forbidden and accepted\n\
         {p}:5: bad-slot: target slot {{n}} is not in the source\n\
         {p}:6: bad-slot: unbalanced braces in `Chỉ thị {{n`\n\
         {p}:7: empty-field: empty target for `an ninh`\n\
         {p}:8: bad-slot: unknown transform `plural` for slot {{n}} (known: {{n:ordinal}}, {{roman:ordinal}}, {{country:bare}})\n\
         {p}:10: bad-slot: unknown transform `bare` for slot {{province}} (known: {{n:ordinal}}, {{roman:ordinal}}, {{country:bare}})\n\
         {p}:11: bad-slot: unknown slot `{{city}}` (known: {{n}}, {{roman}}, {{code}}, {{province}}, {{country}}, {{name}}, with an optional number suffix)\n\
         {p}:12: bad-slot: target slot {{country}} is not in the source\n\
         11 entries, 9 problems\n"
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    assert_eq!(out.status.code(), Some(1));

    let clean = dir.path().join("ok.tsv");
    std::fs::write(&clean, "hòa bình\tpeace\n").unwrap();
    assert_eq!(
        vibrief(&["glossary", "validate", clean.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn lookup_prints_spans_into_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.tsv");
    std::fs::write(&g, "Bộ Ngoại giao\tMinistry of Foreign Affairs\nThứ trưởng Bộ Ngoại giao\tDeputy Minister of Foreign Affairs\nĐại hội {roman} của Đảng\t{roman:ordinal} National Party Congress\n").unwrap();
    let text = "Thứ trưởng Bộ Ngoại\ngiao dự Đại hội XIII của Đảng.";
    let out = vibrief(&[
        "glossary",
        "lookup",
        "-g",
        g.to_str().unwrap(),
        "--text",
        text,
    ]);
    let gp = g.display();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (a_end, b_start) = (text.find(" dự").unwrap(), text.find("Đại").unwrap());
    let b_end = text.len() - 1;
    assert_eq!(
        stdout,
        format!(
            "<text>:1:0..{a_end}\tThứ trưởng Bộ Ngoại giao\tDeputy Minister of Foreign Affairs\t{gp}:2\n\
             <text>:2:{b_start}..{b_end}\tĐại hội XIII của Đảng\t13th National Party Congress\t{gp}:3\n"
        )
    );

    let out = vibrief(&[
        "glossary",
        "lookup",
        "-g",
        g.to_str().unwrap(),
        "--format",
        "json",
        "--text",
        text,
    ]);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[1]["target"], "13th National Party Congress");
    assert_eq!(hits[1]["start"], b_start);
    assert_eq!(hits[1]["end"], b_end);
}

#[test]
fn export_round_trips_through_tbx_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("g.tsv");
    let original = "source\ttarget\tvariants\tforbidden\tnote\tcase\n\
                    Bộ Ngoại giao\tMinistry of Foreign Affairs\tMOFA|Foreign Ministry\tForeign Office\tcontested: \"Foreign Ministry\" <informal> & short\t\n\
                    ASEAN\tASEAN\t\t\t\tsensitive\n\
                    Chỉ thị (số) {n} của Ban Bí thư\tDirective No. {n} of the Secretariat\t\t\t\t\n";
    std::fs::write(&tsv, original).unwrap();
    for ext in ["tbx", "csv"] {
        let mid = dir.path().join(format!("g.{ext}"));
        let back = dir.path().join(format!("back-{ext}.tsv"));
        convert(&tsv, &mid);
        convert(&mid, &back);
        assert_eq!(std::fs::read_to_string(&back).unwrap(), original, "{ext}");
    }
    let tbx = std::fs::read_to_string(dir.path().join("g.tbx")).unwrap();
    assert!(tbx.contains(
        r#"<tbx type="TBX-Basic" style="dca" xml:lang="vi" xmlns="urn:iso:std:iso:30042:ed-2">"#
    ));
    assert!(tbx.contains("<term>Foreign Office</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"));
}

fn diplomatic() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("glossary/diplomatic.tsv")
        .display()
        .to_string()
}

#[test]
fn diplomatic_glossary_validates_clean() {
    let out = vibrief(&["glossary", "validate", &diplomatic()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.ends_with(" entries, 0 problems\n"), "{stdout}");
}

/// Every occurrence (on syllable boundaries, after normalization) of every literal entry's
/// source in the corpus lies inside a span that `glossary lookup` reports.
#[test]
#[ignore = "needs ../shared: the corpus"]
fn lookup_finds_every_diplomatic_term_in_the_corpus() {
    use vibrief::glossary::{formats, LoadOptions};
    use vibrief::text::normalize::{Normalized, Options};
    let files = corpus();
    let entries = formats::read(Path::new(&diplomatic()), &LoadOptions::default())
        .unwrap()
        .entries;
    let literal: Vec<String> = entries
        .iter()
        .filter(|e| !e.source.contains(['{', '(']))
        .map(|e| vibrief::text::normalize::key(&e.source))
        .collect();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut checked = 0;
    let mut missed = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let out = vibrief(&[
            "glossary",
            "lookup",
            "-g",
            &diplomatic(),
            "--format",
            "json",
            file.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0));
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let spans: Vec<(usize, usize)> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["start"].as_u64().unwrap() as usize,
                    h["end"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let norm = Normalized::new(&text, Options::KEY);
        let key = norm.text();
        for term in &literal {
            for (at, _) in key.match_indices(term.as_str()) {
                let end = at + term.len();
                if word(key[..at].chars().next_back()) || word(key[end..].chars().next()) {
                    continue;
                }
                let span = norm.original_span(at..end);
                checked += 1;
                if !spans.iter().any(|&(s, e)| s <= span.start && span.end <= e) {
                    let around: Vec<&str> = spans
                        .iter()
                        .filter(|&&(s, e)| s < span.end && span.start < e)
                        .map(|&(s, e)| &text[s..e])
                        .collect();
                    missed.push(format!(
                        "{}: `{}` at {}..{} (overlapped by {around:?})",
                        file.display(),
                        &text[span.range()],
                        span.start,
                        span.end
                    ));
                }
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} occurrences: is the corpus there?"
    );
    assert!(
        missed.is_empty(),
        "{} of {checked} occurrences not inside a lookup hit:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

/// Pattern entries resolve on the real corpus: the 13th Congress, conclusion codes,
/// conference ordinals.
#[test]
#[ignore = "needs ../shared: the corpus"]
fn diplomatic_patterns_resolve_in_the_corpus() {
    let files: Vec<String> = corpus().iter().map(|p| p.display().to_string()).collect();
    let g = diplomatic();
    let mut args = vec!["glossary", "lookup", "-g", g.as_str(), "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let out = vibrief(&args);
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let resolved: Vec<(String, String)> = hits
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["entry"].as_str().unwrap().contains('{'))
        .map(|h| {
            let text = h["text"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            (text, h["target"].as_str().unwrap().to_string())
        })
        .collect();
    let has = |src: &str, tgt: &str| {
        resolved
            .iter()
            .any(|(s, t)| s.contains(src) && t.contains(tgt))
    };
    assert!(has("XIII", "13th"), "{resolved:?}");
    assert!(has("12-KL/TW", "12-KL/TW"), "{resolved:?}");
    assert!(has("lần thứ 18", "18th"), "{resolved:?}");
    assert!(has("Chỉ thị số 15", "No. 15"), "{resolved:?}");
    assert!(
        resolved.iter().all(|(_, t)| !t.contains('{')),
        "{resolved:?}"
    );
}

/// The diplomatic glossary survives export to TBX v3 and back unchanged.
#[test]
fn diplomatic_glossary_round_trips_through_tbx() {
    let dir = tempfile::tempdir().unwrap();
    let (tbx, tsv) = (dir.path().join("d.tbx"), dir.path().join("d.tsv"));
    let g = diplomatic();
    let direct = vibrief(&["glossary", "export", &g, "--to", "tsv"]);
    assert_eq!(direct.status.code(), Some(0));
    convert(Path::new(&g), &tbx);
    convert(&tbx, &tsv);
    assert_eq!(
        std::fs::read_to_string(&tsv).unwrap(),
        String::from_utf8(direct.stdout).unwrap()
    );
}

/// The diplomatic glossary's place slots: a person's name after a title is no province, a
/// province fills `{province}`, a country renders in English, a literal entry beats a
/// pattern over the same span.
#[test]
fn diplomatic_place_slots() {
    let g = diplomatic();
    let lookup = |text: &str| -> Vec<(String, String, String)> {
        let out = vibrief(&[
            "glossary", "lookup", "-g", &g, "--format", "json", "--text", text,
        ]);
        assert_eq!(out.status.code(), Some(0));
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        hits.as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let s = |k: &str| h[k].as_str().unwrap().to_string();
                (s("text"), s("entry"), s("target"))
            })
            .collect()
    };
    let hit = |text: &str, term: &str, entry: &str, target: &str| {
        let hits = lookup(text);
        assert!(
            hits.contains(&(term.into(), entry.into(), target.into())),
            "{text}: {hits:?}"
        );
    };
    hit(
        "Chủ tịch UBND tỉnh Trương Hải Long phát biểu.",
        "Chủ tịch UBND tỉnh",
        "Chủ tịch UBND tỉnh",
        "Chairman of the provincial People's Committee",
    );
    assert!(lookup("Chủ tịch UBND tỉnh Trương Hải Long")
        .iter()
        .all(|(_, entry, _)| !entry.contains('{')));
    hit(
        "Phó Chủ tịch UBND tỉnh Gia Lai phát biểu.",
        "Phó Chủ tịch UBND tỉnh Gia Lai",
        "Phó Chủ tịch UBND tỉnh {province}",
        "Vice Chairman of the Gia Lai provincial People's Committee",
    );
    hit(
        "Đại sứ Việt Nam tại Nhật Bản Phạm Quang Hiệu",
        "Đại sứ Việt Nam tại Nhật Bản",
        "Đại sứ Việt Nam tại {country}",
        "Vietnamese Ambassador to Japan",
    );
    hit(
        "Bí thư Thành ủy Hà Nội",
        "Bí thư Thành ủy Hà Nội",
        "Bí thư Thành ủy Hà Nội",
        "Secretary of the Hanoi Party Committee",
    );
    hit(
        "Bí thư Thành ủy Cần Thơ",
        "Bí thư Thành ủy Cần Thơ",
        "Bí thư Thành ủy {province}",
        "Secretary of the Cần Thơ municipal Party Committee",
    );
}

/// `glossary/diplomatic.tbx` is the TBX export of `glossary/diplomatic.tsv`: both load to the
/// same entries, so neither is edited without the other.
#[test]
fn diplomatic_tbx_is_in_sync_with_the_tsv() {
    use vibrief::glossary::{formats, Entry, LoadOptions};
    let tsv = diplomatic();
    let tbx = tsv.replace("diplomatic.tsv", "diplomatic.tbx");
    let load = |p: &str| -> Vec<Entry> {
        formats::read(Path::new(p), &LoadOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .entries
            .into_iter()
            .map(|e| Entry {
                origin: Default::default(),
                ..e
            })
            .collect()
    };
    let (from_tsv, from_tbx) = (load(&tsv), load(&tbx));
    let differing: Vec<String> = from_tsv
        .iter()
        .zip(&from_tbx)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a:?}\n  vs {b:?}"))
        .take(3)
        .collect();
    assert!(
        from_tsv.len() == from_tbx.len() && differing.is_empty(),
        "glossary/diplomatic.tbx is out of date ({} vs {} entries; first differences:\n{}); \
         regenerate it with `vibrief glossary export glossary/diplomatic.tsv -o glossary/diplomatic.tbx`",
        from_tsv.len(),
        from_tbx.len(),
        differing.join("\n")
    );
}
