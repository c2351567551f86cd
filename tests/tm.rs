//! The translation memory end to end: every interop TMX (`tests/fixtures/interop/tmx`, copied
//! from `../shared`) read and imported with the counts in `../shared/interop/SOURCES.md`, round
//! trips, the `vibrief tm` subcommands on the real binary, concurrent readers, and an import
//! killed halfway.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use vibrief::formats::tmx::{CodeKind, HeaderSpec, Seg, TmxReader, TmxWriter, Tu, Tuv};
use vibrief::tm::{Duplicates, ImportOptions, MatchOptions, Query, Tm, Unit, UnitFilter};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vibrief"))
}

/// The interop TMX files (licences in `tests/fixtures/interop/README.md`).
fn tmx_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/tmx")
}

fn run(tm: &Path, args: &[&str]) -> Output {
    bin()
        .arg("tm")
        .arg("--tm")
        .arg(tm)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What SOURCES.md says a correct reader extracts, and what our import stores from it.
struct Expected {
    file: &'static str,
    tus: usize,
    tuvs: usize,
    props: usize,
    /// bpt, ept, it, ph, hi
    inline: [usize; 5],
    /// Units stored by an import into an empty TM, units skipped (with a warning), warnings.
    added: u64,
    skipped: u64,
    warnings: u64,
}

const EXPECTED: &[Expected] = &[
    Expected {
        file: "lisa-kit-ImportTest1C_5langs_tuv-order.tmx",
        tus: 3,
        tuvs: 15,
        props: 0,
        inline: [0; 5],
        added: 12,
        skipped: 0,
        warnings: 0,
    },
    Expected {
        file: "lisa-kit-ImportTest1K_tu-srclang-override.tmx",
        tus: 2,
        tuvs: 4,
        props: 0,
        inline: [0; 5],
        added: 2,
        skipped: 0,
        warnings: 0,
    },
    Expected {
        file: "lisa-kit-ImportTest2B_utf16le_rtf-it-ph-hi_mixedcase-lang.tmx",
        tus: 7,
        tuvs: 14,
        props: 0,
        inline: [18, 18, 4, 2, 2],
        added: 7,
        skipped: 0,
        warnings: 0,
    },
    Expected {
        file: "okapi-oku_alignment-written_crlf_en-us_de-de_ph-heavy_tuv-props.tmx",
        tus: 7,
        tuvs: 14,
        props: 24,
        inline: [0, 0, 0, 103, 0],
        added: 7,
        skipped: 0,
        warnings: 0,
    },
    Expected {
        file: "okapi-olifant-3.0.8-written_crlf_props_duplicate-sources.tmx",
        tus: 9,
        tuvs: 18,
        props: 11,
        inline: [2, 2, 0, 0, 0],
        added: 9,
        skipped: 0,
        warnings: 0,
    },
    // The header's srclang "en" is compared as CAT tools compare codes: TU 2 has two English
    // variants (en, en-US; one warning, en is the source, en-US no target), and TU 4's only
    // English variant, en-GB, is its source.
    Expected {
        file: "omegat-MALFORMED_mixed-lang-and-xmllang_no-doctype.tmx",
        tus: 4,
        tuvs: 11,
        props: 0,
        inline: [0; 5],
        added: 6,
        skipped: 0,
        warnings: 1,
    },
    // Pairing errors are warnings (4 per variant); the source is only white space and tags.
    Expected {
        file: "omegat-MALFORMED_unbalanced-bpt-ept.tmx",
        tus: 1,
        tuvs: 2,
        props: 0,
        inline: [4, 2, 2, 0, 0],
        added: 0,
        skipped: 1,
        warnings: 9,
    },
    Expected {
        file: "omegat-project_save_zh-CN_ja-JP.tmx",
        tus: 1,
        tuvs: 2,
        props: 0,
        inline: [0; 5],
        added: 1,
        skipped: 0,
        warnings: 0,
    },
    Expected {
        file: "omegat-tmx11_lang-attr_crlf_multiple-tuv-same-lang.tmx",
        tus: 3,
        tuvs: 14,
        props: 0,
        inline: [0; 5],
        added: 11,
        skipped: 0,
        warnings: 0,
    },
    Expected {
        file: "omegat-tmx14_level2-ph-it-bpt-selfclosing.tmx",
        tus: 4,
        tuvs: 8,
        props: 0,
        inline: [2, 2, 1, 2, 0],
        added: 4,
        skipped: 0,
        warnings: 0,
    },
    Expected {
        file: "weblate-memory_no-doctype_minimal-header_uppercase-langs_de-en-cs.tmx",
        tus: 1,
        tuvs: 3,
        props: 0,
        inline: [0; 5],
        added: 2,
        skipped: 0,
        warnings: 0,
    },
];

#[test]
fn every_interop_tmx_is_covered() {
    let dir = tmx_dir();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut expected: Vec<&str> = EXPECTED.iter().map(|e| e.file).collect();
    expected.sort();
    assert_eq!(files, expected);
}

#[test]
fn reader_extracts_what_sources_md_says() {
    let dir = tmx_dir();
    for e in EXPECTED {
        let mut r = TmxReader::open(&dir.join(e.file)).unwrap();
        let tus: Vec<Tu> = r
            .by_ref()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|err| panic!("{}: {err}", e.file));
        let tuvs: usize = tus.iter().map(|t| t.tuvs.len()).sum();
        let props: usize = tus
            .iter()
            .map(|t| t.props.len() + t.tuvs.iter().map(|v| v.props.len()).sum::<usize>())
            .sum();
        let count = |k: CodeKind| {
            tus.iter()
                .flat_map(|t| &t.tuvs)
                .map(|v| v.seg.count(k))
                .sum::<usize>()
        };
        let inline = [
            count(CodeKind::Bpt),
            count(CodeKind::Ept),
            count(CodeKind::It),
            count(CodeKind::Ph),
            count(CodeKind::Hi),
        ];
        assert_eq!(
            (tus.len(), tuvs, props, inline),
            (e.tus, e.tuvs, e.props, e.inline),
            "{}",
            e.file
        );
    }
}

#[test]
fn reader_details_from_sources_md() {
    let dir = tmx_dir();
    let read = |f: &str| -> (TmxReader, Vec<Tu>) {
        let mut r = TmxReader::open(&dir.join(f)).unwrap();
        let tus = r.by_ref().collect::<Result<Vec<_>, _>>().unwrap();
        (r, tus)
    };
    // Source = en-us whatever its position in the tu.
    let (r, tus) = read("lisa-kit-ImportTest1C_5langs_tuv-order.tmx");
    assert_eq!(r.header().srclang(), Some("en-us"));
    assert!(tus.iter().all(|t| t.variants("EN-US").count() == 1));
    // <tu srclang='de-de'> overrides the header.
    let (r, tus) = read("lisa-kit-ImportTest1K_tu-srclang-override.tmx");
    assert_eq!(tus[0].srclang(r.header()), Some("de-de"));
    assert_eq!(
        tus[0].variants("de-de").next().unwrap().seg.plain_text(),
        "First Entry - German"
    );
    // UTF-16LE, é/è, whitespace inside tags, hi text is segment text.
    let (_, tus) = read("lisa-kit-ImportTest2B_utf16le_rtf-it-ph-hi_mixedcase-lang.tmx");
    assert_eq!(tus.iter().filter(|t| t.attr("tuid").is_some()).count(), 5);
    assert_eq!(tus[0].tuvs[0].seg.plain_text(), "The big black cat sleeps.");
    assert!(tus[2].tuvs[1]
        .seg
        .plain_text()
        .contains("gras+italique+souligné"));
    assert_eq!(
        tus[6].tuvs[1].seg.plain_text(),
        "Some text with a part highlighted."
    );
    assert_eq!(tus[5].tuvs[0].lang, "En-uS");
    // &apos; and umlauts.
    let (_, tus) = read("okapi-oku_alignment-written_crlf_en-us_de-de_ph-heavy_tuv-props.tmx");
    assert!(tus[0].tuvs[1]
        .seg
        .plain_text()
        .contains("'Wiederholen' drücken."));
    // Two FR-CA variants are both kept; asked for FR-CA, the bare FR comes after them.
    let (_, tus) = read("omegat-tmx11_lang-attr_crlf_multiple-tuv-same-lang.tmx");
    let fr_ca: Vec<&str> = tus[0].variants("fr-ca").map(|v| v.lang.as_str()).collect();
    assert_eq!(fr_ca, ["FR-CA", "FR-CA", "FR"]);
    assert!(tus
        .iter()
        .flat_map(|t| &t.tuvs)
        .any(|v| v.seg.plain_text() == "¡Hola Mundo!"));
    // OmegaT project file: TMX 1.1 lang=, CJK, change attributes on the tuv.
    let (r, tus) = read("omegat-project_save_zh-CN_ja-JP.tmx");
    assert_eq!(r.header().version, "1.1");
    assert_eq!(tus[0].tuvs[1].attr("changeid"), Some("Hiroshi Miura"));
    assert_eq!(tus[0].tuvs[1].seg.plain_text(), "太平寺の中心的なペン塔");
    // Weblate: minimal header, German source.
    let (r, tus) = read("weblate-memory_no-doctype_minimal-header_uppercase-langs_de-en-cs.tmx");
    assert_eq!(tus[0].srclang(r.header()), Some("DE-DE"));
    assert_eq!(
        tus[0].variants("cs-cz").next().unwrap().seg.plain_text(),
        "Pokud je nainstalované logování"
    );
    // Mixed lang / xml:lang: both are read.
    let (_, tus) = read("omegat-MALFORMED_mixed-lang-and-xmllang_no-doctype.tmx");
    let langs: Vec<&str> = tus
        .iter()
        .flat_map(|t| &t.tuvs)
        .map(|v| v.lang.as_str())
        .collect();
    assert_eq!(langs.iter().filter(|l| **l == "be").count(), 4);
    assert!(langs.contains(&"en-US") && langs.contains(&"en-GB"));
}

#[derive(serde::Deserialize)]
struct ImportJson {
    tus: u64,
    added: u64,
    skipped: u64,
    warnings: u64,
}

#[test]
fn cli_import_counts_every_interop_file() {
    let dir = tmx_dir();
    let tmp = tempfile::tempdir().unwrap();
    for (i, e) in EXPECTED.iter().enumerate() {
        let tm = tmp.path().join(format!("{i}.sqlite"));
        let out = run(
            &tm,
            &[
                "import",
                "--format",
                "json",
                dir.join(e.file).to_str().unwrap(),
            ],
        );
        let code = out.status.code().unwrap();
        assert_eq!(
            code,
            if e.skipped > 0 { 1 } else { 0 },
            "{}: {}",
            e.file,
            stderr(&out)
        );
        let reports: Vec<ImportJson> = serde_json::from_slice(&out.stdout).unwrap();
        let r = &reports[0];
        assert_eq!(
            (r.tus, r.added, r.skipped, r.warnings),
            (e.tus as u64, e.added, e.skipped, e.warnings),
            "{}",
            e.file
        );
        // Each warning names the file, its line and the unit.
        let warned = stderr(&out)
            .lines()
            .filter(|l| l.contains("warning:") && l.contains(e.file))
            .count() as u64;
        assert_eq!(warned, e.warnings, "{}", e.file);
        if e.file.contains("mixed-lang") {
            assert!(
                stderr(&out).contains(":22: tu #2: several variants in the source language en"),
                "{}",
                stderr(&out)
            );
        }
    }
}

/// Every field but the id.
fn comparable(u: &Unit) -> Unit {
    Unit { id: 0, ..u.clone() }
}

fn all_units(tm: &Tm) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut id = 0;
    let max = tm.len().unwrap() as i64 * 4 + 10;
    while out.len() < tm.len().unwrap() as usize && id < max {
        id += 1;
        if let Some(u) = tm.get(id).unwrap() {
            out.push(comparable(&u));
        }
    }
    out
}

#[test]
fn every_interop_file_round_trips() {
    let dir = tmx_dir();
    let tmp = tempfile::tempdir().unwrap();
    for (i, e) in EXPECTED.iter().enumerate() {
        let a = Tm::open(&tmp.path().join(format!("a{i}.sqlite"))).unwrap();
        a.import_tmx(&dir.join(e.file), &ImportOptions::default(), &mut |_| {})
            .unwrap();
        let x1 = tmp.path().join(format!("x{i}.tmx"));
        let n = a
            .export_tmx(
                std::fs::File::create(&x1).unwrap(),
                &x1,
                &UnitFilter::default(),
            )
            .unwrap();
        assert_eq!(n, e.added, "{}", e.file);

        let b = Tm::open(&tmp.path().join(format!("b{i}.sqlite"))).unwrap();
        let report = b
            .import_tmx(&x1, &ImportOptions::default(), &mut |_| {})
            .unwrap();
        assert_eq!(
            (report.added, report.warning_count),
            (e.added, 0),
            "{}",
            e.file
        );
        assert_eq!(all_units(&a), all_units(&b), "{}", e.file);
        // And the second export is byte for byte the first.
        let x2 = tmp.path().join(format!("y{i}.tmx"));
        b.export_tmx(
            std::fs::File::create(&x2).unwrap(),
            &x2,
            &UnitFilter::default(),
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(&x1).unwrap(),
            std::fs::read_to_string(&x2).unwrap(),
            "{}",
            e.file
        );
    }
}

#[test]
fn import_keeps_props_markup_people_and_alternatives() {
    let dir = tmx_dir();
    let tmp = tempfile::tempdir().unwrap();
    let tm = Tm::open(&tmp.path().join("tm.sqlite")).unwrap();
    for e in EXPECTED {
        tm.import_tmx(&dir.join(e.file), &ImportOptions::default(), &mut |_| {})
            .unwrap();
    }
    let units = all_units(&tm);
    // Olifant: 7 units share the source and differ only in their props: none collapsed.
    let olifant: Vec<&Unit> = units
        .iter()
        .filter(|u| u.source == "One entry in the TM.")
        .collect();
    assert_eq!(olifant.len(), 7);
    assert!(olifant
        .iter()
        .any(|u| u.meta.props.iter().any(|p| p.value == "group2")));
    // OmegaT: author and date.
    let zh = units.iter().find(|u| u.src_lang == "zh-CN").unwrap();
    assert_eq!(
        (zh.tgt_lang.as_str(), zh.author.as_deref()),
        ("ja-JP", Some("Hiroshi Miura"))
    );
    assert_eq!(
        vibrief::tm::time::format_tmx_date(zh.changed),
        "20241107T122621Z"
    );
    // LISA 1K: the tu-level srclang wins.
    assert!(units.iter().any(|u| u.src_lang == "fr-CA"
        && u.tgt_lang == "en-GB"
        && u.source == "Second Entry - French Canadian"));
    // Markup kept for export, plain text for matching.
    let cat = units
        .iter()
        .find(|u| u.source == "The big black cat sleeps.")
        .unwrap();
    let markup = cat.meta.source.markup.as_ref().unwrap();
    assert_eq!(markup.count(CodeKind::Bpt), 2);
    assert!(markup.to_xml().contains("{\\b </bpt>black"));
    // Both FR-CA variants are alternatives of one source.
    let fr_ca = units
        .iter()
        .filter(|u| u.tgt_lang == "fr-CA" && u.source == "Hello World!")
        .count();
    assert_eq!(fr_ca, 2);
}

#[test]
fn malformed_xml_is_a_line_numbered_error_and_stores_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("broken.tmx");
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"vi\"/><body>\n",
    );
    for i in 0..5 {
        xml.push_str(&format!("<tu><tuv xml:lang=\"vi\"><seg>câu {i}</seg></tuv><tuv xml:lang=\"en\"><seg>s {i}</seg></tuv></tu>\n"));
    }
    xml.push_str("<tu><tuv xml:lang=\"vi\"><seg>hỏng</tuv></tu>\n</body></tmx>\n");
    std::fs::write(&file, xml).unwrap();
    let tm = tmp.path().join("tm.sqlite");
    let out = run(&tm, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("broken.tmx:8: malformed XML"), "{err}");
    assert_eq!(
        Tm::open(&tm).unwrap().len().unwrap(),
        0,
        "the 5 good units before the error were rolled back"
    );
    // An external entity is refused, never fetched.
    std::fs::write(
        &file,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<tmx version=\"1.4\"><header srclang=\"vi\"/><body>\n<tu><tuv xml:lang=\"vi\"><seg>&xxe;</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu></body></tmx>",
    )
    .unwrap();
    let out = run(&tm, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("broken.tmx:4:") && stderr(&out).contains("&xxe;"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn cli_add_match_search_stats_export() {
    let tmp = tempfile::tempdir().unwrap();
    let tm = tmp.path().join("tm.sqlite");
    let add = |args: &[&str]| {
        let out = run(&tm, args);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    assert!(add(&[
        "add",
        "Kinh tế tăng trưởng 5,05% trong năm 2023.",
        "The economy grew 5.05% in 2023."
    ])
    .starts_with("added unit 1"));
    add(&[
        "add",
        "Bão số 3 đổ bộ vào Quảng Ninh.",
        "Typhoon No. 3 hit Quang Ninh.",
        "--origin",
        "mt:qwen",
        "--status",
        "draft",
    ]);
    assert!(add(&[
        "add",
        "Kinh tế tăng trưởng 5,05% trong năm 2023.",
        "The economy grew 5.05% in 2023."
    ])
    .starts_with("updated unit 1"));

    // match: the number-transfer proposal is shown.
    let out = run(&tm, &["match", "Kinh tế tăng trưởng 6,5% trong năm 2024."]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with(" 98  number-transfer  human approved  #1"),
        "{text}"
    );
    assert!(
        text.contains("proposal: The economy grew 6.5% in 2024."),
        "{text}"
    );
    let out = run(
        &tm,
        &[
            "match",
            "Bão số 3 đổ bộ vào Quảng Ninh.",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["score"], 85);
    assert_eq!(json[0]["kind"], "exact");
    assert_eq!(json[0]["origin"], "mt:qwen");
    let out = run(&tm, &["match", "Một câu hoàn toàn khác."]);
    assert_eq!(out.status.code(), Some(1), "no match exits 1");

    // search: highlights in text, spans in JSON.
    let out = run(&tm, &["search", "quảng ninh"]);
    assert!(
        stdout(&out).contains("Bão số 3 đổ bộ vào [Quảng Ninh]."),
        "{}",
        stdout(&out)
    );
    let out = run(&tm, &["search", "grew", "--target", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["target_spans"][0], serde_json::json!([12, 16]));
    assert_eq!(
        run(&tm, &["search", "tăng trưởng", "--words", "--target"])
            .status
            .code(),
        Some(1)
    );

    // stats.
    let out = run(&tm, &["stats", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["units"], 2);
    assert_eq!(
        json["origins"],
        serde_json::json!([["human", 1], ["mt:qwen", 1]])
    );

    // export with filters, then into a new TM.
    let x = tmp.path().join("mt.tmx");
    let out = run(&tm, &["export", x.to_str().unwrap(), "--origin", "mt"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let xml = std::fs::read_to_string(&x).unwrap();
    for attr in [
        "creationtool=\"vibrief\"",
        "creationtoolversion=",
        "segtype=\"sentence\"",
        "o-tmf=",
        "adminlang=",
        "srclang=\"vi\"",
        "datatype=\"plaintext\"",
    ] {
        assert!(xml.contains(attr), "{attr} missing");
    }
    assert!(xml.contains("Typhoon") && !xml.contains("economy"));
    let out = run(
        &tm,
        &[
            "export",
            "-",
            "--status",
            "approved",
            "--since",
            "2000-01-01",
        ],
    );
    assert!(stdout(&out).contains("economy") && !stdout(&out).contains("Typhoon"));
    let out = run(&tm, &["export", "-", "--until", "2000-01-01"]);
    assert!(!stdout(&out).contains("<tu"), "nothing changed before 2000");
    let out = run(&tm, &["export", "-", "--since", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn readers_see_all_of_a_write_or_none_of_it() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("tm.sqlite");
    let tm = Arc::new(Tm::open(&path).unwrap());
    tm.add(
        &Unit::new("vi", "en", "Câu đầu tiên đã có sẵn.", "The first sentence."),
        Duplicates::KeepBoth,
    )
    .unwrap();
    let (started_tx, started_rx) = std::sync::mpsc::channel();
    let writer = {
        let tm = Arc::clone(&tm);
        std::thread::spawn(move || {
            let mut w = tm.writer().unwrap();
            for i in 0..3000 {
                let u = Unit::new(
                    "vi",
                    "en",
                    &format!("Câu số {i} trong đợt nhập."),
                    &format!("Sentence {i}."),
                );
                w.add(&u, Duplicates::KeepBoth).unwrap();
            }
            started_tx.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(300));
            w.commit().unwrap();
        })
    };
    started_rx.recv().unwrap();
    // Readers in this process and another Tm handle (as another process would) run meanwhile.
    let other = Arc::new(Tm::open(&path).unwrap());
    let readers: Vec<_> = (0..4)
        .map(|k| {
            let tm = if k % 2 == 0 {
                Arc::clone(&tm)
            } else {
                Arc::clone(&other)
            };
            std::thread::spawn(move || {
                let mut seen = std::collections::BTreeSet::new();
                for _ in 0..40 {
                    seen.insert(tm.len().unwrap());
                    let q = Query::new("Câu đầu tiên đã có sẵn.", "vi", "en");
                    assert_eq!(
                        tm.lookup(&q, &MatchOptions::default()).unwrap()[0].score,
                        100
                    );
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                seen
            })
        })
        .collect();
    writer.join().unwrap();
    for r in readers {
        let seen = r.join().unwrap();
        assert!(
            seen.iter().all(|n| *n == 1 || *n == 3001),
            "a reader saw a partial write: {seen:?}"
        );
    }
    assert_eq!(tm.len().unwrap(), 3001);
}

/// A TMX with `n` units, written with our own writer.
fn big_tmx(path: &Path, n: usize) {
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut w = TmxWriter::new(file, &HeaderSpec::vibrief("vi"), path).unwrap();
    let tuv = |lang: &str, text: String| Tuv {
        lang: lang.into(),
        attrs: vec![],
        props: vec![],
        notes: vec![],
        seg: Seg::text(&text),
        line: 0,
    };
    for i in 0..n {
        let tu = Tu {
            index: i as u64,
            line: 0,
            attrs: vec![],
            props: vec![],
            notes: vec![],
            tuvs: vec![
                tuv(
                    "vi",
                    format!(
                        "Tỉnh số {i} báo cáo tình hình kinh tế xã hội quý {}.",
                        i % 4 + 1
                    ),
                ),
                tuv(
                    "en",
                    format!(
                        "Province {i} reports on the socio-economic situation in quarter {}.",
                        i % 4 + 1
                    ),
                ),
            ],
        };
        w.write_tu(&tu).unwrap();
    }
    w.finish().unwrap();
}

#[test]
fn an_import_killed_halfway_leaves_the_tm_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let tm = tmp.path().join("tm.sqlite");
    let big = tmp.path().join("big.tmx");
    big_tmx(&big, 100_000);
    assert!(run(&tm, &["add", "Xin chào", "Hello"]).status.success());

    let mut child = bin()
        .args([
            "tm",
            "--tm",
            tm.to_str().unwrap(),
            "import",
            "--progress",
            big.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the import has stored 20 000 units (two progress lines), then kill it.
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    for _ in 0..2 {
        let line = lines.next().expect("the import printed progress").unwrap();
        assert!(line.contains("units read"), "{line}");
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import must still be running when killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    // SQLite recovers on open: nothing of the import is visible, the file is sound.
    let conn = rusqlite::Connection::open(&tm).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    let opened = Tm::open(&tm).unwrap();
    assert_eq!(
        opened.len().unwrap(),
        1,
        "the half-done import is rolled back"
    );
    drop(opened);
    // And the TM still takes writes and matches.
    assert!(run(&tm, &["add", "Tạm biệt", "Goodbye"]).status.success());
    let out = run(&tm, &["match", "Xin chào"]);
    assert!(stdout(&out).contains("Hello"), "{}", stdout(&out));
}

#[test]
fn all_srclang_target_filter_and_mixed_language_export() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("all.tmx");
    std::fs::write(
        &file,
        "\u{feff}<?xml version=\"1.0\"?>\r\n<tmx version=\"1.4\"><header srclang=\"*all*\" creationtool=\"x\"/><body>\r\n\
         <tu tuid=\"t1\"><tuv xml:lang=\"VI\"><seg>Xin chào</seg></tuv><tuv xml:lang=\"EN\"><seg>Hello</seg></tuv>\
         <tuv xml:lang=\"FR\"><seg>Bonjour</seg></tuv></tu>\r\n\
         <tu><tuv xml:lang=\"en\"><seg>Thank you</seg></tuv><tuv xml:lang=\"vi\"><seg>Cảm ơn</seg></tuv></tu>\r\n\
         </body></tmx>\r\n",
    )
    .unwrap();
    // *all*: each unit's first variant is its source; --tgt-lang keeps one target language.
    let tm = Tm::open(&tmp.path().join("a.sqlite")).unwrap();
    let opts = ImportOptions {
        tgt_lang: Some("en".into()),
        ..ImportOptions::default()
    };
    let r = tm.import_tmx(&file, &opts, &mut |_| {}).unwrap();
    assert_eq!((r.added, r.filtered, r.warning_count), (1, 2, 0), "{r:?}");
    // Without a filter: vi→en, vi→fr and en→vi; the export says *all* and names each source.
    let tm = Tm::open(&tmp.path().join("b.sqlite")).unwrap();
    assert_eq!(
        tm.import_tmx(&file, &ImportOptions::default(), &mut |_| {})
            .unwrap()
            .added,
        3
    );
    let out = tmp.path().join("out.tmx");
    tm.export_tmx(
        std::fs::File::create(&out).unwrap(),
        &out,
        &UnitFilter::default(),
    )
    .unwrap();
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.contains("srclang=\"*all*\""));
    assert!(xml.contains("<tu srclang=\"en\""), "{xml}");
    // The unit in three languages goes out as one <tu>, as it came in.
    assert_eq!(xml.matches("<tu ").count(), 2, "{xml}");
    assert_eq!(xml.matches("tuid=\"t1\"").count(), 1, "{xml}");
    assert_eq!(xml.matches("<tuv").count(), 5, "{xml}");
    let back = Tm::open(&tmp.path().join("c.sqlite")).unwrap();
    assert_eq!(
        back.import_tmx(&out, &ImportOptions::default(), &mut |_| {})
            .unwrap()
            .added,
        3
    );
    assert_eq!(all_units(&tm), all_units(&back));
}
