//! Shared document vocabulary: byte spans into the original text, the cleaned, segmented
//! [`Document`] that ingest produces and every later stage (glossary, TM, engine, formats)
//! reads, and the [`translated::TranslatedDocument`] the pipeline hands to the writers.
//!
//! May depend on: `text`.

pub mod translated;

pub use crate::text::span::Span;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// One cleaned article: its structure, its sentences, and everything cleaning took out.
///
/// Every span points into [`Document::original`], the decoded file (a leading BOM is kept there
/// and skipped). Appended related articles found in the same file are separate documents in
/// [`Document::related`], with spans into the same original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Document {
    /// The file the article came from (`-` for standard input), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// The headline, a segment of its own (id `title`, or `r1.title` in a related document).
    pub title: Option<Sentence>,
    /// The date or time expression of the dateline ("Sáng 21-12", "18/12/2021 - 19:07").
    pub date: Option<Piece>,
    /// The place of the dateline ("Hà Nội" in "Sáng 21-12, tại Hà Nội, ...").
    pub place: Option<Piece>,
    /// Who published the article ("VOV", "Báo Gia Lai"), from a source, follow or agency line.
    pub source: Option<Piece>,
    /// The body, in reading order; the first one is the lead.
    pub paragraphs: Vec<Paragraph>,
    /// What cleaning took out of the body, in file order, each with its reason.
    pub removed: Vec<Removed>,
    /// Articles appended after the body (after "Có thể bạn quan tâm", "Chia sẻ bài viết", ...).
    pub related: Vec<Document>,
    /// The decoded input text every span points into. Not serialized.
    #[serde(skip)]
    pub original: Arc<str>,
}

impl Document {
    /// The title (when present) and then every body sentence, in reading order: the segments
    /// later stages translate. Related documents are not included.
    pub fn sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.title
            .iter()
            .chain(self.paragraphs.iter().flat_map(|p| p.sentences.iter()))
    }

    /// The segment with this id (`title`, `p3.s2`, `r1.p1.s1`), here or in a related document.
    pub fn sentence(&self, id: &str) -> Option<&Sentence> {
        self.sentences()
            .find(|s| s.id == id)
            .or_else(|| self.related.iter().find_map(|r| r.sentence(id)))
    }

    /// The original text under `span`.
    pub fn original_text(&self, span: Span) -> &str {
        &self.original[span.range()]
    }

    /// The article, then its related articles taken out of it, each with the name its outputs
    /// get: `stem`, `stem.related-1`, `stem.related-2`, ... A related article's path is its
    /// parent's with `#related-K`.
    pub fn with_related(mut self, stem: &str) -> Vec<(String, Document)> {
        let related = std::mem::take(&mut self.related);
        let parent = self.path.clone();
        let mut units = vec![(stem.to_string(), self)];
        for (k, mut r) in related.into_iter().enumerate() {
            if let Some(parent) = &parent {
                r.path = Some(PathBuf::from(format!(
                    "{}#related-{}",
                    parent.display(),
                    k + 1
                )));
            }
            units.push((format!("{stem}.related-{}", k + 1), r));
        }
        units
    }
}

/// A body paragraph: one line (or a block of wrapped lines) of the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Paragraph {
    /// Stable id: `p1`, `p2`, ... (`r1.p1` in the first related document).
    pub id: String,
    /// True for the lead (the first body paragraph, often the sapo).
    pub lead: bool,
    /// Where the kept part of the paragraph lies in the original.
    pub span: Span,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// One sentence: the segment unit that TM, translation and XLIFF address by [`Sentence::id`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sentence {
    /// Stable id: `p3.s2` is the second sentence of the third paragraph; `title` the headline.
    pub id: String,
    /// Normalized text: NFC, canonical tone placement, white space folded.
    pub text: String,
    /// Where the sentence lies in the original.
    pub span: Span,
}

/// A normalized piece of text with its original span (a date, a place, a source name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Piece {
    /// Normalized text.
    pub text: String,
    /// Where it lies in the original.
    pub span: Span,
}

/// A piece of the input that cleaning took out of the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// Which rule removed it.
    pub reason: Reason,
    /// The original text, exactly `original[span]`.
    pub text: String,
    /// Where it lies in the original.
    pub span: Span,
}

/// Why a piece was removed: one variant per cleaning rule (see `ingest::clean`).
/// Serialized in kebab-case (`"google-news"`, `"trailing-headline"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// A section crumb above the headline ("Chính trị", "Tin tức", "Trang chủ > Thời sự").
    Crumb,
    /// A "follow us" line ("Theo dõi Báo Gia Lai trên Google News").
    FollowLine,
    /// A language switcher ("Tiếng Việt | English").
    LanguageSwitcher,
    /// A photo caption ("... Ảnh: Minh Nguyễn", an image-table cell ending in "|").
    Caption,
    /// A line repeating the line before it.
    Duplicate,
    /// An agency tag opening the lead ("(GLO)-", "VOV.VN -").
    AgencyTag,
    /// The author's name after the body ("Thu Hà").
    Byline,
    /// A source line ("Theo VOV", "Nguồn Phú Thọ: https://...").
    SourceLine,
    /// A line that is only a URL.
    Url,
    /// The "/." end-of-article mark after the last full stop.
    EndMark,
    /// A teaser or share heading ("Có thể bạn quan tâm", "Chia sẻ bài viết").
    Teaser,
    /// An unrelated headline trailing the article, with no body of its own.
    TrailingHeadline,
}

impl Reason {
    /// The kebab-case name used in JSON and text output.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Crumb => "crumb",
            Reason::FollowLine => "follow-line",
            Reason::LanguageSwitcher => "language-switcher",
            Reason::Caption => "caption",
            Reason::Duplicate => "duplicate",
            Reason::AgencyTag => "agency-tag",
            Reason::Byline => "byline",
            Reason::SourceLine => "source-line",
            Reason::Url => "url",
            Reason::EndMark => "end-mark",
            Reason::Teaser => "teaser",
            Reason::TrailingHeadline => "trailing-headline",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_and_shift() {
        let a = Span::new(2, 5);
        assert_eq!(a.cover(Span::new(4, 9)), Span::new(2, 9));
        assert_eq!(a.shift(10), Span::new(12, 15));
        assert!(Span::new(3, 3).is_empty());
    }

    #[test]
    fn reasons_serialize_as_kebab_case_names() {
        for r in [
            Reason::FollowLine,
            Reason::TrailingHeadline,
            Reason::Caption,
            Reason::EndMark,
        ] {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
    }

    #[test]
    fn finds_sentences_by_id_in_related_documents() {
        let s = |id: &str| Sentence {
            id: id.into(),
            text: id.to_uppercase(),
            span: Span::default(),
        };
        let related = Document {
            paragraphs: vec![Paragraph {
                id: "r1.p1".into(),
                sentences: vec![s("r1.p1.s1")],
                ..Default::default()
            }],
            ..Default::default()
        };
        let doc = Document {
            title: Some(s("title")),
            paragraphs: vec![Paragraph {
                id: "p1".into(),
                sentences: vec![s("p1.s1"), s("p1.s2")],
                ..Default::default()
            }],
            related: vec![related],
            ..Default::default()
        };
        let ids: Vec<_> = doc.sentences().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["title", "p1.s1", "p1.s2"]);
        assert_eq!(doc.sentence("r1.p1.s1").unwrap().text, "R1.P1.S1");
        assert!(doc.sentence("p9.s1").is_none());
    }

    #[test]
    fn related_articles_are_named_after_their_parent() {
        let doc = Document {
            path: Some(PathBuf::from("in/a.txt")),
            related: vec![Document::default(), Document::default()],
            ..Default::default()
        };
        let units = doc.with_related("a");
        let named: Vec<(&str, Option<String>, usize)> = units
            .iter()
            .map(|(n, d)| {
                let path = d.path.as_ref().map(|p| p.display().to_string());
                (n.as_str(), path, d.related.len())
            })
            .collect();
        let path = |p: &str| Some(p.to_string());
        assert_eq!(
            named,
            [
                ("a", path("in/a.txt"), 0),
                ("a.related-1", path("in/a.txt#related-1"), 0),
                ("a.related-2", path("in/a.txt#related-2"), 0),
            ]
        );
    }
}
