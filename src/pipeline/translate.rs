//! The translate stage: per segment, in document order, the TM first (exact, context, fuzzy
//! above the reuse threshold), then the model: a chat model with the required terms, context
//! and TM examples as data (`model_work`), a source-text model with the terms put in place
//! (`seq2seq`); every output verified (terms, numbers, names, untranslated text, length) and
//! repaired with the failures named; what still fails is kept and marked `needs_review`.

use super::article::ArticleContext;
use super::check::{check_segment, Verdict};
use super::lazy_engine::LazyEngine;
use super::Error;
use crate::doc::translated::{Origin, SegmentStatus, Stats, TranslatedDocument, TranslatedSegment};
use crate::doc::{Document, Sentence};
use crate::engine::{Candidate, InputKind, Term};
use crate::glossary::{Glossary, TermHit};
use crate::tm::{Duplicates, MatchKind, MatchOptions, Query, Tm, TmMatch, Unit};
use std::time::Instant;

/// Settings of the translate stage.
#[derive(Debug, Clone)]
pub struct TranslateOptions {
    /// A fuzzy TM match at or above this score is reused without the model (default 95).
    pub reuse_threshold: u32,
    /// TM matches at or above this score go to the model as examples (default 60).
    pub example_threshold: u32,
    /// How many TM examples a prompt carries at most.
    pub max_examples: usize,
    /// Repair rounds after the first try.
    pub max_repairs: usize,
    /// Write person and place names without Vietnamese diacritics, as the official English-language
    /// media do ("Pham Minh Chinh"; the default); `false` keeps them as the source writes them.
    pub strip_diacritics: bool,
    /// Store model translations in the TM as drafts (origin `mt:<model>`), so a rerun reuses them.
    pub learn: bool,
    /// Give the model each sentence with its terms already in English on the first try, not
    /// only in repairs (default true).
    pub inline_terms: bool,
    /// Ask for the first tries of a paragraph's sentences in one request, each answered on a
    /// line after its id (default false: with the default model on corpus article 000 this
    /// took more calls and tokens than asking for each sentence alone; see BENCHMARKS.md).
    pub paragraph_asks: bool,
    /// Source and target language codes.
    pub source_lang: String,
    /// Target language code.
    pub target_lang: String,
}

impl Default for TranslateOptions {
    fn default() -> Self {
        TranslateOptions {
            reuse_threshold: 95,
            example_threshold: 60,
            max_examples: 2,
            max_repairs: 2,
            strip_diacritics: true,
            learn: false,
            inline_terms: true,
            paragraph_asks: false,
            source_lang: "vi".into(),
            target_lang: "en".into(),
        }
    }
}

/// What a translation needs: the glossary, optionally a TM and a model.
pub struct Translator<'a> {
    /// Terms to find and enforce.
    pub glossary: &'a Glossary,
    /// The translation memory, consulted before the model.
    pub tm: Option<&'a Tm>,
    /// The model, for segments the TM does not cover.
    pub engine: Option<&'a LazyEngine>,
    /// Settings.
    pub options: TranslateOptions,
}

/// One segment on its way through the stage.
pub(super) struct Work<'d, 'g> {
    pub(super) sentence: &'d Sentence,
    pub(super) paragraph: usize,
    pub(super) hits: Vec<TermHit<'g>>,
    pub(super) examples: Vec<TmMatch>,
    result: Option<TranslatedSegment>,
}

/// A segment the model translated, with the counters of its own calls.
pub(super) type Done = (TranslatedSegment, Stats);

/// Paragraph number of a sentence id: `title` → 0, `p3.s2` / `r1.p3.s2` → 3.
fn paragraph_of(id: &str) -> usize {
    id.rsplit('.')
        .find_map(|part| part.strip_prefix('p').and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

impl<'a> Translator<'a> {
    /// Translates every segment of `doc` (title first). `on_segment` is called as segments
    /// finish, for progress.
    pub fn translate(
        &self,
        doc: &Document,
        on_segment: &(dyn Fn(usize) + Sync),
    ) -> Result<TranslatedDocument, Error> {
        let started = Instant::now();
        let sentences: Vec<&Sentence> = doc.sentences().collect();
        self.translate_sentences(doc, &sentences, on_segment)
            .map(|(segments, mut stats)| {
                stats.seconds = started.elapsed().as_secs_f64();
                TranslatedDocument {
                    path: doc
                        .path
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| "-".into()),
                    source_lang: self.options.source_lang.clone(),
                    target_lang: self.options.target_lang.clone(),
                    date: doc.date.as_ref().map(|d| d.text.clone()),
                    date_english: doc
                        .date
                        .as_ref()
                        .and_then(|d| crate::text::date::english(&d.text)),
                    source: doc.source.as_ref().map(|s| s.text.clone()),
                    segments,
                    summary: None,
                    model: self
                        .engine
                        .filter(|e| e.is_loaded())
                        .map(|e| e.name().to_string()),
                    stats,
                    parent: None,
                }
            })
    }

    /// Translates the given sentences of `doc` (a subset for extractive summaries), returning
    /// the segments in the given order and the counters.
    pub fn translate_sentences(
        &self,
        doc: &Document,
        sentences: &[&Sentence],
        on_segment: &(dyn Fn(usize) + Sync),
    ) -> Result<(Vec<TranslatedSegment>, Stats), Error> {
        let all: Vec<&Sentence> = doc.sentences().collect();
        let mut stats = Stats {
            segments: sentences.len(),
            ..Stats::default()
        };
        let mut work: Vec<Work> = Vec::with_capacity(sentences.len());
        for s in sentences {
            let original = doc.original_text(s.span);
            let hits: Vec<TermHit> = self
                .glossary
                .find(original)
                .into_iter()
                .map(|mut h| {
                    h.span = h.span.shift(s.span.start);
                    h
                })
                .collect();
            let mut w = Work {
                sentence: s,
                paragraph: paragraph_of(&s.id),
                hits,
                examples: vec![],
                result: None,
            };
            if let Some(tm) = self.tm {
                let at = all.iter().position(|x| x.id == s.id);
                let neighbour = |d: isize| {
                    at.and_then(|i| all.get(i.checked_add_signed(d)?))
                        .map(|x| x.text.as_str())
                };
                let query = Query::new(
                    &s.text,
                    &self.options.source_lang,
                    &self.options.target_lang,
                )
                .with_context(neighbour(-1), neighbour(1));
                let opts = MatchOptions {
                    threshold: self.options.example_threshold as u8,
                    max: self.options.max_examples.max(1),
                    ..MatchOptions::default()
                };
                let matches = tm.lookup(&query, &opts).map_err(|source| Error::Tm {
                    segment: s.id.clone(),
                    error: source,
                })?;
                match matches.first() {
                    Some(m) if self.reusable(m) => {
                        w.result = Some(self.tm_segment(&w, m));
                        stats.tm_reused += 1;
                        on_segment(1);
                    }
                    _ => w.examples = matches,
                }
            }
            work.push(w);
        }

        let pending: Vec<usize> = (0..work.len())
            .filter(|&i| work[i].result.is_none())
            .collect();
        if !pending.is_empty() {
            let engine = self
                .engine
                .ok_or_else(|| Error::NoEngine {
                    segment: work[pending[0]].sentence.id.clone(),
                })?
                .get()?;
            let (done, shared) = match engine.input_kind() {
                InputKind::Chat => {
                    let cx = ArticleContext::new(
                        doc,
                        &required_terms(&article_hits(self.glossary, doc)),
                        engine.context_length(),
                    );
                    self.translate_pending(engine, &cx, doc, &work, &pending, on_segment)?
                }
                InputKind::Source => {
                    let done =
                        self.translate_with_seq2seq(engine, doc, &work, &pending, on_segment)?;
                    (done, Stats::default())
                }
            };
            stats.add_model_work(&shared);
            let results: Vec<TranslatedSegment> = done
                .into_iter()
                .map(|(seg, s)| {
                    stats.add_model_work(&s);
                    seg
                })
                .collect();
            if self.options.learn {
                self.learn(&all, &results, engine.model_id())
                    .map_err(|source| Error::Tm {
                        segment: results[0].id.clone(),
                        error: source,
                    })?;
            }
            for (&i, seg) in pending.iter().zip(results) {
                work[i].result = Some(seg);
            }
        }

        let segments: Vec<TranslatedSegment> = work
            .into_iter()
            .map(|w| w.result.expect("every segment translated"))
            .collect();
        for s in &segments {
            stats.terms_checked += s.terms.len();
            stats.terms_satisfied += s.terms.iter().filter(|t| t.satisfied).count();
            stats.needs_review += usize::from(s.status == SegmentStatus::NeedsReview);
        }
        Ok((segments, stats))
    }

    /// Stores model translations in the TM as drafts, with their neighbours as context.
    fn learn(
        &self,
        all: &[&Sentence],
        segments: &[TranslatedSegment],
        model: &str,
    ) -> Result<(), crate::tm::TmError> {
        let Some(tm) = self.tm else { return Ok(()) };
        let units: Vec<Unit> = segments
            .iter()
            .filter(|s| !s.target.trim().is_empty())
            .map(|s| {
                let at = all.iter().position(|x| x.id == s.id);
                let neighbour = |d: isize| {
                    at.and_then(|i| all.get(i.checked_add_signed(d)?))
                        .map(|x| x.text.as_str())
                };
                let mut unit = Unit::new(
                    &self.options.source_lang,
                    &self.options.target_lang,
                    &s.source,
                    &s.target,
                )
                .with_context(neighbour(-1), neighbour(1));
                unit.origin = crate::tm::Origin::Mt(model.to_string());
                unit.status = crate::tm::Status::Draft;
                unit
            })
            .collect();
        tm.add_batch(&units, Duplicates::KeepBoth)?;
        Ok(())
    }

    fn reusable(&self, m: &TmMatch) -> bool {
        matches!(
            m.kind,
            MatchKind::Exact | MatchKind::Context | MatchKind::Case
        ) || u32::from(m.score) >= self.options.reuse_threshold
    }

    fn tm_segment(&self, w: &Work, m: &TmMatch) -> TranslatedSegment {
        let origin = match m.kind {
            MatchKind::Context => Origin::TmContext,
            MatchKind::Exact | MatchKind::Case => Origin::TmExact,
            _ => Origin::TmFuzzy,
        };
        let target = m.proposal.clone();
        let verdict = check_segment(
            &w.sentence.text,
            &target,
            &w.hits,
            self.options.strip_diacritics,
        );
        let mut seg = self.segment(w, target, origin, verdict, 0);
        seg.score = Some(u32::from(m.score));
        if crate::text::normalize::key(&m.unit.source)
            != crate::text::normalize::key(&w.sentence.text)
        {
            seg.tm_source = Some(m.unit.source.clone());
        }
        seg
    }

    pub(super) fn segment(
        &self,
        w: &Work,
        target: String,
        origin: Origin,
        verdict: Verdict,
        model_calls: u32,
    ) -> TranslatedSegment {
        let status = if verdict.issues.is_empty() {
            SegmentStatus::Ok
        } else {
            SegmentStatus::NeedsReview
        };
        TranslatedSegment {
            id: w.sentence.id.clone(),
            paragraph: w.paragraph,
            source: w.sentence.text.clone(),
            target,
            origin,
            score: None,
            tm_source: None,
            terms: verdict.terms,
            issues: verdict.issues,
            status,
            span: w.sentence.span,
            model_calls,
        }
    }
}

/// The required renderings of a segment's terms, each once, for the prompt.
pub fn required_terms(hits: &[TermHit]) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    for h in hits {
        if h.target.trim().is_empty()
            || out
                .iter()
                .any(|t| t.source == h.text && t.target == h.target)
        {
            continue;
        }
        out.push(Term {
            source: h.text.clone(),
            target: h.target.to_string(),
        });
    }
    out
}

/// The article's terms: every glossary hit in the title and body.
pub fn article_hits<'g>(glossary: &'g Glossary, doc: &Document) -> Vec<TermHit<'g>> {
    doc.sentences()
        .flat_map(|s| glossary.find(doc.original_text(s.span)))
        .collect()
}

/// Adds one model call's token counts and timings to `stats`: the prompt tokens the engine
/// evaluated, apart from those it reused from its cache.
pub fn count(stats: &mut Stats, cand: &Candidate) {
    stats.model_calls += 1;
    stats.prompt_tokens += cand.prompt_tokens.saturating_sub(cand.cached_tokens);
    stats.cached_tokens += cand.cached_tokens;
    stats.generated_tokens += cand.generated_tokens;
    stats.prompt_seconds += cand.timings.prompt.as_secs_f64();
    stats.generation_seconds += cand.timings.generation.as_secs_f64();
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::glossary::{formats, LoadOptions};
    use crate::pipeline::check::with_source_names;
    use crate::pipeline::scripted::Scripted;
    use std::path::Path;
    use std::sync::Arc;

    pub(crate) fn glossary() -> Glossary {
        let tsv = "source\ttarget\nThủ tướng Chính phủ\tPrime Minister\nBan Bí thư\tSecretariat\nChỉ thị (số) {n} của Ban Bí thư\tDirective No. {n} of the Secretariat\n";
        let opts = LoadOptions::default();
        Glossary::from_entries(
            formats::read_str(tsv, formats::Format::Tsv, Path::new("t.tsv"), &opts)
                .unwrap()
                .entries,
            &opts,
        )
        .unwrap()
    }

    /// Runs `f` with a translator over the test glossary, no TM and `engine`.
    pub(crate) fn with_translator<R>(
        engine: Arc<Scripted>,
        options: TranslateOptions,
        f: impl FnOnce(&Translator) -> R,
    ) -> R {
        let lazy = LazyEngine::loaded(engine);
        let glossary = glossary();
        f(&Translator {
            glossary: &glossary,
            tm: None,
            engine: Some(&lazy),
            options,
        })
    }

    const SOURCE: &str = "Thủ tướng Chính phủ chủ trì hội nghị về Chỉ thị số 15 của Ban Bí thư.";

    /// Translates [`SOURCE`] (one sentence, no title) with the scripted answers.
    fn translate(
        answers: &[&'static str],
        max_repairs: usize,
    ) -> (TranslatedSegment, Arc<Scripted>) {
        let engine = Scripted::new(answers);
        let options = TranslateOptions {
            max_repairs,
            ..TranslateOptions::default()
        };
        let doc = crate::ingest::clean(&format!("\n{SOURCE}\n"), None);
        let body: Vec<&Sentence> = doc.sentences().filter(|s| s.text == SOURCE).collect();
        let (mut segments, _) = with_translator(engine.clone(), options, |t| {
            t.translate_sentences(&doc, &body, &|_| {}).unwrap()
        });
        (segments.remove(0), engine)
    }

    const FAITHFUL: &str =
        "The Prime Minister chaired a conference on Directive No. 15 of the Secretariat.";
    const INVENTED: &str = "On March 3, 2023, the Prime Minister chaired a conference at the Ministry of Foreign Affairs on Directive No. 15 of the Secretariat.";

    #[test]
    fn invented_facts_are_named_in_the_repair_and_the_repaired_answer_is_kept() {
        let (seg, engine) = translate(&[INVENTED, FAITHFUL, FAITHFUL], 2);
        assert_eq!(seg.target, FAITHFUL);
        assert_eq!(
            (seg.status, seg.model_calls),
            (SegmentStatus::Ok, 2),
            "{:?}",
            seg.issues
        );
        let asked = engine.asked();
        let repair = &asked[1];
        for named in [
            "Do not add March 3, 2023",
            "Do not mention Ministry of Foreign Affairs",
        ] {
            assert!(
                repair.contains(named),
                "{named:?} not in the repair prompt:\n{repair}"
            );
        }
    }

    #[test]
    fn an_answer_still_inventing_after_the_repairs_is_kept_and_marked_for_review() {
        let (seg, engine) = translate(&[INVENTED, INVENTED, INVENTED], 2);
        assert_eq!(
            (seg.status, seg.model_calls),
            (SegmentStatus::NeedsReview, 3)
        );
        assert_eq!(seg.target, INVENTED, "the text is kept for the reviewer");
        let issues = seg.issues.join("\n");
        for named in ["2023", "Ministry of Foreign Affairs"] {
            assert!(
                issues.contains(named),
                "{named} not among the issues:\n{issues}"
            );
        }
        assert!(seg.terms.iter().all(|t| t.satisfied), "{:?}", seg.terms);
        assert_eq!(engine.left(), 0);
    }

    #[test]
    fn names_that_lost_their_diacritics_are_written_as_the_source_writes_them() {
        let source = "Thủ tướng Phạm Minh Chính chủ trì.";
        let output = || "Prime Minister Pham Minh Chinh chaired.".to_string();
        assert_eq!(
            with_source_names(source, output(), false),
            "Prime Minister Phạm Minh Chính chaired."
        );
        assert_eq!(
            with_source_names(source, output(), true),
            output(),
            "ASCII output was asked for"
        );
    }

    #[test]
    fn a_missing_term_and_number_are_repaired_with_the_required_rendering() {
        let (seg, engine) = translate(
            &[
                "The President chaired a conference on the directive of the Central Committee.",
                FAITHFUL,
            ],
            1,
        );
        assert_eq!(seg.status, SegmentStatus::Ok, "{:?}", seg.issues);
        let repair = &engine.asked()[1];
        for named in [
            "Render “Thủ tướng Chính phủ” as “Prime Minister”",
            "Directive No. 15 of the Secretariat",
        ] {
            assert!(
                repair.contains(named),
                "{named:?} not in the repair prompt:\n{repair}"
            );
        }
        // The sentence comes back with the missing terms already in English.
        assert!(
            repair.contains(
                "Prime Minister chủ trì hội nghị về Directive No. 15 of the Secretariat."
            ),
            "{repair}"
        );
    }

    #[test]
    fn paragraph_numbers_come_from_ids() {
        assert_eq!(paragraph_of("title"), 0);
        assert_eq!(paragraph_of("p3.s2"), 3);
        assert_eq!(paragraph_of("r1.p12.s1"), 12);
        assert_eq!(paragraph_of("r1.title"), 0);
    }
}
