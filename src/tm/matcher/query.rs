//! What a lookup asks for and what it answers: the query, the options (threshold, how many,
//! penalties) and the matches with their CAT scores.

use super::super::index::Budget;
use super::super::unit::{Context, Unit};

/// A segment to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query<'a> {
    /// The source segment.
    pub source: &'a str,
    /// Its neighbours, when known: a unit stored with the same ones is a context match (101).
    pub context: Option<Context>,
    /// Source language.
    pub src_lang: &'a str,
    /// Target language.
    pub tgt_lang: &'a str,
}

impl<'a> Query<'a> {
    /// A query without context.
    pub fn new(source: &'a str, src_lang: &'a str, tgt_lang: &'a str) -> Query<'a> {
        Query {
            source,
            context: None,
            src_lang,
            tgt_lang,
        }
    }

    /// Adds the previous and next source segments (`None` at a document boundary).
    pub fn with_context(mut self, prev: Option<&str>, next: Option<&str>) -> Query<'a> {
        self.context = Some(Context::new(prev, next));
        self
    }
}

/// Points taken off a match's score so that less trusted translations rank lower.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Penalties {
    /// For units with status draft.
    pub draft: u8,
    /// For units whose origin is a model (`mt:*`).
    pub machine: u8,
    /// For number-transfer matches, whose score starts at 100 (they are not word for word).
    pub number_transfer: u8,
}

impl Default for Penalties {
    fn default() -> Self {
        Penalties {
            draft: 5,
            machine: 10,
            number_transfer: 2,
        }
    }
}

/// How a lookup selects and ranks matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchOptions {
    /// Lowest score returned (after penalties), 0..=101. Default 75.
    pub threshold: u8,
    /// Most matches returned. Default 5.
    pub max: usize,
    /// Score penalties.
    pub penalties: Penalties,
    /// How much of the n-gram index one lookup may read (speed against recall).
    pub budget: Budget,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            threshold: 75,
            max: 5,
            penalties: Penalties::default(),
            budget: Budget::default(),
        }
    }
}

/// What kind of match a [`TmMatch`] is, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// Same source and same neighbours: 101.
    Context,
    /// Same source (after normalization): 100.
    Exact,
    /// Same source but for case or spacing: 99.
    Case,
    /// Same source but for numbers, which were transferred into the proposal.
    NumberTransfer,
    /// Similar source: OmegaT's token score.
    Fuzzy,
}

impl MatchKind {
    /// The lower-case name used in output (`number-transfer`).
    pub fn name(self) -> &'static str {
        match self {
            MatchKind::Context => "context",
            MatchKind::Exact => "exact",
            MatchKind::Case => "case",
            MatchKind::NumberTransfer => "number-transfer",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
}

/// One TM match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmMatch {
    /// The CAT score, 0..=101, penalties applied.
    pub score: u8,
    /// OmegaT's token similarity of the two sources, 0..=100, before any adjustment.
    pub similarity: u8,
    /// What kind of match.
    pub kind: MatchKind,
    /// The stored unit.
    pub unit: Unit,
    /// The proposed translation: the unit's target, with numbers transferred for
    /// [`MatchKind::NumberTransfer`].
    pub proposal: String,
}
