//! Target templates: a rendering with its slots (`{n:ordinal}`, `{country:bare}`), filled
//! from the values a source pattern captured.

use super::{
    check_parens, parse_slot, roman_value, PatternError, SlotId, SlotKind, SourcePattern, Transform,
};
use crate::text::gazetteer;
use crate::text::numerals::ordinal;
use crate::text::strip_diacritics;

/// A compiled target (or variant, or forbidden rendering) with its slots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<TPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TPart {
    Text(String),
    Slot(SlotId, Transform),
}

impl Template {
    /// Compiles a target, variant or forbidden rendering; its slots must be among `source_slots`.
    ///
    /// ```
    /// use vibrief::glossary::pattern::{SourcePattern, Template};
    /// let src = SourcePattern::parse("Đại hội {roman} của Đảng").unwrap();
    /// let t = Template::parse("{roman:ordinal} National Party Congress", &src).unwrap();
    /// assert!(!t.is_literal());
    /// ```
    pub fn parse(target: &str, source: &SourcePattern) -> Result<Self, PatternError> {
        check_parens(target)?;
        let mut parts = Vec::new();
        let mut rest = target;
        while let Some(open) = rest.find(['{', '}']) {
            if rest.as_bytes()[open] == b'}' {
                return Err(PatternError::UnbalancedBraces(target.to_owned()));
            }
            let close = rest[open..].find('}').map(|c| open + c);
            let Some(close) = close.filter(|&c| !rest[open + 1..c].contains('{')) else {
                return Err(PatternError::UnbalancedBraces(target.to_owned()));
            };
            if open > 0 {
                parts.push(TPart::Text(rest[..open].to_owned()));
            }
            let (slot, transform) = parse_slot(&rest[open + 1..close])?;
            let transform = match transform {
                None => Transform::AsWritten,
                Some("ordinal") if matches!(slot.kind, SlotKind::Number | SlotKind::Roman) => {
                    Transform::Ordinal
                }
                Some("bare") if slot.kind == SlotKind::Country => Transform::Bare,
                Some(other) => {
                    return Err(PatternError::UnknownTransform {
                        slot,
                        transform: other.to_owned(),
                    })
                }
            };
            if !source.slots.contains(&slot) {
                return Err(PatternError::SlotNotInSource(slot));
            }
            if source.optional_slots.contains(&slot) {
                return Err(PatternError::OptionalSlotUsed(slot));
            }
            parts.push(TPart::Slot(slot, transform));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(TPart::Text(rest.to_owned()));
        }
        Ok(Template { parts })
    }

    /// True when the template has no slots.
    pub fn is_literal(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, TPart::Text(_)))
    }

    /// The text of a template without slots (`None` when it has slots).
    pub fn literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [] => Some(""),
            [TPart::Text(t)] => Some(t),
            _ => None,
        }
    }

    /// Fills the slots from `values`; `strip_names` removes diacritics from `{name}` and
    /// `{province}` values and from country names. A `{country}` renders the country's
    /// English name, a `{province}` the province's name as its list writes it.
    ///
    /// ```
    /// use vibrief::glossary::pattern::{SlotId, SlotKind, SourcePattern, Template};
    /// let src = SourcePattern::parse("Hội nghị Ngoại vụ toàn quốc lần thứ {n}").unwrap();
    /// let t = Template::parse("{n:ordinal} National Conference on External Affairs", &src).unwrap();
    /// let n = SlotId { kind: SlotKind::Number, suffix: None };
    /// assert_eq!(t.render(&[(n, "21".into())], false), "21st National Conference on External Affairs");
    /// ```
    pub fn render(&self, values: &[(SlotId, String)], strip_names: bool) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TPart::Text(t) => out.push_str(t),
                TPart::Slot(slot, transform) => {
                    let forms =
                        slot_forms(*slot, *transform, slot_value(values, slot), strip_names);
                    out.push_str(&forms[0]);
                }
            }
        }
        out
    }

    /// Every rendering the slots allow: `{province}` and `{country}` take each accepted
    /// English form of their place in turn (`the United States`, `the US`, `America`, ...).
    /// The first is [`Template::render`]'s; at most 32.
    ///
    /// ```
    /// use vibrief::glossary::pattern::{SlotId, SlotKind, SourcePattern, Template};
    /// let src = SourcePattern::parse("Đại sứ quán Việt Nam tại {country}").unwrap();
    /// let t = Template::parse("Vietnamese Embassy in {country}", &src).unwrap();
    /// let c = SlotId { kind: SlotKind::Country, suffix: None };
    /// let all = t.renderings(&[(c, "Hàn Quốc".into())], false);
    /// assert_eq!(all[0], "Vietnamese Embassy in the Republic of Korea");
    /// assert!(all.contains(&"Vietnamese Embassy in South Korea".to_string()));
    /// ```
    pub fn renderings(&self, values: &[(SlotId, String)], strip_names: bool) -> Vec<String> {
        const MAX: usize = 32;
        let mut out = vec![String::new()];
        for part in &self.parts {
            match part {
                TPart::Text(t) => out.iter_mut().for_each(|o| o.push_str(t)),
                TPart::Slot(slot, transform) => {
                    let forms =
                        slot_forms(*slot, *transform, slot_value(values, slot), strip_names);
                    out = out
                        .iter()
                        .flat_map(|o| forms.iter().map(move |f| format!("{o}{f}")))
                        .take(MAX)
                        .collect();
                }
            }
        }
        out
    }
}

fn slot_value<'v>(values: &'v [(SlotId, String)], slot: &SlotId) -> &'v str {
    values
        .iter()
        .find(|(s, _)| s == slot)
        .map_or("", |(_, v)| v)
}

/// The renderings of one slot value, preferred first, without duplicates.
fn slot_forms(slot: SlotId, transform: Transform, value: &str, strip: bool) -> Vec<String> {
    let strip_if = |s: &str| {
        if strip {
            strip_diacritics(s)
        } else {
            s.to_owned()
        }
    };
    match (slot.kind, transform) {
        (SlotKind::Number, Transform::Ordinal) => {
            vec![match value.replace('.', "").parse::<u32>() {
                Ok(n) => ordinal(n),
                Err(_) => value.to_owned(),
            }]
        }
        (SlotKind::Roman, Transform::Ordinal) => {
            vec![roman_value(value).map_or_else(|| value.to_owned(), ordinal)]
        }
        (SlotKind::Province | SlotKind::Country, _) => {
            let kind = slot.kind.places().expect("a place slot");
            let Some(place) = gazetteer::of(kind).lookup(value) else {
                return vec![strip_if(value)];
            };
            let mut forms: Vec<String> = Vec::new();
            for r in place.renderings() {
                let r = if transform == Transform::Bare {
                    gazetteer::bare(r)
                } else {
                    r
                };
                let r = strip_if(r);
                if !forms.contains(&r) {
                    forms.push(r);
                }
            }
            forms
        }
        (SlotKind::Name, _) => vec![strip_if(value)],
        _ => vec![value.to_owned()],
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use super::*;

    /// The unnumbered slot of `kind`.
    const fn slot(kind: SlotKind) -> SlotId {
        SlotId { kind, suffix: None }
    }

    #[test]
    fn suffixed_slots_render_separately() {
        let src = SourcePattern::parse("từ {n1} đến {n2}").unwrap();
        let t = Template::parse("from {n1:ordinal} to {n2}", &src).unwrap();
        let n1 = SlotId {
            kind: SlotKind::Number,
            suffix: Some(1),
        };
        let n2 = SlotId {
            kind: SlotKind::Number,
            suffix: Some(2),
        };
        assert_eq!(
            t.render(&[(n2, "1.000".into()), (n1, "3".into())], false),
            "from 3rd to 1.000"
        );
    }

    #[test]
    fn roman_ordinals_and_names() {
        let src = SourcePattern::parse("Đại hội {roman} tại {name}").unwrap();
        let t = Template::parse("{roman:ordinal} Congress in {name}", &src).unwrap();
        let (r, name) = (slot(SlotKind::Roman), slot(SlotKind::Name));
        let vals = [(r, "XIII".to_string()), (name, "Đà Nẵng".to_string())];
        assert_eq!(t.render(&vals, false), "13th Congress in Đà Nẵng");
        assert_eq!(t.render(&vals, true), "13th Congress in Da Nang");
        for (n, o) in [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (11, "11th"),
            (12, "12th"),
            (21, "21st"),
            (20, "20th"),
            (111, "111th"),
        ] {
            assert_eq!(ordinal(n), o);
        }
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value("IIII"), None);
    }

    #[test]
    fn place_slots_render_from_their_lists() {
        let src = SourcePattern::parse("Đại sứ {country} tại {province}").unwrap();
        let (country, province) = (slot(SlotKind::Country), slot(SlotKind::Province));
        let vals = [
            (country, "Mỹ".to_string()),
            (province, "Đà Nẵng".to_string()),
        ];
        let t = Template::parse("{country:bare} Ambassador in {province}", &src).unwrap();
        assert_eq!(
            t.render(&vals, false),
            "United States Ambassador in Đà Nẵng"
        );
        assert_eq!(t.render(&vals, true), "United States Ambassador in Da Nang");
        let all = t.renderings(&vals, false);
        assert!(
            all.contains(&"US Ambassador in Danang".to_string()),
            "{all:?}"
        );
        assert_eq!(
            all.len(),
            all.iter().collect::<std::collections::HashSet<_>>().len()
        );
        let t = Template::parse("Ambassador of {country}", &src).unwrap();
        assert_eq!(t.render(&vals, false), "Ambassador of the United States");
        let unknown = [(country, "Atlantis".to_string())];
        assert_eq!(t.render(&unknown, false), "Ambassador of Atlantis");
        assert!(matches!(
            Template::parse("{province:bare}", &src).unwrap_err(),
            PatternError::UnknownTransform { .. }
        ));
        assert!(matches!(
            SourcePattern::parse("tại {city}").unwrap_err(),
            PatternError::UnknownSlot(_)
        ));
    }
}
