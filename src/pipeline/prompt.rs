//! The words of the prompts: the article context's instructions, the short requests that
//! follow it (translate a segment, repair it, summarize), and the parsers that read the answers
//! back. The article context itself is put together in [`super::article`].
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

/// Reads a model answer for one sentence: its first paragraph, without a leading label, id,
/// preamble, number or quotes; `None` when nothing is left.
///
/// ```
/// use vibrief::pipeline::prompt::parse_one;
/// assert_eq!(parse_one("English: \"One.\"\n\nNote: x"), Some("One.".into()));
/// assert_eq!(parse_one("Here is the translation:"), None);
/// ```
pub fn parse_one(answer: &str) -> Option<String> {
    let answer = answer.trim();
    let first = answer.split("\n\n").next().unwrap_or(answer).trim();
    let text = strip_label(strip_id(strip_preamble(first)));
    let text = strip_number(text).unwrap_or(text);
    let text = unquote(text.trim());
    (!text.is_empty()).then(|| text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Reads a model answer for several sentences, one line each after its id (`[p3.s1] …`), back
/// into one translation per id of `ids`, in that order. A sentence whose id is missing, comes
/// twice or has no text is `None`: the caller asks for it alone. Lines without a known id are
/// not translations and are left out.
///
/// ```
/// use vibrief::pipeline::prompt::parse_lines;
/// let answer = "[p1.s1] One.\n**[p1.s2]:** Two.\nNote: done.";
/// assert_eq!(
///     parse_lines(answer, &["p1.s1", "p1.s2", "p1.s3"]),
///     vec![Some("One.".into()), Some("Two.".into()), None]
/// );
/// ```
pub fn parse_lines(answer: &str, ids: &[&str]) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = vec![None; ids.len()];
    let mut seen = vec![0usize; ids.len()];
    // The id whose text is still to come, when the model put the id on a line of its own.
    let mut waiting: Option<usize> = None;
    for line in answer.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line_id(line) {
            Some((id, rest)) => match ids.iter().position(|&known| known == id) {
                Some(k) => {
                    seen[k] += 1;
                    out[k] = parse_one(rest);
                    waiting = out[k].is_none().then_some(k);
                }
                None => waiting = None,
            },
            None => {
                if let Some(k) = waiting.take() {
                    out[k] = parse_one(line);
                }
            }
        }
    }
    for (slot, &n) in out.iter_mut().zip(&seen) {
        if n != 1 {
            *slot = None;
        }
    }
    out
}

/// The segment id a line of a several-sentence answer starts with (`[p1.s2] …`, `**[p1.s2]:**
/// …`, `p1.s2: …`) and the rest of the line.
fn line_id(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start_matches('*').trim_start();
    let (id, rest) = match line.strip_prefix('[') {
        Some(inner) => inner.split_once(']')?,
        None => line.split_once(':')?,
    };
    let id = id.trim();
    if !is_segment_id(id) {
        return None;
    }
    let rest = rest.trim_start_matches(['*', ':']).trim_start();
    Some((id, rest.trim_start_matches('*').trim_start()))
}

fn numbered(line: &str) -> Option<(usize, &str)> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let rest = &line[digits..];
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    Some((line[..digits].parse().ok()?, rest))
}

fn strip_number(s: &str) -> Option<&str> {
    numbered(s).filter(|(k, _)| *k == 1).map(|(_, t)| t.trim())
}

/// A leading segment id the model repeated: `[p3.s2] The …`.
fn strip_id(s: &str) -> &str {
    match s.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((id, rest)) if is_segment_id(id) => rest.trim_start(),
        _ => s,
    }
}

/// `title`, `p3.s2`, `r1.title`, `r1.p3.s2`: the ids the cleaner gives sentences.
fn is_segment_id(id: &str) -> bool {
    let id = match id.split_once('.') {
        Some((r, rest))
            if r.len() > 1 && r.starts_with('r') && r[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            rest
        }
        _ => id,
    };
    let numbered = |part: &str, letter: char| {
        part.strip_prefix(letter)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    id == "title"
        || id
            .split_once('.')
            .is_some_and(|(p, s)| numbered(p, 'p') && numbered(s, 's'))
}

/// A sentence the model put before its answer: "Here is the translation of [p1.s1] into
/// English: …" leaves what follows the colon (nothing, when the answer was only that).
fn strip_preamble(s: &str) -> &str {
    let lower = s.get(..12).unwrap_or(s).to_lowercase();
    if !["here is", "here's", "sure", "certainly"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return s;
    }
    s.split_once(':').map_or(s, |(_, rest)| rest.trim_start())
}

fn strip_label(s: &str) -> &str {
    for label in ["English translation:", "Translation:", "English:"] {
        if let Some(rest) = s.strip_prefix(label) {
            return rest.trim();
        }
    }
    s
}

fn unquote(s: &str) -> &str {
    for (open, close) in [('"', '"'), ('“', '”')] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.contains(open) && !inner.contains(close) {
                return inner.trim();
            }
        }
    }
    s
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

/// Reads a summary answer: the `LEAD:` line (or the first line) and the `- ` points.
///
/// ```
/// use vibrief::pipeline::prompt::parse_summary;
/// let (lead, points) = parse_summary("LEAD: A met B.\n- One.\n* Two.").unwrap();
/// assert_eq!(lead, "A met B.");
/// assert_eq!(points, vec!["One.", "Two."]);
/// ```
pub fn parse_summary(answer: &str) -> Option<(String, Vec<String>)> {
    let mut lead = None;
    let mut points = Vec::new();
    for line in answer.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let unstarred = line.trim_start_matches("**").replace("**", "");
        let line = unstarred.trim();
        if let Some(rest) = line
            .strip_prefix("LEAD:")
            .or_else(|| line.strip_prefix("Lead:"))
        {
            lead = Some(rest.trim().to_string());
        } else if let Some(rest) = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .or_else(|| line.strip_prefix("• "))
        {
            points.push(rest.trim().to_string());
        } else if let Some((_, rest)) = numbered(line) {
            points.push(rest.trim().to_string());
        } else if lead.is_none() && points.is_empty() {
            lead = Some(line.to_string());
        }
    }
    let lead = lead.filter(|l| !l.is_empty())?;
    let points: Vec<String> = points.into_iter().filter(|p| !p.is_empty()).collect();
    if points.is_empty() {
        // Prose instead of the asked format: the first sentence leads, the others are points.
        let mut sentences = english_sentences(&lead).into_iter();
        let first = sentences.next().unwrap_or_default().to_string();
        return Some((first, sentences.map(str::to_string).collect()));
    }
    Some((lead, points))
}

/// `text` split after `.`, `!` or `?` where a capital letter or a quotation mark follows the
/// space ("No. 15" and "2.5" stay whole).
fn english_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(3) {
        let [(_, end), (_, space), (next_at, next)] = [w[0], w[1], w[2]];
        if matches!(end, '.' | '!' | '?')
            && space == ' '
            && (next.is_uppercase() || matches!(next, '"' | '“'))
        {
            out.push(text[start..next_at].trim());
            start = next_at;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_answers_lose_labels_and_quotes() {
        assert_eq!(
            parse_one("English translation: \"The Prime Minister spoke.\""),
            Some("The Prime Minister spoke.".into())
        );
        assert_eq!(
            parse_one("1. The Prime Minister spoke.\n\nNote: x"),
            Some("The Prime Minister spoke.".into())
        );
        assert_eq!(
            parse_one("[p3.s2] The Prime Minister spoke."),
            Some("The Prime Minister spoke.".into())
        );
        assert_eq!(
            parse_one("[Hanoi] is the capital."),
            Some("[Hanoi] is the capital.".into())
        );
        assert_eq!(
            parse_one("[r1.title] Trade grows"),
            Some("Trade grows".into())
        );
        assert_eq!(
            parse_one(
                "Here is the translation of [p1.s1] into English, as required: The report said."
            ),
            Some("The report said.".into())
        );
        assert_eq!(parse_one("Here is the translation:"), None);
        assert_eq!(
            parse_one("Sure: 2 ministers met."),
            Some("2 ministers met.".into())
        );
        assert_eq!(parse_one("   "), None);
    }

    #[test]
    fn answers_for_several_sentences_are_read_by_id_or_left_to_ask_alone() {
        let ids = ["p2.s1", "p2.s2", "p2.s3"];
        let lines = |answer: &str| parse_lines(answer, &ids);
        assert_eq!(
            lines("[p2.s1] One.\n[p2.s3] \"Three.\"\n[p2.s2] Two."),
            vec![
                Some("One.".into()),
                Some("Two.".into()),
                Some("Three.".into())
            ],
            "by id, in any order, quotes removed"
        );
        assert_eq!(
            lines("Here are the translations:\n[p2.s1]\nOne.\np2.s2: Two.\n[p9.s9] Other.\n[p2.s3] Three."),
            vec![Some("One.".into()), Some("Two.".into()), Some("Three.".into())],
            "an id on its own line, an id without brackets, an unknown id left out"
        );
        assert_eq!(
            lines("[p2.s1] One.\n[p2.s1] Again.\n[p2.s2]\n[p2.s3] Three."),
            vec![None, None, Some("Three.".into())],
            "an id twice or without text is asked again alone"
        );
        assert_eq!(lines("One. Two. Three."), vec![None, None, None]);
    }

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

    #[test]
    fn a_summary_written_as_prose_is_split_into_lead_and_points() {
        let (lead, points) = parse_summary(
            "LEAD: The Ministry met on Directive No. 15. Trade grew 2.5 times. \"Good,\" he said.",
        )
        .unwrap();
        assert_eq!(lead, "The Ministry met on Directive No. 15.");
        assert_eq!(points, ["Trade grew 2.5 times.", "\"Good,\" he said."]);
    }

    #[test]
    fn summary_without_lead_label_takes_first_line() {
        let (lead, points) = parse_summary("Viet Nam met partners.\n1. One.\n2. Two.").unwrap();
        assert_eq!(lead, "Viet Nam met partners.");
        assert_eq!(points, vec!["One.", "Two."]);
        assert!(parse_summary("").is_none());
    }
}
