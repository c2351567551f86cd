//! `vibrief clean` end to end: the real binary on bad inputs, twins that must normalize alike,
//! the examples, and the real scraped corpus in `../shared/corpus/vi` (issue 2, "Done when").

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use unicode_normalization::UnicodeNormalization;
use vibrief::doc::{Document, Reason, Span};
use vibrief::text::normalize;

mod common;
use common::corpus;

fn vibrief(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vibrief"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run vibrief");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_docs(o: &Output) -> Vec<Document> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON document per line"))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Asserts exit 2 and one error line naming `name` and containing `what`.
fn assert_one_line_error(o: &Output, name: &str, what: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains(name) && err.contains(what), "{err}");
}

const ARTICLE: &str = "Tin tức\n\nBộ Ngoại giao họp về ngoại giao kinh tế\n\n\
    Sáng 21-12, tại Hà Nội, Bộ Ngoại giao tổ chức hội nghị. Uỷ ban nhân dân các tỉnh tham dự.\n\n\
    Quang cảnh hội nghị. Ảnh: Minh Nguyễn\n\nQuang cảnh hội nghị. Ảnh: Minh Nguyễn\n\nThu Hà\n";

#[test]
fn invalid_utf8_names_file_and_byte_offset() {
    let mut bytes = "Tiêu đề\n".as_bytes().to_vec();
    let at = bytes.len();
    bytes.extend([b'A', 0xFF, b'B']);
    assert_bad_file(
        "bad.txt",
        &bytes,
        &format!("invalid UTF-8 at byte {}", at + 1),
    );
}

/// Writes `bytes` to a file named `name` and expects `clean` to reject it with `what`.
fn assert_bad_file(name: &str, bytes: &[u8], what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), name, bytes);
    assert_one_line_error(&vibrief(&["clean", p.to_str().unwrap()], None), name, what);
}

#[test]
fn empty_file_is_an_error() {
    assert_bad_file("empty.txt", b"", "empty file");
}

#[test]
fn whitespace_only_file_is_an_error() {
    assert_bad_file(
        "blank.txt",
        "\u{feff} \r\n\t\n".as_bytes(),
        "only white space",
    );
}

#[test]
fn directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = vibrief(&["clean", dir.path().to_str().unwrap()], None);
    assert_one_line_error(&o, dir.path().to_str().unwrap(), "is a directory");
}

#[test]
fn missing_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("none.txt");
    assert_one_line_error(
        &vibrief(&["clean", p.to_str().unwrap()], None),
        "none.txt",
        "no such file",
    );
}

#[test]
fn empty_stdin_is_an_error() {
    assert_one_line_error(
        &vibrief(&["clean", "-"], Some(b"")),
        "<stdin>",
        "empty file",
    );
}

#[test]
fn bad_files_are_reported_and_good_ones_still_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", ARTICLE.as_bytes());
    let empty = write(dir.path(), "empty.txt", b"");
    let missing = dir.path().join("missing.txt");
    let args = [
        "clean",
        "--format",
        "json",
        empty.to_str().unwrap(),
        good.to_str().unwrap(),
        missing.to_str().unwrap(),
    ];
    let o = vibrief(&args, None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.lines().next().unwrap().contains("empty.txt"));
    assert!(err.lines().nth(1).unwrap().contains("missing.txt"));
    let docs = json_docs(&o);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0].title.as_ref().unwrap().text,
        "Bộ Ngoại giao họp về ngoại giao kinh tế"
    );
}

#[test]
fn json_carries_structure_sentences_and_removed_pieces() {
    let o = vibrief(
        &["clean", "--format", "json", "-"],
        Some(ARTICLE.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let raw: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "title",
        "date",
        "place",
        "source",
        "paragraphs",
        "removed",
        "related",
    ] {
        assert!(raw.get(key).is_some(), "missing {key}");
    }
    assert_eq!(raw["paragraphs"][0]["sentences"][1]["id"], "p1.s2");
    assert_eq!(raw["removed"][0]["reason"], "crumb");
    let doc = &json_docs(&o)[0];
    assert_eq!(doc.date.as_ref().unwrap().text, "Sáng 21-12");
    assert_eq!(doc.place.as_ref().unwrap().text, "Hà Nội");
    let texts: Vec<&str> = doc.sentences().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Bộ Ngoại giao họp về ngoại giao kinh tế",
            "Sáng 21-12, tại Hà Nội, Bộ Ngoại giao tổ chức hội nghị.",
            "Ủy ban nhân dân các tỉnh tham dự.",
        ]
    );
    let reasons: Vec<Reason> = doc.removed.iter().map(|r| r.reason).collect();
    assert_eq!(
        reasons,
        [
            Reason::Crumb,
            Reason::Caption,
            Reason::Duplicate,
            Reason::Byline
        ]
    );
    for r in &doc.removed {
        assert_eq!(&ARTICLE[r.span.range()], r.text);
    }
}

#[test]
fn bom_and_crlf_keep_spans_on_the_file_bytes() {
    let src = format!("\u{feff}{}", ARTICLE.replace('\n', "\r\n"));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "crlf.txt", src.as_bytes());
    let o = vibrief(&["clean", "--format", "json", p.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0));
    let doc = &json_docs(&o)[0];
    assert_eq!(doc.sentences().count(), 3);
    for s in doc.sentences() {
        assert_eq!(normalize::text(&src[s.span.range()]), s.text);
    }
    for r in &doc.removed {
        assert_eq!(&src[r.span.range()], r.text);
    }
}

/// Cleans both texts from standard input; asserts success and identical output, returns it.
fn same_text_output(a: &str, b: &str) -> String {
    let a = vibrief(&["clean", "-"], Some(a.as_bytes()));
    let b = vibrief(&["clean", "-"], Some(b.as_bytes()));
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    let (a, b) = (
        String::from_utf8(a.stdout).unwrap(),
        String::from_utf8(b.stdout).unwrap(),
    );
    assert_eq!(a, b);
    a
}

#[test]
fn uy_ban_in_both_tone_styles_cleans_alike() {
    let old = "Ủy ban nhân dân tỉnh họp về ngoại giao\n\nSáng 2/4, ủy ban nhân dân tỉnh họp. Hòa bình được bàn.\n";
    let new = old
        .replace("Ủy", "Uỷ")
        .replace("ủy", "uỷ")
        .replace("Hòa", "Hoà");
    assert_ne!(old, new);
    let out = same_text_output(old, &new);
    assert!(out.contains("ủy ban nhân dân tỉnh họp."));
}

#[test]
fn nfd_file_and_its_nfc_twin_give_identical_output() {
    let nfd: String = ARTICLE.nfd().collect();
    assert_ne!(nfd, ARTICLE);
    same_text_output(ARTICLE, &nfd);
    // In JSON the normalized texts agree; spans differ only because NFD takes more bytes.
    let ja = &json_docs(&vibrief(
        &["clean", "--format", "json", "-"],
        Some(ARTICLE.as_bytes()),
    ))[0];
    let jb = &json_docs(&vibrief(
        &["clean", "--format", "json", "-"],
        Some(nfd.as_bytes()),
    ))[0];
    let texts = |d: &Document| {
        d.sentences()
            .map(|s| (s.id.clone(), s.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(ja), texts(jb));
    let reasons = |d: &Document| d.removed.iter().map(|r| r.reason).collect::<Vec<_>>();
    assert_eq!(reasons(ja), reasons(jb));
    for r in &jb.removed {
        assert_eq!(&nfd[r.span.range()], r.text);
    }
}

#[test]
fn output_file_receives_the_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let o = vibrief(
        &[
            "clean",
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
            "-",
        ],
        Some(ARTICLE.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(out).unwrap();
    let doc: Document = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(doc.paragraphs.len(), 1);
}

/// Bytes of `original` that some piece of `doc` accounts for.
struct Coverage(Vec<bool>);

impl Coverage {
    fn mark(&mut self, span: Span) {
        self.0[span.range()].iter_mut().for_each(|c| *c = true);
    }

    /// Every visible char of `original` is covered: nothing was dropped silently.
    fn assert_complete(&self, original: &str, file: &str) {
        for (i, c) in original.char_indices() {
            assert!(
                c.is_whitespace() || self.0[i],
                "{file}: byte {i} ({c:?}) dropped silently"
            );
        }
    }
}

/// Checks every promise about spans on `doc` (and its related documents) against `original`,
/// marking in `covered` the bytes each piece accounts for.
fn check_spans(doc: &Document, original: &str, covered: &mut Coverage, file: &str) {
    for s in doc.sentences() {
        assert_eq!(
            normalize::text(&original[s.span.range()]),
            s.text,
            "{file} {}",
            s.id
        );
        covered.mark(s.span);
    }
    for r in &doc.removed {
        assert!(!r.text.trim().is_empty(), "{file}: empty removed piece");
        assert_eq!(
            &original[r.span.range()],
            r.text,
            "{file}: removed {} span",
            r.reason
        );
        covered.mark(r.span);
    }
    for p in [&doc.date, &doc.place, &doc.source].into_iter().flatten() {
        assert_eq!(normalize::text(&original[p.span.range()]), p.text, "{file}");
        covered.mark(p.span);
    }
    for r in &doc.related {
        check_spans(r, original, covered, file);
    }
}

/// Reads and checks one file; returns its document.
fn check_file(path: &Path) -> (Document, String) {
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    let o = vibrief(&["clean", "--format", "json", path.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    let doc = json_docs(&o).remove(0);
    let original = std::fs::read_to_string(path).unwrap();
    let mut covered = Coverage(vec![false; original.len()]);
    check_spans(&doc, &original, &mut covered, &name);
    covered.assert_complete(&original, &name);
    (doc, original)
}

/// The corpus article whose name starts with `prefix` (`000_`); panics when it is not there.
fn corpus_file(prefix: &str) -> PathBuf {
    corpus()
        .into_iter()
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no article {prefix}* in ../shared/corpus/vi"))
}

#[test]
#[ignore = "needs ../shared: the corpus"]
fn corpus_articles_come_out_clean() {
    let files = corpus();
    // Sentence counts (title excluded) a Vietnamese reader gives these articles, read by hand:
    // a quotation and a "…" before a lower-case word do not end a sentence; "Cụ thể:" before a
    // list is one. A difference of one either way is tolerated.
    let expected = [
        ("000_", 17),
        ("001_", 27),
        ("002_", 18),
        ("003_", 13),
        ("004_", 22),
    ];
    for (prefix, _) in expected {
        corpus_file(prefix);
    }
    for path in &files {
        let name = path.file_name().unwrap().to_str().unwrap();
        let (doc, original) = check_file(path);

        for text in doc.sentences().map(|s| s.text.as_str()) {
            assert!(!text.contains("Ảnh:"), "{name}: caption left: {text}");
            for junk in [
                "Google News",
                "Tiếng Việt | English",
                "Chia sẻ bài viết",
                "Có thể bạn quan tâm",
                "./.",
            ] {
                assert!(!text.contains(junk), "{name}: {junk:?} left: {text}");
            }
        }
        let paragraphs: Vec<String> = doc
            .paragraphs
            .iter()
            .map(|p| normalize::key(&original[p.span.range()]))
            .collect();
        for pair in paragraphs.windows(2) {
            assert_ne!(pair[0], pair[1], "{name}: duplicated line left");
        }
        let count: usize = doc.paragraphs.iter().map(|p| p.sentences.len()).sum();
        if let Some((_, want)) = expected.iter().find(|(prefix, _)| name.starts_with(prefix)) {
            assert!(
                count.abs_diff(*want) <= 1,
                "{name}: {count} sentences, a reader counts {want}"
            );
        }
        assert!(doc.title.is_some(), "{name}: no title");
        assert!(doc.paragraphs[0].lead);
    }
}

/// In 000_ and 003_ the teaser heading ("Có thể bạn quan tâm", "Chia sẻ bài viết") is the last
/// line of the file: the scraper kept no article after it. The heading is removed as a teaser,
/// nothing after it stays in the body, and `related` holds exactly what follows it (nothing).
#[test]
#[ignore = "needs ../shared: the corpus"]
fn corpus_teasers_close_the_article() {
    for (prefix, heading) in [
        ("000_", "Có thể bạn quan tâm"),
        ("003_", "Chia sẻ bài viết"),
    ] {
        let doc = vibrief::ingest::read_document(&corpus_file(prefix)).unwrap();
        let teaser = doc
            .removed
            .iter()
            .find(|r| r.reason == Reason::Teaser)
            .expect("teaser removed");
        assert_eq!(teaser.text, heading);
        assert!(doc
            .paragraphs
            .iter()
            .all(|p| p.span.end <= teaser.span.start));
        let after = doc.original[teaser.span.end..].trim();
        assert_eq!(
            doc.related.is_empty(),
            after.is_empty(),
            "{prefix}: text after the teaser must become related"
        );
    }
}

#[test]
#[ignore = "needs ../shared: the corpus"]
fn corpus_tails_lose_byline_source_and_trailing_headline() {
    let reasons = |prefix: &str| -> Vec<Reason> {
        vibrief::ingest::read_document(&corpus_file(prefix))
            .unwrap()
            .removed
            .iter()
            .map(|r| r.reason)
            .collect()
    };
    let tail = reasons("002_");
    assert!(
        tail.ends_with(&[Reason::Byline, Reason::SourceLine]),
        "{tail:?}"
    );
    let tail = reasons("004_");
    assert!(
        tail.ends_with(&[Reason::EndMark, Reason::TrailingHeadline]),
        "{tail:?}"
    );
}

#[test]
fn examples_clean_with_related_article_and_every_rule_family() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 3);
    let mut reasons = std::collections::BTreeSet::new();
    let mut related = Vec::new();
    for path in &files {
        let (doc, original) = check_file(path);
        assert!(
            original.chars().count() < 1500,
            "{}: keep examples short",
            path.display()
        );
        reasons.extend(doc.removed.iter().map(|r| r.reason));
        related.extend(doc.related);
    }
    assert_eq!(related.len(), 1);
    assert_eq!(related[0].title.as_ref().unwrap().id, "r1.title");
    assert_eq!(related[0].paragraphs[0].sentences[1].id, "r1.p1.s2");
    for r in [
        Reason::Crumb,
        Reason::FollowLine,
        Reason::LanguageSwitcher,
        Reason::Caption,
        Reason::Duplicate,
        Reason::AgencyTag,
        Reason::Byline,
        Reason::SourceLine,
        Reason::EndMark,
        Reason::Teaser,
        Reason::TrailingHeadline,
    ] {
        assert!(reasons.contains(&r), "no example exercises {r}");
    }
}
