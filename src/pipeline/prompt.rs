//! The words of the prompts: the article context's instructions and the short requests that
//! follow it (translate a segment, repair it, summarize). The article context itself is put
//! together in [`super::article`], and the answers are read back by [`super::answer`].
//!
//! Required terms and TM examples arrive as data and are laid out here, so the engine knows
//! nothing about glossaries or TMs.

use crate::engine::{Example, Term};

/// The system message of every article context: one set of instructions for translation and
/// summary, so both share one prefix.
pub const ARTICLE_SYSTEM: &str = "You are a professional translator and editor of Vietnamese \
government news for English-speaking diplomats. You are given one Vietnamese article, each \
sentence on its own line after its id in brackets, and the English terms it requires. You will \
then be asked, one request at a time, to translate some of its sentences or to summarize it. \
In every answer: be faithful and complete, adding nothing the source does not say (no years, \
places, bodies or countries it does not name) and leaving nothing out; use the required English \
terms exactly as given; keep Vietnamese personal names as written, in the same order; write \
numbers and dates in English form (21-12 is December 21; 2/4 is April 2); answer with what is \
asked for only.";

/// The assistant's turn that closes the article context, so every request is a new user turn.
pub const ARTICLE_READY: &str = "I have read the article. Which sentences should I translate?";

/// The system message of a request that stands alone (merging section summaries).
pub const SUMMARY_SYSTEM: &str = "You summarize Vietnamese government news in English for \
diplomats. Use only facts stated in the article: never add a number, date, name, body or country \
it does not give. Use the required English terms exactly as given. Keep Vietnamese personal \
names as written.";

/// The user message of an article context: the sentences with their ids, then the terms.
pub fn article_message<'a>(
    sentences: impl IntoIterator<Item = (&'a str, &'a str)>,
    terms: &[Term],
) -> String {
    let mut out = String::from("Vietnamese article:\n");
    for (id, text) in sentences {
        out.push_str(&format!("[{id}] {text}\n"));
    }
    out.push('\n');
    push_terms(&mut out, terms);
    out.trim_end().to_string()
}

/// What one translation request asks for.
#[derive(Debug, Clone, Default)]
pub struct TranslationAsk<'a> {
    /// The segment id (`title`, `p3.s2`).
    pub id: &'a str,
    /// The Vietnamese sentence.
    pub text: &'a str,
    /// Its required terms.
    pub terms: &'a [Term],
    /// TM references.
    pub examples: &'a [Example],
    /// For a repair: what was wrong with the previous translation, one instruction each.
    pub problems: &'a [String],
    /// For a repair: the sentence, with its missing terms already in English.
    pub inlined: Option<&'a str>,
}

impl TranslationAsk<'_> {
    /// The user message after the article context.
    pub fn user_message(&self) -> String {
        let mut out = String::new();
        if !self.examples.is_empty() {
            out.push_str("Approved translations of similar sentences (for reference):\n");
            for e in self.examples {
                out.push_str(&format!(
                    "Vietnamese: {}\nEnglish: {}\n",
                    e.source, e.target
                ));
            }
            out.push('\n');
        }
        let what = format!("A previous translation of [{}]", self.id);
        push_problems(&mut out, &what, self.problems);
        // A first try with the terms inlined needs no list; a repair keeps it, for the terms the
        // previous try got right.
        let first_inlined = self.inlined.is_some() && self.problems.is_empty();
        if !self.terms.is_empty() && !first_inlined {
            push_required_here(&mut out, self.terms);
        }
        match self.inlined {
            Some(sentence) => out.push_str(&format!(
                "Translate [{}] into English{}, all of it. Here it is, any required terms \
                 already in English (keep those English words exactly as they are):\n{sentence}",
                self.id,
                if first_inlined { "" } else { " again" }
            )),
            // The sentence again, not only its id: with the id alone (or its first and last
            // words) the default model strayed to other lines or wrote preambles, and needed
            // half again as many repairs on the corpus.
            None => out.push_str(&format!(
                "Translate [{}] into English:\n{}",
                self.id, self.text
            )),
        }
        out
    }
}

/// What one request for several sentences of a paragraph asks for: each comes back on a line
/// of its own after its id. Only first tries are asked this way; a sentence that fails
/// verification is repaired alone ([`TranslationAsk`]).
#[derive(Debug, Clone, Default)]
pub struct ParagraphAsk<'a> {
    /// The sentences in order: id, and the Vietnamese text with any required terms already in
    /// English when `inlined`.
    pub sentences: &'a [(&'a str, &'a str)],
    /// Whether the texts carry their terms in English; if not, `terms` are listed.
    pub inlined: bool,
    /// The sentences' required terms.
    pub terms: &'a [Term],
}

impl ParagraphAsk<'_> {
    /// The user message after the article context.
    pub fn user_message(&self) -> String {
        let mut out = String::new();
        if !self.inlined && !self.terms.is_empty() {
            push_required_here(&mut out, self.terms);
        }
        let ids: Vec<&str> = self.sentences.iter().map(|(id, _)| *id).collect();
        out.push_str(&format!(
            "Translate {} into English, all of each, one line per sentence starting with its id \
             in brackets, in this order{}:\n",
            ids.iter()
                .map(|id| format!("[{id}]"))
                .collect::<Vec<_>>()
                .join(", "),
            if self.inlined {
                " (any required terms are already in English: keep those English words exactly \
                 as they are)"
            } else {
                ""
            }
        ));
        for (id, text) in self.sentences {
            out.push_str(&format!("[{id}] {text}\n"));
        }
        out.trim_end().to_string()
    }
}

/// The request for the summary of the article (or of one window of it), after its context;
/// with `problems`, a fresh try that names what the previous one got wrong.
pub fn summary_message(points: usize, problems: &[String]) -> String {
    let mut out = String::new();
    push_problems(&mut out, "A previous summary", problems);
    out.push_str(&format!(
        "Now summarize the whole article in English: first a line starting with \"LEAD:\" giving \
         the news in one sentence, then exactly {points} lines starting with \"- \", one key point \
         each, most important first. Use only facts stated in the article."
    ));
    out
}

/// The terms one ask requires, on one line.
fn push_required_here(out: &mut String, terms: &[Term]) {
    let list: Vec<String> = terms
        .iter()
        .map(|t| format!("{} = {}", t.source, t.target))
        .collect();
    out.push_str(&format!("Required here: {}.\n", list.join("; ")));
}

fn push_problems(out: &mut String, what: &str, problems: &[String]) {
    if problems.is_empty() {
        return;
    }
    out.push_str(&format!("{what} had these problems; avoid them:\n"));
    for p in problems {
        out.push_str(&format!("- {p}\n"));
    }
    out.push('\n');
}

fn push_terms(out: &mut String, terms: &[Term]) {
    if terms.is_empty() {
        return;
    }
    out.push_str("Required English terms (use exactly these renderings):\n");
    for t in terms {
        out.push_str(&format!("- {} = {}\n", t.source, t.target));
    }
    out.push('\n');
}

/// Merging several section summaries into one.
pub fn merge_summaries_message(
    sections: &[String],
    terms: &[Term],
    points: usize,
    problems: &[String],
) -> String {
    let mut out = String::new();
    push_terms(&mut out, terms);
    push_problems(&mut out, "A previous merged summary", problems);
    out.push_str("Summaries of consecutive sections of one article:\n");
    for (i, s) in sections.iter().enumerate() {
        out.push_str(&format!("Section {}:\n{}\n", i + 1, s.trim()));
    }
    out.push_str(&format!(
        "\nMerge them into one English summary of the whole article: first a line starting with \
         \"LEAD:\" giving the news in one sentence, then exactly {points} lines starting with \"- \", \
         one key point each, most important first. Use only facts given above."
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_request_names_the_segment_its_terms_and_examples() {
        let terms = [Term {
            source: "Ban Bí thư".into(),
            target: "Secretariat".into(),
        }];
        let examples = [Example {
            source: "Xin chào.".into(),
            target: "Hello.".into(),
        }];
        let ask = TranslationAsk {
            id: "p2.s1",
            text: "Ban Bí thư ban hành Chỉ thị số 15 về công tác ngoại giao kinh tế của cả nước trong năm 2024 và những năm tiếp theo.",
            terms: &terms,
            examples: &examples,
            ..TranslationAsk::default()
        };
        let m = ask.user_message();
        assert!(m.contains("Ban Bí thư = Secretariat"), "{m}");
        assert!(m.contains("Xin chào.") && m.contains("Hello."), "{m}");
        // The request names the segment and ends with it.
        assert!(m.contains("[p2.s1]"), "{m}");
        assert!(m.ends_with(ask.text), "{m}");
        assert!(!m.contains("problems"), "{m}");
    }

    #[test]
    fn a_repair_names_each_problem_and_ends_with_the_inlined_sentence() {
        let problems = [
            "Render “Ban Bí thư” as “Secretariat”.".to_string(),
            "Do not add the year 2023.".to_string(),
        ];
        let repair = TranslationAsk {
            id: "p2.s1",
            text: "Ban Bí thư họp.",
            problems: &problems,
            inlined: Some("Secretariat họp."),
            ..TranslationAsk::default()
        };
        let m = repair.user_message();
        for p in &problems {
            assert!(m.contains(p.as_str()), "{p} missing: {m}");
        }
        assert!(m.ends_with("\nSecretariat họp."), "{m}");
    }

    #[test]
    fn a_first_try_with_its_terms_inlined_gives_no_list_and_a_repair_keeps_it() {
        let terms = [Term {
            source: "Ban Bí thư".into(),
            target: "Secretariat".into(),
        }];
        let first = TranslationAsk {
            id: "p2.s1",
            text: "Ban Bí thư họp.",
            terms: &terms,
            inlined: Some("Secretariat họp."),
            ..TranslationAsk::default()
        };
        let m = first.user_message();
        assert!(
            m.contains("Translate [p2.s1] into English, all of it."),
            "{m}"
        );
        assert!(!m.contains("Ban Bí thư = Secretariat"), "{m}");
        assert!(m.ends_with("\nSecretariat họp."), "{m}");

        let problems = ["Render “Ban Bí thư” as “Secretariat”.".to_string()];
        let repair = TranslationAsk {
            problems: &problems,
            ..first
        };
        let m = repair.user_message();
        assert!(m.contains("into English again, all of it."), "{m}");
        assert!(m.contains("Ban Bí thư = Secretariat"), "{m}");
    }

    #[test]
    fn the_article_message_lists_every_sentence_with_its_id_then_the_terms() {
        let terms = [Term {
            source: "Ban Bí thư".into(),
            target: "Secretariat".into(),
        }];
        let m = article_message(
            [
                ("title", "Tiêu đề"),
                ("p1.s1", "Câu một."),
                ("p1.s2", "Câu hai."),
            ],
            &terms,
        );
        let at = |needle: &str| {
            m.find(needle)
                .unwrap_or_else(|| panic!("{needle} missing: {m}"))
        };
        assert!(
            at("[title] Tiêu đề") < at("[p1.s1] Câu một.")
                && at("[p1.s1] Câu một.") < at("[p1.s2] Câu hai.")
        );
        assert!(at("[p1.s2] Câu hai.") < at("Ban Bí thư = Secretariat"));
        let summary = summary_message(3, &["Do not add 600.".to_string()]);
        assert!(
            summary.contains("exactly 3 lines") && summary.contains("- Do not add 600."),
            "{summary}"
        );
    }
}
