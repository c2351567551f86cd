//! The translate stage's model work for source-text (seq2seq) models: Marian (opus-mt), NLLB,
//! M2M100 and mBART-50 through rust-bert. They take the sentence and nothing else: no
//! instructions, no term list, no examples. So the glossary is enforced around them:
//!
//! 1. **Protect.** Each term is replaced by its required English before translation, and so are
//!    the dates and numbers the source writes the Vietnamese way ("Thủ tướng Chính phủ chủ trì"
//!    → "Prime Minister chủ trì"). Marian-style models mostly copy an English phrase through;
//!    a placeholder (`__T1__`) is a string such models never saw in training, and it would have
//!    to survive the model before it could be restored.
//! 2. **Verify** as for any model: terms, numbers, names, untranslated text, length.
//! 3. **Repair** a segment that still misses a term by translating the Vietnamese between its
//!    terms piece by piece and putting the required renderings between the pieces, so every
//!    term is there by construction. Decoding is greedy, so the same input would give the same
//!    output: one repair, with a different input, is all that can help.
//! 4. What still fails is kept and marked `needs_review` with its reasons.
//!
//! Sentences go to the model in batches, which a seq2seq model decodes side by side.

use super::model_work::{max_tokens, term_spans, with_terms_inlined};
use super::translate::{count, Done, Translator, Work};
use super::Error;
use crate::doc::translated::{Origin, Stats};
use crate::doc::Document;
use crate::engine::{Candidate, Engine, Finish, GenOptions, Request, Timings};

/// Sentences in one call to the model.
const BATCH: usize = 8;

impl Translator<'_> {
    /// Translates the `pending` segments of `work` with a source-text model, in batches;
    /// results come in `pending` order.
    pub(super) fn translate_with_seq2seq(
        &self,
        engine: &dyn Engine,
        doc: &Document,
        work: &[Work],
        pending: &[usize],
        on_segment: &(dyn Fn(usize) + Sync),
    ) -> Result<Vec<Done>, Error> {
        let mut done = Vec::with_capacity(pending.len());
        for chunk in pending.chunks(BATCH) {
            let ws: Vec<&Work> = chunk.iter().map(|&i| &work[i]).collect();
            // Protected: terms, dates and Vietnamese-style numbers in English.
            let inputs: Vec<String> = ws
                .iter()
                .map(|w| {
                    self.first_inlined(doc, w)
                        .unwrap_or_else(|| w.sentence.text.clone())
                })
                .collect();
            let ids: Vec<&str> = ws.iter().map(|w| w.sentence.id.as_str()).collect();
            let limit = ws.iter().map(|w| max_tokens(&w.sentence.text)).max();
            let answers = generate(engine, &ids, inputs, limit.unwrap_or(0))?;
            for (w, answer) in ws.into_iter().zip(answers) {
                done.push(self.enforced(engine, doc, w, answer)?);
                on_segment(1);
            }
        }
        Ok(done)
    }

    /// Verifies the model's first answer for `w` and, when a term is still missing, repairs
    /// it once by translating around the terms; keeps the answer with fewer problems.
    fn enforced(
        &self,
        engine: &dyn Engine,
        doc: &Document,
        w: &Work,
        first: Answer,
    ) -> Result<Done, Error> {
        let mut stats = Stats::default();
        let first = first.counted(&mut stats);
        let mut best = self.verified(
            w,
            first.text.trim().to_string(),
            first.finish == Finish::Length,
        );
        let term_missing = best.1.terms.iter().any(|t| !t.satisfied);
        if term_missing && self.options.max_repairs > 0 {
            let (answer, cut, calls) = self.around_terms(engine, doc, w)?;
            stats.add_model_work(&calls);
            stats.repairs += 1;
            let repaired = self.verified(w, answer, cut);
            if repaired.1.issues.len() < best.1.issues.len() {
                best = repaired;
            }
        }
        let (answer, verdict) = best;
        let origin = Origin::Mt(engine.model_id().to_string());
        let seg = self.segment(w, answer, origin, verdict, stats.model_calls as u32);
        Ok((seg, stats))
    }

    /// `w` translated piece by piece between its terms, each term given its required
    /// rendering: the answer, whether a piece was cut at its limit, and the calls' counters.
    fn around_terms(
        &self,
        engine: &dyn Engine,
        doc: &Document,
        w: &Work,
    ) -> Result<(String, bool, Stats), Error> {
        let original = doc.original_text(w.sentence.span);
        let offset = w.sentence.span.start;
        let mut terms = term_spans(original, offset, w.hits.iter());
        terms.sort_by_key(|&(start, _, _)| start);
        let mut parts: Vec<Part> = Vec::new();
        let mut at = 0;
        for (start, end, target) in terms {
            if start < at {
                continue; // overlaps a term already placed
            }
            parts.push(Part::source(&original[at..start]));
            parts.push(Part::Fixed(target));
            at = end;
        }
        parts.push(Part::source(&original[at..]));

        let asks: Vec<String> = parts
            .iter()
            .filter_map(|p| match p {
                Part::Ask(text) => {
                    Some(with_terms_inlined(text, 0, [].iter()).unwrap_or_else(|| text.clone()))
                }
                Part::Fixed(_) => None,
            })
            .collect();
        let mut stats = Stats::default();
        let mut cut = false;
        let mut answers = if asks.is_empty() {
            Vec::new()
        } else {
            let ids = vec![w.sentence.id.as_str(); asks.len()];
            let limit = asks.iter().map(|a| max_tokens(a)).max().unwrap_or(0);
            generate(engine, &ids, asks, limit)?
        }
        .into_iter();
        let mut pieces = Vec::with_capacity(parts.len());
        for part in parts {
            pieces.push(match part {
                Part::Fixed(text) => text,
                Part::Ask(source) => {
                    let cand = answers
                        .next()
                        .expect("one answer per piece asked")
                        .counted(&mut stats);
                    cut |= cand.finish == Finish::Length;
                    piece_answer(&source, &cand.text)
                }
            });
        }
        Ok((joined(&pieces), cut, stats))
    }
}

/// One piece of a sentence repaired around its terms.
enum Part {
    /// Vietnamese for the model.
    Ask(String),
    /// A term's required rendering, or text with nothing to translate (punctuation).
    Fixed(String),
}

impl Part {
    fn source(text: &str) -> Part {
        if text.chars().any(char::is_alphanumeric) {
            Part::Ask(text.trim().to_string())
        } else {
            Part::Fixed(text.trim().to_string())
        }
    }
}

/// One input's answer: the model's candidate (the parts of an input too long for the model
/// joined into one) and the calls it took.
struct Answer {
    cand: Candidate,
    calls: usize,
}

impl Answer {
    /// Adds the answer's calls and tokens to `stats`; returns its candidate.
    fn counted(self, stats: &mut Stats) -> Candidate {
        count(stats, &self.cand);
        stats.model_calls += self.calls - 1;
        self.cand
    }
}

/// The model's answers for `inputs` (the segments `ids`, one per input), at most `limit`
/// tokens each, in one call. When an input is too long for the model, each goes alone and the
/// long one is translated in parts. A failure names the segment it concerns.
fn generate(
    engine: &dyn Engine,
    ids: &[&str],
    inputs: Vec<String>,
    limit: usize,
) -> Result<Vec<Answer>, Error> {
    let requests: Vec<Request> = inputs.iter().cloned().map(Request::source).collect();
    let opts = GenOptions::new().max_tokens(limit);
    match engine.generate(&requests, &opts) {
        Ok(cands) => Ok(cands
            .into_iter()
            .map(|cand| Answer { cand, calls: 1 })
            .collect()),
        Err(crate::engine::Error::TooLong { .. }) => ids
            .iter()
            .zip(inputs)
            .map(|(id, input)| one(engine, id, input, &opts))
            .collect(),
        Err(error) => {
            let index = match &error {
                crate::engine::Error::Unsupported { index, .. } => *index,
                _ => 0,
            };
            Err(Error::Engine {
                segment: ids.get(index).unwrap_or(&ids[0]).to_string(),
                error,
            })
        }
    }
}

/// The model's answer for one input of segment `id`; an input too long for the model is split
/// in two (at the clause boundary nearest its middle, else at a space) and each half
/// translated the same way.
fn one(engine: &dyn Engine, id: &str, input: String, opts: &GenOptions) -> Result<Answer, Error> {
    let error = match engine.generate(&[Request::source(input.clone())], opts) {
        Ok(mut cands) => {
            return Ok(Answer {
                cand: cands.remove(0),
                calls: 1,
            })
        }
        Err(error) => error,
    };
    let named = |error| Error::Engine {
        segment: id.to_string(),
        error,
    };
    let (left, right) = match (&error, halves(&input)) {
        (crate::engine::Error::TooLong { .. }, Some(halves)) => halves,
        _ => return Err(named(error)),
    };
    let (l, r) = (
        one(engine, id, left.clone(), opts)?,
        one(engine, id, right, opts)?,
    );
    let finish = if l.cand.finish == Finish::Length {
        Finish::Length
    } else {
        r.cand.finish
    };
    let cand = Candidate {
        text: joined(&[piece_answer(&left, &l.cand.text), r.cand.text.clone()]),
        origin: l.cand.origin.clone(),
        prompt_tokens: l.cand.prompt_tokens + r.cand.prompt_tokens,
        cached_tokens: l.cand.cached_tokens + r.cand.cached_tokens,
        generated_tokens: l.cand.generated_tokens + r.cand.generated_tokens,
        finish,
        timings: Timings {
            prompt: l.cand.timings.prompt + r.cand.timings.prompt,
            generation: l.cand.timings.generation + r.cand.timings.generation,
        },
    };
    Ok(Answer {
        cand,
        calls: l.calls + r.calls,
    })
}

/// `text` in two non-empty halves: after the clause mark (`,` `;` `:`) nearest its middle, or
/// else at the space nearest it; `None` for a single word.
fn halves(text: &str) -> Option<(String, String)> {
    let mid = text.len() / 2;
    let nearest = |mark: &dyn Fn(char) -> bool| {
        text.char_indices()
            .filter(|&(_, c)| mark(c))
            .map(|(i, c)| i + c.len_utf8())
            .filter(|&at| at < text.trim_end().len())
            .min_by_key(|&at| at.abs_diff(mid))
    };
    let at =
        nearest(&|c| matches!(c, ',' | ';' | ':')).or_else(|| nearest(&char::is_whitespace))?;
    let (left, right) = (text[..at].trim(), text[at..].trim());
    (!left.is_empty() && !right.is_empty()).then(|| (left.to_string(), right.to_string()))
}

/// A piece's translation as it goes between terms: trimmed, without the full stop a model
/// adds to a piece that does not end a sentence.
fn piece_answer(source: &str, answer: &str) -> String {
    let answer = answer.trim();
    let ends = |s: &str| s.trim_end().ends_with(['.', '!', '?', '…']);
    if !ends(source) && ends(answer) {
        answer.trim_end_matches(['.', '!', '?', '…']).to_string()
    } else {
        answer.to_string()
    }
}

/// Pieces joined with single spaces, none before closing punctuation.
fn joined(pieces: &[String]) -> String {
    let mut out = String::new();
    for piece in pieces.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if !out.is_empty() && !piece.starts_with([',', '.', ';', ':', '!', '?', ')', '…']) {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::doc::translated::SegmentStatus;
    use crate::engine::{Input, Task};
    use crate::pipeline::scripted::Scripted;
    use crate::pipeline::translate::{tests::with_translator, TranslateOptions};
    use std::sync::Arc;

    pub(crate) const ARTICLE: &str = "Hội nghị ngoại giao\n\nThủ tướng Chính phủ chủ trì hội nghị về Chỉ thị số 15 của Ban Bí thư. Hội nghị có 500 đại biểu.\n";

    /// A seq2seq "model" that loses the Prime Minister of a whole sentence but translates the
    /// pieces around the terms (adding a full stop to a piece, as real ones do).
    pub(crate) fn marian() -> Arc<Scripted> {
        Scripted::seq2seq(Task::Translation, |source| {
            match source {
                "Hội nghị ngoại giao" => "Diplomatic conference",
                "Prime Minister chủ trì hội nghị về Directive No. 15 of the Secretariat." => {
                    "The Premier chaired a conference on Directive No. 15 of the Secretariat."
                }
                "chủ trì hội nghị về" => "chaired a conference on.",
                "Hội nghị có 500 đại biểu." => "The conference had 500 delegates.",
                other => panic!("not scripted: {other:?}"),
            }
            .to_string()
        })
    }

    fn translate(
        max_repairs: usize,
    ) -> (
        Vec<crate::doc::translated::TranslatedSegment>,
        Stats,
        Arc<Scripted>,
    ) {
        let engine = marian();
        let options = TranslateOptions {
            max_repairs,
            ..TranslateOptions::default()
        };
        let doc = crate::ingest::clean(ARTICLE, None);
        let out = with_translator(engine.clone(), options, |t| {
            t.translate(&doc, &|_| {}).unwrap()
        });
        (out.segments, out.stats, engine)
    }

    #[test]
    fn a_seq2seq_model_gets_source_text_with_its_terms_protected_and_a_lost_term_is_repaired() {
        let (segments, stats, engine) = translate(2);
        let requests = engine.requests();
        assert!(
            requests.iter().all(|r| matches!(r.input, Input::Source(_))),
            "a chat request reached the seq2seq model: {requests:#?}"
        );
        assert_eq!(
            engine.asked(),
            [
                "Hội nghị ngoại giao",
                "Prime Minister chủ trì hội nghị về Directive No. 15 of the Secretariat.",
                "Hội nghị có 500 đại biểu.",
                "chủ trì hội nghị về",
            ],
            "first tries in one batch, in document order, terms in English; then the repair's piece"
        );
        let targets: Vec<(&str, &str, SegmentStatus, u32)> = segments
            .iter()
            .map(|s| (s.id.as_str(), s.target.as_str(), s.status, s.model_calls))
            .collect();
        assert_eq!(
            targets,
            [
                ("title", "Diplomatic conference", SegmentStatus::Ok, 1),
                (
                    "p1.s1",
                    "Prime Minister chaired a conference on Directive No. 15 of the Secretariat.",
                    SegmentStatus::Ok,
                    2
                ),
                (
                    "p1.s2",
                    "The conference had 500 delegates.",
                    SegmentStatus::Ok,
                    1
                ),
            ]
        );
        assert!(segments
            .iter()
            .all(|s| s.origin == Origin::Mt("scripted-seq2seq".into())));
        assert_eq!((stats.model_calls, stats.repairs), (4, 1));
    }

    #[test]
    fn a_term_the_model_lost_without_repair_is_flagged_with_its_reason() {
        let (segments, stats, engine) = translate(0);
        let seg = &segments[1];
        assert_eq!(seg.status, SegmentStatus::NeedsReview);
        assert_eq!(
            seg.target, "The Premier chaired a conference on Directive No. 15 of the Secretariat.",
            "the model's text is kept for the reviewer"
        );
        assert!(
            seg.issues.iter().any(|i| i.contains("Prime Minister")),
            "{:?}",
            seg.issues
        );
        assert_eq!(
            (stats.model_calls, stats.repairs, engine.requests().len()),
            (3, 0, 3)
        );
    }

    #[test]
    fn a_sentence_too_long_for_the_model_is_translated_in_parts() {
        let clause = "các tỉnh báo cáo kết quả";
        let long = format!("{}.", vec![clause; 30].join(", "));
        let engine = Scripted::seq2seq(Task::Translation, |source| {
            format!(
                "the provinces reported ({} clauses).",
                source.matches("tỉnh").count()
            )
        });
        let doc = crate::ingest::clean(&format!("Hội nghị\n\n{long}\n"), None);
        let out = with_translator(engine.clone(), TranslateOptions::default(), |t| {
            t.translate(&doc, &|_| {}).unwrap()
        });
        let seg = out.segments.iter().find(|s| s.id == "p1.s1").unwrap();
        let parts: Vec<usize> = seg
            .target
            .split("the provinces reported (")
            .skip(1)
            .map(|p| p.split(' ').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(
            parts.iter().sum::<usize>(),
            30,
            "every clause translated once: {}",
            seg.target
        );
        assert!(
            parts.len() > 1 && parts.iter().all(|&n| n < 30),
            "{parts:?}"
        );
        assert_eq!(seg.model_calls as usize, parts.len());
        let asked = engine.asked();
        assert!(asked.iter().filter(|a| a.chars().count() <= 512).count() >= parts.len());
    }

    #[test]
    fn a_long_input_is_halved_at_the_clause_nearest_its_middle() {
        let halved = |t: &str| halves(t).map(|(a, b)| format!("{a} | {b}"));
        assert_eq!(
            halved("Hội nghị khai mạc, các đại biểu thảo luận, rồi bế mạc lúc 17 giờ.").as_deref(),
            Some("Hội nghị khai mạc, các đại biểu thảo luận, | rồi bế mạc lúc 17 giờ.")
        );
        assert_eq!(
            halved("một hai ba bốn").as_deref(),
            Some("một hai | ba bốn")
        );
        assert_eq!(halved("một,"), None, "nothing after the mark");
        assert_eq!(halved("Việt"), None);
    }

    #[test]
    fn pieces_are_joined_as_a_sentence() {
        let pieces = [
            "Prime Minister".to_string(),
            "chaired a conference on".to_string(),
            "Directive No. 15 of the Secretariat".to_string(),
            ".".to_string(),
        ];
        assert_eq!(
            joined(&pieces),
            "Prime Minister chaired a conference on Directive No. 15 of the Secretariat."
        );
    }

    #[test]
    fn a_piece_loses_the_full_stop_only_where_its_source_has_none() {
        assert_eq!(
            piece_answer("chủ trì hội nghị về", " chaired a meeting on. "),
            "chaired a meeting on"
        );
        assert_eq!(piece_answer("họp.", "met."), "met.");
    }
}
