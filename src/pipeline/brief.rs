//! The brief: translation and summary of one article, run side by side where they can be
//! (rayon; one loaded model serves both), combined into one [`TranslatedDocument`].

use super::summarize::{Plan, Summarizer};
use super::translate::Translator;
use super::Error;
use crate::doc::translated::TranslatedDocument;
use crate::doc::Document;
use std::time::Instant;

/// Translates and summarizes `doc`: side by side when a chat model summarizes the article;
/// else the summary follows the translation (a seq2seq summarizer summarizes it, and an
/// extractive summary reuses its segments). `on_segment` reports translated segments.
pub fn brief(
    doc: &Document,
    translator: &Translator,
    summarizer: &Summarizer,
    on_segment: &(dyn Fn(usize) + Sync),
) -> Result<TranslatedDocument, Error> {
    let started = Instant::now();
    let plan = summarizer.plan()?;
    let (translated, summary) = rayon::join(
        || translator.translate(doc, on_segment),
        || match plan {
            Plan::FromArticle => summarizer.abstractive(doc).map(Some),
            Plan::FromTranslation | Plan::Extractive => Ok(None),
        },
    );
    let mut translated = translated?;
    let (summary, stats) = match (summary?, plan) {
        (Some(s), _) => s,
        (None, Plan::FromTranslation) => summarizer.of_translation(doc, &translated.segments)?,
        (None, _) => summarizer.extractive(doc, translator)?,
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

    /// Briefs the seq2seq test article with the scripted Marian translator and `summary`
    /// (a summary engine of its own, or none: the translator's).
    fn brief_with_seq2seq(
        summary: Option<std::sync::Arc<Scripted>>,
    ) -> (TranslatedDocument, std::sync::Arc<Scripted>) {
        use crate::pipeline::seq2seq::tests::{marian, ARTICLE};
        let glossary = glossary();
        let translator_engine = marian();
        let lazy = LazyEngine::loaded(translator_engine.clone());
        let summary_lazy = summary.map(|e| LazyEngine::loaded(e));
        let translator = Translator {
            glossary: &glossary,
            tm: None,
            engine: Some(&lazy),
            options: TranslateOptions::default(),
        };
        let summarizer = Summarizer {
            glossary: &glossary,
            engine: Some(summary_lazy.as_ref().unwrap_or(&lazy)),
            options: SummaryOptions {
                points: 1,
                ..SummaryOptions::default()
            },
        };
        let doc = crate::ingest::clean(ARTICLE, None);
        let out = brief(&doc, &translator, &summarizer, &|_| {}).unwrap();
        (out, translator_engine)
    }

    fn only_source_text(engine: &Scripted) {
        let requests = engine.requests();
        assert!(
            requests.iter().all(|r| matches!(r.input, Input::Source(_))),
            "a chat request reached the seq2seq model: {requests:#?}"
        );
    }

    #[test]
    fn a_seq2seq_translator_with_a_chat_summarizer_each_gets_its_own_kind_of_request() {
        let llm = Scripted::by(|_| {
            (
                "LEAD: The Prime Minister chaired a conference on Directive No. 15 of the Secretariat.\n- It had 500 delegates.".into(),
                Finish::End,
            )
        });
        let (out, marian) = brief_with_seq2seq(Some(llm.clone()));
        only_source_text(&marian);
        let summary = out.summary.unwrap();
        assert_eq!(
            (summary.mode.as_str(), summary.status),
            ("abstractive", SegmentStatus::Ok)
        );
        assert_eq!(summary.points, ["It had 500 delegates."]);
        let asked = llm.requests();
        assert_eq!(asked.len(), 1);
        assert!(matches!(asked[0].input, Input::Chat(_)));
        // Counters of both engines: 4 translation calls (one a repair), 1 summary.
        assert_eq!((out.stats.model_calls, out.stats.repairs), (5, 1));
    }

    #[test]
    fn a_seq2seq_summarizer_summarizes_the_enforced_translation_and_is_verified() {
        let bart = Scripted::seq2seq(crate::engine::Task::Summary, |english| {
            assert_eq!(
                english,
                "Diplomatic conference\nPrime Minister chaired a conference on Directive No. 15 of the Secretariat. The conference had 500 delegates.",
                "the enforced English, one line per paragraph"
            );
            "The Prime Minister chaired a conference on Directive No. 15 of the Secretariat. It had 600 delegates. It ended in 2023.".into()
        });
        let (out, marian) = brief_with_seq2seq(Some(bart.clone()));
        only_source_text(&marian);
        only_source_text(&bart);
        let summary = out.summary.unwrap();
        assert_eq!(
            summary.lead,
            "The Prime Minister chaired a conference on Directive No. 15 of the Secretariat."
        );
        assert_eq!(
            summary.points,
            ["It had 600 delegates."],
            "one point asked for"
        );
        assert_eq!(summary.status, SegmentStatus::NeedsReview);
        assert!(
            summary.issues.iter().any(|i| i.contains("600")),
            "an invented number is traced to the source: {:?}",
            summary.issues
        );
    }

    #[test]
    fn a_translation_model_alone_gives_an_extractive_summary() {
        let (out, marian) = brief_with_seq2seq(None);
        only_source_text(&marian);
        let summary = out.summary.unwrap();
        assert_eq!(summary.mode, "extractive");
        assert!(!summary.lead.is_empty());
    }
}
