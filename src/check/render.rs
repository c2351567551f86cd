//! `check` reports: a text report for people (segment, source with the term marked, target,
//! what was expected) and a JSON report for tools. Both write to any `io::Write`.

use super::input::Segment;
use super::report::{Report, ViolationKind};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

/// A file that could not be checked, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// The file.
    pub file: String,
    /// The error, with its line.
    pub message: String,
}

/// Writes the text report. `segments` supplies the source and target of each violation;
/// `errors` are only counted (the CLI prints them on stderr as they happen).
pub fn text(
    out: &mut dyn Write,
    report: &Report,
    segments: &[Segment],
    errors: &[FileError],
) -> io::Result<()> {
    let by_loc: HashMap<(String, &str), &Segment> = segments
        .iter()
        .map(|s| {
            (
                (format!("{}:{}", s.file.display(), s.line), s.id.as_str()),
                s,
            )
        })
        .collect();
    for v in &report.violations {
        let kind = match v.kind {
            ViolationKind::Missing => "missing",
            ViolationKind::Forbidden => "forbidden",
        };
        writeln!(
            out,
            "{} [segment {}] {kind}: {}",
            v.location, v.segment, v.term
        )?;
        if let Some(seg) = by_loc.get(&(v.location.clone(), v.segment.as_str())) {
            let (s, e) = (v.span.start, v.span.end);
            let marked = format!(
                "{}[[{}]]{}",
                &seg.source[..s],
                &seg.source[s..e],
                &seg.source[e..]
            );
            writeln!(out, "  source:   {}", one_line(&marked))?;
            writeln!(out, "  target:   {}", one_line(&seg.target))?;
        }
        let others: Vec<&str> = v.accepted.iter().skip(1).map(String::as_str).collect();
        if others.is_empty() {
            writeln!(out, "  expected: {}", v.expected)?;
        } else {
            writeln!(
                out,
                "  expected: {} (or: {})",
                v.expected,
                others.join(", ")
            )?;
        }
        if let Some(found) = &v.found {
            writeln!(out, "  found:    {found}")?;
        }
        writeln!(out, "  entry:    {}", v.entry)?;
    }
    for i in &report.inconsistent {
        writeln!(out, "inconsistent: {} (expected {})", i.term, i.expected)?;
        for u in &i.renderings {
            writeln!(out, "  {:?} in {}", u.text, u.segments.join(", "))?;
        }
    }
    for d in &report.divergent {
        writeln!(
            out,
            "divergent: same source translated {} ways: {}",
            d.translations.len(),
            d.source
        )?;
        for u in &d.translations {
            writeln!(out, "  {:?} in {}", u.text, u.segments.join(", "))?;
        }
    }
    writeln!(
        out,
        "{} segments, {} terms checked, {} violations, compliance {:.1}%, {} inconsistent terms, {} divergent sources, {} files failed",
        report.segments,
        report.terms_checked,
        report.violations.len(),
        report.compliance * 100.0,
        report.inconsistent.len(),
        report.divergent.len(),
        errors.len()
    )
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes the JSON report: the [`Report`] fields plus `errors`.
pub fn json(out: &mut dyn Write, report: &Report, errors: &[FileError]) -> io::Result<()> {
    #[derive(Serialize)]
    struct Json<'a> {
        #[serde(flatten)]
        report: &'a Report,
        errors: &'a [FileError],
    }
    serde_json::to_writer_pretty(&mut *out, &Json { report, errors })?;
    writeln!(out)
}
