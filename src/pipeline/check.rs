//! Verification of one English segment against its Vietnamese source: the glossary terms found
//! in the source (accepted rendering present, no forbidden one) and the `verify` checks
//! (numbers, dates, names, untranslated text, length). Produces the issues a reviewer reads and
//! the instructions a repair prompt carries.

use crate::doc::translated::TermUse;
use crate::glossary::{TermHit, TermVerdict};
use crate::verify::{self, VerifyOptions};

/// The outcome of checking one segment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdict {
    /// Every term occurrence and whether it is honoured.
    pub terms: Vec<TermUse>,
    /// What is wrong, for the reviewer (empty when all is well).
    pub issues: Vec<String>,
    /// One instruction per problem, for a repair prompt.
    pub repairs: Vec<String>,
}

impl Verdict {
    /// A verdict with one problem and no terms.
    pub fn failed(why: &str) -> Self {
        Verdict {
            terms: vec![],
            issues: vec![why.to_string()],
            repairs: vec![format!("Fix this: {why}.")],
        }
    }

    /// Flags an answer the engine cut at its token limit: it may be incomplete, so it is never
    /// passed, however well the part that came checks.
    pub fn cut_at(&mut self, max_tokens: usize) {
        self.issues.push(format!(
            "the model's answer was cut at its limit of {max_tokens} tokens and may be incomplete"
        ));
        self.repairs
            .push("Translate the sentence once, completely, and stop.".to_string());
    }
}

/// Checks `target` (English) against `source` (Vietnamese) and the term hits found in it.
pub fn check_segment(
    source: &str,
    target: &str,
    hits: &[TermHit],
    strip_diacritics: bool,
) -> Verdict {
    let mut v = Verdict::default();
    for hit in hits {
        let verdict = hit.check_target(target);
        let (satisfied, rendered) = match &verdict {
            TermVerdict::Satisfied { rendering } => {
                (true, (!rendering.is_empty()).then(|| rendering.clone()))
            }
            TermVerdict::Missing => {
                v.issues.push(format!(
                    "term “{}” not rendered as “{}”",
                    hit.text, hit.target
                ));
                v.repairs
                    .push(format!("Render “{}” as “{}”.", hit.text, hit.target));
                (false, None)
            }
            TermVerdict::Forbidden { found, .. } => {
                v.issues.push(format!(
                    "term “{}” rendered with the forbidden “{found}” (use “{}”)",
                    hit.text, hit.target
                ));
                v.repairs.push(format!(
                    "Do not write “{found}”: render “{}” as “{}”.",
                    hit.text, hit.target
                ));
                (false, None)
            }
        };
        v.terms.push(TermUse {
            source: hit.text.clone(),
            span: hit.span,
            required: hit.target.to_string(),
            satisfied,
            rendered,
        });
    }
    let opts = VerifyOptions {
        strip_diacritics,
        known_entities: known_entities(hits),
        ..VerifyOptions::default()
    };
    for issue in verify::verify_segment(source, target, &opts) {
        v.repairs.push(issue.repair_instruction().to_string());
        v.issues.push(issue.to_string());
    }
    v
}

/// The English names an output may use for the bodies and titles of `hits`: every accepted
/// rendering of every term found.
pub fn known_entities(hits: &[TermHit]) -> Vec<String> {
    let mut out: Vec<String> = hits
        .iter()
        .flat_map(|h| h.accepted())
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// `output` with what can be mended without the model mended: the names of `source` in one
/// form ([`with_source_names`]), and no year added to a date the source gives without one
/// ([`crate::verify::numbers::without_invented_years`]).
pub fn mended(source: &str, output: String, strip_diacritics: bool) -> String {
    let output = with_source_names(source, output, strip_diacritics);
    crate::verify::numbers::without_invented_years(source, &output).unwrap_or(output)
}

/// `output` with the names of `source` in one form: without diacritics as the official English
/// media write them (`strip_diacritics`, the default), else as the source writes them (see
/// [`crate::verify::names::restore_names`]).
pub fn with_source_names(source: &str, output: String, strip_diacritics: bool) -> String {
    crate::verify::names::restore_names(source, &output, strip_diacritics).unwrap_or(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_added_year_is_mended_without_a_repair() {
        let source = "Sáng 21-12, tại Hà Nội, hội nghị khai mạc.";
        let output = "On the morning of December 21, 2021, in Hanoi, the conference opened.";
        let before = check_segment(source, output, &[], true);
        assert!(
            before.issues.iter().any(|i| i.contains("the year 2021")),
            "{:?}",
            before.issues
        );
        let after = mended(source, output.to_string(), true);
        assert_eq!(
            after,
            "On the morning of December 21, in Hanoi, the conference opened."
        );
        assert_eq!(
            check_segment(source, &after, &[], true).issues,
            Vec::<String>::new()
        );
    }
}
