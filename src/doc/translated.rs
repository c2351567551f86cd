//! What the translate, summarize and brief stages produce: segments with their origin, terms
//! and issues, a summary, and the translated document that every writer in `formats` reads.

use crate::doc::Span;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a segment's English came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A TM unit with the same normalized source.
    TmExact,
    /// A TM unit with the same source and the same neighbours (scored 101).
    TmContext,
    /// A TM unit above the reuse threshold, numbers transferred when they differed.
    TmFuzzy,
    /// A model translation, with the model's id.
    Mt(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::TmExact => f.write_str("tm-exact"),
            Origin::TmContext => f.write_str("tm-context"),
            Origin::TmFuzzy => f.write_str("tm-fuzzy"),
            Origin::Mt(model) => write!(f, "mt:{model}"),
        }
    }
}

impl FromStr for Origin {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "tm-exact" => Ok(Origin::TmExact),
            "tm-context" => Ok(Origin::TmContext),
            "tm-fuzzy" => Ok(Origin::TmFuzzy),
            _ => match s.strip_prefix("mt:") {
                Some(model) if !model.is_empty() => Ok(Origin::Mt(model.to_string())),
                _ => Err(format!(
                    "unknown origin {s:?} (expected tm-exact, tm-context, tm-fuzzy or mt:MODEL)"
                )),
            },
        }
    }
}

impl Origin {
    /// True for the three TM origins.
    pub fn is_tm(&self) -> bool {
        !matches!(self, Origin::Mt(_))
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether a segment can be trusted as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentStatus {
    /// Every check passed.
    Ok,
    /// Some check still failed after repair: see the segment's issues.
    NeedsReview,
}

impl SegmentStatus {
    /// The name used in JSON and TMX (`ok`, `needs_review`).
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentStatus::Ok => "ok",
            SegmentStatus::NeedsReview => "needs_review",
        }
    }
}

/// One glossary term found in a segment's source, and whether the English honours it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermUse {
    /// The term as it stands in the Vietnamese source.
    pub source: String,
    /// Its span in the original article.
    pub span: Span,
    /// The English rendering the glossary requires (pattern slots filled).
    pub required: String,
    /// True when the English has the required rendering or an accepted variant and no forbidden one.
    pub satisfied: bool,
    /// The rendering actually found in the English (the required one or a variant), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rendered: Option<String>,
}

/// One sentence of the article with its English and the trail of how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslatedSegment {
    /// Stable id from the cleaner (`p3.s2`), also the XLIFF unit id.
    pub id: String,
    /// Index of the paragraph the segment belongs to (0 is the title).
    pub paragraph: usize,
    /// The Vietnamese sentence (normalized).
    pub source: String,
    /// The English translation.
    pub target: String,
    /// Where the English came from.
    pub origin: Origin,
    /// TM match score (0–101) for TM origins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    /// The source of the TM unit reused, when it differs from this source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tm_source: Option<String>,
    /// Glossary terms found in the source.
    #[serde(default)]
    pub terms: Vec<TermUse>,
    /// What verification still finds wrong (empty when `status` is `ok`).
    #[serde(default)]
    pub issues: Vec<String>,
    /// `ok` or `needs_review`.
    pub status: SegmentStatus,
    /// Span of the sentence in the original article.
    pub span: Span,
    /// Model calls spent on this segment (first try plus repairs).
    #[serde(default)]
    pub model_calls: u32,
}

/// An English summary: a lead sentence and key points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// `abstractive` or `extractive`.
    pub mode: String,
    /// One-sentence lead.
    pub lead: String,
    /// Key points, most important first.
    pub points: Vec<String>,
    /// What verification still finds wrong with the summary.
    #[serde(default)]
    pub issues: Vec<String>,
    /// `ok` or `needs_review`.
    pub status: SegmentStatus,
}

/// Counters a report shows per document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Segments in the document, title included.
    pub segments: usize,
    /// Segments reused from the TM.
    pub tm_reused: usize,
    /// Model calls, summary and repairs included.
    pub model_calls: usize,
    /// Of those, the repairs: fresh tries after an answer failed verification.
    #[serde(default)]
    pub repairs: usize,
    /// Glossary term occurrences checked.
    pub terms_checked: usize,
    /// Of those, how many are rendered as required.
    pub terms_satisfied: usize,
    /// Segments marked `needs_review`.
    pub needs_review: usize,
    /// Prompt tokens the model evaluated (an article's shared context counts once).
    pub prompt_tokens: usize,
    /// Prompt tokens the model reused from its cache instead of evaluating them.
    #[serde(default)]
    pub cached_tokens: usize,
    /// Tokens the model generated.
    pub generated_tokens: usize,
    /// Seconds spent in prompt processing.
    pub prompt_seconds: f64,
    /// Seconds spent generating.
    pub generation_seconds: f64,
    /// Wall time for the document.
    pub seconds: f64,
}

impl Stats {
    /// Adds another part's model work (calls, repairs, tokens, seconds) to these counters.
    pub fn add_model_work(&mut self, other: &Stats) {
        self.model_calls += other.model_calls;
        self.repairs += other.repairs;
        self.prompt_tokens += other.prompt_tokens;
        self.cached_tokens += other.cached_tokens;
        self.generated_tokens += other.generated_tokens;
        self.prompt_seconds += other.prompt_seconds;
        self.generation_seconds += other.generation_seconds;
    }

    /// Share of term occurrences rendered as required (1.0 when there are none).
    pub fn compliance(&self) -> f64 {
        if self.terms_checked == 0 {
            1.0
        } else {
            self.terms_satisfied as f64 / self.terms_checked as f64
        }
    }
}

/// A translated article: what `translate`, `summarize` and `brief` hand to the writers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslatedDocument {
    /// The input file.
    pub path: String,
    /// Source language code.
    pub source_lang: String,
    /// Target language code.
    pub target_lang: String,
    /// The date or dateline as the article gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The date in English ("14 March, morning"), when the dateline reads as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_english: Option<String>,
    /// The news source as the article names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Every segment in document order; the title, when there is one, is paragraph 0.
    pub segments: Vec<TranslatedSegment>,
    /// The summary, when one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// Id of the model used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Counters for reports.
    pub stats: Stats,
    /// Path of the parent article, for a related article the cleaner split off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

impl TranslatedDocument {
    /// The date for an English reader: in English when the dateline reads as a date, else as
    /// the article gives it.
    pub fn date_shown(&self) -> Option<&str> {
        self.date_english.as_deref().or(self.date.as_deref())
    }

    /// The title segment, if the article has one.
    pub fn title(&self) -> Option<&TranslatedSegment> {
        self.segments.iter().find(|s| s.paragraph == 0)
    }

    /// Body segments grouped by paragraph, in order.
    pub fn paragraphs(&self) -> Vec<&[TranslatedSegment]> {
        let body: &[TranslatedSegment] = match self.segments.iter().position(|s| s.paragraph != 0) {
            Some(i) => &self.segments[i..],
            None => &[],
        };
        body.chunk_by(|a, b| a.paragraph == b.paragraph).collect()
    }

    /// Segments marked `needs_review`.
    pub fn needs_review(&self) -> impl Iterator<Item = &TranslatedSegment> {
        self.segments
            .iter()
            .filter(|s| s.status == SegmentStatus::NeedsReview)
    }

    /// Distinct glossary terms used, with their required English and how often they occur.
    pub fn terms_used(&self) -> Vec<(String, String, usize)> {
        let mut out: Vec<(String, String, usize)> = Vec::new();
        for t in self.segments.iter().flat_map(|s| &s.terms) {
            let key = crate::text::normalize::key(&t.source);
            match out
                .iter_mut()
                .find(|(s, r, _)| crate::text::normalize::key(s) == key && *r == t.required)
            {
                Some(entry) => entry.2 += 1,
                None => out.push((t.source.clone(), t.required.clone(), 1)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_round_trips_through_strings() {
        for o in [
            Origin::TmExact,
            Origin::TmContext,
            Origin::TmFuzzy,
            Origin::Mt("qwen".into()),
        ] {
            assert_eq!(o.to_string().parse::<Origin>().unwrap(), o);
        }
        assert!("mt:".parse::<Origin>().is_err());
        assert!("human".parse::<Origin>().is_err());
        assert_eq!(
            serde_json::to_string(&Origin::Mt("m".into())).unwrap(),
            "\"mt:m\""
        );
    }

    fn seg(id: &str, paragraph: usize) -> TranslatedSegment {
        TranslatedSegment {
            id: id.into(),
            paragraph,
            source: "x".into(),
            target: "y".into(),
            origin: Origin::TmExact,
            score: Some(100),
            tm_source: None,
            terms: vec![],
            issues: vec![],
            status: SegmentStatus::Ok,
            span: Span::default(),
            model_calls: 0,
        }
    }

    #[test]
    fn paragraphs_group_body_segments() {
        let doc = TranslatedDocument {
            path: "a.txt".into(),
            source_lang: "vi".into(),
            target_lang: "en".into(),
            date: None,
            date_english: None,
            source: None,
            segments: vec![
                seg("t", 0),
                seg("p1.s1", 1),
                seg("p1.s2", 1),
                seg("p2.s1", 2),
            ],
            summary: None,
            model: None,
            stats: Stats::default(),
            parent: None,
        };
        assert_eq!(doc.title().unwrap().id, "t");
        let paras = doc.paragraphs();
        assert_eq!(paras.len(), 2);
        assert_eq!(paras[0].len(), 2);
        assert_eq!(paras[1][0].id, "p2.s1");
    }
}
