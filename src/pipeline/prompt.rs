//! Prompts for the chat model: translation (one sentence or a numbered group), repair with the
//! failures named, and summary; plus parsers that read the answers back into segments.
//!
//! Required terms and TM examples arrive as data and are laid out here, so the engine knows
//! nothing about glossaries or TMs.

use crate::engine::{Example, Term};

/// The system message shared by every translation prompt (kept identical so the engine can reuse
/// its KV cache across requests).
pub const TRANSLATE_SYSTEM: &str = "You are a professional translator of Vietnamese government \
news into English. Translate faithfully and completely: add nothing the source does not say \
(no years, places, bodies or countries it does not name) and leave nothing out. Use the required \
English terms exactly as given. Keep Vietnamese personal names as written, in the same order. \
Write numbers and dates in English form (21-12 is December 21; 2/4 is April 2). Answer with the \
English translation only.";

/// The system message for summaries.
pub const SUMMARY_SYSTEM: &str = "You summarize Vietnamese government news in English for \
diplomats. Use only facts stated in the article: never add a number, date, name, body or country \
it does not give. Use the required English terms exactly as given. Keep Vietnamese personal \
names as written.";

/// Everything a translation prompt is built from.
#[derive(Debug, Clone, Default)]
pub struct TranslationPrompt<'a> {
    /// The article's title, as context.
    pub title: Option<&'a str>,
    /// Sentences before the ones to translate, as context (Vietnamese).
    pub context: &'a [&'a str],
    /// Terms that must be rendered as given.
    pub terms: &'a [Term],
    /// TM references.
    pub examples: &'a [Example],
    /// The sentences to translate (one or several, answered as a numbered list).
    pub sentences: &'a [&'a str],
    /// For a repair: what was wrong with the previous translation, one instruction each.
    pub problems: &'a [String],
    /// For a repair: the sentence comes with its missing terms already in English.
    pub terms_inlined: bool,
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

impl TranslationPrompt<'_> {
    /// The user message.
    pub fn user_message(&self) -> String {
        let mut out = String::new();
        if let Some(title) = self.title {
            out.push_str(&format!("Article title (context only): {title}\n"));
        }
        if !self.context.is_empty() {
            out.push_str("Preceding sentences (context only, do not translate):\n");
            for c in self.context {
                out.push_str(&format!("{c}\n"));
            }
        }
        if !out.is_empty() {
            out.push('\n');
        }
        push_terms(&mut out, self.terms);
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
        if !self.problems.is_empty() {
            out.push_str(
                "A previous translation of this sentence had these problems; avoid them:\n",
            );
            for p in self.problems {
                out.push_str(&format!("- {p}\n"));
            }
            out.push('\n');
        }
        if self.terms_inlined {
            out.push_str("The required terms are already in English in the sentence below; keep those English words exactly as they are.\n");
        }
        if let [one] = self.sentences {
            out.push_str(&format!("Translate into English:\n{one}"));
        } else {
            out.push_str(&format!(
                "Translate each numbered Vietnamese sentence into English. Answer with exactly {} \
                 numbered lines, one translation per line, in the same order:\n",
                self.sentences.len()
            ));
            for (i, s) in self.sentences.iter().enumerate() {
                out.push_str(&format!("{}. {s}\n", i + 1));
            }
        }
        out
    }
}

/// Reads a model answer for `n` sentences back into `n` translations.
///
/// A single sentence takes the whole answer (first paragraph, without a leading label). Several
/// must come back as lines numbered `1.` … `n.` (or `1)`), in order; anything else is `None`, and
/// the caller falls back to one sentence at a time.
///
/// ```
/// use vibrief::pipeline::prompt::parse_numbered;
/// assert_eq!(parse_numbered("1. One.\n2. Two.", 2), Some(vec!["One.".into(), "Two.".into()]));
/// assert_eq!(parse_numbered("1. One.", 2), None);
/// ```
pub fn parse_numbered(answer: &str, n: usize) -> Option<Vec<String>> {
    let answer = answer.trim();
    if n == 1 {
        let text = strip_label(answer.split("\n\n").next().unwrap_or(answer).trim());
        let text = strip_number(text).unwrap_or(text);
        let text = unquote(text.trim());
        return (!text.is_empty())
            .then(|| vec![text.split_whitespace().collect::<Vec<_>>().join(" ")]);
    }
    let mut out: Vec<String> = Vec::with_capacity(n);
    for line in answer.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match numbered(line) {
            Some((k, text)) if k == out.len() + 1 => out.push(unquote(text.trim()).to_string()),
            Some(_) => return None,
            // A wrapped continuation of the previous numbered line.
            None if !out.is_empty() => {
                let last = out.last_mut().expect("non-empty");
                last.push(' ');
                last.push_str(line);
            }
            None => {}
        }
    }
    (out.len() == n && out.iter().all(|t| !t.is_empty())).then_some(out)
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

/// Everything a summary prompt is built from.
#[derive(Debug, Clone)]
pub struct SummaryPrompt<'a> {
    /// The article (or one section of it), Vietnamese.
    pub article: &'a str,
    /// Terms that must be rendered as given.
    pub terms: &'a [Term],
    /// How many key points to ask for.
    pub points: usize,
}

impl SummaryPrompt<'_> {
    /// The user message.
    pub fn user_message(&self) -> String {
        let mut out = String::new();
        push_terms(&mut out, self.terms);
        out.push_str(&format!(
            "Vietnamese article:\n{}\n\nWrite in English: first a line starting with \"LEAD:\" \
             giving the news in one sentence, then exactly {} lines starting with \"- \", one key \
             point each, most important first.",
            self.article.trim(),
            self.points
        ));
        out
    }
}

/// Merging several section summaries into one.
pub fn merge_summaries_message(sections: &[String], points: usize) -> String {
    let mut out = String::from("Summaries of consecutive sections of one article:\n");
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
            parse_numbered("English translation: \"The Prime Minister spoke.\"", 1),
            Some(vec!["The Prime Minister spoke.".into()])
        );
        assert_eq!(
            parse_numbered("1. The Prime Minister spoke.\n\nNote: x", 1),
            Some(vec!["The Prime Minister spoke.".into()])
        );
        assert_eq!(parse_numbered("   ", 1), None);
    }

    #[test]
    fn numbered_answers_keep_alignment_or_fail() {
        let ok = "1) First one.\n2) Second\ncontinued.\n3) Third.";
        assert_eq!(
            parse_numbered(ok, 3),
            Some(vec![
                "First one.".into(),
                "Second continued.".into(),
                "Third.".into()
            ])
        );
        assert_eq!(parse_numbered("1. A\n3. C", 2), None, "skipped number");
        assert_eq!(parse_numbered("1. A\n2. B\n3. C", 2), None, "one too many");
        assert_eq!(parse_numbered("2. B\n1. A", 2), None, "out of order");
    }

    #[test]
    fn prompts_carry_terms_examples_and_numbered_sentences() {
        let terms = [Term {
            source: "Ban Bí thư".into(),
            target: "Secretariat".into(),
        }];
        let examples = [Example {
            source: "Xin chào.".into(),
            target: "Hello.".into(),
        }];
        let sentences = ["Câu một.", "Câu hai."];
        let p = TranslationPrompt {
            title: Some("Tiêu đề"),
            terms: &terms,
            examples: &examples,
            sentences: &sentences,
            ..TranslationPrompt::default()
        };
        let m = p.user_message();
        assert!(m.contains("- Ban Bí thư = Secretariat"));
        assert!(m.contains("Vietnamese: Xin chào.\nEnglish: Hello."));
        assert!(m.contains("1. Câu một.\n2. Câu hai.\n"));
        assert!(m.contains("exactly 2 numbered lines"));
        assert!(!m.contains("problems"));

        let problems = ["Render “Ban Bí thư” as “Secretariat”.".to_string()];
        let repair = TranslationPrompt {
            terms: &terms,
            sentences: &["Secretariat họp."],
            problems: &problems,
            terms_inlined: true,
            ..TranslationPrompt::default()
        };
        let m = repair.user_message();
        assert!(
            m.contains(
                "had these problems; avoid them:\n- Render “Ban Bí thư” as “Secretariat”.\n"
            ),
            "{m}"
        );
        assert!(m.ends_with("already in English in the sentence below; keep those English words exactly as they are.\nTranslate into English:\nSecretariat họp."), "{m}");
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
