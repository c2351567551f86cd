//! Checking segments against a glossary: per-occurrence violations, and corpus-level
//! findings (one term rendered by different accepted variants; one source translated
//! differently).

use super::input::Segment;
use crate::doc::Span;
use crate::glossary::{Glossary, TermVerdict};
use crate::text::normalize;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Why an occurrence is a violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ViolationKind {
    /// No accepted rendering in the target.
    Missing,
    /// A forbidden rendering in the target.
    Forbidden,
}

/// One term occurrence whose target is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The segment id.
    pub segment: String,
    /// The file and line of the segment.
    pub location: String,
    /// The term as written in the source.
    pub term: String,
    /// Where the term is in the source (bytes).
    pub span: Span,
    /// The glossary entry's source (a pattern, maybe) and where the entry is defined.
    pub entry: String,
    /// The required rendering.
    pub expected: String,
    /// Every accepted rendering (required first).
    pub accepted: Vec<String>,
    /// The forbidden text found, for `forbidden`.
    pub found: Option<String>,
    /// `missing` or `forbidden`.
    pub kind: ViolationKind,
}

/// A term rendered by different accepted renderings across the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inconsistency {
    /// The glossary entry's source.
    pub term: String,
    /// The required rendering.
    pub expected: String,
    /// Each rendering used, with the segments using it.
    pub renderings: Vec<Usage>,
}

/// One rendering (or translation) and where it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// The text used.
    pub text: String,
    /// Segment ids (`file#id`).
    pub segments: Vec<String>,
}

/// Identical source segments translated differently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Divergence {
    /// The source text (canonical form).
    pub source: String,
    /// Each distinct translation, with its segments.
    pub translations: Vec<Usage>,
}

/// Everything `check` found.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Report {
    /// Segments checked.
    pub segments: usize,
    /// Term occurrences checked.
    pub terms_checked: usize,
    /// Occurrences whose target is wrong.
    pub violations: Vec<Violation>,
    /// Share of checked occurrences without a violation (1.0 when none were checked).
    pub compliance: f64,
    /// Terms rendered by different accepted renderings.
    pub inconsistent: Vec<Inconsistency>,
    /// Identical sources translated differently.
    pub divergent: Vec<Divergence>,
}

impl Report {
    /// True when there is nothing to report.
    pub fn is_clean(&self) -> bool {
        self.violations.is_empty() && self.inconsistent.is_empty() && self.divergent.is_empty()
    }
}

/// Checks every segment against `glossary`.
///
/// ```
/// use vibrief::check::{check, Segment};
/// use vibrief::glossary::{Entry, Glossary, LoadOptions};
/// let g = Glossary::from_entries(vec![Entry::new("hòa bình", "peace")], &LoadOptions::default()).unwrap();
/// let seg = Segment { id: "1".into(), file: "a.tsv".into(), line: 1, source: "Vì hoà bình".into(), target: "For calm".into() };
/// let report = check(&g, &[seg]);
/// assert_eq!((report.terms_checked, report.violations.len()), (1, 1));
/// ```
pub fn check(glossary: &Glossary, segments: &[Segment]) -> Report {
    struct Checked {
        violations: Vec<Violation>,
        terms: usize,
        used: Vec<(usize, String, String)>,
    }
    let per_segment: Vec<Checked> = segments
        .par_iter()
        .map(|seg| {
            let mut c = Checked {
                violations: Vec::new(),
                terms: 0,
                used: Vec::new(),
            };
            for hit in glossary.find(&seg.source) {
                c.terms += 1;
                let (kind, found) = match hit.check_target(&seg.target) {
                    TermVerdict::Satisfied { rendering } => {
                        if !rendering.is_empty() {
                            c.used
                                .push((hit.entry_index, hit.target.to_string(), rendering));
                        }
                        continue;
                    }
                    TermVerdict::Missing => (ViolationKind::Missing, None),
                    TermVerdict::Forbidden { found, .. } => (ViolationKind::Forbidden, Some(found)),
                };
                c.violations.push(Violation {
                    segment: seg.id.clone(),
                    location: format!("{}:{}", seg.file.display(), seg.line),
                    term: hit.text.clone(),
                    span: hit.span,
                    entry: format!("{} ({})", hit.entry.source, hit.entry.origin),
                    expected: hit.target.to_string(),
                    accepted: hit.accepted().map(str::to_owned).collect(),
                    found,
                    kind,
                });
            }
            c
        })
        .collect();

    let mut report = Report {
        segments: segments.len(),
        ..Report::default()
    };
    // (entry, resolved target) → rendering → segments
    let mut usage: BTreeMap<(usize, String), BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for (seg, c) in segments.iter().zip(per_segment) {
        report.terms_checked += c.terms;
        report.violations.extend(c.violations);
        for (entry, target, rendering) in c.used {
            let ids = usage
                .entry((entry, target))
                .or_default()
                .entry(rendering)
                .or_default();
            let id = segment_ref(seg);
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    report.compliance = if report.terms_checked == 0 {
        1.0
    } else {
        1.0 - report.violations.len() as f64 / report.terms_checked as f64
    };
    for ((entry, expected), renderings) in usage {
        if renderings.len() > 1 {
            report.inconsistent.push(Inconsistency {
                term: glossary.entries()[entry].source.clone(),
                expected,
                renderings: renderings
                    .into_iter()
                    .map(|(text, segments)| Usage { text, segments })
                    .collect(),
            });
        }
    }
    report.divergent = divergent(segments);
    report
}

fn segment_ref(seg: &Segment) -> String {
    format!("{}#{}", seg.file.display(), seg.id)
}

/// Identical sources (compared as `normalize::key`) with different targets (as `normalize::text`).
fn divergent(segments: &[Segment]) -> Vec<Divergence> {
    let mut by_source: BTreeMap<String, (String, BTreeMap<String, Vec<String>>)> = BTreeMap::new();
    for seg in segments {
        let key = normalize::key(&seg.source);
        if key.is_empty() || seg.target.trim().is_empty() {
            continue;
        }
        let slot = by_source
            .entry(key)
            .or_insert_with(|| (normalize::text(&seg.source), BTreeMap::new()));
        slot.1
            .entry(normalize::text(&seg.target))
            .or_default()
            .push(segment_ref(seg));
    }
    by_source
        .into_values()
        .filter(|(_, t)| t.len() > 1)
        .map(|(source, t)| Divergence {
            source,
            translations: t
                .into_iter()
                .map(|(text, segments)| Usage { text, segments })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, LoadOptions};

    fn seg(id: &str, source: &str, target: &str) -> Segment {
        Segment {
            id: id.into(),
            file: "t.tsv".into(),
            line: 1,
            source: source.into(),
            target: target.into(),
        }
    }

    #[test]
    fn variants_used_for_one_term_are_inconsistent() {
        let g = Glossary::from_entries(
            vec![Entry::new("Bộ Ngoại giao", "Ministry of Foreign Affairs")
                .variant("Foreign Ministry")],
            &LoadOptions::default(),
        )
        .unwrap();
        let r = check(
            &g,
            &[
                seg(
                    "1",
                    "Bộ Ngoại giao họp",
                    "The Ministry of Foreign Affairs met",
                ),
                seg("2", "Bộ Ngoại giao nói", "The Foreign Ministry said"),
                seg("3", "Bộ Ngoại giao họp", "The MOFA met"),
            ],
        );
        assert_eq!(r.terms_checked, 3);
        assert_eq!(r.violations.len(), 1);
        assert!((r.compliance - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.inconsistent.len(), 1);
        assert_eq!(r.inconsistent[0].renderings.len(), 2);
        assert_eq!(r.divergent.len(), 1, "segments 1 and 3 share a source");
        assert_eq!(r.divergent[0].translations[0].segments, ["t.tsv#3"]);
    }
}
