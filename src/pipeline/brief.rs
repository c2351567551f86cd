//! The brief: translation and summary of one article, run side by side (rayon; one loaded model
//! serves both), combined into one [`TranslatedDocument`].

use super::summarize::{Mode, Summarizer};
use super::translate::Translator;
use super::Error;
use crate::doc::translated::TranslatedDocument;
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
    translated.stats.add_model_work(&stats);
    translated.summary = Some(summary);
    translated.stats.seconds = started.elapsed().as_secs_f64();
    Ok(translated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::translated::SegmentStatus;
    use crate::engine::{Finish, Input, Request};
    use crate::pipeline::lazy_engine::LazyEngine;
    use crate::pipeline::scripted::Scripted;
    use crate::pipeline::summarize::SummaryOptions;
    use crate::pipeline::translate::{tests::glossary, TranslateOptions};

    const ARTICLE: &str = "Thủ tướng Chính phủ chủ trì hội nghị\n\nThủ tướng Chính phủ chủ trì hội nghị về Chỉ thị số 15 của Ban Bí thư. Hội nghị có 500 đại biểu.\n";

    /// The model's answers, by what is asked: the title and the summary pass; in the
    /// paragraph's ask, `p1.s1` misses a term (repaired in its own ask) and the answer is cut in
    /// `p1.s2`, which is then cut at the token limit every time it is asked alone.
    fn answer(r: &Request) -> (String, Finish) {
        let ask = &r.suffix()[0].content;
        let text = if ask.contains("[title]") {
            "The Prime Minister chairs a conference"
        } else if ask.contains("[p1.s1], [p1.s2]") {
            return (
                "[p1.s1] The President chaired a conference on Directive No. 15 of the Secretariat.\n[p1.s2] The conference had".into(),
                Finish::Length,
            );
        } else if ask.contains("[p1.s1]") {
            "The Prime Minister chaired a conference on Directive No. 15 of the Secretariat."
        } else if ask.contains("[p1.s2]") {
            return ("The conference had 500".into(), Finish::Length);
        } else {
            "LEAD: The Prime Minister chaired a conference on Directive No. 15 of the Secretariat.\n- It had 500 delegates."
        };
        (text.to_string(), Finish::End)
    }

    #[test]
    fn an_article_is_one_shared_prefix_and_short_asks() {
        let glossary = glossary();
        let engine = Scripted::by(answer);
        let lazy = LazyEngine::loaded(engine.clone());
        let translator = Translator {
            glossary: &glossary,
            tm: None,
            engine: Some(&lazy),
            options: TranslateOptions {
                paragraph_asks: true,
                ..TranslateOptions::default()
            },
        };
        let summarizer = Summarizer {
            glossary: &glossary,
            engine: Some(&lazy),
            options: SummaryOptions {
                points: 1,
                ..SummaryOptions::default()
            },
        };
        let doc = crate::ingest::clean(ARTICLE, None);
        let out = brief(&doc, &translator, &summarizer, &|_| {}).unwrap();

        let requests = engine.requests();
        // Title 1; the paragraph's sentences 1, then p1.s1's repair; p1.s2 (cut in the
        // paragraph's answer) 1 + 2 repairs; summary 1.
        assert_eq!(requests.len(), 7);
        let both = |r: &&Request| r.suffix()[0].content.contains("[p1.s1], [p1.s2]");
        assert_eq!(requests.iter().filter(both).count(), 1);
        assert_eq!((out.stats.model_calls, out.stats.repairs), (7, 3));
        let prefix = requests[0].prefix();
        let Input::Chat(_) = &requests[0].input else {
            panic!("chat expected")
        };
        assert!(!prefix.is_empty());
        let article = prefix
            .iter()
            .map(|m| m.content.as_str())
            .collect::<String>();
        for s in doc.sentences() {
            assert!(article.contains(&s.text), "{} not in the prefix", s.id);
        }
        for r in &requests {
            assert_eq!(
                r.prefix(),
                prefix,
                "every request starts with the same prefix"
            );
            let ask = &r.suffix()[0].content;
            assert_eq!(r.suffix().len(), 1);
            // First tries name their segments; repairs add the problems and the sentence.
            let limit = if ask.contains("had these problems") {
                700
            } else {
                450
            };
            assert!(ask.chars().count() < limit, "a long ask: {ask}");
            assert!(
                !ask.contains("Hội nghị có 500 đại biểu. "),
                "the article is not repeated: {ask}"
            );
        }
        // Counters: evaluated and cached prompt tokens apart.
        assert_eq!(
            (out.stats.prompt_tokens, out.stats.cached_tokens),
            (7 * 20, 7 * 80)
        );

        let seg = |id: &str| out.segments.iter().find(|s| s.id == id).unwrap();
        assert_eq!(
            seg("p1.s1").status,
            SegmentStatus::Ok,
            "{:?}",
            seg("p1.s1").issues
        );
        assert_eq!(seg("p1.s1").model_calls, 2);
        let cut = seg("p1.s2");
        assert_eq!(
            (cut.status, cut.model_calls),
            (SegmentStatus::NeedsReview, 3)
        );
        assert!(
            cut.issues.iter().any(|i| i.contains("cut at its limit")),
            "{:?}",
            cut.issues
        );
        assert_eq!(out.summary.unwrap().status, SegmentStatus::Ok);
    }
}
