//! The batch report: one row per document (title, segments, TM reuse, model calls, glossary
//! compliance, segments needing review, time) and a corpus-level glossary consistency section,
//! written as `index.md`, `index.html` and `report.json`.

use crate::doc::translated::TranslatedDocument;
use crate::formats::html::escape;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write;

/// How one document ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum DocState {
    /// Processed in this run.
    Done,
    /// Taken from the cache of an earlier run (no model work).
    Cached,
    /// Could not be processed; the run went on.
    Failed {
        /// What went wrong, naming the file.
        error: String,
    },
}

impl DocState {
    /// How the state reads in the index: `done`, `cached` or `failed: <error>`.
    pub fn label(&self) -> String {
        match self {
            DocState::Done => "done".to_string(),
            DocState::Cached => "cached".to_string(),
            DocState::Failed { error } => format!("failed: {error}"),
        }
    }
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocReport {
    /// The input file (for a related article: the parent's path with a `#related-N` suffix).
    pub path: String,
    /// The parent article, for a related article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// English title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// How it ended.
    #[serde(flatten)]
    pub state: DocState,
    /// Segments, title included.
    pub segments: usize,
    /// Share of segments reused from the TM, in percent.
    pub tm_reuse_percent: f64,
    /// Model calls in this run (0 for a cached document).
    pub model_calls: usize,
    /// Of those, repairs of answers that failed verification.
    #[serde(default)]
    pub repairs: usize,
    /// Prompt tokens the model evaluated in this run.
    #[serde(default)]
    pub prompt_tokens: usize,
    /// Prompt tokens the model reused from its cache.
    #[serde(default)]
    pub cached_tokens: usize,
    /// Tokens the model generated.
    #[serde(default)]
    pub generated_tokens: usize,
    /// Share of glossary term occurrences rendered as required (0–1).
    pub compliance: f64,
    /// Segments marked `needs_review` (plus one when the summary needs review).
    pub needs_review: usize,
    /// Wall time for the document, in seconds (0 when cached).
    pub seconds: f64,
    /// Output files written, relative to the output folder.
    pub outputs: Vec<String>,
}

impl DocReport {
    /// The row for a translated document.
    pub fn from_document(doc: &TranslatedDocument, state: DocState, outputs: Vec<String>) -> Self {
        let st = &doc.stats;
        let summary_review = doc.summary.as_ref().is_some_and(|s| !s.issues.is_empty());
        // A cached document cost this run nothing.
        let cached = state == DocState::Cached;
        DocReport {
            path: doc.path.clone(),
            parent: doc.parent.clone(),
            title: doc.title().map(|t| t.target.clone()),
            state,
            segments: st.segments,
            tm_reuse_percent: if st.segments == 0 {
                0.0
            } else {
                100.0 * st.tm_reused as f64 / st.segments as f64
            },
            model_calls: if cached { 0 } else { st.model_calls },
            repairs: if cached { 0 } else { st.repairs },
            prompt_tokens: if cached { 0 } else { st.prompt_tokens },
            cached_tokens: if cached { 0 } else { st.cached_tokens },
            generated_tokens: if cached { 0 } else { st.generated_tokens },
            compliance: st.compliance(),
            needs_review: st.needs_review + usize::from(summary_review),
            seconds: if cached { 0.0 } else { st.seconds },
            outputs,
        }
    }

    /// The row's figures as the index shows them: segments, TM reuse, model calls (repairs),
    /// tokens (evaluated + cached → generated), glossary compliance, segments to review, time.
    fn figures(&self) -> [String; 7] {
        [
            self.segments.to_string(),
            format!("{:.0}%", self.tm_reuse_percent),
            format!("{} ({})", self.model_calls, self.repairs),
            format!(
                "{} + {} → {}",
                self.prompt_tokens, self.cached_tokens, self.generated_tokens
            ),
            format!("{:.1}%", 100.0 * self.compliance),
            self.needs_review.to_string(),
            format!("{:.1} s", self.seconds),
        ]
    }

    /// The row for a document that failed.
    pub fn failed(path: String, error: String) -> Self {
        DocReport {
            path,
            parent: None,
            title: None,
            state: DocState::Failed { error },
            segments: 0,
            tm_reuse_percent: 0.0,
            model_calls: 0,
            repairs: 0,
            prompt_tokens: 0,
            cached_tokens: 0,
            generated_tokens: 0,
            compliance: 0.0,
            needs_review: 0,
            seconds: 0.0,
            outputs: vec![],
        }
    }
}

/// One Vietnamese term rendered in more than one way across the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inconsistency {
    /// The term (normalized Vietnamese).
    pub term: String,
    /// Each English rendering found, with the documents that use it.
    pub renderings: BTreeMap<String, Vec<String>>,
}

/// Finds terms whose English rendering differs between documents.
pub fn consistency<'a>(
    docs: impl IntoIterator<Item = &'a TranslatedDocument>,
) -> Vec<Inconsistency> {
    let mut by_term: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for doc in docs {
        for t in doc.segments.iter().flat_map(|s| &s.terms) {
            let Some(rendered) = &t.rendered else {
                continue;
            };
            let renderings = by_term
                .entry(crate::text::normalize::key(&t.source))
                .or_default();
            let docs = same_rendering(renderings, &rendered.to_lowercase());
            if !docs.contains(&doc.path) {
                docs.push(doc.path.clone());
            }
        }
    }
    by_term
        .into_iter()
        .filter(|(_, r)| r.len() > 1)
        .map(|(term, renderings)| Inconsistency { term, renderings })
        .collect()
}

/// The documents of the rendering in `renderings` that `rendered` is a form of (case and
/// English inflection aside: "new situations" is a form of "new situation"), created when there
/// is none. The base form names the rendering.
fn same_rendering<'r>(
    renderings: &'r mut BTreeMap<String, Vec<String>>,
    rendered: &str,
) -> &'r mut Vec<String> {
    use crate::glossary::target::contains_term;
    let words = |s: &str| s.split_whitespace().count();
    let found = renderings.keys().find_map(|k| {
        if words(k) != words(rendered) {
            None
        } else if contains_term(rendered, k, false) {
            Some((k.clone(), k.clone())) // `rendered` is an inflected form of `k`
        } else if contains_term(k, rendered, false) {
            Some((k.clone(), rendered.to_string())) // `rendered` is the base form
        } else {
            None
        }
    });
    let key = match found {
        Some((old, base)) if old != base => {
            let docs = renderings.remove(&old).unwrap_or_default();
            renderings.insert(base.clone(), docs);
            base
        }
        Some((old, _)) => old,
        None => rendered.to_string(),
    };
    renderings.entry(key).or_default()
}

/// The whole batch report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// One row per document, input order, related articles after their parent.
    pub documents: Vec<DocReport>,
    /// Terms rendered differently across documents.
    pub inconsistencies: Vec<Inconsistency>,
    /// Wall time of the run, in seconds.
    pub seconds: f64,
    /// Id of the model, if one was loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

impl Report {
    /// Documents that failed.
    pub fn failed(&self) -> usize {
        self.documents
            .iter()
            .filter(|d| matches!(d.state, DocState::Failed { .. }))
            .count()
    }

    /// Documents with something to review.
    pub fn with_review(&self) -> usize {
        self.documents.iter().filter(|d| d.needs_review > 0).count()
    }

    /// `index.md`.
    pub fn markdown(&self) -> String {
        let mut out = String::from("# Batch report\n\n");
        let _ = writeln!(
            out,
            "{} documents · {} failed · {} with segments to review · {:.1} s{}\n",
            self.documents.len(),
            self.failed(),
            self.with_review(),
            self.seconds,
            self.model
                .as_deref()
                .map(|m| format!(" · model {m}"))
                .unwrap_or_default()
        );
        out.push_str("| Document | Title | State | Segments | TM reuse | Model calls (repairs) | Tokens (evaluated + cached → generated) | Compliance | Review | Time |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for d in &self.documents {
            let link = d
                .outputs
                .iter()
                .find(|o| o.ends_with(".md"))
                .map(|o| format!("[{}]({o})", d.path))
                .unwrap_or_else(|| d.path.clone());
            let state = d.state.label().replace('|', "\\|");
            let title = d.title.as_deref().unwrap_or("").replace('|', "\\|");
            let _ = writeln!(
                out,
                "| {link} | {title} | {state} | {} |",
                d.figures().join(" | ")
            );
        }
        out.push_str("\n## Glossary consistency\n\n");
        if self.inconsistencies.is_empty() {
            out.push_str("Every glossary term is rendered the same way in every document.\n");
        }
        for i in &self.inconsistencies {
            let _ = writeln!(out, "- **{}**:", i.term);
            for (r, docs) in &i.renderings {
                let _ = writeln!(out, "  - \"{r}\" in {}", docs.join(", "));
            }
        }
        out
    }

    /// `index.html`.
    pub fn html(&self) -> String {
        let mut out = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Batch report</title><style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em}tr.failed{background:#ffe0e0}tr.review{background:#fff6d8}</style></head><body>\n<h1>Batch report</h1>\n");
        let _ = writeln!(
            out,
            "<p>{} documents · {} failed · {} with segments to review · {:.1} s</p>",
            self.documents.len(),
            self.failed(),
            self.with_review(),
            self.seconds
        );
        out.push_str("<table><tr><th>Document</th><th>Title</th><th>State</th><th>Segments</th><th>TM reuse</th><th>Model calls (repairs)</th><th>Tokens (evaluated + cached → generated)</th><th>Compliance</th><th>Review</th><th>Time</th></tr>\n");
        for d in &self.documents {
            let class = match d.state {
                DocState::Failed { .. } => "failed",
                _ if d.needs_review > 0 => "review",
                _ => "",
            };
            let link = match d.outputs.iter().find(|o| o.ends_with(".html")) {
                Some(o) => format!("<a href=\"{}\">{}</a>", escape(o), escape(&d.path)),
                None => escape(&d.path),
            };
            let figures: String = d
                .figures()
                .iter()
                .map(|f| format!("<td>{f}</td>"))
                .collect();
            let _ = writeln!(
                out,
                "<tr class=\"{class}\"><td>{link}</td><td>{}</td><td>{}</td>{figures}</tr>",
                escape(d.title.as_deref().unwrap_or("")),
                escape(&d.state.label()),
            );
        }
        out.push_str("</table>\n<h2>Glossary consistency</h2>\n<ul>\n");
        for i in &self.inconsistencies {
            let list: Vec<String> = i
                .renderings
                .iter()
                .map(|(r, docs)| format!("“{}” in {}", escape(r), escape(&docs.join(", "))))
                .collect();
            let _ = writeln!(
                out,
                "<li><b>{}</b>: {}</li>",
                escape(&i.term),
                list.join("; ")
            );
        }
        out.push_str("</ul>\n</body></html>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::translated::TermUse;

    #[test]
    fn inconsistent_renderings_across_documents_are_found() {
        let mut a = crate::formats::markdown::tests::sample();
        let mut b = a.clone();
        b.path = "b.txt".into();
        let term = |r: &str| TermUse {
            source: "Ban Bí thư".into(),
            span: Default::default(),
            required: "Secretariat".into(),
            satisfied: true,
            rendered: Some(r.into()),
        };
        a.segments[1].terms = vec![term("Secretariat")];
        b.segments[1].terms = vec![term("Party Secretariat")];
        let found = consistency([&a, &b]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].term, "ban bí thư");
        assert_eq!(found[0].renderings["party secretariat"], vec!["b.txt"]);
        b.segments[1].terms = vec![term("SECRETARIAT")];
        assert!(
            consistency([&a, &b]).is_empty(),
            "case alone is no inconsistency"
        );
        a.segments[1].terms = vec![term("Party Secretariats")];
        b.segments[1].terms = vec![term("Party Secretariat")];
        assert!(
            consistency([&a, &b]).is_empty(),
            "a plural is the same rendering"
        );
    }

    #[test]
    fn report_rows_and_counts() {
        let doc = crate::formats::markdown::tests::sample();
        let report = Report {
            documents: vec![
                DocReport::from_document(
                    &doc,
                    DocState::Done,
                    vec!["a.md".into(), "a.html".into()],
                ),
                DocReport::failed("bad.txt".into(), "bad.txt: invalid UTF-8 at byte 3".into()),
            ],
            inconsistencies: vec![],
            seconds: 1.5,
            model: None,
        };
        assert_eq!(report.failed(), 1);
        assert_eq!(report.with_review(), 1);
        let md = report.markdown();
        assert!(
            md.contains("| [a.txt](a.md) | Secretariat meets | done | 3 | 0% | 4 (1) | 900 + 2400 → 120 | 66.7% | 1 |"),
            "{md}"
        );
        assert!(md.contains("| bad.txt |  | failed: bad.txt: invalid UTF-8 at byte 3 |"));
        let html = report.html();
        assert!(html.contains("<a href=\"a.html\">a.txt</a>"));
        assert!(html.contains("<tr class=\"failed\">"));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["documents"][1]["state"], "failed");
    }
}
