//! Reading the model's answers back: one sentence, several sentences by id, and a summary's
//! lead and points. Answers lose what a small model adds around them (labels, ids, preambles,
//! numbering, quotes), and any character XML 1.0 forbids (a control character is not text, and
//! no XLIFF or TMX could hold it).

use crate::text::xml_chars;

/// Reads a model answer for one sentence: its first paragraph, without a leading label, id,
/// preamble, number or quotes; `None` when nothing is left.
///
/// ```
/// use vibrief::pipeline::answer::parse_one;
/// assert_eq!(parse_one("English: \"One.\"\n\nNote: x"), Some("One.".into()));
/// assert_eq!(parse_one("Here is the translation:"), None);
/// ```
pub fn parse_one(answer: &str) -> Option<String> {
    let answer = text_only(answer);
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
/// use vibrief::pipeline::answer::parse_lines;
/// let answer = "[p1.s1] One.\n**[p1.s2]:** Two.\nNote: done.";
/// assert_eq!(
///     parse_lines(answer, &["p1.s1", "p1.s2", "p1.s3"]),
///     vec![Some("One.".into()), Some("Two.".into()), None]
/// );
/// ```
pub fn parse_lines(answer: &str, ids: &[&str]) -> Vec<Option<String>> {
    let answer = text_only(answer);
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

/// Reads a summary answer: the `LEAD:` line (or the first line) and the `- ` points.
///
/// ```
/// use vibrief::pipeline::answer::parse_summary;
/// let (lead, points) = parse_summary("LEAD: A met B.\n- One.\n* Two.").unwrap();
/// assert_eq!(lead, "A met B.");
/// assert_eq!(points, vec!["One.", "Two."]);
/// ```
pub fn parse_summary(answer: &str) -> Option<(String, Vec<String>)> {
    let answer = text_only(answer);
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

/// `answer` without the characters XML 1.0 forbids.
fn text_only(answer: &str) -> std::borrow::Cow<'_, str> {
    if answer.chars().all(xml_chars::allowed) {
        answer.into()
    } else {
        answer
            .chars()
            .filter(|c| xml_chars::allowed(*c))
            .collect::<String>()
            .into()
    }
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
        assert_eq!(
            parse_one("The\u{1} report\u{FFFE} said."),
            Some("The report said.".into()),
            "control characters are no text"
        );
        assert_eq!(
            parse_summary("LEAD: A\u{0}.\n- B\u{8}.").unwrap(),
            ("A.".into(), vec!["B.".into()])
        );
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
