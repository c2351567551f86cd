//! The brief: translation and summary of one article, run side by side (rayon; one loaded model
//! serves both), combined into one [`TranslatedDocument`].

use super::outcome::TranslatedDocument;
use super::summarize::{Mode, Summarizer};
use super::translate::Translator;
use super::Error;
use crate::doc::Document;
use std::time::Instant;

/// Translates and summarizes `doc` in parallel. `on_segment` reports translated segments.
pub fn brief(
    doc: &Document,
    translator: &Translator,
    summarizer: &Summarizer,
    on_segment: &(dyn Fn(usize) + Sync),
) -> Result<TranslatedDocument, Error> {
    let started = Instant::now();
    let (translated, summary) = rayon::join(
        || translator.translate(doc, on_segment),
        || match summarizer.options.mode {
            Mode::Abstractive => summarizer.abstractive(doc).map(Some),
            // Extractive summaries reuse the translation below: nothing to do in parallel.
            Mode::Extractive => Ok(None),
        },
    );
    let mut translated = translated?;
    let (summary, stats) = match summary? {
        Some(s) => s,
        None => summarizer.extractive(doc, translator)?,
    };
    translated.stats.model_calls += stats.model_calls;
    translated.stats.prompt_tokens += stats.prompt_tokens;
    translated.stats.generated_tokens += stats.generated_tokens;
    translated.stats.prompt_seconds += stats.prompt_seconds;
    translated.stats.generation_seconds += stats.generation_seconds;
    translated.summary = Some(summary);
    translated.stats.seconds = started.elapsed().as_secs_f64();
    Ok(translated)
}
