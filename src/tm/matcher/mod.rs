//! TM lookup: context (101), exact (100), case-only (99), number-transfer and fuzzy matches,
//! scored the CAT way and ranked best first.

pub mod fuzzy;
pub mod numbers;

use super::error::{DbContext, TmError};
use super::index::{self, Budget};
use super::store::{fetch_with_key, raw_unit, Tm, UNIT_COLS};
use super::tokens::{token_hashes, tokenize, TokenKind};
use super::unit::{Context, Origin, Status, Unit};
use crate::formats::tmx::canonical_lang;
use crate::text::normalize;
use std::collections::HashSet;

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
        Query { source, context: None, src_lang, tgt_lang }
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
        Penalties { draft: 5, machine: 10, number_transfer: 2 }
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
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions { threshold: 75, max: 5, penalties: Penalties::default() }
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

impl Tm {
    /// The matches for `query`, best first: context and exact matches from the key index, then
    /// candidates from the n-gram index verified with OmegaT's token Levenshtein score. At
    /// most `opts.max` matches, each at least `opts.threshold`, one per distinct target.
    pub fn lookup(&self, query: &Query, opts: &MatchOptions) -> Result<Vec<TmMatch>, TmError> {
        let path = self.path().to_path_buf();
        let src_lang = canonical_lang(query.src_lang);
        let tgt_lang = canonical_lang(query.tgt_lang);
        let q_text = normalize::text(query.source);
        let q_key = normalize::key(query.source);
        let q_tokens = tokenize(&q_key);
        if q_tokens.is_empty() {
            return Ok(Vec::new());
        }
        let q_hashes = token_hashes(&q_key, &q_tokens);
        let p = opts.penalties;
        let penalize = |score: u8, unit: &Unit| {
            let mut s = score;
            if unit.status == Status::Draft {
                s = s.saturating_sub(p.draft);
            }
            if matches!(unit.origin, Origin::Mt(_)) {
                s = s.saturating_sub(p.machine);
            }
            s
        };
        self.with_reader(|rc| {
            let mut found: Vec<TmMatch> = Vec::new();
            let mut seen: HashSet<i64> = HashSet::new();
            // 1. Same key: context, exact or case match.
            let sql = format!("SELECT {UNIT_COLS} FROM units WHERE source_key = ?1 AND src_lang = ?2 AND tgt_lang = ?3");
            let mut stmt = rc.conn.prepare_cached(&sql).db(&path)?;
            let rows = stmt.query_map(rusqlite::params![q_key, src_lang, tgt_lang], raw_unit).db(&path)?;
            for raw in rows {
                let unit = raw.db(&path)?.finish(&path)?;
                seen.insert(unit.id);
                let (kind, score) = if normalize::text(&unit.source) != q_text {
                    (MatchKind::Case, 99)
                } else if query.context.is_some() && unit.context == query.context {
                    (MatchKind::Context, 101)
                } else {
                    (MatchKind::Exact, 100)
                };
                let proposal = unit.target.clone();
                found.push(TmMatch { score: penalize(score, &unit), similarity: 100, kind, unit, proposal });
            }
            drop(stmt);
            // 2. The n-gram index: fuzzy and number-transfer candidates.
            let threshold = opts.threshold.clamp(1, 100);
            let longest = q_tokens.len() * 100 / usize::from(threshold);
            let max_d = fuzzy::max_distance(threshold, longest);
            let grams = index::grams(&src_lang, &q_key, &q_tokens);
            let cands = rc.counter.candidates(&rc.conn, &path, &grams, max_d, Budget::default())?;
            for (id, _) in cands.ids {
                if !seen.insert(id) {
                    continue;
                }
                let Some((unit, key)) = fetch_with_key(&rc.conn, &path, id)? else { continue };
                if unit.src_lang != src_lang || unit.tgt_lang != tgt_lang {
                    continue;
                }
                let tokens = tokenize(&key);
                let hashes = token_hashes(&key, &tokens);
                let similarity = fuzzy::similarity(&q_hashes, &hashes);
                let numbers_only = tokens.len() == q_tokens.len()
                    && q_hashes.iter().zip(&hashes).zip(q_tokens.iter().zip(&tokens)).all(|((a, b), (qt, t))| {
                        a == b || qt.kind == TokenKind::Number && t.kind == TokenKind::Number
                    });
                let (kind, score, proposal) = if similarity == 100 {
                    (MatchKind::Case, 99, unit.target.clone())
                } else if let Some(moved) = numbers_only
                    .then(|| {
                        numbers::transfer(&q_key, &q_tokens, &key, &tokens, &unit.target, &src_lang, &tgt_lang)
                    })
                    .flatten()
                {
                    (MatchKind::NumberTransfer, 100u8.saturating_sub(p.number_transfer), moved)
                } else {
                    (MatchKind::Fuzzy, similarity, unit.target.clone())
                };
                found.push(TmMatch { score: penalize(score, &unit), similarity, kind, unit, proposal });
            }
            Ok(found)
        })
        .map(|found| rank(found, opts))
    }
}

/// Sorts best first, drops matches under the threshold and repeated targets, keeps `max`.
fn rank(mut found: Vec<TmMatch>, opts: &MatchOptions) -> Vec<TmMatch> {
    found.retain(|m| m.score >= opts.threshold);
    found.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.kind.cmp(&b.kind))
            .then(b.unit.status.cmp(&a.unit.status))
            .then(b.unit.changed.cmp(&a.unit.changed))
            .then(b.unit.id.cmp(&a.unit.id))
    });
    let mut targets = HashSet::new();
    found.retain(|m| targets.insert(normalize::text(&m.proposal)));
    found.truncate(opts.max);
    found
}
