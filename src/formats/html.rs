//! The bilingual review page: Vietnamese and English side by side, glossary terms highlighted,
//! each segment's origin (TM match or model) and problems shown.

use crate::doc::translated::{SegmentStatus, TranslatedDocument, TranslatedSegment};
use std::fmt::Write;

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}\
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}\
th{background:#f4f4f4}mark{background:#fff3b0}mark.bad{background:#ffc9c9}\
.origin{font-size:.8em;color:#555;white-space:nowrap}tr.review{background:#fff0f0}\
.issues{color:#a00;font-size:.9em}";

/// Escapes text for HTML element content and attribute values (`&`, `<`, `>`, `"`, `'`).
pub fn escape(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// Escapes `text` and wraps each case-insensitive occurrence of `needles` in `<mark>`.
fn highlight(text: &str, needles: &[(&str, bool)]) -> String {
    let lower = text.to_lowercase();
    // Byte positions only line up when lower-casing kept every length (true for Vietnamese).
    if lower.len() != text.len() {
        return escape(text);
    }
    let mut marks: Vec<(usize, usize, bool)> = Vec::new();
    for (needle, ok) in needles {
        let n = needle.to_lowercase();
        if n.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(i) = lower[from..].find(&n) {
            let (s, e) = (from + i, from + i + n.len());
            if !marks.iter().any(|(a, b, _)| s < *b && *a < e) {
                marks.push((s, e, *ok));
            }
            from = e;
        }
    }
    marks.sort();
    let mut out = String::new();
    let mut at = 0;
    for (s, e, ok) in marks {
        out.push_str(&escape(&text[at..s]));
        let class = if ok { "" } else { " class=\"bad\"" };
        let _ = write!(out, "<mark{class}>{}</mark>", escape(&text[s..e]));
        at = e;
    }
    out.push_str(&escape(&text[at..]));
    out
}

fn row(out: &mut String, s: &TranslatedSegment) {
    let sources: Vec<(&str, bool)> = s
        .terms
        .iter()
        .map(|t| (t.source.as_str(), t.satisfied))
        .collect();
    let targets: Vec<(&str, bool)> = s
        .terms
        .iter()
        .filter(|t| t.satisfied)
        .map(|t| (t.required.as_str(), true))
        .collect();
    let class = if s.status == SegmentStatus::NeedsReview {
        " class=\"review\""
    } else {
        ""
    };
    let score = s.score.map(|n| format!(" {n}%")).unwrap_or_default();
    let _ = write!(
        out,
        "<tr id=\"{id}\"{class}><td>{id}</td><td lang=\"vi\">{src}</td><td lang=\"en\">{tgt}",
        id = escape(&s.id),
        src = highlight(&s.source, &sources),
        tgt = highlight(&s.target, &targets),
    );
    if !s.issues.is_empty() {
        let _ = write!(
            out,
            "<div class=\"issues\">⚠ {}</div>",
            escape(&s.issues.join("; "))
        );
    }
    let _ = writeln!(
        out,
        "</td><td class=\"origin\">{}{score}</td></tr>",
        escape(&s.origin.to_string())
    );
}

/// Renders `doc` as a self-contained bilingual HTML page.
pub fn review_page(doc: &TranslatedDocument) -> String {
    let title = doc.title().map(|t| t.target.as_str()).unwrap_or(&doc.path);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        escape(title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(title));
    let mut facts = vec![format!("File: {}", escape(&doc.path))];
    facts.extend(doc.date_shown().map(|d| format!("Date: {}", escape(d))));
    facts.extend(
        doc.source
            .as_deref()
            .map(|s| format!("Source: {}", escape(s))),
    );
    let _ = writeln!(out, "<p>{}</p>", facts.join(" · "));
    if let Some(s) = &doc.summary {
        let _ = writeln!(out, "<h2>Summary</h2><p>{}</p><ul>", escape(&s.lead));
        for p in &s.points {
            let _ = writeln!(out, "<li>{}</li>", escape(p));
        }
        out.push_str("</ul>\n");
        if !s.issues.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"issues\">⚠ {}</p>",
                escape(&s.issues.join("; "))
            );
        }
    }
    out.push_str("<h2>Translation</h2>\n<table><tr><th>Segment</th><th>Tiếng Việt</th><th>English</th><th>Origin</th></tr>\n");
    for s in &doc.segments {
        row(&mut out, s);
    }
    let st = &doc.stats;
    let _ = writeln!(
        out,
        "</table>\n<p>{} segments · {} from the TM · {} model calls · glossary compliance {:.1}% · {} need review</p>\n</body></html>",
        st.segments,
        st.tm_reused,
        st.model_calls,
        100.0 * st.compliance(),
        st.needs_review
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_highlights() {
        assert_eq!(
            escape("a<b & \"c\" 'd'"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(
            highlight("Ban Bí thư & Bộ", &[("ban bí thư", true)]),
            "<mark>Ban Bí thư</mark> &amp; Bộ"
        );
        assert_eq!(
            highlight("x secretariat", &[("Secretariat", false)]),
            "x <mark class=\"bad\">secretariat</mark>"
        );
    }

    #[test]
    fn page_shows_origin_terms_and_review_rows() {
        let html = review_page(&crate::formats::markdown::tests::sample());
        assert!(html.contains("<tr id=\"p1.s2\" class=\"review\">"));
        assert!(html.contains("<mark>Ban Bí thư</mark> | chỉ đạo."));
        assert!(html.contains("The <mark>Secretariat</mark> | directs."));
        assert!(html.contains("<td class=\"origin\">mt:qwen</td>"));
        assert!(html.contains("⚠ missing term Secretariat"));
    }
}
