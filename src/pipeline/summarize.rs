//! The summarize stage: an English lead sentence and key points.
//!
//! Abstractive (default): the model summarizes the Vietnamese article on the article context the
//! translations share, with the article's glossary terms required; an article in several
//! windows is summarized window by window and the summaries merged. The summary is verified (every number and named
//! person or body must occur in the source; no forbidden term rendering) and repaired.
//! With a seq2seq summarizer (BART, Pegasus, T5: a source-text model made for summaries), the
//! model summarizes the enforced English translation instead, and its summary is verified the
//! same way against the Vietnamese source.
//! Extractive: TextRank picks the top sentences, in document order, and their enforced
//! translations form the summary. It is also the summary when the only model is a translation
//! model, which cannot summarize.

use super::answer;
use super::article::ArticleContext;
use super::check::{known_entities, mended};
use super::lazy_engine::LazyEngine;
use super::prompt;
use super::translate::{article_hits, count, required_terms, Translator};
use super::Error;
use crate::doc::translated::{SegmentStatus, Stats, Summary, TranslatedSegment};
use crate::doc::{Document, Sentence};
use crate::engine::{Candidate, Engine, Finish, GenOptions, InputKind, Message, Request, Task};
use crate::glossary::{Glossary, TermHit, TermVerdict};
use crate::verify::{self, VerifyOptions};
use unicode_segmentation::UnicodeSegmentation;

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
    /// Repair rounds after the first try.
    pub max_repairs: usize,
    /// Write names without Vietnamese diacritics (the default; see [`super::translate::TranslateOptions`]).
    pub strip_diacritics: bool,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions {
            mode: Mode::Abstractive,
            points: 4,
            max_repairs: 1,
            strip_diacritics: true,
        }
    }
}

/// How a summary is made, by what the summary's engine can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// A chat model summarizes the Vietnamese article, side by side with the translation.
    FromArticle,
    /// A seq2seq summarizer summarizes the enforced English translation, once it is done.
    FromTranslation,
    /// The top sentences, translated.
    Extractive,
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
    /// The summary's model, opened on first use.
    fn engine(&self) -> Result<&dyn Engine, Error> {
        self.engine
            .ok_or_else(|| Error::NoEngine {
                segment: "summary".into(),
            })?
            .get()
    }

    /// How this summarizer makes summaries: extractive when asked; else by its engine (opened
    /// here): a chat model from the article, a seq2seq summarizer from the translation, and a
    /// translation model, which cannot summarize, extractively.
    pub fn plan(&self) -> Result<Plan, Error> {
        if self.options.mode == Mode::Extractive {
            return Ok(Plan::Extractive);
        }
        let engine = self.engine()?;
        Ok(match (engine.input_kind(), engine.info().task) {
            (InputKind::Chat, _) => Plan::FromArticle,
            (InputKind::Source, Some(Task::Summary)) => Plan::FromTranslation,
            (InputKind::Source, _) => Plan::Extractive,
        })
    }

    /// The summary of `doc` by [`Summarizer::plan`], with the counters of the model work it
    /// took (a summary of the translation includes translating the article).
    pub fn summary(
        &self,
        doc: &Document,
        translator: &Translator,
    ) -> Result<(Summary, Stats), Error> {
        match self.plan()? {
            Plan::FromArticle => self.abstractive(doc),
            Plan::FromTranslation => {
                let translated = translator.translate(doc, &|_| {})?;
                let (summary, mut stats) = self.of_translation(doc, &translated.segments)?;
                stats.add_model_work(&translated.stats);
                Ok((summary, stats))
            }
            Plan::Extractive => self.extractive(doc, translator),
        }
    }

    /// Summarizes `doc` abstractively; returns the summary and the counters it used.
    ///
    /// The summary is asked for on the article context the translations share (computed once
    /// for both); an article in several windows is summarized window by window and the
    /// summaries merged. A failing summary is asked for again, fresh, with its problems named.
    pub fn abstractive(&self, doc: &Document) -> Result<(Summary, Stats), Error> {
        let engine = self.engine()?;
        let mut stats = Stats::default();
        let hits = article_hits(self.glossary, doc);
        let terms = required_terms(&hits);
        let cx = ArticleContext::new(doc, &terms, engine.context_length());
        let points = self.options.points;
        let max_tokens = 96 + 48 * points;
        let opts = GenOptions::new().max_tokens(max_tokens);
        let call = |request: Request, stats: &mut Stats| -> Result<Candidate, Error> {
            let mut cands = engine
                .generate(&[request.with_terms(terms.clone())], &opts)
                .map_err(|source| Error::Engine {
                    segment: "summary".into(),
                    error: source,
                })?;
            count(stats, &cands[0]);
            Ok(cands.remove(0))
        };
        let mut partials = Vec::new();
        if cx.windows() > 1 {
            for w in 0..cx.windows() {
                partials.push(call(cx.summarize(w, points, &[]), &mut stats)?.text);
            }
        }
        let ask = |problems: &[String]| {
            if partials.is_empty() {
                cx.summarize(0, points, problems)
            } else {
                let merge = prompt::merge_summaries_message(&partials, &terms, points, problems);
                Request::chat(vec![
                    Message::system(prompt::SUMMARY_SYSTEM),
                    Message::user(merge),
                ])
            }
        };
        let source_text = source_text(doc);
        let mut best: Option<Summary> = None;
        let mut problems = Vec::new();
        for round in 0..=self.options.max_repairs {
            let cand = call(ask(&problems), &mut stats)?;
            stats.repairs += usize::from(round > 0);
            let (mut summary, repairs) = self.checked(&cand.text, &source_text, &hits);
            // A cut answer is incomplete unless the cut fell after every point asked for.
            let complete = answer::parse_summary(&cand.text).is_some_and(|(_, p)| p.len() > points);
            if cand.finish == Finish::Length && !complete {
                flag_cut(&mut summary, max_tokens);
            }
            let n = summary.issues.len();
            if best.as_ref().is_none_or(|b| n < b.issues.len()) {
                best = Some(summary);
            }
            if n == 0 {
                break;
            }
            problems = repairs;
        }
        Ok((best.expect("at least one try"), stats))
    }

    /// Summarizes the enforced English translation `segments` of `doc` with a seq2seq
    /// summarizer: as much of the article as its context holds, whole paragraphs from the top
    /// (news puts what matters first). The first sentence of its answer is the lead, the next
    /// ones the points; the summary is verified against the Vietnamese source as an abstractive
    /// one is. Decoding is greedy, so asking again would give the same answer: what fails is
    /// flagged for review.
    pub fn of_translation(
        &self,
        doc: &Document,
        segments: &[TranslatedSegment],
    ) -> Result<(Summary, Stats), Error> {
        let engine = self.engine()?;
        let points = self.options.points;
        let max_tokens = 64 + 40 * points;
        let opts = GenOptions::new().max_tokens(max_tokens);
        // About four characters of English per token; three leaves room. A context that still
        // overflows is retried with the text cut to fit.
        let mut budget = engine.context_length() * 3;
        let cand = loop {
            let english = english_text(segments, budget);
            match engine.generate(&[Request::source(english)], &opts) {
                Ok(mut cands) => break cands.remove(0),
                Err(crate::engine::Error::TooLong { tokens, limit, .. }) if budget > 200 => {
                    budget = budget * limit / tokens.max(1) * 9 / 10;
                }
                Err(source) => {
                    return Err(Error::Engine {
                        segment: "summary".into(),
                        error: source,
                    })
                }
            }
        };
        let mut stats = Stats::default();
        count(&mut stats, &cand);
        let answer = cand.text.trim();
        let mut sentences = answer.unicode_sentences().map(|s| s.trim().to_string());
        let source_text = source_text(doc);
        let hits = article_hits(self.glossary, doc);
        let (mut summary, _) = match sentences.next() {
            Some(lead) => self.verified(lead, sentences.collect(), &source_text, &hits),
            None => no_summary(),
        };
        if cand.finish == Finish::Length {
            flag_cut(&mut summary, max_tokens);
        }
        Ok((summary, stats))
    }

    /// Parses and verifies one answer; returns the summary and the repair instructions.
    fn checked(&self, answer: &str, source_text: &str, hits: &[TermHit]) -> (Summary, Vec<String>) {
        match answer::parse_summary(answer) {
            Some((lead, points)) => self.verified(lead, points, source_text, hits),
            None => no_summary(),
        }
    }

    /// Verifies a summary's lead and points against `source_text` and its terms `hits`
    /// (names and added years mended first; points beyond those asked for dropped); returns
    /// the summary and the repair instructions.
    fn verified(
        &self,
        lead: String,
        points: Vec<String>,
        source_text: &str,
        hits: &[TermHit],
    ) -> (Summary, Vec<String>) {
        let restore = |text: String| mended(source_text, text, self.options.strip_diacritics);
        let lead = restore(lead);
        let points: Vec<String> = points
            .into_iter()
            .take(self.options.points)
            .map(restore)
            .collect();
        let (mut issues, mut repairs) = (Vec::new(), Vec::new());
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

/// The article's Vietnamese, one line per paragraph, title first: what summaries are checked
/// against.
fn source_text(doc: &Document) -> String {
    let mut paragraphs: Vec<String> = doc.title.iter().map(|t| t.text.clone()).collect();
    paragraphs.extend(doc.paragraphs.iter().map(|p| {
        p.sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }));
    paragraphs.join("\n")
}

/// The English of `segments`, one line per paragraph, whole paragraphs from the top within
/// `budget` bytes (a first paragraph longer than that is cut after its last sentence that fits,
/// or at a word).
fn english_text(segments: &[TranslatedSegment], budget: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut last = None;
    for s in segments.iter().filter(|s| !s.target.trim().is_empty()) {
        match lines.last_mut() {
            Some(line) if last == Some(s.paragraph) => {
                line.push(' ');
                line.push_str(s.target.trim());
            }
            _ => lines.push(s.target.trim().to_string()),
        }
        last = Some(s.paragraph);
    }
    let mut out = String::new();
    for line in lines {
        if !out.is_empty() && out.len() + 1 + line.len() > budget {
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    if out.len() > budget {
        let mut end = budget;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        let cut = out[..end]
            .rfind(['.', '!', '?'])
            .map(|i| i + 1)
            .or_else(|| out[..end].rfind(' '))
            .unwrap_or(end);
        out.truncate(cut);
    }
    out
}

/// The summary of an answer that holds none.
fn no_summary() -> (Summary, Vec<String>) {
    (
        Summary {
            mode: "abstractive".into(),
            lead: String::new(),
            points: vec![],
            issues: vec!["the model gave no summary".to_string()],
            status: SegmentStatus::NeedsReview,
        },
        vec!["Answer in the format asked for.".to_string()],
    )
}

/// Flags a summary the engine cut at its limit of `max_tokens`.
fn flag_cut(summary: &mut Summary, max_tokens: usize) {
    summary.issues.push(format!(
        "the model's summary was cut at its limit of {max_tokens} tokens and may be incomplete"
    ));
    summary.status = SegmentStatus::NeedsReview;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::scripted::Scripted;
    use crate::pipeline::translate::tests::glossary;

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
}
