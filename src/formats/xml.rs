//! The XML text every reader shares: text, CDATA and entity-reference events turned into plain
//! text, with the five predefined entities and character references resolved and anything else
//! refused (DTDs and external entities are never expanded), as are characters XML 1.0 forbids
//! (`&#1;`, a raw U+0001, `&#xFFFE;`).

use crate::text::xml_chars;
use quick_xml::events::Event;
use std::borrow::Cow;

/// The text an event contributes: `Some` for text, CDATA and entity references, `None` for
/// every other event. An undefined entity or bad encoding is an error message.
///
/// ```
/// use quick_xml::events::Event;
/// use quick_xml::Reader;
/// let mut r = Reader::from_str("<a>x &amp; &#x1EA1;</a>");
/// let mut text = String::new();
/// loop {
///     match r.read_event().unwrap() {
///         Event::Eof => break,
///         ev => text.push_str(&vibrief::formats::xml::text(&ev).unwrap().unwrap_or_default()),
///     }
/// }
/// assert_eq!(text, "x & ạ");
/// ```
pub fn text<'a>(ev: &'a Event) -> Result<Option<Cow<'a, str>>, String> {
    let text = raw_text(ev)?;
    if let Some(bad) = text.as_deref().and_then(xml_chars::first_forbidden) {
        let what = match ev {
            Event::GeneralRef(r) => format!("character reference &{};", String::from_utf8_lossy(r)),
            _ => "text".to_string(),
        };
        return Err(format!("{what} holds {bad}, which XML 1.0 forbids"));
    }
    Ok(text)
}

fn raw_text<'a>(ev: &'a Event) -> Result<Option<Cow<'a, str>>, String> {
    Ok(Some(match ev {
        Event::Text(t) => t.xml10_content().map_err(|e| e.to_string())?,
        Event::CData(t) => Cow::Owned(String::from_utf8_lossy(t).into_owned()),
        Event::GeneralRef(r) => {
            if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                Cow::Owned(c.to_string())
            } else {
                let name = r.decode().map_err(|e| e.to_string())?;
                match quick_xml::escape::resolve_predefined_entity(&name) {
                    Some(s) => Cow::Borrowed(s),
                    None => return Err(format!("entity &{name}; is not defined (DTD and external entities are never expanded)")),
                }
            }
        }
        _ => return Ok(None),
    }))
}

#[cfg(test)]
mod tests {
    use quick_xml::events::{BytesRef, Event};

    #[test]
    fn undefined_entities_are_refused() {
        let ev = Event::GeneralRef(BytesRef::new("xxe"));
        assert!(super::text(&ev).unwrap_err().contains("&xxe;"));
        assert_eq!(
            super::text(&Event::GeneralRef(BytesRef::new("lt")))
                .unwrap()
                .unwrap(),
            "<"
        );
    }

    #[test]
    fn characters_xml_forbids_are_refused() {
        let e = super::text(&Event::GeneralRef(BytesRef::new("#1"))).unwrap_err();
        assert_eq!(
            e,
            "character reference &#1; holds U+0001 at character 1, which XML 1.0 forbids"
        );
        let e = super::text(&Event::GeneralRef(BytesRef::new("#xFFFE"))).unwrap_err();
        assert!(e.contains("U+FFFE"), "{e}");
        let e = super::text(&Event::Text(quick_xml::events::BytesText::from_escaped(
            "a\u{1}b",
        )))
        .unwrap_err();
        assert!(e.starts_with("text holds U+0001 at character 2"), "{e}");
    }
}
