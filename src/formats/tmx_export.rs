//! TMX 1.4b export of a translated document: one unit per segment, its origin, status and score
//! as `x-vibrief-*` props and its issues as notes, so another CAT tool (or `vibrief tm import`)
//! can take the translations in.

use super::tmx::{HeaderSpec, Note, Prop, Seg, TmxError, TmxWriter, Tu, Tuv};
use crate::doc::translated::TranslatedDocument;

fn prop(kind: &str, value: String) -> Prop {
    Prop {
        kind: kind.into(),
        value,
        lang: None,
    }
}

fn tuv(lang: &str, text: &str) -> Tuv {
    Tuv {
        lang: lang.into(),
        attrs: vec![],
        props: vec![],
        notes: vec![],
        seg: Seg::text(text),
        line: 0,
    }
}

/// Writes `doc` as a TMX 1.4b file.
pub fn document(doc: &TranslatedDocument) -> Result<String, TmxError> {
    let mut w = TmxWriter::new(
        Vec::new(),
        &HeaderSpec::vibrief(&doc.source_lang),
        doc.path.as_str(),
    )?;
    for (i, s) in doc.segments.iter().enumerate() {
        let mut props = vec![
            prop("x-vibrief-origin", s.origin.to_string()),
            prop("x-vibrief-status", s.status.as_str().to_string()),
        ];
        props.extend(s.score.map(|n| prop("x-vibrief-score", n.to_string())));
        w.write_tu(&Tu {
            index: i as u64 + 1,
            line: 0,
            attrs: vec![("tuid".into(), s.id.clone())],
            props,
            notes: s
                .issues
                .iter()
                .map(|i| Note {
                    value: i.clone(),
                    lang: Some("en".into()),
                })
                .collect(),
            tuvs: vec![
                tuv(&doc.source_lang, &s.source),
                tuv(&doc.target_lang, &s.target),
            ],
        })?;
    }
    Ok(String::from_utf8(w.finish()?).expect("the writer writes UTF-8"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_segment_becomes_a_unit_that_reads_back() {
        let doc = crate::formats::markdown::tests::sample();
        let tmx = super::document(&doc).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.tmx");
        std::fs::write(&path, &tmx).unwrap();
        let reader = crate::formats::tmx::TmxReader::open(&path).unwrap();
        let mut n = 0;
        for tu in reader {
            let tu = tu.unwrap();
            assert_eq!(tu.tuvs.len(), 2);
            assert_eq!(tu.tuvs[1].seg.plain_text(), doc.segments[n].target);
            n += 1;
        }
        assert_eq!(n, doc.segments.len());
        assert!(
            tmx.contains("x-vibrief-status") && tmx.contains(">needs_review<"),
            "{tmx}"
        );
    }
}
