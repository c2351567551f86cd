//! A translation unit as the TM stores it: source, target, languages, origin, status,
//! context, times and the TMX metadata (props, notes, inline markup) kept for export.

use super::hash::Fnv;
use crate::formats::tmx::{Note, Prop, Seg};
use crate::text::normalize;

/// Where a translation came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Written or approved by a person.
    Human,
    /// Imported from a TMX file.
    TmImport,
    /// Produced by a model; the string names it.
    Mt(String),
    /// Another origin written by another tool.
    Other(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Human => f.write_str("human"),
            Origin::TmImport => f.write_str("tm-import"),
            Origin::Mt(model) => write!(f, "mt:{model}"),
            Origin::Other(s) => f.write_str(s),
        }
    }
}

impl std::str::FromStr for Origin {
    type Err = std::convert::Infallible;

    /// `human`, `tm-import`, `mt:<model>`; anything else is kept as [`Origin::Other`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "human" => Origin::Human,
            "tm-import" => Origin::TmImport,
            _ => match s.strip_prefix("mt:") {
                Some(model) => Origin::Mt(model.to_string()),
                None => Origin::Other(s.to_string()),
            },
        })
    }
}

impl Origin {
    /// Whether a machine produced the translation.
    pub fn is_machine(&self) -> bool {
        matches!(self, Origin::Mt(_))
    }
}

/// Whether a translation can be used as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Not yet reviewed.
    Draft,
    /// Reviewed and approved.
    Approved,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::Draft => "draft",
            Status::Approved => "approved",
        })
    }
}

impl std::str::FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "draft" => Ok(Status::Draft),
            "approved" => Ok(Status::Approved),
            other => Err(format!(
                "unknown status {other:?} (expected approved or draft)"
            )),
        }
    }
}

/// The neighbours of a segment, as hashes of their matching keys. A unit stored with a context
/// is a context match (101) for a query with the same neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Context {
    /// Hash of the previous source segment's key (of "" at the start of a document).
    pub prev: i64,
    /// Hash of the next source segment's key (of "" at the end of a document).
    pub next: i64,
}

impl Context {
    /// The context of a segment between `prev` and `next` (`None` at a document boundary).
    pub fn new(prev: Option<&str>, next: Option<&str>) -> Context {
        let h = |s: Option<&str>| {
            Fnv::default()
                .field(&normalize::key(s.unwrap_or("")))
                .finish()
        };
        Context {
            prev: h(prev),
            next: h(next),
        }
    }
}

/// TMX metadata of one side (variant) of a unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SideMeta {
    /// The `<tuv>` attributes other than the language, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    /// Variant props.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    /// Variant notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The segment with its inline codes, when it has any (else the plain text is the segment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markup: Option<Seg>,
}

/// TMX metadata of a unit, kept so that export writes back what import read.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnitMeta {
    /// `<tu>` attributes not held in [`Unit`]'s own fields (`tuid`, `changeid`, `usagecount`...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
    /// Unit props.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    /// Unit notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The source variant's metadata.
    #[serde(default, skip_serializing_if = "SideMeta::is_empty")]
    pub source: SideMeta,
    /// The target variant's metadata.
    #[serde(default, skip_serializing_if = "SideMeta::is_empty")]
    pub target: SideMeta,
}

impl SideMeta {
    fn is_empty(&self) -> bool {
        *self == SideMeta::default()
    }
}

impl UnitMeta {
    /// Whether there is nothing to keep.
    pub fn is_empty(&self) -> bool {
        *self == UnitMeta::default()
    }
}

/// A translation unit. `id` is 0 until the TM stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The TM's id (0 for a unit not stored yet).
    pub id: i64,
    /// Source language (BCP 47, e.g. `vi`).
    pub src_lang: String,
    /// Target language (BCP 47, e.g. `en`).
    pub tgt_lang: String,
    /// Source text, plain (inline codes removed), as written.
    pub source: String,
    /// Target text, plain, as written.
    pub target: String,
    /// Where the translation came from.
    pub origin: Origin,
    /// Whether it was reviewed.
    pub status: Status,
    /// The neighbours the source had, when known.
    pub context: Option<Context>,
    /// Creation time, Unix seconds.
    pub created: i64,
    /// Last change, Unix seconds.
    pub changed: i64,
    /// Who created it (`creationid`).
    pub author: Option<String>,
    /// Which tool created it (`creationtool`).
    pub tool: Option<String>,
    /// Props, notes and markup from or for TMX.
    pub meta: UnitMeta,
}

impl Unit {
    /// A new approved human translation, created now, without context or metadata.
    ///
    /// ```
    /// use vibrief::tm::{Origin, Status, Unit};
    /// let mut u = Unit::new("vi", "en", "Xin chào", "Hello");
    /// u.origin = Origin::Mt("m2m100".into());
    /// u.status = Status::Draft;
    /// assert_eq!(u.origin.to_string(), "mt:m2m100");
    /// ```
    pub fn new(src_lang: &str, tgt_lang: &str, source: &str, target: &str) -> Unit {
        let now = super::time::now();
        Unit {
            id: 0,
            src_lang: crate::text::lang::canonical(src_lang),
            tgt_lang: crate::text::lang::canonical(tgt_lang),
            source: source.to_string(),
            target: target.to_string(),
            origin: Origin::Human,
            status: Status::Approved,
            context: None,
            created: now,
            changed: now,
            author: None,
            tool: None,
            meta: UnitMeta::default(),
        }
    }

    /// Sets the context from the neighbouring source segments.
    pub fn with_context(mut self, prev: Option<&str>, next: Option<&str>) -> Unit {
        self.context = Some(Context::new(prev, next));
        self
    }

    /// The identity of the unit's "source slot": languages, normalized source, context and
    /// unit props. Units in one slot are alternative translations of the same source.
    pub fn slot_hash(&self) -> i64 {
        self.slot_hash_of(&normalize::text(&self.source))
    }

    /// [`Unit::slot_hash`] with the normalized source already at hand.
    pub(crate) fn slot_hash_of(&self, source_text: &str) -> i64 {
        let mut h = Fnv::default()
            .field(&self.src_lang.to_ascii_lowercase())
            .field(&self.tgt_lang.to_ascii_lowercase())
            .field(source_text);
        if let Some(c) = self.context {
            h = h.u64(c.prev as u64).u64(c.next as u64);
        }
        for p in &self.meta.props {
            h = h.field(&p.kind).field(&p.value);
        }
        h.finish()
    }

    /// The identity of the unit: its slot and its normalized target.
    pub fn ident_hash(&self) -> i64 {
        ident_of(self.slot_hash(), &normalize::text(&self.target))
    }
}

/// The identity hash from a slot hash and a normalized target.
pub(crate) fn ident_of(slot: i64, target_text: &str) -> i64 {
    Fnv::default().u64(slot as u64).field(target_text).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_round_trips_through_text() {
        for o in [
            Origin::Human,
            Origin::TmImport,
            Origin::Mt("qwen".into()),
            Origin::Other("x".into()),
        ] {
            assert_eq!(o.to_string().parse::<Origin>().unwrap(), o);
        }
    }

    #[test]
    fn identity_ignores_tone_style_but_not_context_or_props() {
        let a = Unit::new("vi", "en", "Hoà bình", "Peace");
        let b = Unit::new("VI", "EN", "Hòa  bình", "Peace");
        assert_eq!(a.ident_hash(), b.ident_hash());
        let c = b.clone().with_context(Some("x"), None);
        assert_ne!(a.slot_hash(), c.slot_hash());
        let mut d = a.clone();
        d.meta.props.push(Prop {
            kind: "Txt::FileName".into(),
            value: "f".into(),
            lang: None,
        });
        assert_ne!(a.slot_hash(), d.slot_hash());
        assert_ne!(
            a.ident_hash(),
            Unit::new("vi", "en", "Hoà bình", "Peace!").ident_hash()
        );
    }
}
