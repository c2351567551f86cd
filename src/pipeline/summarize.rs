//! The summarize stage: an English lead sentence and key points.
//!
//! Abstractive (default): the model summarizes the Vietnamese article with the article's
//! glossary terms required; an article longer than one section is summarized section by
//! section and the section summaries merged. The summary is verified (every number and named
//! person or body must occur in the source; no forbidden term rendering) and repaired.
//! Extractive: TextRank picks the top sentences, in document order, and their enforced
//! translations form the summary.

use super::check::{known_entities, with_source_names};
use super::lazy_engine::LazyEngine;
use super::outcome::{SegmentStatus, Stats, Summary};
use super::prompt::{self, SummaryPrompt};
use super::translate::{count, required_terms, Translator};
use super::Error;
use crate::doc::{Document, Sentence};
use crate::engine::{GenOptions, Message, Request};
use crate::glossary::{Glossary, TermHit, TermVerdict};
use crate::verify::{self, VerifyOptions};

/// Abstractive or extractive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// The model writes the summary.
    Abstractive,
    /// The top-ranked sentences, translated.
    Extractive,
}

/// Settings of the summarize stage.
#[derive(Debug, Clone)]
pub struct SummaryOptions {
    /// Abstractive or extractive.
    pub mode: Mode,
    /// Key points to ask for.
    pub points: usize,
    /// Longest section (in characters of Vietnamese) summarized in one call; longer articles
    /// are split at paragraph boundaries and the section summaries merged.
    pub section_chars: usize,
    /// Repair rounds after the first try.
    pub max_repairs: usize,
    /// Write names without Vietnamese diacritics.
    pub strip_diacritics: bool,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            mode: Mode::Abstractive,
            points: 4,
            section_chars: 4000,
            max_repairs: 1,
            strip_diacritics: false,
        }
    }
}

/// Splits paragraphs (as text) into sections of at most `limit` characters, never inside a
/// paragraph (a paragraph longer than `limit` is a section of its own).
pub fn sections(paragraphs: &[String], limit: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in paragraphs {
        match out.last_mut() {
            Some(last) if last.chars().count() + p.chars().count() < limit => {
                last.push('\n');
                last.push_str(p);
            }
            _ => out.push(p.clone()),
        }
    }
    out
}

/// The article's terms: every glossary hit in the title and body.
fn article_hits<'g>(glossary: &'g Glossary, doc: &Document) -> Vec<TermHit<'g>> {
    doc.sentences()
        .flat_map(|s| glossary.find(doc.original_text(s.span)))
        .collect()
}

/// Writes summaries with one engine and one glossary.
pub struct Summarizer<'a> {
    /// Terms to require and check.
    pub glossary: &'a Glossary,
    /// The model (abstractive mode).
    pub engine: Option<&'a LazyEngine>,
    /// Settings.
    pub options: SummaryOptions,
}

impl Summarizer<'_> {
    /// Summarizes `doc` abstractively; returns the summary and the counters it used.
    pub fn abstractive(&self, doc: &Document) -> Result<(Summary, Stats), Error> {
        let engine = self
            .engine
            .ok_or_else(|| Error::NoEngine {
                segment: "summary".into(),
            })?
            .get()?;
        let mut stats = Stats::default();
        let hits = article_hits(self.glossary, doc);
        let terms = required_terms(&hits);
        let mut paragraphs: Vec<String> = doc.title.iter().map(|t| t.text.clone()).collect();
        paragraphs.extend(doc.paragraphs.iter().map(|p| {
            p.sentences
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        }));
        let parts = sections(&paragraphs, self.options.section_chars);
        let opts = GenOptions::new().max_tokens(96 + 48 * self.options.points);
        let call = |chat: Vec<Message>, stats: &mut Stats| -> Result<String, Error> {
            let cands = engine
                .generate(&[Request::chat(chat).with_terms(terms.clone())], &opts)
                .map_err(|source| Error::Engine {
                    segment: "summary".into(),
                    source,
                })?;
            stats.model_calls += 1;
            count(stats, &cands[0]);
            Ok(cands[0].text.clone())
        };
        let section_chats = |text: &str| {
            vec![
                Message::system(prompt::SUMMARY_SYSTEM),
                Message::user(
                    SummaryPrompt {
                        article: text,
                        terms: &terms,
                        points: self.options.points,
                    }
                    .user_message(),
                ),
            ]
        };
        let mut chat = if parts.len() == 1 {
            section_chats(&parts[0])
        } else {
            let mut partials = Vec::new();
            for part in &parts {
                partials.push(call(section_chats(part), &mut stats)?);
            }
            vec![
                Message::system(prompt::SUMMARY_SYSTEM),
                Message::user(prompt::merge_summaries_message(
                    &partials,
                    self.options.points,
                )),
            ]
        };
        let source_text = paragraphs.join("\n");
        let mut best: Option<(Summary, usize)> = None;
        for round in 0..=self.options.max_repairs {
            let answer = call(chat.clone(), &mut stats)?;
            let (summary, repairs) = self.checked(&answer, &source_text, &hits);
            let n = summary.issues.len();
            if best.as_ref().is_none_or(|(_, m)| n < *m) {
                best = Some((summary, n));
            }
            if n == 0 || round == self.options.max_repairs {
                break;
            }
            chat.push(Message::assistant(answer.trim()));
            let mut msg = String::from("Your summary has these problems:\n");
            for r in &repairs {
                msg.push_str(&format!("- {r}\n"));
            }
            msg.push_str(&format!(
                "Write the summary again, fixing every problem: a line starting with \"LEAD:\", then {} lines starting with \"- \".",
                self.options.points
            ));
            chat.push(Message::user(msg));
        }
        Ok((best.expect("at least one try").0, stats))
    }

    /// Parses and verifies one answer; returns the summary and the repair instructions.
    fn checked(&self, answer: &str, source_text: &str, hits: &[TermHit]) -> (Summary, Vec<String>) {
        let restore =
            |text: String| with_source_names(source_text, text, self.options.strip_diacritics);
        let (lead, points, mut issues, mut repairs) = match prompt::parse_summary(answer) {
            Some((lead, points)) => (
                restore(lead),
                points
                    .into_iter()
                    .take(self.options.points)
                    .map(restore)
                    .collect(),
                vec![],
                vec![],
            ),
            None => (
                String::new(),
                vec![],
                vec!["the model gave no summary".to_string()],
                vec!["Answer in the format asked for.".to_string()],
            ),
        };
        let text = std::iter::once(lead.as_str())
            .chain(points.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n");
        let opts = VerifyOptions {
            strip_diacritics: self.options.strip_diacritics,
            known_entities: known_entities(hits),
            ..VerifyOptions::default()
        };
        for issue in verify::verify_summary(source_text, &text, &opts) {
            repairs.push(issue.repair_instruction().to_string());
            issues.push(issue.to_string());
        }
        for hit in hits {
            if let TermVerdict::Forbidden { found, .. } = hit.check_target(&text) {
                let issue = format!(
                    "term “{}” rendered with the forbidden “{found}” (use “{}”)",
                    hit.text, hit.target
                );
                if !issues.contains(&issue) {
                    repairs.push(format!(
                        "Do not write “{found}”: render “{}” as “{}”.",
                        hit.text, hit.target
                    ));
                    issues.push(issue);
                }
            }
        }
        let status = if issues.is_empty() {
            SegmentStatus::Ok
        } else {
            SegmentStatus::NeedsReview
        };
        (
            Summary {
                mode: "abstractive".into(),
                lead,
                points,
                issues,
                status,
            },
            repairs,
        )
    }

    /// Summarizes `doc` extractively: TextRank picks `points + 1` sentences, and `translator`
    /// renders them with every check the translate stage applies.
    pub fn extractive(
        &self,
        doc: &Document,
        translator: &Translator,
    ) -> Result<(Summary, Stats), Error> {
        let body: Vec<&Sentence> = doc.paragraphs.iter().flat_map(|p| &p.sentences).collect();
        let texts: Vec<&str> = body.iter().map(|s| s.text.as_str()).collect();
        let picked: Vec<&Sentence> =
            crate::summarize::extractive::pick(&texts, self.options.points + 1)
                .into_iter()
                .map(|i| body[i])
                .collect();
        let (segments, stats) = translator.translate_sentences(doc, &picked, &|_| {})?;
        let issues: Vec<String> = segments
            .iter()
            .flat_map(|s| s.issues.iter().map(move |i| format!("{}: {i}", s.id)))
            .collect();
        let mut texts = segments.into_iter().map(|s| s.target);
        let lead = texts.next().unwrap_or_default();
        let status = if issues.is_empty() {
            SegmentStatus::Ok
        } else {
            SegmentStatus::NeedsReview
        };
        Ok((
            Summary {
                mode: "extractive".into(),
                lead,
                points: texts.collect(),
                issues,
                status,
            },
            stats,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::translate::tests::{glossary, Scripted};

    const ARTICLE: &str = "Thủ tướng Chính phủ chủ trì hội nghị\n\nThủ tướng Chính phủ Phạm Minh Chính chủ trì hội nghị về Chỉ thị số 15 của Ban Bí thư. Hội nghị có 500 đại biểu.\n";

    /// The abstractive summary of [`ARTICLE`] from the scripted answers, one repair allowed.
    fn summarize(answers: &[&'static str]) -> (Summary, Stats) {
        let glossary = glossary();
        let lazy = LazyEngine::loaded(Scripted::new(answers));
        let s = Summarizer {
            glossary: &glossary,
            engine: Some(&lazy),
            options: SummaryOptions {
                points: 1,
                ..SummaryOptions::default()
            },
        };
        s.abstractive(&crate::ingest::clean(ARTICLE, None)).unwrap()
    }

    #[test]
    fn a_summary_naming_the_articles_bodies_passes() {
        let ok = "LEAD: Prime Minister Phạm Minh Chính chaired a conference of 500 delegates.\n- It discussed Directive No. 15 of the Secretariat.";
        let (summary, stats) = summarize(&[ok, ok]);
        assert_eq!(
            (summary.status, stats.model_calls),
            (SegmentStatus::Ok, 1),
            "{:?}",
            summary.issues
        );
        assert_eq!(
            summary.points,
            ["It discussed Directive No. 15 of the Secretariat."]
        );
    }

    #[test]
    fn a_summary_inventing_a_body_or_number_is_repaired_or_flagged() {
        let invented = "LEAD: Prime Minister Phạm Minh Chính told 600 delegates of the Central Committee of the Communist Party of China about Directive No. 15 of the Secretariat.\n- It was held in 2023.";
        let (summary, stats) = summarize(&[invented, invented]);
        assert_eq!(
            (summary.status, stats.model_calls),
            (SegmentStatus::NeedsReview, 2)
        );
        let issues = summary.issues.join("\n");
        for named in [
            "600",
            "2023",
            "Central Committee of the Communist Party of China",
        ] {
            assert!(
                issues.contains(named),
                "{named} not among the issues:\n{issues}"
            );
        }
    }

    #[test]
    fn sections_split_at_paragraphs() {
        let paras: Vec<String> = ["aaaa", "bbbb", "cccccccccc", "dd"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(sections(&paras, 10), vec!["aaaa\nbbbb", "cccccccccc", "dd"]);
        assert_eq!(sections(&paras, 100).len(), 1);
        assert!(sections(&[], 10).is_empty());
    }
}
