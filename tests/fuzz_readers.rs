//! Fuzzing every reader (issue 13): TMX, TBX, XLIFF, glossary CSV and TSV, bilingual TSV and
//! article text. Each target mutates small well-formed documents of its format (fragments of
//! markup, entities, control characters, quotes, BOMs and truncation spliced in at random
//! places) or takes raw bytes, and asserts for every input:
//!
//! - no panic;
//! - no input taking a second or more;
//! - whatever the project writes from what it read (a TM's TMX export, a glossary written
//!   back as TSV and TBX, a cleaned article as XLIFF and TMX) is read back by its own readers.
//!
//! `cargo test --release --test fuzz_readers` runs each target for `VIBRIEF_FUZZ_SECS` seconds
//! (default 2); failures are shrunk by proptest to a small input, printed with the target.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::path::Path;
use std::time::{Duration, Instant};
use vibrief::doc::translated::{
    Origin, SegmentStatus, Stats, TranslatedDocument, TranslatedSegment,
};
use vibrief::formats::tmx::TmxReader;
use vibrief::glossary::formats::{self as gformats, Format};
use vibrief::glossary::{Glossary, LoadOptions};
use vibrief::tm::{ImportOptions, Tm, UnitFilter};

/// Pieces spliced into the seeds: what breaks parsers.
const FRAGMENTS: &[&str] = &[
    "<",
    ">",
    "&",
    "\"",
    "'",
    "&amp;",
    "&#1;",
    "&#0;",
    "&#xFFFE;",
    "&#x1F600;",
    "&#99999999;",
    "&nope;",
    "\0",
    "\u{1}",
    "\u{FFFF}",
    "\u{FEFF}",
    "\r\n",
    "\n\n",
    "\t",
    ",",
    ";",
    "\"\"",
    "<seg>",
    "</seg>",
    "<tu>",
    "</tu>",
    "<tuv xml:lang=\"vi\">",
    "</tuv>",
    "<bpt i=\"1\">",
    "<ept i=\"9\">",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<?pi x?>",
    "<!DOCTYPE x [<!ENTITY a \"b\">]>",
    "<!ENTITY e SYSTEM \"file:///etc/passwd\">",
    "<term>",
    "</term>",
    "<termSec>",
    "<langSec xml:lang=\"en\">",
    "<trans-unit id=\"1\">",
    "<source>",
    "</source>",
    "<target>",
    "</target>",
    "<segment>",
    "<unit id=\"u\">",
    "Thủ tướng",
    "Ban Bí thư",
    "{n}",
    "{province}",
    "(số)",
    "{",
    "}",
    "(",
    ")",
    "Ạ",
    "ờ̀",
    "\u{300}",
    "12-KL/TW",
    "21-12",
    "1.000.000",
    "xml:lang=\"\"",
    "srclang=\"*all*\"",
];

const TMX: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\
<header srclang=\"vi\" creationtool=\"t\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" \
datatype=\"plaintext\"><note>n</note><prop type=\"x\">p</prop></header><body>\n\
<tu tuid=\"1\"><prop type=\"x-a\">v</prop><tuv xml:lang=\"vi\"><seg>Thủ tướng <bpt i=\"1\">&lt;b&gt;</bpt>họp<ept i=\"1\">&lt;/b&gt;</ept>.</seg></tuv>\
<tuv xml:lang=\"en\"><seg>The Prime Minister met.</seg></tuv><tuv xml:lang=\"fr\"><seg>Le Premier ministre.</seg></tuv></tu>\n\
<tu><tuv xml:lang=\"vi-VN\"><seg>Ban Bí thư</seg></tuv><tuv xml:lang=\"en-GB\"><seg>Secretariat</seg></tuv></tu>\n\
</body></tmx>\n";

const TBX: &str = "<?xml version=\"1.0\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" \
xmlns=\"urn:iso:std:iso:30042:ed-2\"><tbxHeader/><text><body>\n\
<conceptEntry id=\"c1\"><descrip type=\"definition\">d</descrip>\
<langSec xml:lang=\"vi\"><termSec><term>Ban Bí thư</term></termSec></langSec>\
<langSec xml:lang=\"en\"><termSec><term>Secretariat</term>\
<termNote type=\"administrativeStatus\">preferredTerm-admn-sts</termNote></termSec>\
<termSec><term>Secretary Board</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote></termSec></langSec></conceptEntry>\n\
<conceptEntry id=\"c2\"><langSec xml:lang=\"vi\"><termSec><term>Chỉ thị (số) {n}</term></termSec></langSec>\
<langSec xml:lang=\"en\"><termSec><term>Directive No. {n}</term></termSec></langSec></conceptEntry>\n\
</body></text></tbx>\n";

const XLIFF12: &str = "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file original=\"a\" \
source-language=\"vi\" target-language=\"en\" datatype=\"plaintext\"><body>\n\
<group><trans-unit id=\"1\"><source>Thủ tướng <g id=\"1\">họp</g>.</source><target>The Prime Minister met.</target></trans-unit></group>\n\
<trans-unit id=\"2\"><source>Ban Bí thư</source><target state=\"translated\">Secretariat</target></trans-unit>\n\
</body></file></xliff>\n";

const XLIFF2: &str = "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" \
version=\"2.0\" srcLang=\"vi\" trgLang=\"en\"><file id=\"f\">\n\
<unit id=\"u1\"><segment><source>Thủ tướng <pc id=\"1\">họp</pc>.</source><target>The Prime Minister met.</target></segment></unit>\n\
<group id=\"g\"><unit id=\"u2\"><segment><source>Ban Bí thư</source><target>Secretariat</target></segment></unit></group>\n\
</file></xliff>\n";

const CSV: &str = "source,target,note\n\"Ban Bí thư\",Secretariat,\"a \"\"body\"\"\"\n\
Chỉ thị (số) {n} của Ban Bí thư,Directive No. {n} of the Secretariat,\n\
tỉnh {province},{province} province,\n";

const TSV: &str = "vi\ten\nThủ tướng Chính phủ\tPrime Minister\nBan Bí thư\tSecretariat\n";

const BILINGUAL: &str = "Thủ tướng Chính phủ chủ trì họp.\tThe Prime Minister chaired a meeting.\n\
Ban Bí thư ban hành Chỉ thị số 15.\tThe Secretariat issued Directive No. 15.\n";

const ARTICLE: &str = "Trang chủ > Thời sự\n\nBộ Ngoại giao họp về kinh tế\n\n\
Sáng 21-12, tại Hà Nội, Bộ Ngoại giao tổ chức hội nghị. TS. Lê Văn A phát biểu.\n\n\
Thủ tướng Phạm Minh Chính yêu cầu thực hiện Chỉ thị số 15 của Ban Bí thư; tăng 2,5%.\n\n\
Ảnh: Thu Hà\n";

/// One edit of a seed: at a position (a fraction of its length), insert a fragment, delete a
/// run, duplicate a run, or cut the rest.
#[derive(Debug, Clone)]
enum Edit {
    Insert(u16, usize),
    Delete(u16, u8),
    Repeat(u16, u8),
    Truncate(u16),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<u16>(), 0..FRAGMENTS.len()).prop_map(|(at, f)| Edit::Insert(at, f)),
        2 => (any::<u16>(), any::<u8>()).prop_map(|(at, n)| Edit::Delete(at, n)),
        1 => (any::<u16>(), any::<u8>()).prop_map(|(at, n)| Edit::Repeat(at, n)),
        1 => any::<u16>().prop_map(Edit::Truncate),
    ]
}

/// Bytes from `seed` with `edits` applied (positions rounded down to a char boundary, so
/// the result stays UTF-8; raw bytes come from the other strategy).
fn mutated(seed: &str, edits: &[Edit]) -> Vec<u8> {
    let mut s = seed.to_string();
    let at = |s: &str, pos: u16| {
        let mut i = (pos as usize * s.len()) / (u16::MAX as usize + 1);
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let end = |s: &str, from: usize, n: u8| {
        let mut j = (from + n as usize).min(s.len());
        while !s.is_char_boundary(j) {
            j -= 1;
        }
        j
    };
    for e in edits {
        match *e {
            Edit::Insert(pos, f) => {
                let i = at(&s, pos);
                s.insert_str(i, FRAGMENTS[f]);
            }
            Edit::Delete(pos, n) => {
                let i = at(&s, pos);
                let j = end(&s, i, n);
                s.replace_range(i..j, "");
            }
            Edit::Repeat(pos, n) => {
                let i = at(&s, pos);
                let j = end(&s, i, n);
                let run = s[i..j].to_string();
                s.insert_str(j, &run);
            }
            Edit::Truncate(pos) => {
                let i = at(&s, pos);
                s.truncate(i);
            }
        }
    }
    s.into_bytes()
}

/// Inputs for a target seeded with `seed`: mostly mutations of it, some raw bytes, some
/// mutations re-encoded as UTF-16 with a BOM.
fn inputs(seed: &'static str) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => prop::collection::vec(edit(), 0..12).prop_map(move |e| mutated(seed, &e)),
        1 => prop::collection::vec(any::<u8>(), 0..600),
        1 => prop::collection::vec(edit(), 0..6).prop_map(move |e| {
            let text = String::from_utf8(mutated(seed, &e)).expect("mutations keep UTF-8");
            let mut out = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                out.extend(u.to_le_bytes());
            }
            out
        }),
    ]
}

/// Runs `check` on inputs for `seed` for the configured time, failing on a panic, on an
/// input whose reading took a second or more (`check` returns the reader's time: writing a
/// TM to disk for the round trip is not the reader's), or on what `check` rejects.
fn fuzz(name: &str, seed: &'static str, check: impl Fn(&Path, &[u8]) -> Result<Duration, String>) {
    let secs: u64 = std::env::var("VIBRIEF_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let cases = std::cell::Cell::new(0u64);
    while started.elapsed() < Duration::from_secs(secs) {
        let mut runner = TestRunner::new(Config {
            cases: 64,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&inputs(seed), |bytes| {
            cases.set(cases.get() + 1);
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check(dir.path(), &bytes)
            }));
            let took = match outcome {
                Err(_) => return Err(TestCaseError::fail("panicked")),
                Ok(Err(e)) => return Err(TestCaseError::fail(e)),
                Ok(Ok(took)) => took,
            };
            prop_assert!(
                took < Duration::from_secs(1),
                "took {took:?} on {} bytes",
                bytes.len()
            );
            Ok(())
        });
        if let Err(e) = result {
            panic!("fuzz target {name}: {e}");
        }
    }
    eprintln!(
        "fuzz target {name}: {} inputs in {secs} s, no failure",
        cases.get()
    );
}

/// `read`'s result and how long it took.
fn timed<T>(read: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = read();
    (out, t.elapsed())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Every unit of TMX text, or the first error.
fn read_tmx(xml: String, name: &str) -> Result<usize, String> {
    let mut r =
        TmxReader::from_reader(std::io::Cursor::new(xml), name).map_err(|e| e.to_string())?;
    let mut n = 0;
    for tu in r.by_ref() {
        tu.map_err(|e| e.to_string())?;
        n += 1;
    }
    Ok(n)
}

#[test]
fn tmx() {
    fuzz("tmx", TMX, |dir, bytes| {
        let path = write(dir, "in.tmx", bytes);
        let (read, took) = timed(|| {
            let mut reader = TmxReader::open(&path).ok()?;
            reader.by_ref().all(|tu| tu.is_ok()).then_some(())
        });
        if read.is_none() {
            return Ok(took);
        }
        // What imports, exports as TMX that reads back whole.
        let db = dir.join("tm.sqlite");
        let _ = std::fs::remove_file(&db);
        let tm = Tm::open(&db).map_err(|e| e.to_string())?;
        if tm
            .import_tmx(&path, &ImportOptions::default(), &mut |_| {})
            .is_err()
        {
            return Ok(took);
        }
        let mut out = Vec::new();
        let n = tm
            .export_tmx(&mut out, Path::new("out.tmx"), &UnitFilter::default())
            .map_err(|e| format!("export: {e}"))?;
        let xml = String::from_utf8(out).map_err(|e| e.to_string())?;
        let read = read_tmx(xml.clone(), "out.tmx").map_err(|e| format!("re-read: {e}\n{xml}"))?;
        if n > 0 && read == 0 {
            return Err(format!("{n} units exported, none read back:\n{xml}"));
        }
        Ok(took)
    });
}

/// Reads a glossary in `format`; what loads is written back as TSV and TBX, and both read
/// back with as many entries.
fn glossary_round_trip(
    dir: &Path,
    bytes: &[u8],
    name: &str,
    format: Format,
) -> Result<Duration, String> {
    let path = write(dir, name, bytes);
    let opts = LoadOptions::default();
    let (loaded, took) = timed(|| gformats::read_as(&path, format, &opts));
    let Ok(loaded) = loaded else {
        return Ok(took);
    };
    if Glossary::from_entries(loaded.entries.clone(), &opts).is_err() {
        return Ok(took);
    }
    for (out_format, out_name) in [(Format::Tsv, "out.tsv"), (Format::Tbx, "out.tbx")] {
        let mut out = Vec::new();
        gformats::write(&loaded.entries, out_format, &opts, &mut out).map_err(|e| e.to_string())?;
        let back = write(dir, out_name, &out);
        let again = gformats::read_as(&back, out_format, &opts).map_err(|e| {
            format!(
                "{out_name} does not read back: {e}\n{}",
                String::from_utf8_lossy(&out)
            )
        })?;
        if again.entries.len() != loaded.entries.len() {
            return Err(format!(
                "{out_name}: {} entries written, {} read back\n{}",
                loaded.entries.len(),
                again.entries.len(),
                String::from_utf8_lossy(&out)
            ));
        }
    }
    Ok(took)
}

#[test]
fn tbx() {
    fuzz("tbx", TBX, |dir, bytes| {
        glossary_round_trip(dir, bytes, "g.tbx", Format::Tbx)
    });
}

#[test]
fn glossary_csv() {
    fuzz("glossary-csv", CSV, |dir, bytes| {
        glossary_round_trip(dir, bytes, "g.csv", Format::Csv)
    });
}

#[test]
fn glossary_tsv() {
    fuzz("glossary-tsv", TSV, |dir, bytes| {
        glossary_round_trip(dir, bytes, "g.tsv", Format::Tsv)
    });
}

#[test]
fn xliff() {
    for (name, seed) in [("xliff-1.2", XLIFF12), ("xliff-2.0", XLIFF2)] {
        fuzz(name, seed, |dir, bytes| {
            let path = write(dir, "in.xlf", bytes);
            let ((), took) = timed(|| {
                let _ = vibrief::formats::xliff::read(&path);
                let _ = vibrief::check::input::read_xliff(&path, "vi");
            });
            Ok(took)
        });
    }
}

#[test]
fn bilingual_tsv() {
    fuzz("bilingual-tsv", BILINGUAL, |dir, bytes| {
        let path = write(dir, "in.tsv", bytes);
        let tsv = Some(vibrief::check::InputFormat::Tsv);
        let (_, took) = timed(|| vibrief::check::input::read(&path, tsv, "vi", "en"));
        Ok(took)
    });
}

#[test]
fn article_text() {
    fuzz("article", ARTICLE, |dir, bytes| {
        let path = write(dir, "a.txt", bytes);
        let (doc, took) = timed(|| vibrief::ingest::read_document(&path));
        let Ok(doc) = doc else {
            return Ok(took);
        };
        serde_json::to_string(&doc).map_err(|e| e.to_string())?;
        // The article as a translated document (English = Vietnamese): its XLIFF and TMX read
        // back.
        let segments: Vec<TranslatedSegment> = doc
            .title
            .iter()
            .map(|t| (0, t))
            .chain(
                doc.paragraphs
                    .iter()
                    .enumerate()
                    .flat_map(|(i, p)| p.sentences.iter().map(move |s| (i + 1, s))),
            )
            .map(|(paragraph, s)| TranslatedSegment {
                id: s.id.clone(),
                paragraph,
                source: s.text.clone(),
                target: s.text.clone(),
                origin: Origin::Mt("fuzz".into()),
                score: None,
                tm_source: None,
                terms: vec![],
                issues: vec![],
                status: SegmentStatus::Ok,
                span: s.span,
                model_calls: 0,
            })
            .collect();
        let t = TranslatedDocument {
            path: "a.txt".into(),
            source_lang: "vi".into(),
            target_lang: "en".into(),
            date: None,
            date_english: None,
            source: None,
            segments,
            summary: None,
            model: None,
            stats: Stats::default(),
            parent: None,
        };
        let xliff = vibrief::formats::xliff::write::xliff21(&t);
        vibrief::formats::xliff::parse(&xliff, Path::new("a.xlf"))
            .map_err(|e| format!("XLIFF does not read back: {e}\n{xliff}"))?;
        let tmx = vibrief::formats::tmx_export::document(&t).map_err(|e| e.to_string())?;
        read_tmx(tmx.clone(), "a.tmx")
            .map_err(|e| format!("TMX does not read back: {e}\n{tmx}"))?;
        Ok(took)
    });
}
