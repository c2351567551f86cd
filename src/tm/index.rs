//! The inverted n-gram index that keeps lookups from scanning the TM.
//!
//! Every unit's source is indexed by its token bigrams (with start and end markers, so a
//! one-token segment has two), hashed with the source language. Numbers count as one class, so
//! sources differing only in numbers share all their grams and number transfer finds them.
//! Posting lists are delta-varint blobs in chunks of at most [`CHUNK`] ids: an add appends to
//! the last chunk of each gram, and a lookup reads a gram's whole list in a few rows.
//!
//! Why bigrams are enough: one token edit removes at most two of the query's bigrams from a
//! candidate, so a candidate within distance `d` lacks at most `2d` of them. Reading the `2d+1`
//! rarest query grams therefore finds every candidate that can reach the threshold, and a
//! candidate seen in fewer than `read - 2d` of the read lists cannot (the count filter).

use super::error::{DbContext, TmError};
use super::hash::{hash_str, Fnv};
use super::tokens::{tokenize, Token, TokenKind};
use crate::text::lang;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::path::Path;

/// Ids per posting chunk.
pub const CHUNK: i64 = 2048;

const NUMBER_CLASS: u64 = 0x6e75_6d62_6572_2121;
const START: u64 = 0x5354_4152_5421_2121;
const END: u64 = 0x454e_4421_2121_2121;

/// The distinct bigram hashes of a tokenized matching key, for source language `src_lang`
/// (hashed by its bare language, so that a `vi` query finds `vi-VN` units).
pub fn grams(src_lang: &str, key: &str, tokens: &[Token]) -> Vec<i64> {
    let lang = hash_str(&lang::primary(src_lang));
    let ids: Vec<u64> = std::iter::once(START)
        .chain(tokens.iter().map(|t| {
            if t.kind == TokenKind::Number {
                NUMBER_CLASS
            } else {
                hash_str(t.text(key))
            }
        }))
        .chain(std::iter::once(END))
        .collect();
    let mut out: Vec<i64> = ids
        .windows(2)
        .map(|w| Fnv::default().u64(lang).u64(w[0]).u64(w[1]).finish())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The distinct number values of a tokenized key as grams of their own. They are not needed to
/// find candidates (numbers are one class in [`grams`]) but rank the candidates that share the
/// query's actual numbers first, e.g. the one unit of a thousand alike that has the same year.
pub fn number_grams(src_lang: &str, key: &str, tokens: &[Token]) -> Vec<i64> {
    let lang = hash_str(&lang::primary(src_lang));
    let mut out: Vec<i64> = tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Number)
        .map(|t| {
            Fnv::default()
                .u64(lang)
                .u64(NUMBER_CLASS)
                .field(t.text(key))
                .finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Appends `ids` (ascending, all above `prev`) to `buf` as varint deltas.
fn encode(prev: i64, ids: &[i64], buf: &mut Vec<u8>) {
    let mut last = prev;
    for &id in ids {
        let mut d = (id - last) as u64;
        last = id;
        loop {
            let b = (d & 0x7f) as u8;
            d >>= 7;
            if d == 0 {
                buf.push(b);
                break;
            }
            buf.push(b | 0x80);
        }
    }
}

/// Calls `f` with every id of a chunk blob.
pub fn decode(blob: &[u8], mut f: impl FnMut(i64)) {
    let mut last = 0i64;
    let mut d = 0u64;
    let mut shift = 0;
    for &b in blob {
        d |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            last += d as i64;
            f(last);
            d = 0;
            shift = 0;
        } else {
            shift += 7;
        }
    }
}

/// Postings collected during a write transaction, flushed with [`Pending::flush`].
#[derive(Debug, Default)]
pub struct Pending {
    lists: HashMap<i64, Vec<i64>>,
    count: usize,
}

impl Pending {
    /// Records that unit `id` has `grams`.
    pub fn add(&mut self, id: i64, grams: &[i64]) {
        for &g in grams {
            self.lists.entry(g).or_default().push(id);
        }
        self.count += grams.len();
    }

    /// Records the grams of unit `id`, whose source language is `src_lang` and whose
    /// matching key is `key`.
    pub fn add_unit(&mut self, id: i64, src_lang: &str, key: &str) {
        let tokens = tokenize(key);
        self.add(id, &grams(src_lang, key, &tokens));
        self.add(id, &number_grams(src_lang, key, &tokens));
    }

    /// How many postings wait.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Writes the waiting postings in the current transaction of `conn`.
    pub fn flush(&mut self, conn: &Connection, path: &Path) -> Result<(), TmError> {
        let mut last = conn
            .prepare_cached("SELECT chunk, n, last_id FROM postings WHERE gram = ?1 ORDER BY chunk DESC LIMIT 1")
            .db(path)?;
        let mut append = conn
            .prepare_cached("UPDATE postings SET n = ?3, last_id = ?4, ids = CAST(ids || ?5 AS BLOB) WHERE gram = ?1 AND chunk = ?2")
            .db(path)?;
        let mut insert = conn
            .prepare_cached(
                "INSERT INTO postings (gram, chunk, n, last_id, ids) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .db(path)?;
        let mut df = conn
            .prepare_cached("INSERT INTO grams (gram, df) VALUES (?1, ?2) ON CONFLICT(gram) DO UPDATE SET df = df + ?2")
            .db(path)?;
        let mut buf = Vec::new();
        for (gram, mut ids) in self.lists.drain() {
            ids.sort_unstable();
            ids.dedup();
            df.execute(params![gram, ids.len() as i64]).db(path)?;
            let tail: Option<(i64, i64, i64)> = last
                .query_row([gram], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()
                .db(path)?;
            let mut rest: &[i64] = &ids;
            let mut next_chunk = 0;
            if let Some((chunk, n, last_id)) = tail {
                next_chunk = chunk + 1;
                let room = (CHUNK - n).max(0) as usize;
                // Ids only grow (AUTOINCREMENT), so appending keeps the list sorted.
                let take = room.min(rest.len());
                if take > 0 && rest[0] > last_id {
                    buf.clear();
                    encode(last_id, &rest[..take], &mut buf);
                    append
                        .execute(params![gram, chunk, n + take as i64, rest[take - 1], buf])
                        .db(path)?;
                    rest = &rest[take..];
                }
            }
            for part in rest.chunks(CHUNK as usize) {
                buf.clear();
                encode(0, part, &mut buf);
                insert
                    .execute(params![
                        gram,
                        next_chunk,
                        part.len() as i64,
                        part[part.len() - 1],
                        buf
                    ])
                    .db(path)?;
                next_chunk += 1;
            }
        }
        self.count = 0;
        Ok(())
    }
}

/// Postings held before a flush, to bound memory on big imports.
pub const PENDING_LIMIT: usize = 2_000_000;

/// Rebuilds the whole index from the units' keys, in the current transaction of `conn`.
pub fn rebuild(conn: &Connection, path: &Path) -> Result<(), TmError> {
    conn.execute_batch("DELETE FROM postings; DELETE FROM grams;")
        .db(path)?;
    let mut pending = Pending::default();
    let mut stmt = conn
        .prepare("SELECT id, src_lang, source_key FROM units ORDER BY id")
        .db(path)?;
    let mut rows = stmt.query([]).db(path)?;
    while let Some(row) = rows.next().db(path)? {
        let (id, src_lang, key): (i64, String, String) = (
            row.get(0).db(path)?,
            row.get(1).db(path)?,
            row.get(2).db(path)?,
        );
        pending.add_unit(id, &src_lang, &key);
        if pending.len() > PENDING_LIMIT {
            pending.flush(conn, path)?;
        }
    }
    pending.flush(conn, path)
}

/// Per-reader scratch space for counting how many read lists each unit is in.
#[derive(Debug, Default)]
pub struct Counter {
    /// Per unit: lists of structural grams it is in, times [`STRUCTURAL`], plus number grams.
    counts: Vec<u32>,
    touched: Vec<u32>,
}

/// The weight of a structural gram in [`Counter`]'s counts; number grams count 1.
const STRUCTURAL: u32 = 1 << 10;

/// Candidates found in the index, best first.
#[derive(Debug, Default)]
pub struct Candidates {
    /// Unit ids with their weight (structural lists they are in, then number lists), most first.
    pub ids: Vec<(i64, u32)>,
    /// How many distinct grams the query has.
    pub query_grams: usize,
    /// How many of them were read.
    pub read_grams: usize,
    /// Whether every candidate within the distance bound was guaranteed to be found.
    pub complete: bool,
}

/// How much of the index a lookup may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Postings read beyond the lists needed for completeness, to sharpen the count filter.
    pub soft: usize,
    /// Postings never exceeded, even if completeness then cannot be guaranteed.
    pub hard: usize,
    /// Candidates returned for verification at most.
    pub verify: usize,
    /// Postings of number grams read to rank candidates (rarest numbers first).
    pub numbers: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            soft: 15_000,
            hard: 100_000,
            verify: 100,
            numbers: 60_000,
        }
    }
}

impl Counter {
    /// Reads the posting lists of `grams` (rarest first) and returns the units that may lie
    /// within `max_distance` token edits of the query, ranked by the lists they share and then
    /// by the `numbers` lists (read within the soft budget) they share.
    pub fn candidates(
        &mut self,
        conn: &Connection,
        path: &Path,
        grams: &[i64],
        numbers: &[i64],
        max_distance: usize,
        budget: Budget,
    ) -> Result<Candidates, TmError> {
        let mut df_stmt = conn
            .prepare_cached("SELECT df FROM grams WHERE gram = ?1")
            .db(path)?;
        let mut with_df = Vec::with_capacity(grams.len());
        for &g in grams {
            let df: Option<i64> = df_stmt.query_row([g], |r| r.get(0)).optional().db(path)?;
            with_df.push((df.unwrap_or(0), g));
        }
        with_df.sort_unstable();
        let needed = (2 * max_distance + 1).min(with_df.len());
        let mut lists = conn
            .prepare_cached("SELECT ids FROM postings WHERE gram = ?1 ORDER BY chunk")
            .db(path)?;
        let mut read_list =
            |gram: i64, weight: u32, counter: &mut Counter| -> Result<(), TmError> {
                let mut rows = lists.query([gram]).db(path)?;
                while let Some(row) = rows.next().db(path)? {
                    // `||` makes text of blobs; older files or other writers may have left either.
                    let blob = match row.get_ref(0).db(path)? {
                        ValueRef::Blob(b) | ValueRef::Text(b) => b,
                        _ => continue,
                    };
                    decode(blob, |id| counter.bump(id, weight));
                }
                Ok(())
            };
        let mut read = 0usize;
        let mut postings = 0usize;
        let mut complete = true;
        for (i, &(df, gram)) in with_df.iter().enumerate() {
            let df = df as usize;
            if i >= needed && postings + df > budget.soft {
                break;
            }
            if postings + df > budget.hard {
                complete = i >= needed;
                break;
            }
            postings += df;
            read += 1;
            if df > 0 {
                read_list(gram, STRUCTURAL, self)?;
            }
        }
        let mut by_df = Vec::with_capacity(numbers.len());
        for &g in numbers {
            let df: Option<i64> = df_stmt.query_row([g], |r| r.get(0)).optional().db(path)?;
            by_df.push((df.unwrap_or(0) as usize, g));
        }
        by_df.sort_unstable();
        let mut number_postings = 0;
        for (df, g) in by_df {
            if df == 0 {
                continue;
            }
            if number_postings + df > budget.numbers {
                break;
            }
            number_postings += df;
            read_list(g, 1, self)?;
        }
        let min_count = read.saturating_sub(2 * max_distance).max(1);
        let mut ids: Vec<(i64, u32)> = Vec::new();
        for &id in &self.touched {
            let c = self.counts[id as usize];
            if (c / STRUCTURAL) as usize >= min_count {
                ids.push((i64::from(id), c));
            }
            self.counts[id as usize] = 0;
        }
        self.touched.clear();
        // Only the best `verify` are needed: select them, then sort just those.
        let best_first = |a: &(i64, u32), b: &(i64, u32)| b.1.cmp(&a.1).then(b.0.cmp(&a.0));
        if ids.len() > budget.verify && budget.verify > 0 {
            ids.select_nth_unstable_by(budget.verify - 1, best_first);
            ids.truncate(budget.verify);
        }
        ids.sort_unstable_by(best_first);
        Ok(Candidates {
            ids,
            query_grams: with_df.len(),
            read_grams: read,
            complete,
        })
    }

    fn bump(&mut self, id: i64, weight: u32) {
        let Ok(id) = u32::try_from(id) else { return };
        let i = id as usize;
        if i >= self.counts.len() {
            self.counts.resize((i + 1).next_power_of_two(), 0);
        }
        if self.counts[i] == 0 {
            self.touched.push(id);
        }
        self.counts[i] = self.counts[i].saturating_add(weight);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::tokens::tokenize;

    #[test]
    fn varints_round_trip_across_appends() {
        let mut buf = Vec::new();
        encode(0, &[1, 5, 300, 70_000], &mut buf);
        encode(70_000, &[70_001, 9_000_000_000], &mut buf);
        let mut out = Vec::new();
        decode(&buf, |id| out.push(id));
        assert_eq!(out, [1, 5, 300, 70_000, 70_001, 9_000_000_000]);
    }

    #[test]
    fn numbers_share_grams_and_languages_do_not() {
        let g = |lang: &str, s: &str| grams(lang, s, &tokenize(s));
        assert_eq!(g("vi", "năm 2023 tăng"), g("vi", "năm 2024 tăng"));
        assert_ne!(g("vi", "năm 2023"), g("en", "năm 2023"));
        assert_eq!(g("vi", "a").len(), 2);
        assert_eq!(g("vi", "a b a b").len(), 4, "distinct: ^a ab ba b$");
    }
}
