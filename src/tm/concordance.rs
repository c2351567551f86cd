//! Concordance search (substring or whole-word, over source or target, with the matched spans
//! of the original text) and the TM's statistics.

use super::error::{DbContext, TmError};
use super::store::{raw_unit, Tm, UNIT_COLS};
use super::unit::Unit;
use crate::doc::Span;
use crate::text::lang;
use crate::text::normalize::{self, Normalized, Options};

/// Which side a concordance search looks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    /// The source text.
    #[default]
    Source,
    /// The target text.
    Target,
    /// Either.
    Both,
}

/// A concordance search.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// What to find (normalized and compared case-insensitively).
    pub text: String,
    /// Where to look.
    pub side: Side,
    /// Only whole words (the match is not inside a longer word).
    pub whole_words: bool,
    /// Only units with this source language.
    pub src_lang: Option<String>,
    /// Only units with this target language.
    pub tgt_lang: Option<String>,
    /// At most this many hits (0: no limit).
    pub limit: usize,
}

/// A unit that contains the searched text, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The unit.
    pub unit: Unit,
    /// Byte spans of the matches in `unit.source`.
    pub source_spans: Vec<Span>,
    /// Byte spans of the matches in `unit.target`.
    pub target_spans: Vec<Span>,
}

/// How many units the TM holds, by language pair, origin and status.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// All units.
    pub units: u64,
    /// (source language, target language, units).
    pub pairs: Vec<(String, String, u64)>,
    /// (origin, units).
    pub origins: Vec<(String, u64)>,
    /// (status, units).
    pub statuses: Vec<(String, u64)>,
}

/// The spans of `needle` (a matching key) in `text`, in `text`'s own bytes.
fn find_spans(text: &str, needle: &str, whole_words: bool) -> Vec<Span> {
    let norm = Normalized::new(text, Options::KEY);
    let hay = norm.text();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = hay[from..].find(needle).map(|i| i + from) {
        let end = at + needle.len();
        let before = hay[..at].chars().next_back();
        let after = hay[end..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
        if !whole_words || boundary(before) && boundary(after) {
            out.push(norm.original_span(at..end));
        }
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

impl Tm {
    /// The units containing `q.text`, newest first. Scans the key columns (SQLite `instr`), so
    /// it costs a pass over the TM; use [`Tm::lookup`] for segment matching.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>, TmError> {
        let needle = normalize::key(&q.text);
        if needle.is_empty() {
            return Ok(Vec::new());
        }
        let path = self.path().to_path_buf();
        let side = match q.side {
            Side::Source => "instr(source_key, ?1) > 0",
            Side::Target => "instr(target_key, ?1) > 0",
            Side::Both => "(instr(source_key, ?1) > 0 OR instr(target_key, ?1) > 0)",
        };
        // Language filters as CAT tools apply them: `vi` takes `vi-VN` too.
        let mut params = vec![Some(needle.clone())];
        let mut langs = String::new();
        for (column, wanted) in [("src_lang", &q.src_lang), ("tgt_lang", &q.tgt_lang)] {
            if let Some(l) = wanted {
                langs += &format!(" AND {}", lang::sql_condition(column, params.len() + 1));
                params.extend(lang::sql_params(l));
            }
        }
        let sql = format!(
            "SELECT {UNIT_COLS} FROM units WHERE {side}{langs} ORDER BY changed DESC, id DESC"
        );
        self.with_reader(|rc| {
            let mut stmt = rc.conn.prepare_cached(&sql).db(&path)?;
            let mut rows = stmt.query(rusqlite::params_from_iter(&params)).db(&path)?;
            let mut hits = Vec::new();
            while let Some(row) = rows.next().db(&path)? {
                let unit = raw_unit(row).db(&path)?.finish(&path)?;
                let source_spans = if q.side == Side::Target {
                    vec![]
                } else {
                    find_spans(&unit.source, &needle, q.whole_words)
                };
                let target_spans = if q.side == Side::Source {
                    vec![]
                } else {
                    find_spans(&unit.target, &needle, q.whole_words)
                };
                if source_spans.is_empty() && target_spans.is_empty() {
                    continue; // a substring inside a word, with whole_words
                }
                hits.push(Hit {
                    unit,
                    source_spans,
                    target_spans,
                });
                if q.limit > 0 && hits.len() >= q.limit {
                    break;
                }
            }
            Ok(hits)
        })
    }

    /// A fingerprint of the approved units (count, latest change, identities): it changes when
    /// an approved unit is added, changed or removed, and not when drafts are learned. Batch
    /// result caches key on it.
    pub fn approved_fingerprint(&self) -> Result<String, TmError> {
        let path = self.path().to_path_buf();
        self.with_reader(|rc| {
            rc.conn
                .query_row(
                    "SELECT count(*), coalesce(max(changed), 0), total(ident), total(slot) FROM units WHERE status = 'approved'",
                    [],
                    |r| Ok(format!("{}:{}:{}:{}", r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, f64>(2)?, r.get::<_, f64>(3)?)),
                )
                .db(&path)
        })
    }

    /// Unit counts by language pair, origin and status.
    pub fn stats(&self) -> Result<Stats, TmError> {
        let path = self.path().to_path_buf();
        self.with_reader(|rc| {
            let tx = rc.conn.unchecked_transaction().db(&path)?;
            let count = |sql: &str| -> Result<Vec<(String, String, u64)>, TmError> {
                let mut stmt = tx.prepare(sql).db(&path)?;
                let rows = stmt
                    .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)? as u64)))
                    .db(&path)?;
                rows.collect::<Result<_, _>>().db(&path)
            };
            let pairs = count("SELECT src_lang, tgt_lang, count(*) FROM units GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2")?;
            let origins = count("SELECT origin, '', count(*) FROM units GROUP BY 1 ORDER BY 3 DESC, 1")?;
            let statuses = count("SELECT status, '', count(*) FROM units GROUP BY 1 ORDER BY 3 DESC, 1")?;
            Ok(Stats {
                units: pairs.iter().map(|p| p.2).sum(),
                pairs,
                origins: origins.into_iter().map(|(o, _, n)| (o, n)).collect(),
                statuses: statuses.into_iter().map(|(s, _, n)| (s, n)).collect(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::{Duplicates, Origin, Status};

    #[test]
    fn spans_point_into_the_original_text() {
        let text = "Ông  Nguyễn Văn A nói: “Hoà bình”";
        let spans = find_spans(text, "hòa bình", false);
        assert_eq!(spans.len(), 1);
        assert_eq!(&text[spans[0].range()], "Hoà bình");
        assert_eq!(find_spans("thanh niên, thanh", "thanh", true).len(), 2);
        assert!(find_spans("thanhniên", "thanh", true).is_empty());
    }

    #[test]
    fn search_and_stats() {
        let dir = tempfile::tempdir().unwrap();
        let tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
        let mut mt = Unit::new(
            "vi",
            "en",
            "Bão số 3 đổ bộ vào Quảng Ninh.",
            "Typhoon No. 3 made landfall in Quang Ninh.",
        );
        mt.origin = Origin::Mt("qwen".into());
        mt.status = Status::Draft;
        let units = [
            Unit::new(
                "vi",
                "en",
                "Quảng Ninh đón 10 triệu khách.",
                "Quang Ninh welcomed 10 million visitors.",
            ),
            mt,
            Unit::new("vi", "fr", "Quảng Ninh", "Quang Ninh"),
        ];
        tm.add_batch(&units, Duplicates::KeepBoth).unwrap();
        let q = SearchQuery {
            text: "quảng ninh".into(),
            tgt_lang: Some("en".into()),
            ..Default::default()
        };
        let hits = tm.search(&q).unwrap();
        assert_eq!(hits.len(), 2);
        assert_eq!(
            &hits[0].unit.source[hits[0].source_spans[0].range()],
            "Quảng Ninh"
        );
        let q = SearchQuery {
            text: "landfall".into(),
            side: Side::Target,
            ..Default::default()
        };
        assert_eq!(tm.search(&q).unwrap().len(), 1);
        let stats = tm.stats().unwrap();
        assert_eq!(stats.units, 3);
        assert_eq!(stats.pairs[0], ("vi".into(), "en".into(), 2));
        assert!(stats.origins.contains(&("mt:qwen".into(), 1)));
        assert!(stats.statuses.contains(&("draft".into(), 1)));
    }
}
