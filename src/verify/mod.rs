//! Verification of model outputs, between the engine and the formats: is an English output
//! faithful to its Vietnamese source? Numbers rendered and none invented, names kept in
//! Vietnamese order, no Vietnamese left, a sane length. (Glossary terms are the glossary
//! module's check.) Each failure is an [`Issue`] that names what was expected or found and
//! carries the one-line instruction a repair prompt gives the model.
//!
//! All checks are pure functions of the texts and [`VerifyOptions`]; nothing here fails, so
//! there is no error type.
//!
//! May depend on: `doc`, `text`.

pub mod names;
pub mod numbers;
pub mod ratio;

mod entities;
mod places;
mod tokens;
mod untranslated;

use names::Name;
use numbers::Mention;
use ratio::RatioBand;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a verification found wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IssueKind {
    /// A number, date, ordinal, ratio, time or code of the source is not rendered.
    MissingNumber,
    /// A number of the output traces to nothing in the source.
    InventedNumber,
    /// Vietnamese is left in the output.
    Untranslated,
    /// A person or place name of the source is not in the output.
    MissingName,
    /// A Vietnamese person name is written in another order (`Chính Phạm Minh`).
    ReversedName,
    /// A person, place or body in the output that the source does not mention.
    InventedName,
    /// The output is far shorter or longer than its source.
    LengthRatio,
}

/// One verification failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// What kind of failure.
    pub kind: IssueKind,
    /// A sentence for the reviewer, naming the expected and found text.
    pub detail: String,
    /// The instruction for a repair prompt (see [`Issue::repair_instruction`]).
    pub repair: String,
}

impl Issue {
    fn new(kind: IssueKind, detail: String, repair: String) -> Self {
        Issue {
            kind,
            detail,
            repair,
        }
    }

    /// The one-line instruction to put into a repair prompt, e.g. "Render the number 21-12 as
    /// December 21" or "Do not add the year 2023; the source gives none".
    pub fn repair_instruction(&self) -> &str {
        &self.repair
    }

    pub(crate) fn missing_number(m: &Mention, copied: Option<&str>) -> Self {
        let is_code = matches!(m.readings.first(), Some(numbers::Value::Code(_)));
        let detail = match copied {
            Some(c) => format!(
                "the output copies {c} as the source writes it; English readers misread it: write {}",
                m.english
            ),
            None if m.english == m.text => {
                format!("the source gives {}, which the output does not render", m.text)
            }
            None => format!("the source gives {} ({}), which the output does not render", m.text, m.english),
        };
        let repair = if is_code {
            format!("Keep the code {} exactly as written", m.text)
        } else if m.english == m.text {
            format!("Keep the number {} as written", m.text)
        } else {
            format!("Render the number {} as {}", m.text, m.english)
        };
        Issue::new(IssueKind::MissingNumber, detail, repair)
    }

    pub(crate) fn invented_number(found: &str, what: &str) -> Self {
        let detail = if found == what {
            format!("the output gives {found}, which the source does not")
        } else {
            format!("the output gives {what} (in “{found}”), which the source does not")
        };
        let repair = if what.starts_with("the year ") {
            format!("Do not add {what}; the source gives none")
        } else {
            format!("Do not add {what}; the source does not give it")
        };
        Issue::new(IssueKind::InventedNumber, detail, repair)
    }

    pub(crate) fn missing_name(name: &Name, strip: bool) -> Self {
        let written = if strip {
            crate::text::strip_diacritics(&name.text)
        } else {
            name.text.clone()
        };
        match name.english.first() {
            Some(english) => Issue::new(
                IssueKind::MissingName,
                format!(
                    "the source names {}, which the output renders neither as {written} nor as {english}",
                    name.text
                ),
                format!("Render {} as {english}", name.text),
            ),
            None => Issue::new(
                IssueKind::MissingName,
                format!("the source names {}, which the output does not keep as {written}", name.text),
                format!("Keep the name {written} as written"),
            ),
        }
    }

    pub(crate) fn reversed_name(name: &Name, found: &str, strip: bool) -> Self {
        let written = if strip {
            crate::text::strip_diacritics(&name.text)
        } else {
            name.text.clone()
        };
        Issue::new(
            IssueKind::ReversedName,
            format!("the output writes {found}, reversing the Vietnamese name {written} (surname first)"),
            format!("Write the name as {written} (surname first), not {found}"),
        )
    }

    pub(crate) fn untranslated(run: &str) -> Self {
        Issue::new(
            IssueKind::Untranslated,
            format!("the output leaves Vietnamese untranslated: “{run}”"),
            format!("Translate “{run}” into English; keep no Vietnamese except names"),
        )
    }

    pub(crate) fn invented_name(entity: &str) -> Self {
        Issue::new(
            IssueKind::InventedName,
            format!("the output names {entity}, which the source does not mention"),
            format!("Do not mention {entity}; the source does not"),
        )
    }

    pub(crate) fn too_short(ratio: f64, band: &RatioBand) -> Self {
        Issue::new(
            IssueKind::LengthRatio,
            format!(
                "the output is {ratio:.2} times as long as the source, shorter than {:.2}: part of it may be missing",
                band.min
            ),
            "Translate the whole sentence; leave nothing out".to_string(),
        )
    }

    pub(crate) fn too_long(ratio: f64, band: &RatioBand) -> Self {
        Issue::new(
            IssueKind::LengthRatio,
            format!(
                "the output is {ratio:.2} times as long as the source, longer than {:.2}: it may add what the source does not say",
                band.max
            ),
            "Translate only what the sentence says; add nothing".to_string(),
        )
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

/// How outputs are verified.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VerifyOptions {
    /// The output is meant to be ASCII (`--strip-diacritics`): names match without diacritics.
    pub strip_diacritics: bool,
    /// The accepted English/Vietnamese length ratios.
    pub ratio: RatioBand,
    /// Phrases the output may keep in Vietnamese besides the source's names (glossary
    /// renderings such as "Tết").
    pub allowed: Vec<String>,
    /// English names of the bodies and entities the source mentions (the renderings of the
    /// glossary terms found in it: "Prime Minister", "Ministry of Foreign Affairs"). The output
    /// may name these; any other body it names must occur in the source itself.
    pub known_entities: Vec<String>,
}

/// Verifies one English model output against its Vietnamese source segment: every number
/// rendered and none invented, every name kept and not reversed, no place or body the source
/// does not mention (bodies through [`VerifyOptions::known_entities`]), no Vietnamese left, a
/// sane length. Issues come in that order.
///
/// ```
/// use vibrief::verify::{verify_segment, IssueKind, VerifyOptions};
/// let source = "Ngày 21-12, Thủ tướng Phạm Minh Chính chủ trì hội nghị với 41/63 tỉnh, thành.";
/// let opts = VerifyOptions { known_entities: vec!["Prime Minister".into()], ..VerifyOptions::default() };
/// let good = "On December 21, Prime Minister Phạm Minh Chính chaired a conference with 41 of 63 provinces and cities.";
/// assert!(verify_segment(source, good, &opts).is_empty());
///
/// let bad = "On December 21, 2023, Prime Minister Chính Phạm Minh chaired a conference of the provinces at the Ministry of Foreign Affairs.";
/// let issues = verify_segment(source, bad, &opts);
/// let kinds: Vec<_> = issues.iter().map(|i| i.kind).collect();
/// assert_eq!(kinds, [IssueKind::MissingNumber, IssueKind::InventedNumber, IssueKind::ReversedName, IssueKind::InventedName]);
/// assert_eq!(issues[0].repair_instruction(), "Render the number 41/63 as 41 of 63");
/// assert_eq!(issues[1].repair_instruction(), "Do not add the year 2023; the source gives none");
/// assert_eq!(issues[3].repair_instruction(), "Do not mention Ministry of Foreign Affairs; the source does not");
/// ```
pub fn verify_segment(source: &str, target: &str, opts: &VerifyOptions) -> Vec<Issue> {
    let source_numbers = numbers::read_vietnamese(source);
    let target_numbers = numbers::read_english(target);
    let found_names = names::find_names(source);
    let mut issues = numbers::missing(&source_numbers, &target_numbers);
    issues.extend(numbers::invented(&source_numbers, &target_numbers));
    issues.extend(names::check(&found_names, target, opts.strip_diacritics));
    issues.extend(entities::check(
        source,
        &found_names,
        target,
        opts,
        entities::Scope::PlacesAndBodies,
    ));
    issues.extend(untranslated::check(&found_names, target, opts));
    issues.extend(ratio::check(source, target, &opts.ratio));
    issues
}

/// Verifies an English summary against its whole Vietnamese source article: every number of
/// the summary traces to the source, every person, place and body it names occurs in the
/// source (bodies through [`VerifyOptions::known_entities`]), names keep Vietnamese order, and
/// no Vietnamese is left. A summary leaves things out by design, so nothing is required of it.
///
/// ```
/// use vibrief::verify::{verify_summary, IssueKind, VerifyOptions};
/// let article = "Thủ tướng Phạm Minh Chính chủ trì hội nghị. Hội nghị có 500 đại biểu tham dự.";
/// let opts = VerifyOptions { known_entities: vec!["Prime Minister".into()], ..VerifyOptions::default() };
/// assert!(verify_summary(article, "Prime Minister Phạm Minh Chính chaired a conference of 500 delegates.", &opts).is_empty());
///
/// let issues = verify_summary(article, "Prime Minister Phạm Minh Chính told 600 delegates about China.", &opts);
/// let kinds: Vec<_> = issues.iter().map(|i| i.kind).collect();
/// assert_eq!(kinds, [IssueKind::InventedNumber, IssueKind::InventedName]);
/// ```
pub fn verify_summary(source_article: &str, summary: &str, opts: &VerifyOptions) -> Vec<Issue> {
    let source_numbers = numbers::read_vietnamese(source_article);
    let summary_numbers = numbers::read_english(summary);
    let found_names = names::find_names(source_article);
    let mut issues = numbers::invented(&source_numbers, &summary_numbers);
    issues.extend(entities::check(
        source_article,
        &found_names,
        summary,
        opts,
        entities::Scope::All,
    ));
    let (keys, raw) = names::target_words(summary, opts.strip_diacritics);
    for name in &found_names {
        if !name.appears_in(&keys, &raw, opts.strip_diacritics) {
            if let Some(found) = name.reversed_in(&keys, &raw, opts.strip_diacritics) {
                issues.push(Issue::reversed_name(name, &found, opts.strip_diacritics));
            }
        }
    }
    issues.extend(untranslated::check(&found_names, summary, opts));
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_serialize_in_kebab_case() {
        let issue = Issue::untranslated("của Bộ");
        let json = serde_json::to_string(&issue).unwrap();
        assert!(json.contains(r#""kind":"untranslated""#), "{json}");
        let back: Issue = serde_json::from_str(&json).unwrap();
        assert_eq!(back, issue);
        let kind: IssueKind = serde_json::from_str(r#""missing-number""#).unwrap();
        assert_eq!(kind, IssueKind::MissingNumber);
        assert_eq!(
            serde_json::to_string(&IssueKind::ReversedName).unwrap(),
            r#""reversed-name""#
        );
        assert_eq!(issue.to_string(), issue.detail);
    }

    const SOURCE: &str =
        "Sáng 2/4, tại Hà Nội, Bộ trưởng Bùi Thanh Sơn cho biết kim ngạch thương mại \
        giữa Việt Nam và Nhật Bản đạt 2,5 tỷ USD, tăng 15% so với năm 2022.";

    #[test]
    fn a_faithful_translation_passes() {
        let target =
            "On the morning of April 2 in Hanoi, Minister Bùi Thanh Sơn said trade between \
            Vietnam and Japan reached US$2.5 billion, up 15% from 2022.";
        let minister = VerifyOptions {
            known_entities: vec!["Minister".into()],
            ..VerifyOptions::default()
        };
        assert_eq!(verify_segment(SOURCE, target, &minister), []);
        let ascii =
            "On the morning of April 2 in Hanoi, Minister Bui Thanh Son said trade between \
            Vietnam and Japan reached US$2.5 billion, up 15% from 2022.";
        let opts = VerifyOptions {
            strip_diacritics: true,
            ..minister.clone()
        };
        assert_eq!(verify_segment(SOURCE, ascii, &opts), []);
        assert_eq!(
            verify_segment(SOURCE, ascii, &minister)
                .iter()
                .map(|i| i.kind)
                .collect::<Vec<_>>(),
            [IssueKind::MissingName]
        );
    }

    #[test]
    fn every_failure_is_named() {
        let target =
            "On April 2, 2023, Minister Sơn Bùi Thanh said trade between Vietnam and China \
            reached 2.5 billion USD, up 15% from 2022 theo Bộ.";
        let opts = VerifyOptions {
            known_entities: vec!["Minister".into()],
            ..VerifyOptions::default()
        };
        let issues = verify_segment(SOURCE, target, &opts);
        let repairs: Vec<_> = issues.iter().map(Issue::repair_instruction).collect();
        assert_eq!(
            repairs,
            [
                "Do not add the year 2023; the source gives none",
                "Render Hà Nội as Hanoi",
                "Write the name as Bùi Thanh Sơn (surname first), not Sơn Bùi Thanh",
                "Render Nhật Bản as Japan",
                "Do not mention China; the source does not",
                "Translate “theo Bộ” into English; keep no Vietnamese except names",
            ]
        );
    }

    #[test]
    fn capitalized_renderings_of_common_words_are_no_invention() {
        let opts = VerifyOptions {
            known_entities: vec!["Ambassador".into(), "Department of Foreign Affairs".into()],
            ..VerifyOptions::default()
        };
        let cases = [
            (
                "Đại sứ Việt Nam tại Nhật Bản trình quốc thư lên Nhà vua Nhật Bản.",
                "The Vietnamese Ambassador to Japan presented credentials to the Emperor of Japan.",
            ),
            (
                "Sở Ngoại vụ tỉnh Quảng Nam đón đoàn doanh nghiệp.",
                "The Department of Foreign Affairs of Quảng Nam Province welcomed a business delegation.",
            ),
        ];
        for (source, target) in cases {
            assert_eq!(verify_segment(source, target, &opts), [], "{target}");
        }
        let invented = "The Vietnamese Ambassador to Japan presented credentials to the Emperor of Japan in China at the Ministry of Foreign Affairs.";
        let kinds: Vec<_> = verify_segment(cases[0].0, invented, &opts)
            .iter()
            .map(|i| i.detail.clone())
            .collect();
        assert_eq!(
            kinds,
            [
                "the output names China, which the source does not mention",
                "the output names Ministry of Foreign Affairs, which the source does not mention"
            ]
        );
    }

    #[test]
    fn omissions_show_in_numbers_and_length() {
        let issues = verify_segment(SOURCE, "Trade rose.", &VerifyOptions::default());
        let kinds: Vec<_> = issues.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == IssueKind::MissingNumber)
                .count(),
            4
        );
        assert_eq!(kinds.last(), Some(&IssueKind::LengthRatio));
    }

    #[test]
    fn summaries_trace_numbers_and_names() {
        let opts = VerifyOptions {
            known_entities: vec!["Minister".into()],
            ..VerifyOptions::default()
        };
        let good = "Vietnam-Japan trade reached US$2.5 billion, Minister Bùi Thanh Sơn said.";
        assert_eq!(verify_summary(SOURCE, good, &opts), []);
        let bad = "Vietnam-Korea trade reached US$3.5 billion in 2023, Minister Thanh Sơn Bùi said in Tokyo.";
        let repairs: Vec<String> = verify_summary(SOURCE, bad, &opts)
            .iter()
            .map(|i| i.repair_instruction().to_string())
            .collect();
        assert_eq!(
            repairs,
            [
                "Do not add US$3.5 billion; the source does not give it",
                "Do not add the year 2023; the source gives none",
                "Do not mention Korea; the source does not",
                "Do not mention Tokyo; the source does not",
                "Write the name as Bùi Thanh Sơn (surname first), not Thanh Sơn Bùi",
            ]
        );
    }
}
