//! `glossary validate`: the problems a glossary can have that loading does not reject —
//! duplicates, conflicting targets, a forbidden rendering that is also accepted, empty fields
//! bad slots and implausibly long terms — each with the line it is on.

use super::model::{Compiled, Entry, Origin};
use crate::text::normalize;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// What kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The same source and target as an earlier entry.
    Duplicate,
    /// The same source as an earlier entry, with another target.
    Conflict,
    /// A forbidden rendering equal to the target or a variant.
    ForbiddenAccepted,
    /// An empty source, target, variant or forbidden rendering.
    EmptyField,
    /// A malformed pattern: unknown slot or transform, a target slot the source lacks,
    /// unbalanced braces or parentheses.
    BadSlot,
    /// A source or target longer than [`LONG_TERM_CHARS`]: a sentence, or rows run together.
    TooLong,
}

/// Longer than any term: the diplomatic glossary's longest source has 63 characters, its
/// longest target 85.
pub const LONG_TERM_CHARS: usize = 150;

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProblemKind::Duplicate => "duplicate",
            ProblemKind::Conflict => "conflict",
            ProblemKind::ForbiddenAccepted => "forbidden-accepted",
            ProblemKind::EmptyField => "empty-field",
            ProblemKind::BadSlot => "bad-slot",
            ProblemKind::TooLong => "too-long",
        })
    }
}

/// One problem in one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The entry's file and line.
    pub origin: Origin,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.origin, self.kind, self.message)
    }
}

/// Every problem in `entries`, in entry order.
///
/// ```
/// use vibrief::glossary::{validate::{validate, ProblemKind}, Entry};
/// let problems = validate(&[
///     Entry::new("Bộ Ngoại giao", "Ministry of Foreign Affairs"),
///     Entry::new("bộ ngoại giao", "Foreign Ministry"),
/// ]);
/// assert_eq!(problems[0].kind, ProblemKind::Conflict);
/// ```
pub fn validate(entries: &[Entry]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let mut report = |kind, message: String| {
            problems.push(Problem {
                origin: e.origin.clone(),
                kind,
                message,
            })
        };
        if e.source.trim().is_empty() {
            report(ProblemKind::EmptyField, "empty source".into());
        }
        if e.target.trim().is_empty() {
            report(
                ProblemKind::EmptyField,
                format!("empty target for `{}`", e.source),
            );
        }
        for (name, list) in [
            ("variant", &e.variants),
            ("forbidden rendering", &e.forbidden),
        ] {
            if list.iter().any(|v| v.trim().is_empty()) {
                report(
                    ProblemKind::EmptyField,
                    format!("empty {name} (check the `|` separators)"),
                );
            }
        }
        for (name, text) in [("source", &e.source), ("target", &e.target)] {
            let chars = text.chars().count();
            if chars > LONG_TERM_CHARS {
                report(
                    ProblemKind::TooLong,
                    format!(
                        "the {name} has {chars} characters (`{}`): is it a term?",
                        crate::text::preview(text)
                    ),
                );
            }
        }
        if !e.source.trim().is_empty() {
            if let Err(err) = Compiled::new(e) {
                report(ProblemKind::BadSlot, err.to_string());
            }
        }
        let english = |s: &str| normalize::key(s).replace('\u{2019}', "'");
        let accepted: Vec<String> = std::iter::once(&e.target)
            .chain(&e.variants)
            .map(|s| english(s))
            .collect();
        for f in &e.forbidden {
            if !f.trim().is_empty() && accepted.contains(&english(f)) {
                report(
                    ProblemKind::ForbiddenAccepted,
                    format!("`{f}` is both forbidden and accepted"),
                );
            }
        }
        let key = normalize::key(&e.source);
        if key.is_empty() {
            continue;
        }
        match seen.get(&key) {
            Some(&j) => {
                let first = &entries[j];
                let at = if first.origin.line > 0 {
                    format!(" at line {}", first.origin.line)
                } else {
                    String::new()
                };
                if english(&first.target) == english(&e.target) {
                    report(
                        ProblemKind::Duplicate,
                        format!("`{}` repeats the entry{at}", e.source),
                    );
                } else {
                    report(
                        ProblemKind::Conflict,
                        format!(
                            "`{}` → `{}` conflicts with `{}`{at}",
                            e.source, e.target, first.target
                        ),
                    );
                }
            }
            None => {
                seen.insert(key, i);
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn at(line: usize, e: Entry) -> Entry {
        Entry {
            origin: Origin::new(Path::new("g.tsv"), line),
            ..e
        }
    }

    #[test]
    fn finds_each_kind_with_its_line() {
        let entries = [
            at(2, Entry::new("hòa bình", "peace")),
            at(3, Entry::new("hoà bình", "Peace")),
            at(4, Entry::new("Hòa bình", "tranquility")),
            at(5, Entry::new("an ninh", "security").forbid("Security")),
            at(6, Entry::new("quốc phòng", "")),
            at(7, Entry::new("Chỉ thị {n}", "Directive {n:ordinal} {code}")),
            at(8, Entry::new("đối ngoại", "external affairs").variant("")),
            at(9, Entry::new("ngoại giao", "diplomacy ".repeat(20))),
        ];
        let got: Vec<String> = validate(&entries).iter().map(|p| p.to_string()).collect();
        assert_eq!(
            got,
            [
                "g.tsv:3: duplicate: `hoà bình` repeats the entry at line 2",
                "g.tsv:4: conflict: `Hòa bình` → `tranquility` conflicts with `peace` at line 2",
                "g.tsv:5: forbidden-accepted: `Security` is both forbidden and accepted",
                "g.tsv:6: empty-field: empty target for `quốc phòng`",
                "g.tsv:7: bad-slot: target slot {code} is not in the source",
                "g.tsv:8: empty-field: empty variant (check the `|` separators)",
                "g.tsv:9: too-long: the target has 200 characters \
                 (`diplomacy diplomacy diplomacy diplomacy …`): is it a term?",
            ]
        );
    }

    #[test]
    fn a_clean_glossary_has_no_problems() {
        assert!(validate(&[Entry::new(
            "Đại hội {roman} của Đảng",
            "{roman:ordinal} National Party Congress"
        )])
        .is_empty());
    }
}
