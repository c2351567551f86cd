//! The translate stage's model work. The segments the TM leaves go to the model one at a time,
//! or with [`TranslateOptions::paragraph_asks`](super::translate::TranslateOptions) as first
//! tries of whole paragraphs (consecutive sentences of one paragraph, each answered on its own
//! line after its id) and then one at a time: a sentence that fails verification, or that the
//! paragraph's answer left out, gets its own asks with the problems named and its missing
//! terms in English.
//! As many asks run at once as the engine decodes side by side, from one queue, so a repair
//! never holds the others up.

use super::answer;
use super::article::ArticleContext;
use super::check::{check_segment, mended, Verdict};
use super::prompt::{ParagraphAsk, TranslationAsk};
use super::translate::{count, required_terms, Done, Translator, Work};
use super::Error;
use crate::doc::translated::{Origin, Stats};
use crate::doc::Document;
use crate::engine::{Engine, Example, Finish, GenOptions};
use crate::glossary::TermHit;
use crate::verify::numbers::{read_vietnamese, Mention, Value};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};

/// At most this many sentences are asked for in one request...
const PARAGRAPH_SENTENCES: usize = 6;
/// ...and at most this many characters of Vietnamese, so that an answer stays short enough
/// for the model to keep aligned.
const PARAGRAPH_CHARS: usize = 1200;

/// One job of the queue; positions index `pending`.
enum Job {
    /// First tries of several sentences of one paragraph, in one ask.
    Paragraph(Vec<usize>),
    /// One sentence: its first try given by a paragraph's answer, or still to ask.
    Sentence(usize, Option<String>),
}

/// The queue the workers share, and how many jobs are being worked on (they may add more).
struct Queue {
    jobs: VecDeque<Job>,
    busy: usize,
}

impl Translator<'_> {
    /// Translates the `pending` segments of `work` with the model. Results come in `pending`
    /// order, with the counters of paragraph asks (shared by several segments) apart; the
    /// first error stops the workers and is returned.
    pub(super) fn translate_pending(
        &self,
        engine: &dyn Engine,
        cx: &ArticleContext,
        doc: &Document,
        work: &[Work],
        pending: &[usize],
        on_segment: &(dyn Fn(usize) + Sync),
    ) -> Result<(Vec<Done>, Stats), Error> {
        let queue = Mutex::new(Queue {
            jobs: self.first_jobs(work, pending).into(),
            busy: 0,
        });
        let ready = Condvar::new();
        let failed = AtomicBool::new(false);
        let shared = Mutex::new(Stats::default());
        let results: Mutex<Vec<Option<Result<Done, Error>>>> =
            Mutex::new((0..pending.len()).map(|_| None).collect());
        let record = |k: usize, result: Result<Done, Error>| {
            failed.fetch_or(result.is_err(), Ordering::Relaxed);
            if result.is_ok() {
                on_segment(1);
            }
            results.lock().expect("no worker panics holding it")[k] = Some(result);
        };
        let workers = engine.info().parallel.clamp(1, pending.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    while let Some(job) = next_job(&queue, &ready, &failed) {
                        match job {
                            Job::Sentence(k, first) => {
                                let w = &work[pending[k]];
                                record(k, self.translate_one(engine, cx, doc, w, first));
                            }
                            Job::Paragraph(ks) => {
                                let ws: Vec<&Work> =
                                    ks.iter().map(|&k| &work[pending[k]]).collect();
                                match self.ask_paragraph(engine, cx, doc, &ws) {
                                    Ok((answers, stats)) => {
                                        let mut q = queue.lock().expect("no worker panics");
                                        for (&k, answer) in ks.iter().zip(answers).rev() {
                                            q.jobs.push_front(Job::Sentence(k, answer));
                                        }
                                        shared
                                            .lock()
                                            .expect("no worker panics")
                                            .add_model_work(&stats);
                                    }
                                    Err(e) => record(ks[0], Err(e)),
                                }
                            }
                        }
                        queue.lock().expect("no worker panics holding it").busy -= 1;
                        ready.notify_all();
                    }
                    ready.notify_all();
                });
            }
        });
        // Without an error every segment is done; with one, the first in document order is told.
        let results = results.into_inner().expect("no worker panics holding it");
        let done = results
            .into_iter()
            .flatten()
            .collect::<Result<Vec<Done>, Error>>()?;
        Ok((
            done,
            shared.into_inner().expect("no worker panics holding it"),
        ))
    }

    /// The first jobs: runs of consecutive pending sentences of one body paragraph, without TM
    /// examples (those are asked alone, with their examples), as paragraph asks; every other
    /// segment alone.
    fn first_jobs(&self, work: &[Work], pending: &[usize]) -> Vec<Job> {
        let alone = |i: usize| work[i].paragraph == 0 || !work[i].examples.is_empty();
        let mut runs: Vec<Vec<usize>> = Vec::new();
        let mut chars = 0;
        for (k, &i) in pending.iter().enumerate() {
            let size = work[i].sentence.text.chars().count();
            let joins = |run: &Vec<usize>| {
                let last = pending[*run.last().expect("runs are never empty")];
                !alone(i)
                    && !alone(last)
                    && last + 1 == i
                    && work[last].paragraph == work[i].paragraph
                    && run.len() < PARAGRAPH_SENTENCES
                    && chars + size <= PARAGRAPH_CHARS
            };
            match runs.last_mut() {
                Some(run) if self.options.paragraph_asks && joins(run) => {
                    run.push(k);
                    chars += size;
                }
                _ => {
                    runs.push(vec![k]);
                    chars = size;
                }
            }
        }
        runs.into_iter()
            .map(|run| match run[..] {
                [k] => Job::Sentence(k, None),
                _ => Job::Paragraph(run),
            })
            .collect()
    }

    /// One ask for the first tries of several sentences of a paragraph: each sentence's
    /// answer, or `None` where the answer left it out (or was cut before it ended), and the
    /// ask's counters.
    fn ask_paragraph(
        &self,
        engine: &dyn Engine,
        cx: &ArticleContext,
        doc: &Document,
        ws: &[&Work],
    ) -> Result<(Vec<Option<String>>, Stats), Error> {
        let texts: Vec<String> = ws
            .iter()
            .map(|w| {
                self.first_inlined(doc, w)
                    .unwrap_or_else(|| w.sentence.text.clone())
            })
            .collect();
        let sentences: Vec<(&str, &str)> = ws
            .iter()
            .zip(&texts)
            .map(|(w, t)| (w.sentence.id.as_str(), t.as_str()))
            .collect();
        let hits: Vec<TermHit> = ws.iter().flat_map(|w| w.hits.iter().cloned()).collect();
        let terms = required_terms(&hits);
        let ask = ParagraphAsk {
            sentences: &sentences,
            inlined: self.options.inline_terms,
            terms: &terms,
        };
        let max_tokens: usize = ws.iter().map(|w| max_tokens(&w.sentence.text)).sum();
        let first_id = sentences[0].0;
        let cand = engine
            .generate(
                &[cx.translate_paragraph(&ask)],
                &GenOptions::new().max_tokens(max_tokens),
            )
            .map_err(|source| Error::Engine {
                segment: first_id.to_string(),
                error: source,
            })?
            .remove(0);
        let mut stats = Stats::default();
        count(&mut stats, &cand);
        let ids: Vec<&str> = sentences.iter().map(|(id, _)| *id).collect();
        let mut answers = answer::parse_lines(&cand.text, &ids);
        if cand.finish == Finish::Length {
            // The last sentence answered may be the one cut off: it is asked again alone.
            if let Some(last) = answers.iter_mut().rev().find(|a| a.is_some()) {
                *last = None;
            }
        }
        Ok((answers, stats))
    }

    /// The model's `answer` for `w`, its names and added years mended, and its verdict: an
    /// empty answer fails, and one the engine `cut` at its limit is flagged.
    pub(super) fn verified(&self, w: &Work, answer: String, cut: bool) -> (String, Verdict) {
        let text = w.sentence.text.as_str();
        let answer = mended(text, answer, self.options.strip_diacritics);
        let mut verdict = if answer.is_empty() {
            Verdict::failed("the model gave no translation")
        } else {
            check_segment(text, &answer, &w.hits, self.options.strip_diacritics)
        };
        if cut {
            verdict.cut_at(max_tokens(text));
        }
        (answer, verdict)
    }

    /// A segment's text for its first try with its terms in English, when terms are inlined
    /// and it has some.
    pub(super) fn first_inlined(&self, doc: &Document, w: &Work) -> Option<String> {
        let original = doc.original_text(w.sentence.span);
        (self.options.inline_terms)
            .then(|| with_terms_inlined(original, w.sentence.span.start, w.hits.iter()))
            .flatten()
    }

    /// One segment through the model: its first try (`first`, from a paragraph's answer, or a
    /// short ask of its own on the article context), verified, then repaired with a fresh ask
    /// that names the problems and gives the sentence with its missing terms in English (a
    /// follow-up turn makes a small model repeat itself). The answer with the fewest problems
    /// is kept.
    fn translate_one(
        &self,
        engine: &dyn Engine,
        cx: &ArticleContext,
        doc: &Document,
        w: &Work,
        mut first: Option<String>,
    ) -> Result<Done, Error> {
        let id = w.sentence.id.as_str();
        let text = w.sentence.text.as_str();
        let terms = required_terms(&w.hits);
        let examples: Vec<Example> = w
            .examples
            .iter()
            .map(|m| Example {
                source: m.unit.source.clone(),
                target: m.unit.target.clone(),
            })
            .collect();
        let max_tokens = max_tokens(text);
        let options = GenOptions::new()
            .max_tokens(max_tokens)
            .stop(vec!["\n\n".to_string()]);
        let mut stats = Stats::default();
        let shared_ask = u32::from(first.is_some());
        let mut best: Option<(String, Verdict)> = None;
        let original = doc.original_text(w.sentence.span);
        let offset = w.sentence.span.start;
        let mut inlined = self.first_inlined(doc, w);
        let mut problems: Vec<String> = Vec::new();
        for round in 0..=self.options.max_repairs {
            let (answer, cut) = match first.take() {
                Some(answer) => (Some(answer), false),
                None => {
                    let ask = TranslationAsk {
                        id,
                        text,
                        terms: &terms,
                        examples: &examples,
                        problems: &problems,
                        inlined: inlined.as_deref(),
                    };
                    let cand = engine
                        .generate(&[cx.translate(&ask)], &options)
                        .map_err(|source| Error::Engine {
                            segment: id.to_string(),
                            error: source,
                        })?
                        .remove(0);
                    count(&mut stats, &cand);
                    stats.repairs += usize::from(round > 0);
                    (answer::parse_one(&cand.text), cand.finish == Finish::Length)
                }
            };
            let (answer, verdict) = self.verified(w, answer.unwrap_or_default(), cut);
            let done = verdict.issues.is_empty();
            if !done {
                problems = verdict.repairs.clone();
                // The repair gives the sentence itself, its missing terms in English.
                let missing = w.hits.iter().zip(&verdict.terms);
                let missing = missing.filter(|(_, t)| !t.satisfied).map(|(h, _)| h);
                inlined = with_terms_inlined(original, offset, missing)
                    .or_else(|| Some(text.to_string()));
            }
            if best
                .as_ref()
                .is_none_or(|(_, v)| verdict.issues.len() < v.issues.len())
            {
                best = Some((answer, verdict));
            }
            if done {
                break;
            }
        }
        let (answer, verdict) = best.expect("at least one try");
        let origin = Origin::Mt(engine.model_id().to_string());
        let calls = shared_ask + stats.model_calls as u32;
        let seg = self.segment(w, answer, origin, verdict, calls);
        Ok((seg, stats))
    }
}

/// The next job for a worker: waits while the queue is empty but other workers may still add
/// to it; `None` when all is done or a worker failed.
fn next_job(queue: &Mutex<Queue>, ready: &Condvar, failed: &AtomicBool) -> Option<Job> {
    let mut q = queue.lock().expect("no worker panics holding it");
    loop {
        if failed.load(Ordering::Relaxed) {
            return None;
        }
        if let Some(job) = q.jobs.pop_front() {
            q.busy += 1;
            return Some(job);
        }
        if q.busy == 0 {
            return None;
        }
        q = ready.wait(q).expect("no worker panics holding it");
    }
}

/// The token limit of one sentence's answer: half its characters (about a token per two
/// characters of English), plus room for a long name or number.
pub(super) fn max_tokens(text: &str) -> usize {
    text.chars().count() / 2 + 48
}

/// The segment's original text (starting at byte `offset` of the document) with the terms of
/// `hits` replaced by their required English, and the dates and numbers it writes the
/// Vietnamese way by their English form (`2/4` → "April 2", `21-12` → "December 21", `36,6 tỷ`
/// → "36.6 billion"): a small model keeps an English phrase already in place far more reliably
/// than it follows a list of terms, and it reads `2/4` as February 4 and `36,6` as two numbers.
/// `None` when nothing is replaced.
pub(super) fn with_terms_inlined<'h, 'g: 'h>(
    original: &str,
    offset: usize,
    hits: impl Iterator<Item = &'h TermHit<'g>>,
) -> Option<String> {
    let terms = term_spans(original, offset, hits);
    let numbers = read_vietnamese(original)
        .into_iter()
        .filter(written_the_vietnamese_way)
        .map(|m| (m.span.start, m.span.end, m.english))
        .filter(|(s, e, _)| !terms.iter().any(|(ts, te, _)| s < te && ts < e));
    let mut swaps: Vec<(usize, usize, String)> = terms.iter().cloned().chain(numbers).collect();
    swaps.sort_by_key(|(start, _, _)| *start);
    let mut out = String::with_capacity(original.len());
    let mut at = 0;
    for (start, end, english) in swaps {
        if start < at {
            continue; // overlaps what was already replaced
        }
        out.push_str(&original[at..start]);
        out.push_str(&english);
        at = end;
    }
    (at > 0).then(|| out + &original[at..])
}

/// Where the terms of `hits` with a rendering are in the segment's `original` text (starting
/// at byte `offset` of the document), with their required English.
pub(super) fn term_spans<'h, 'g: 'h>(
    original: &str,
    offset: usize,
    hits: impl Iterator<Item = &'h TermHit<'g>>,
) -> Vec<(usize, usize, String)> {
    hits.filter_map(|h| {
        let (start, end) = (
            h.span.start.checked_sub(offset)?,
            h.span.end.checked_sub(offset)?,
        );
        (end <= original.len() && !h.target.trim().is_empty())
            .then(|| (start, end, h.target.to_string()))
    })
    .collect()
}

/// A date, or a number with Vietnamese separators (`36,6`, `1.000`), whose English form is
/// not what the source writes.
fn written_the_vietnamese_way(m: &Mention) -> bool {
    let date =
        matches!(m.readings.first(), Some(Value::Date(d)) if d.day.is_some() || d.month.is_some());
    let separated = m.text.contains([',', '.'])
        && matches!(
            m.readings.first(),
            Some(Value::Quantity(_) | Value::Percent(_) | Value::Range(..))
        );
    !m.spelled && (date || separated) && !m.english.is_empty() && m.english != m.text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::translated::SegmentStatus;
    use crate::pipeline::scripted::Scripted;
    use crate::pipeline::translate::tests::{glossary, with_translator};
    use crate::pipeline::translate::TranslateOptions;

    const ARTICLE: &str = "Hội nghị ngoại giao\n\nBan Bí thư họp. Hội nghị có 500 đại biểu. Các tỉnh báo cáo.\n\nThủ tướng Chính phủ kết luận.\n";

    /// Translates [`ARTICLE`] with answers by what is asked: the paragraph's answer leaves out
    /// `p1.s2`; every other ask is answered faithfully.
    fn translate(paragraph_asks: bool) -> (Vec<String>, Vec<(String, String, u32)>, Stats) {
        let engine = Scripted::by(|r| {
            let ask = &r.suffix()[0].content;
            let text = if ask.contains("[p1.s1], [p1.s2], [p1.s3]") {
                "Here are the translations:\n[p1.s1] The Secretariat met.\n\n[p1.s3] The provinces reported."
            } else if ask.contains("[p1.s1]") {
                "The Secretariat met."
            } else if ask.contains("[p1.s2]") {
                "The conference had 500 delegates."
            } else if ask.contains("[p1.s3]") {
                "The provinces reported."
            } else if ask.contains("[p2.s1]") {
                "The Prime Minister concluded."
            } else {
                "Diplomatic conference"
            };
            (text.to_string(), Finish::End)
        });
        let options = TranslateOptions {
            paragraph_asks,
            ..TranslateOptions::default()
        };
        let doc = crate::ingest::clean(ARTICLE, None);
        let all: Vec<_> = doc.sentences().collect();
        let (segments, stats) = with_translator(engine.clone(), options, |t| {
            t.translate_sentences(&doc, &all, &|_| {}).unwrap()
        });
        for s in &segments {
            assert_eq!(s.status, SegmentStatus::Ok, "{}: {:?}", s.id, s.issues);
        }
        let segments = segments
            .into_iter()
            .map(|s| (s.id, s.target, s.model_calls))
            .collect();
        (engine.asked(), segments, stats)
    }

    #[test]
    fn terms_dates_and_vietnamese_numbers_are_inlined_in_english() {
        let g = glossary();
        let text =
            "Ngày 2/4, Ban Bí thư nhắc lại Chỉ thị số 15 của Ban Bí thư về mức tăng 36,6 tỷ USD.";
        let inlined = with_terms_inlined(text, 0, g.find(text).iter()).unwrap();
        for want in [
            "April 2",
            "Secretariat",
            "Directive No. 15 of the Secretariat",
            "36.6",
        ] {
            assert!(inlined.contains(want), "{want:?} not in {inlined:?}");
        }
        for gone in ["2/4", "36,6", "Ban Bí thư"] {
            assert!(!inlined.contains(gone), "{gone:?} still in {inlined:?}");
        }
        // Numbers written the English way already, and sentences without terms or such
        // numbers, are left as they are.
        assert_eq!(
            with_terms_inlined("Hội nghị có 500 đại biểu.", 0, [].iter()),
            None
        );
    }

    #[test]
    fn a_paragraph_is_asked_once_and_a_sentence_its_answer_left_out_is_asked_alone() {
        let (asked, segments, stats) = translate(true);
        let owned = |id: &str, text: &str, calls: u32| (id.to_string(), text.to_string(), calls);
        assert_eq!(
            segments,
            [
                owned("title", "Diplomatic conference", 1),
                owned("p1.s1", "The Secretariat met.", 1),
                owned("p1.s2", "The conference had 500 delegates.", 1),
                owned("p1.s3", "The provinces reported.", 1),
                owned("p2.s1", "The Prime Minister concluded.", 1),
            ],
            "in document order, each from its own line of the answer"
        );
        // Title, paragraph 1, p1.s2 alone, paragraph 2 (one sentence: asked alone).
        assert_eq!((stats.model_calls, stats.repairs), (4, 0), "{asked:#?}");
        let paragraph = asked
            .iter()
            .find(|a| a.contains("[p1.s1], [p1.s2], [p1.s3]"))
            .expect("one ask for paragraph 1");
        // Each sentence on its line after its id, its terms already in English.
        assert!(
            paragraph.contains("\n[p1.s1] Secretariat họp.\n[p1.s2] Hội nghị có 500 đại biểu.\n[p1.s3] Các tỉnh báo cáo."),
            "{paragraph}"
        );
        assert!(asked
            .iter()
            .any(|a| a.contains("Translate [p1.s2] into English")));
    }

    #[test]
    fn without_paragraph_asks_every_sentence_is_asked_alone() {
        let (asked, segments, stats) = translate(false);
        assert_eq!(stats.model_calls, 5, "{asked:#?}");
        assert!(asked.iter().all(|a| !a.contains("one line per sentence")));
        assert_eq!(segments[2].1, "The conference had 500 delegates.");
    }
}
