//! XLIFF 2.1 and 1.2 export of a translated document, for review in a CAT tool.
//!
//! Each segment is one unit (id = the segment id). A segment that passed verification is
//! `translated`; one that needs review is `translated` with subState `vibrief:needs-review`
//! (2.1) or `needs-review-translation` (1.2), its problems as notes. A reused TM unit is
//! offered as `mtc:match` (2.1) or `alt-trans` (1.2) with its score, as OmegaT and Okapi read them.

use crate::doc::translated::{SegmentStatus, TranslatedDocument, TranslatedSegment};
use quick_xml::escape::escape;
use std::fmt::Write;

/// XLIFF namespace URIs.
pub const XLIFF2_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The XLIFF 2 matches module.
pub const MTC_NS: &str = "urn:oasis:names:tc:xliff:matches:2.0";
/// XLIFF 1.2.
pub const XLIFF12_NS: &str = "urn:oasis:names:tc:xliff:document:1.2";

fn tm_match(s: &TranslatedSegment) -> Option<(u32, &str)> {
    s.origin.is_tm().then(|| {
        (
            s.score.unwrap_or(100).min(100),
            s.tm_source.as_deref().unwrap_or(&s.source),
        )
    })
}

/// Writes `doc` as XLIFF 2.1.
pub fn xliff21(doc: &TranslatedDocument) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<xliff xmlns=\"{XLIFF2_NS}\" xmlns:mtc=\"{MTC_NS}\" version=\"2.1\" srcLang=\"{}\" trgLang=\"{}\">",
        escape(&doc.source_lang),
        escape(&doc.target_lang)
    );
    let _ = writeln!(out, " <file id=\"f1\" original=\"{}\">", escape(&doc.path));
    for s in &doc.segments {
        let _ = writeln!(out, "  <unit id=\"{}\">", escape(&s.id));
        let matched = tm_match(s);
        if let Some((score, source)) = matched {
            let _ = writeln!(
                out,
                "   <mtc:matches>\n    <mtc:match ref=\"#m1\" type=\"tm\" origin=\"{}\" similarity=\"{score}\">\n     <source>{}</source>\n     <target>{}</target>\n    </mtc:match>\n   </mtc:matches>",
                escape(s.origin.to_string()),
                escape(source),
                escape(&s.target)
            );
        }
        if !s.issues.is_empty() {
            out.push_str("   <notes>\n");
            for i in &s.issues {
                let _ = writeln!(
                    out,
                    "    <note category=\"vibrief-issue\">{}</note>",
                    escape(i)
                );
            }
            out.push_str("   </notes>\n");
        }
        let sub = match s.status {
            SegmentStatus::Ok => String::new(),
            SegmentStatus::NeedsReview => " subState=\"vibrief:needs-review\"".to_string(),
        };
        let source = match matched {
            Some(_) => format!(
                "<mrk id=\"m1\" type=\"mtc:match\">{}</mrk>",
                escape(&s.source)
            ),
            None => escape(&s.source).into_owned(),
        };
        let _ = writeln!(
            out,
            "   <segment id=\"s1\" state=\"translated\"{sub}>\n    <source>{source}</source>\n    <target>{}</target>\n   </segment>\n  </unit>",
            escape(&s.target)
        );
    }
    out.push_str(" </file>\n</xliff>\n");
    out
}

/// Writes `doc` as XLIFF 1.2.
pub fn xliff12(doc: &TranslatedDocument) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<xliff xmlns=\"{XLIFF12_NS}\" version=\"1.2\">");
    let _ = writeln!(
        out,
        " <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"plaintext\" tool-id=\"vibrief\">",
        escape(&doc.path),
        escape(&doc.source_lang),
        escape(&doc.target_lang)
    );
    let _ = writeln!(
        out,
        "  <header><tool tool-id=\"vibrief\" tool-name=\"vibrief\" tool-version=\"{}\"/></header>\n  <body>",
        env!("CARGO_PKG_VERSION")
    );
    for s in &doc.segments {
        let state = match s.status {
            SegmentStatus::Ok => "translated",
            SegmentStatus::NeedsReview => "needs-review-translation",
        };
        let _ = writeln!(
            out,
            "   <trans-unit id=\"{}\" xml:space=\"preserve\">\n    <source xml:lang=\"{}\">{}</source>\n    <target xml:lang=\"{}\" state=\"{state}\">{}</target>",
            escape(&s.id),
            escape(&doc.source_lang),
            escape(&s.source),
            escape(&doc.target_lang),
            escape(&s.target)
        );
        for i in &s.issues {
            let _ = writeln!(
                out,
                "    <note from=\"vibrief\" priority=\"2\">{}</note>",
                escape(i)
            );
        }
        if let Some((score, source)) = tm_match(s) {
            let _ = writeln!(
                out,
                "    <alt-trans match-quality=\"{score}\" origin=\"{}\">\n     <source xml:lang=\"{}\">{}</source>\n     <target xml:lang=\"{}\">{}</target>\n    </alt-trans>",
                escape(s.origin.to_string()),
                escape(&doc.source_lang),
                escape(source),
                escape(&doc.target_lang),
                escape(&s.target)
            );
        }
        out.push_str("   </trans-unit>\n");
    }
    out.push_str("  </body>\n </file>\n</xliff>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::translated::Origin;

    fn doc() -> TranslatedDocument {
        let mut d = crate::formats::markdown::tests::sample();
        d.segments[1].origin = Origin::TmFuzzy;
        d.segments[1].score = Some(96);
        d.segments[1].tm_source = Some("Ban Bí thư & chỉ đạo.".into());
        d
    }

    #[test]
    fn xliff21_has_states_matches_and_notes() {
        let x = xliff21(&doc());
        assert!(x.contains("version=\"2.1\" srcLang=\"vi\" trgLang=\"en\""));
        assert!(
            x.contains("<mtc:match ref=\"#m1\" type=\"tm\" origin=\"tm-fuzzy\" similarity=\"96\">")
        );
        assert!(x.contains("<source>Ban Bí thư &amp; chỉ đạo.</source>"));
        assert!(x.contains(
            "<source><mrk id=\"m1\" type=\"mtc:match\">Ban Bí thư | chỉ đạo.</mrk></source>"
        ));
        assert!(x.contains("subState=\"vibrief:needs-review\""));
        assert!(x.contains("<note category=\"vibrief-issue\">missing term Secretariat</note>"));
        assert_eq!(x.matches("<unit ").count(), 3);
    }

    /// What a CAT tool's reader sees: our reader, which reads the OmegaT, Okapi and OASIS
    /// files of `../shared/interop` as those tools do, gets every segment back.
    #[test]
    fn both_versions_read_back_segment_for_segment() {
        let d = doc();
        for text in [xliff21(&d), xliff12(&d)] {
            let read = super::super::read::parse(&text, std::path::Path::new("out.xlf")).unwrap();
            assert_eq!(read.files.len(), 1);
            let file = &read.files[0];
            assert_eq!(
                (file.source_lang.as_deref(), file.target_lang.as_deref()),
                (Some("vi"), Some("en"))
            );
            assert_eq!(file.units.len(), d.segments.len());
            for (u, s) in file.units.iter().zip(&d.segments) {
                assert_eq!(u.id.as_deref(), Some(s.id.as_str()));
                assert_eq!(u.segments.len(), 1);
                assert_eq!(
                    u.segments[0].source, s.source,
                    "the match marker is not text"
                );
                assert_eq!(u.segments[0].target.as_deref(), Some(s.target.as_str()));
                assert_eq!(u.notes.len(), s.issues.len(), "{:?}", u.notes);
            }
        }
    }

    #[test]
    fn xliff12_has_states_alt_trans_and_notes() {
        let x = xliff12(&doc());
        assert!(x.contains("<target xml:lang=\"en\" state=\"needs-review-translation\">The committee said.</target>"));
        assert!(x.contains("<alt-trans match-quality=\"96\" origin=\"tm-fuzzy\">"));
        assert!(x.contains("<note from=\"vibrief\" priority=\"2\">missing term Secretariat</note>"));
        assert_eq!(x.matches("<trans-unit ").count(), 3);
    }
}
