//! The English brief in Markdown: title, date and source, summary and key points, the full
//! translation by paragraph, the terms used, and what needs review.

use crate::doc::translated::{SegmentStatus, TranslatedDocument};
use std::fmt::Write;

/// Renders `doc` as a Markdown brief.
pub fn brief(doc: &TranslatedDocument) -> String {
    let mut out = String::new();
    let title = doc
        .title()
        .map(|t| t.target.as_str())
        .unwrap_or("(untitled)");
    let _ = writeln!(out, "# {}\n", one_line(title));
    if let Some(t) = doc.title() {
        let _ = writeln!(out, "*{}*\n", one_line(&t.source));
    }
    let mut facts = Vec::new();
    if let Some(d) = doc.date_shown() {
        facts.push(format!("**Date:** {d}"));
    }
    if let Some(s) = &doc.source {
        facts.push(format!("**Source:** {s}"));
    }
    facts.push(format!("**File:** `{}`", doc.path));
    if let Some(p) = &doc.parent {
        facts.push(format!("**Related to:** `{p}`"));
    }
    let _ = writeln!(out, "{}\n", facts.join(" · "));

    if let Some(s) = &doc.summary {
        let _ = writeln!(out, "## Summary\n\n{}\n", s.lead);
        for p in &s.points {
            let _ = writeln!(out, "- {p}");
        }
        if !s.points.is_empty() {
            out.push('\n');
        }
        if s.status == SegmentStatus::NeedsReview {
            let _ = writeln!(out, "> **Summary needs review:** {}\n", s.issues.join("; "));
        }
    }

    let paragraphs = doc.paragraphs();
    if !paragraphs.is_empty() {
        out.push_str("## Translation\n\n");
        for para in paragraphs {
            let text: Vec<String> = para
                .iter()
                .map(|s| match s.status {
                    SegmentStatus::Ok => s.target.clone(),
                    SegmentStatus::NeedsReview => format!("{} [⚠ {}]", s.target, s.id),
                })
                .collect();
            let _ = writeln!(out, "{}\n", text.join(" "));
        }
    }

    let terms = doc.terms_used();
    if !terms.is_empty() {
        out.push_str("## Terms\n\n| Vietnamese | English | Occurrences |\n|---|---|---|\n");
        for (vi, en, n) in terms {
            let _ = writeln!(out, "| {} | {} | {n} |", cell(&vi), cell(&en));
        }
        out.push('\n');
    }

    out.push_str("## Review\n\n");
    let review: Vec<_> = doc.needs_review().collect();
    if review.is_empty() {
        out.push_str("Every segment passed verification.\n\n");
    } else {
        out.push_str("| Segment | Vietnamese | English | Problems |\n|---|---|---|---|\n");
        for s in review {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                s.id,
                cell(&s.source),
                cell(&s.target),
                cell(&s.issues.join("; "))
            );
        }
        out.push('\n');
    }

    let st = &doc.stats;
    let _ = writeln!(
        out,
        "---\n{} segments · {} from the TM · {} model calls{} · glossary compliance {:.1}% ({} of {} terms)",
        st.segments,
        st.tm_reused,
        st.model_calls,
        doc.model.as_deref().map(|m| format!(" ({m})")).unwrap_or_default(),
        100.0 * st.compliance(),
        st.terms_satisfied,
        st.terms_checked
    );
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Markdown table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    one_line(s).replace('|', "\\|")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::doc::translated::*;
    use crate::doc::Span;

    pub(crate) fn sample() -> TranslatedDocument {
        let seg = |id: &str, paragraph, source: &str, target: &str, status, issues: Vec<String>| {
            TranslatedSegment {
                id: id.into(),
                paragraph,
                source: source.into(),
                target: target.into(),
                origin: Origin::Mt("qwen".into()),
                score: None,
                tm_source: None,
                terms: vec![TermUse {
                    source: "Ban Bí thư".into(),
                    span: Span::new(0, 12),
                    required: "Secretariat".into(),
                    satisfied: status == SegmentStatus::Ok,
                    rendered: None,
                }],
                issues,
                status,
                span: Span::new(0, 10),
                model_calls: 1,
            }
        };
        TranslatedDocument {
            path: "a.txt".into(),
            source_lang: "vi".into(),
            target_lang: "en".into(),
            date: Some("Sáng 21-12".into()),
            date_english: Some("21 December, morning".into()),
            source: Some("VOV".into()),
            segments: vec![
                seg(
                    "t",
                    0,
                    "Ban Bí thư họp",
                    "Secretariat meets",
                    SegmentStatus::Ok,
                    vec![],
                ),
                seg(
                    "p1.s1",
                    1,
                    "Ban Bí thư | chỉ đạo.",
                    "The Secretariat | directs.",
                    SegmentStatus::Ok,
                    vec![],
                ),
                seg(
                    "p1.s2",
                    1,
                    "Ban Bí thư nói.",
                    "The committee said.",
                    SegmentStatus::NeedsReview,
                    vec!["missing term Secretariat".into()],
                ),
            ],
            summary: Some(Summary {
                mode: "abstractive".into(),
                lead: "The Secretariat met.".into(),
                points: vec!["It directed.".into()],
                issues: vec![],
                status: SegmentStatus::Ok,
            }),
            model: Some("qwen".into()),
            stats: Stats {
                segments: 3,
                model_calls: 4,
                repairs: 1,
                prompt_tokens: 900,
                cached_tokens: 2400,
                generated_tokens: 120,
                terms_checked: 3,
                terms_satisfied: 2,
                needs_review: 1,
                ..Stats::default()
            },
            parent: None,
        }
    }

    #[test]
    fn brief_has_every_section() {
        let md = brief(&sample());
        assert!(md.starts_with("# Secretariat meets\n\n*Ban Bí thư họp*"));
        assert!(md.contains("**Date:** 21 December, morning · **Source:** VOV"));
        assert!(md.contains("## Summary\n\nThe Secretariat met.\n\n- It directed.\n"));
        assert!(md.contains("The Secretariat | directs. The committee said. [⚠ p1.s2]"));
        assert!(md.contains("| Ban Bí thư | Secretariat | 3 |"));
        assert!(md.contains(
            "| p1.s2 | Ban Bí thư nói. | The committee said. | missing term Secretariat |"
        ));
        assert!(md.contains("glossary compliance 66.7% (2 of 3 terms)"));
    }
}
