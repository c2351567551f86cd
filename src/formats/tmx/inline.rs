//! The content of a TMX `<seg>`: text runs and inline codes (`bpt`, `ept`, `ph`, `it`, `hi`,
//! `sub`, `ut`), with the plain text that matching uses and a canonical serialization that
//! export writes back.

use std::fmt::Write as _;

/// The inline element kinds of TMX 1.4b.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeKind {
    /// Begin of a paired native code.
    Bpt,
    /// End of a paired native code.
    Ept,
    /// A standalone native code.
    Ph,
    /// An isolated code whose partner is in another segment.
    It,
    /// Highlighted text: its content is part of the segment's text.
    Hi,
    /// A sub-flow inside a code (a footnote, an alt text): translatable, but not part of the
    /// segment's own text.
    Sub,
    /// Unknown native code (deprecated in TMX 1.4).
    Ut,
}

impl CodeKind {
    /// The element name.
    pub fn name(self) -> &'static str {
        match self {
            CodeKind::Bpt => "bpt",
            CodeKind::Ept => "ept",
            CodeKind::Ph => "ph",
            CodeKind::It => "it",
            CodeKind::Hi => "hi",
            CodeKind::Sub => "sub",
            CodeKind::Ut => "ut",
        }
    }

    /// The kind named `name`, if it is an inline element.
    pub fn from_name(name: &str) -> Option<CodeKind> {
        Some(match name {
            "bpt" => CodeKind::Bpt,
            "ept" => CodeKind::Ept,
            "ph" => CodeKind::Ph,
            "it" => CodeKind::It,
            "hi" => CodeKind::Hi,
            "sub" => CodeKind::Sub,
            "ut" => CodeKind::Ut,
            _ => return None,
        })
    }
}

/// One piece of a segment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Inline {
    /// Text. At the top level and inside `hi` it is segment text; inside a code it is the
    /// native code itself (`{\b `, `<b>`).
    Text(String),
    /// An inline element with its attributes (in document order) and content.
    Code {
        /// Which element.
        kind: CodeKind,
        /// Its attributes, as written.
        attrs: Vec<(String, String)>,
        /// Its content.
        content: Vec<Inline>,
    },
}

/// A segment: its pieces, from which the plain text and the markup are derived.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Seg {
    /// The pieces in document order.
    pub parts: Vec<Inline>,
}

impl Seg {
    /// A segment of plain text only.
    pub fn text(text: &str) -> Seg {
        Seg {
            parts: vec![Inline::Text(text.to_string())],
        }
    }

    /// The text a translator reads: top-level text and the content of `hi`, without codes.
    ///
    /// ```
    /// use vibrief::formats::tmx::{Inline, Seg, CodeKind};
    /// let seg = Seg { parts: vec![
    ///     Inline::Text("Hà ".into()),
    ///     Inline::Code { kind: CodeKind::Ph, attrs: vec![], content: vec![Inline::Text("<br/>".into())] },
    ///     Inline::Text("Nội".into()),
    /// ]};
    /// assert_eq!(seg.plain_text(), "Hà Nội");
    /// ```
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        push_plain(&self.parts, &mut out);
        out
    }

    /// Whether the segment has any inline element.
    pub fn has_codes(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Inline::Code { .. }))
    }

    /// The inner XML of the `<seg>`, canonical: attributes in their order with double quotes,
    /// `&`, `<`, `>` and `"` escaped, empty elements self-closed. Reading it back gives the
    /// same [`Seg`].
    pub fn to_xml(&self) -> String {
        let mut out = String::new();
        write_parts(&self.parts, &mut out);
        out
    }

    /// How many elements of `kind` the segment has, nested ones included.
    pub fn count(&self, kind: CodeKind) -> usize {
        fn walk(parts: &[Inline], kind: CodeKind) -> usize {
            parts
                .iter()
                .map(|p| match p {
                    Inline::Text(_) => 0,
                    Inline::Code {
                        kind: k, content, ..
                    } => usize::from(*k == kind) + walk(content, kind),
                })
                .sum()
        }
        walk(&self.parts, kind)
    }

    /// Problems with the pairing of `bpt`/`ept` (an `ept` before or without its `bpt`, a `bpt`
    /// never closed, an `i` used twice) and `it` without a `pos`. Empty when the codes are sound.
    pub fn pairing_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut open: Vec<String> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for part in &self.parts {
            let Inline::Code { kind, attrs, .. } = part else {
                continue;
            };
            let attr = |name: &str| {
                attrs
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            };
            match kind {
                CodeKind::Bpt | CodeKind::Ept => {
                    let Some(i) = attr("i") else {
                        problems.push(format!(
                            "<{}> without the required i attribute",
                            kind.name()
                        ));
                        continue;
                    };
                    if *kind == CodeKind::Bpt {
                        if seen.contains(&i) {
                            problems.push(format!(
                                "<bpt i=\"{i}\"> uses an i already used in this segment"
                            ));
                        }
                        seen.push(i.clone());
                        open.push(i);
                    } else if let Some(at) = open.iter().position(|o| *o == i) {
                        open.remove(at);
                    } else {
                        problems.push(format!("<ept i=\"{i}\"> has no <bpt i=\"{i}\"> before it"));
                    }
                }
                CodeKind::It if attr("pos").is_none() => {
                    problems.push("<it> without the required pos attribute".to_string());
                }
                _ => {}
            }
        }
        for i in open {
            problems.push(format!("<bpt i=\"{i}\"> is never closed by an <ept>"));
        }
        problems
    }
}

fn push_plain(parts: &[Inline], out: &mut String) {
    for part in parts {
        match part {
            Inline::Text(t) => out.push_str(t),
            Inline::Code {
                kind: CodeKind::Hi,
                content,
                ..
            } => push_plain(content, out),
            Inline::Code { .. } => {}
        }
    }
}

fn write_parts(parts: &[Inline], out: &mut String) {
    for part in parts {
        match part {
            Inline::Text(t) => escape_into(t, out),
            Inline::Code {
                kind,
                attrs,
                content,
            } => {
                out.push('<');
                out.push_str(kind.name());
                for (k, v) in attrs {
                    let _ = write!(out, " {k}=\"");
                    escape_into(v, out);
                    out.push('"');
                }
                if content.is_empty() {
                    out.push_str("/>");
                } else {
                    out.push('>');
                    write_parts(content, out);
                    let _ = write!(out, "</{}>", kind.name());
                }
            }
        }
    }
}

/// Escapes `&`, `<`, `>` and `"` for XML text and double-quoted attributes. Carriage returns
/// and tabs are written as character references so they survive attribute normalization.
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// [`escape_into`] returning a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(kind: CodeKind, attrs: &[(&str, &str)], text: &str) -> Inline {
        Inline::Code {
            kind,
            attrs: attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            content: if text.is_empty() {
                vec![]
            } else {
                vec![Inline::Text(text.into())]
            },
        }
    }

    #[test]
    fn hi_content_is_text_code_content_is_not() {
        let seg = Seg {
            parts: vec![
                Inline::Text("Some ".into()),
                code(CodeKind::Hi, &[("x", "1")], "bold"),
                code(CodeKind::Bpt, &[("i", "1")], "{\\b "),
                Inline::Text(" & more".into()),
                code(CodeKind::Ept, &[("i", "1")], "}"),
            ],
        };
        assert_eq!(seg.plain_text(), "Some bold & more");
        assert_eq!(
            seg.to_xml(),
            "Some <hi x=\"1\">bold</hi><bpt i=\"1\">{\\b </bpt> &amp; more<ept i=\"1\">}</ept>"
        );
        assert!(seg.pairing_problems().is_empty());
    }

    #[test]
    fn pairing_problems_are_named() {
        let seg = Seg {
            parts: vec![
                code(CodeKind::Ept, &[("i", "1")], "</b>"),
                code(CodeKind::It, &[], "</LI>"),
                code(CodeKind::Bpt, &[("i", "1")], "<LI>"),
                code(CodeKind::Bpt, &[("i", "1")], "<b>"),
            ],
        };
        let problems = seg.pairing_problems();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems[0].contains("<ept i=\"1\"> has no <bpt"));
    }

    #[test]
    fn empty_codes_self_close() {
        let seg = Seg {
            parts: vec![code(CodeKind::Ph, &[("x", "1"), ("type", "image")], "")],
        };
        assert_eq!(seg.to_xml(), "<ph x=\"1\" type=\"image\"/>");
    }
}
