//! TBX v3 writer (TBX-Basic, DCA style): one `conceptEntry` per entry, the source term in the
//! source `langSec`, the target as the preferred term, variants admitted, forbidden renderings
//! deprecated. The entry's note goes in a `note`; `case: sensitive` in a `termNote` of type
//! [`CASE_NOTE`], which our reader understands and other tools ignore.

use super::tbx_read::CASE_NOTE;
use crate::glossary::model::{Entry, LoadOptions};
use quick_xml::escape::escape;
use std::io::Write;

/// Writes `entries` as a TBX v3 document.
pub fn write(entries: &[Entry], opts: &LoadOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let (src, tgt) = (
        escape(opts.source_lang.as_str()),
        escape(opts.target_lang.as_str()),
    );
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<tbx type="TBX-Basic" style="dca" xml:lang="{src}" xmlns="urn:iso:std:iso:30042:ed-2">"#
    )?;
    writeln!(out, "  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>Exported by vibrief</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>")?;
    writeln!(out, "  <text>\n    <body>")?;
    for (i, e) in entries.iter().enumerate() {
        writeln!(out, r#"      <conceptEntry id="c{}">"#, i + 1)?;
        if !e.note.is_empty() {
            writeln!(out, "        <note>{}</note>", escape(e.note.as_str()))?;
        }
        writeln!(out, r#"        <langSec xml:lang="{src}">"#)?;
        term(out, &e.source, None, e.case_sensitive)?;
        writeln!(out, "        </langSec>")?;
        writeln!(out, r#"        <langSec xml:lang="{tgt}">"#)?;
        if !e.target.is_empty() {
            term(out, &e.target, Some("preferredTerm-admn-sts"), false)?;
        }
        for v in &e.variants {
            term(out, v, Some("admittedTerm-admn-sts"), false)?;
        }
        for f in &e.forbidden {
            term(out, f, Some("deprecatedTerm-admn-sts"), false)?;
        }
        writeln!(out, "        </langSec>")?;
        writeln!(out, "      </conceptEntry>")?;
    }
    writeln!(out, "    </body>\n  </text>\n</tbx>")
}

fn term(
    out: &mut dyn Write,
    text: &str,
    status: Option<&str>,
    case_sensitive: bool,
) -> std::io::Result<()> {
    write!(out, "          <termSec><term>{}</term>", escape(text))?;
    if let Some(s) = status {
        write!(
            out,
            r#"<termNote type="administrativeStatus">{s}</termNote>"#
        )?;
    }
    if case_sensitive {
        write!(out, r#"<termNote type="{CASE_NOTE}">sensitive</termNote>"#)?;
    }
    writeln!(out, "</termSec>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::formats::tbx_read;
    use std::path::Path;

    #[test]
    fn round_trips_through_the_reader() {
        let mut e = Entry::new(
            "Chỉ thị số {n} của Ban Bí thư",
            "Directive No. {n} of the Secretariat",
        )
        .variant("Directive {n} <of the> Secretariat")
        .forbid("Instruction No. {n}")
        .case_sensitive();
        e.note = "a & b".into();
        let entries = vec![e, Entry::new("hòa bình", "peace")];
        let mut out = Vec::new();
        write(&entries, &LoadOptions::default(), &mut out).unwrap();
        let back = tbx_read::read(
            std::str::from_utf8(&out).unwrap(),
            Path::new("x.tbx"),
            &LoadOptions::default(),
        )
        .unwrap();
        let strip = crate::glossary::formats::without_origins;
        assert_eq!(strip(&back.entries), strip(&entries));
        assert!(back.warnings.is_empty());
    }
}
