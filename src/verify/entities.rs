//! Named entities of an English summary traced back to the Vietnamese source: no person,
//! place or body the source does not name.
//!
//! An entity is a run of capitalized words, joined by `of`, `the`, `for`, `and`, `on` (so
//! "Central Committee of the Communist Party of China" is one run); "Vietnam-Korea" is two
//! words, "Long-term" one. A sentence's first word
//! is capitalized anyway: alone it is checked only when it is a known English place form
//! ("China"), and an opener such as "The" or "In" is dropped from a longer run. Each word of a
//! run must be covered, left to right, by the longest of:
//!
//! - a phrase of [`VerifyOptions::known_entities`] (the English renderings of the glossary
//!   terms found in the source, which the caller supplies: "Prime Minister", "Ministry of
//!   Foreign Affairs");
//! - a name found in the source, or one of its English forms ("Hanoi" for `Hà Nội`);
//! - a word that occurs in the source itself (`ASEAN`, `Blinken`, `Sơn`);
//! - an honorific, month or weekday.
//!
//! Words compare case- and diacritics-insensitively: this is a check of facts, not of form.
//! Uncovered words are reported together with the connectors between them, one [`Issue`] per
//! group ("Communist Party of China", with "Central Committee" covered).

use super::names::{match_key, Name};
use super::numbers::MONTHS;
use super::places::is_english_form;
use super::tokens::{canonical, tokens, without_possessive, Token};
use super::{Issue, VerifyOptions};
use std::collections::HashSet;

/// Lower-case words that may join the capitalized words of one entity.
const CONNECTORS: &[&str] = &["of", "the", "for", "and", "on", "de"];
/// Capitalized words that name nothing to trace.
const FREE: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "I",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
/// Sentence openers dropped from the front of a run.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "For",
    "With",
    "By",
    "From",
    "As",
    "To",
    "This",
    "These",
    "That",
    "Those",
    "It",
    "Its",
    "He",
    "His",
    "She",
    "Her",
    "They",
    "Their",
    "We",
    "Our",
    "According",
    "After",
    "Before",
    "During",
    "Under",
    "Over",
    "Meanwhile",
    "Also",
    "However",
    "But",
    "And",
    "Speaking",
    "Addressing",
    "Since",
    "While",
    "Both",
    "All",
    "Many",
    "Some",
];

/// One word of the summary in a run: its key, as written, and its place in the text.
struct Word<'a> {
    key: String,
    raw: &'a str,
    start: usize,
    end: usize,
}

fn is_capital_word(t: &Token<'_>) -> bool {
    t.is_capitalized() && !t.text.chars().any(|c| c.is_ascii_digit())
}

/// The capitalized runs of `text` (openers dropped), each a list of words.
fn runs<'a>(toks: &[Token<'a>]) -> Vec<Vec<Word<'a>>> {
    // A token's words: "Vietnam-Korea" is two, "Long-term" one.
    let words = |t: &Token<'a>| -> Vec<Word<'a>> {
        let raw = without_possessive(t.text);
        let parts: Vec<&str> = raw.split('-').collect();
        let split = parts.len() > 1
            && parts
                .iter()
                .all(|p| p.chars().next().is_some_and(char::is_uppercase));
        let mut start = t.start;
        let mut out = Vec::new();
        for part in if split { parts } else { vec![raw] } {
            out.push(Word {
                key: match_key(part, true),
                raw: part,
                start,
                end: start + part.len(),
            });
            start += part.len() + 1;
        }
        out
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !is_capital_word(&toks[i]) {
            i += 1;
            continue;
        }
        let mut run = words(&toks[i]);
        let mut j = i;
        loop {
            let ends = |k: usize| {
                !toks[k].trail.is_empty() || toks[k].text != without_possessive(toks[k].text)
            };
            if ends(j) || j + 1 >= toks.len() || !toks[j + 1].lead.is_empty() {
                break;
            }
            if is_capital_word(&toks[j + 1]) {
                run.extend(words(&toks[j + 1]));
                j += 1;
                continue;
            }
            // Connectors, then a capitalized word.
            let mut k = j + 1;
            while k < toks.len() && CONNECTORS.contains(&toks[k].text) && toks[k].trail.is_empty() {
                k += 1;
            }
            if k > j + 1 && k < toks.len() && toks[k].lead.is_empty() && is_capital_word(&toks[k]) {
                run.extend(toks[j + 1..=k].iter().flat_map(words));
                j = k;
                continue;
            }
            break;
        }
        if toks[i].sentence_start {
            if run.len() == 1 && !is_english_form(run[0].raw) {
                run.clear();
            } else if run.len() > 1 && OPENERS.contains(&run[0].raw) {
                run.remove(0);
                while run.first().is_some_and(|w| CONNECTORS.contains(&w.raw)) {
                    run.remove(0);
                }
            }
        }
        if !run.is_empty() {
            out.push(run);
        }
        i = j + 1;
    }
    out
}

/// The runs a known entity can show up as, as keys: "Directive No. 15 of the Secretariat" gives
/// `directive no` and `secretariat`, since a run of the output ends at punctuation and digits.
fn entity_phrases(entity: &str) -> Vec<Vec<String>> {
    fn flush(words: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        while words
            .last()
            .is_some_and(|w| CONNECTORS.contains(&w.as_str()))
        {
            words.pop();
        }
        let start = words
            .iter()
            .position(|w| !CONNECTORS.contains(&w.as_str()))
            .unwrap_or(words.len());
        let keys: Vec<String> = words[start..]
            .iter()
            .flat_map(|w| w.split('-'))
            .filter(|w| !w.is_empty())
            .map(|w| match_key(w, true))
            .collect();
        if !keys.is_empty() {
            out.push(keys);
        }
        words.clear();
    }
    let text = canonical(entity);
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for t in tokens(&text) {
        if !t.lead.is_empty() {
            flush(&mut words, &mut out);
        }
        let word = without_possessive(t.text);
        if is_capital_word(&t) || (!words.is_empty() && CONNECTORS.contains(&word)) {
            words.push(word.to_string());
        } else {
            flush(&mut words, &mut out);
        }
        if !t.trail.is_empty() || word != t.text {
            flush(&mut words, &mut out);
        }
    }
    flush(&mut words, &mut out);
    out
}

/// The entities of `summary` that trace to nothing in `source`, as written in the summary.
pub(crate) fn untraced(
    source: &str,
    names: &[Name],
    summary: &str,
    opts: &VerifyOptions,
) -> Vec<String> {
    let source_words: HashSet<String> = tokens(&canonical(source))
        .iter()
        .map(|t| match_key(t.text, true))
        .collect();
    let phrase = |p: &str| -> Vec<String> {
        p.split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .map(|w| match_key(w, true))
            .collect()
    };
    let mut phrases: Vec<Vec<String>> = opts
        .known_entities
        .iter()
        .flat_map(|e| entity_phrases(e))
        .collect();
    for n in names {
        phrases.push(phrase(&n.text));
        phrases.extend(n.english.iter().map(|e| phrase(e)));
    }
    phrases.retain(|p| !p.is_empty());
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));

    let text = canonical(summary);
    let toks = tokens(&text);
    let mut found = Vec::new();
    for run in runs(&toks) {
        let keys: Vec<String> = run.iter().map(|w| w.key.clone()).collect();
        let mut covered = vec![false; run.len()];
        let mut p = 0;
        while p < run.len() {
            let at_p = phrases
                .iter()
                .find(|ph| keys.get(p..p + ph.len()) == Some(&ph[..]));
            if let Some(len) = at_p.map(Vec::len) {
                covered[p..p + len].fill(true);
                p += len;
                continue;
            }
            let w = &run[p];
            let single = |k: &str| {
                source_words.contains(k) || phrases.iter().any(|ph| ph.len() == 1 && ph[0] == k)
            };
            covered[p] = CONNECTORS.contains(&w.raw)
                || FREE.contains(&w.raw)
                || MONTHS.contains(&w.raw)
                || single(&w.key);
            p += 1;
        }
        // Group uncovered words, keeping connectors only between two uncovered words.
        let mut p = 0;
        while p < run.len() {
            if covered[p] {
                p += 1;
                continue;
            }
            let mut end = p;
            let mut q = p + 1;
            while q < run.len() {
                if !covered[q] {
                    end = q;
                } else if !CONNECTORS.contains(&run[q].raw) {
                    break;
                }
                q += 1;
            }
            found.push(text[run[p].start..run[end].end].to_string());
            p = end + 1;
        }
    }
    found
}

/// Which untraced entities count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every one: a summary picks its own words, so any name it holds must come from the source.
    All,
    /// Only those naming a place or a body (a word of [`BODY_NOUNS`] or a known English place
    /// form): a translation renders every word, and capitalized renderings of common words
    /// ("the Emperor of Japan" for `Nhật hoàng`, "Quảng Nam Province") are no invention.
    PlacesAndBodies,
}

/// Head nouns of bodies: an untraced run holding one names an organization.
const BODY_NOUNS: &[&str] = &[
    "Ministry",
    "Ministries",
    "Committee",
    "Committees",
    "Council",
    "Department",
    "Party",
    "Assembly",
    "Office",
    "Commission",
    "Government",
    "Embassy",
    "Consulate",
    "Agency",
    "Bureau",
    "Politburo",
    "Secretariat",
    "Front",
    "Union",
    "Association",
    "Federation",
    "Organization",
    "Organisation",
    "Court",
    "Procuracy",
    "Army",
    "Bank",
    "Congress",
    "Parliament",
    "Senate",
    "Cabinet",
    "Administration",
    "Authority",
    "Institute",
    "Academy",
    "Summit",
    "Forum",
    "Fund",
];

/// One [`Issue`] per entity of `output` that the source does not name, within `scope`.
pub(crate) fn check(
    source: &str,
    names: &[Name],
    output: &str,
    opts: &VerifyOptions,
    scope: Scope,
) -> Vec<Issue> {
    untraced(source, names, output, opts)
        .iter()
        .filter(|e| {
            scope == Scope::All
                || e.split(|c: char| c.is_whitespace() || c == '-')
                    .any(|w| BODY_NOUNS.contains(&w) || is_english_form(w))
        })
        .map(|e| Issue::invented_name(e))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::names::find_names;

    #[test]
    fn known_entities_split_where_runs_end() {
        let keys = |e: &str| {
            entity_phrases(e)
                .into_iter()
                .map(|p| p.join(" "))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys("Directive No. 15 of the Secretariat"),
            ["directive no", "secretariat"]
        );
        assert_eq!(
            keys("Ministry of Foreign Affairs"),
            ["ministry of foreign affairs"]
        );
        assert_eq!(
            keys("Prime Minister's Decision No. 12/QĐ-TTg"),
            ["prime minister", "decision no"]
        );
        assert_eq!(
            keys("the 13th National Party Congress"),
            ["national party congress"]
        );
    }

    const SOURCE: &str =
        "Thủ tướng Phạm Minh Chính chủ trì Hội nghị Ngoại vụ toàn quốc lần thứ 20 tại Hà Nội. \
        Ông Chính đề nghị Bộ Ngoại giao phối hợp với các nước ASEAN và Trung Quốc.";

    fn untraced_in(summary: &str, known: &[&str]) -> Vec<String> {
        let opts = VerifyOptions {
            known_entities: known.iter().map(|s| s.to_string()).collect(),
            ..VerifyOptions::default()
        };
        untraced(SOURCE, &find_names(SOURCE), summary, &opts)
    }

    const KNOWN: [&str; 4] = [
        "Prime Minister",
        "Ministry of Foreign Affairs",
        "National Conference on External Affairs",
        "Party Central Committee",
    ];

    #[test]
    fn traced_entities_pass() {
        let summary = "Prime Minister Phạm Minh Chính chaired the 20th National Conference on External Affairs in Hanoi. \
            He asked the Ministry of Foreign Affairs to work with ASEAN countries and China. \
            The Prime Minister's call came in December. Mr. Chính spoke on Monday.";
        assert_eq!(untraced_in(summary, &KNOWN), Vec::<String>::new());
    }

    #[test]
    fn invented_bodies_and_places_are_reported() {
        assert_eq!(
            untraced_in(
                "The Prime Minister met the Central Committee of the Communist Party of China.",
                &KNOWN
            ),
            ["Central Committee of the Communist Party"]
        );
        assert_eq!(
            untraced_in("The Prime Minister met the Party Central Committee of the Communist Party of Japan.", &KNOWN),
            ["Communist Party of Japan"]
        );
        assert_eq!(untraced_in("Japan was also invited.", &KNOWN), ["Japan"]);
        assert_eq!(
            untraced_in("Delegates from the WTO attended.", &KNOWN),
            ["WTO"]
        );
        assert_eq!(
            untraced_in("Prime Minister Nguyễn Xuân Phúc spoke.", &KNOWN),
            ["Nguyễn Xuân Phúc"]
        );
    }

    #[test]
    fn without_known_entities_bodies_are_untraced() {
        assert_eq!(
            untraced_in("The Ministry of Foreign Affairs will act.", &[]),
            ["Ministry of Foreign Affairs"]
        );
    }

    #[test]
    fn sentence_openers_are_not_entities() {
        assert!(untraced_in(
            "Delegates agreed. Speaking at the event, officials said so.",
            &KNOWN
        )
        .is_empty());
        assert!(
            untraced_in("China's diplomacy grew.", &KNOWN).is_empty(),
            "Trung Quốc is in the source"
        );
        assert_eq!(
            untraced_in("Vietnamese diplomacy grew.", &KNOWN),
            ["Vietnamese"],
            "Việt Nam is not"
        );
        assert!(untraced_in("Long-term plans were made.", &KNOWN).is_empty());
    }

    #[test]
    fn hyphenated_names_are_checked_part_by_part() {
        assert_eq!(
            untraced_in("China-Japan ties were discussed.", &KNOWN),
            ["Japan"]
        );
        assert_eq!(
            untraced_in("Ties with China-ASEAN partners.", &KNOWN),
            Vec::<String>::new()
        );
    }
}
