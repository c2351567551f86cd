//! TM lookup: context (101), exact (100), case-only (99), number-transfer and fuzzy matches,
//! scored the CAT way and ranked best first.

pub mod fuzzy;
pub mod numbers;
mod query;

pub use query::{MatchKind, MatchOptions, Penalties, Query, TmMatch};

use super::error::{DbContext, TmError};
use super::index;
use super::store::{fetch, raw_unit, Tm, UNIT_COLS};
use super::tokens::{token_hashes, tokenize, TokenKind};
use super::unit::{Origin, Status, Unit};
use crate::text::lang::{self, canonical as canonical_lang};
use crate::text::normalize;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};
use std::collections::HashSet;

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
        // Units in the query's languages as CAT tools compare codes (`vi` takes `vi-VN`), and
        // among equal scores those in exactly its languages first.
        let langs = format!(
            "{} AND {}",
            lang::sql_condition("src_lang", 2),
            lang::sql_condition("tgt_lang", 5)
        );
        let lang_params: Vec<Option<String>> = lang::sql_params(&src_lang)
            .into_iter()
            .chain(lang::sql_params(&tgt_lang))
            .collect();
        let with_langs = |first: Value| {
            std::iter::once(first).chain(lang_params.iter().cloned().map(Value::from))
        };
        let exact =
            |u: &Unit| lang::exact(&u.src_lang, &src_lang) && lang::exact(&u.tgt_lang, &tgt_lang);
        self.with_reader(|rc| {
            let mut found: Vec<TmMatch> = Vec::new();
            let mut seen: HashSet<i64> = HashSet::new();
            // 1. Same key: context, exact or case match.
            let sql = format!("SELECT {UNIT_COLS} FROM units WHERE source_key = ?1 AND {langs}");
            let mut stmt = rc.conn.prepare_cached(&sql).db(&path)?;
            let rows = stmt
                .query_map(
                    params_from_iter(with_langs(Value::from(q_key.clone()))),
                    raw_unit,
                )
                .db(&path)?;
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
                found.push(TmMatch {
                    score: penalize(score, &unit),
                    similarity: 100,
                    kind,
                    unit,
                    proposal,
                });
            }
            drop(stmt);
            // 2. The n-gram index: fuzzy and number-transfer candidates.
            let threshold = opts.threshold.clamp(1, 100);
            let longest = q_tokens.len() * 100 / usize::from(threshold);
            let max_d = fuzzy::max_distance(threshold, longest);
            let grams = index::grams(&src_lang, &q_key, &q_tokens);
            let numbers = index::number_grams(&src_lang, &q_key, &q_tokens);
            let cands =
                rc.counter
                    .candidates(&rc.conn, &path, &grams, &numbers, max_d, opts.budget)?;
            let mut light = rc
                .conn
                .prepare_cached(&format!(
                    "SELECT source_key FROM units WHERE id = ?1 AND {langs}"
                ))
                .db(&path)?;
            // Score every candidate on its key alone (cheap), then read whole units best first
            // and stop once `max` matches beat anything the rest could still reach.
            let mut scored = Vec::new();
            for (id, _) in cands.ids {
                if !seen.insert(id) {
                    continue;
                }
                let key: Option<String> = light
                    .query_row(params_from_iter(with_langs(Value::Integer(id))), |r| {
                        r.get(0)
                    })
                    .optional()
                    .db(&path)?;
                let Some(key) = key else { continue }; // another language pair, or deleted
                let tokens = tokenize(&key);
                let hashes = token_hashes(&key, &tokens);
                let similarity = fuzzy::similarity(&q_hashes, &hashes);
                let numbers_only = tokens.len() == q_tokens.len()
                    && q_hashes
                        .iter()
                        .zip(&hashes)
                        .zip(q_tokens.iter().zip(&tokens))
                        .all(|((a, b), (qt, t))| {
                            a == b || qt.kind == TokenKind::Number && t.kind == TokenKind::Number
                        });
                let best_possible = match (similarity, numbers_only) {
                    (100, _) => 99,
                    (_, true) => 100u8.saturating_sub(p.number_transfer).max(similarity),
                    _ => similarity,
                };
                // Penalties only lower scores: what cannot reach the threshold is dropped.
                if best_possible >= opts.threshold {
                    scored.push((best_possible, similarity, id, key, tokens));
                }
            }
            scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
            for (best_possible, similarity, id, key, tokens) in scored {
                if enough(&found, opts.max, best_possible) {
                    break;
                }
                let Some(unit) = fetch(&rc.conn, &path, id)? else {
                    continue;
                };
                let transferred = (best_possible > similarity && similarity < 100)
                    .then(|| {
                        numbers::transfer(
                            &q_key,
                            &q_tokens,
                            &key,
                            &tokens,
                            &unit.target,
                            &src_lang,
                            &tgt_lang,
                        )
                    })
                    .flatten();
                let (kind, score, proposal) = if similarity == 100 {
                    (MatchKind::Case, 99, unit.target.clone())
                } else if let Some(moved) = transferred {
                    (
                        MatchKind::NumberTransfer,
                        100u8.saturating_sub(p.number_transfer),
                        moved,
                    )
                } else {
                    (MatchKind::Fuzzy, similarity, unit.target.clone())
                };
                found.push(TmMatch {
                    score: penalize(score, &unit),
                    similarity,
                    kind,
                    unit,
                    proposal,
                });
            }
            Ok(found)
        })
        .map(|found| rank(found, opts, exact))
    }
}

/// Whether `found` already holds `max` distinct proposals scoring at least `bound`, so that no
/// candidate whose best possible score is `bound` can enter the top `max`.
fn enough(found: &[TmMatch], max: usize, bound: u8) -> bool {
    let mut proposals: Vec<&str> = found
        .iter()
        .filter(|m| m.score >= bound)
        .map(|m| m.proposal.as_str())
        .collect();
    proposals.sort_unstable();
    proposals.dedup();
    proposals.len() >= max
}

/// Sorts best first, drops matches under the threshold and repeated targets, keeps `max`.
/// `exact` tells the units in exactly the query's languages, which rank first among equals.
fn rank(
    mut found: Vec<TmMatch>,
    opts: &MatchOptions,
    exact: impl Fn(&Unit) -> bool,
) -> Vec<TmMatch> {
    found.retain(|m| m.score >= opts.threshold);
    found.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(exact(&b.unit).cmp(&exact(&a.unit)))
            .then(b.similarity.cmp(&a.similarity))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::Duplicates;

    fn tm_with(units: &[Unit]) -> (tempfile::TempDir, Tm) {
        let dir = tempfile::tempdir().unwrap();
        let tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
        tm.add_batch(units, Duplicates::KeepBoth).unwrap();
        (dir, tm)
    }

    fn best(tm: &Tm, q: &str) -> Option<TmMatch> {
        let opts = MatchOptions {
            threshold: 50,
            max: 10,
            ..MatchOptions::default()
        };
        tm.lookup(&Query::new(q, "vi", "en"), &opts)
            .unwrap()
            .into_iter()
            .next()
    }

    /// Hand-computed OmegaT scores: tokens are words, numbers and punctuation marks;
    /// score = 100 * (max_len - LD) / max_len, truncated.
    #[test]
    fn scores_match_hand_computed_values() {
        let stored = [
            (
                "Thủ tướng Phạm Minh Chính chủ trì cuộc họp.",
                "The Prime Minister chaired the meeting.",
            ),
            (
                "Giá xăng tăng trong tháng này.",
                "Petrol prices rose this month.",
            ),
            (
                "Bộ Y tế khuyến cáo người dân đeo khẩu trang.",
                "The Ministry of Health advises wearing masks.",
            ),
            ("Hà Nội ngày mai trời mưa.", "Rain in Hanoi tomorrow."),
            (
                "Kinh tế tăng trưởng 5,05% trong năm 2023.",
                "The economy grew 5.05% in 2023.",
            ),
            (
                "Ủy ban nhân dân thành phố họp.",
                "The city People's Committee met.",
            ),
        ];
        let units: Vec<Unit> = stored
            .iter()
            .map(|(s, t)| Unit::new("vi", "en", s, t))
            .collect();
        let (_d, tm) = tm_with(&units);
        // (query, expected similarity, expected score, kind, stored source)
        let table: &[(&str, u8, u8, MatchKind, &str)] = &[
            // 10 vs 10 tokens, "hội nghị" for "cuộc họp": LD 2 -> 80.
            (
                "Thủ tướng Phạm Minh Chính chủ trì hội nghị.",
                80,
                80,
                MatchKind::Fuzzy,
                stored[0].0,
            ),
            // 8 vs 7 tokens, "mạnh" inserted: LD 1 -> 700/8 = 87.5 -> 87.
            (
                "Giá xăng tăng mạnh trong tháng này.",
                87,
                87,
                MatchKind::Fuzzy,
                stored[1].0,
            ),
            // 11 vs 11 tokens, three substituted: LD 3 -> 800/11 = 72.7 -> 72.
            (
                "Bộ Y tế khuyến cáo người dân tiêm vắc xin.",
                72,
                72,
                MatchKind::Fuzzy,
                stored[2].0,
            ),
            // The comma is a token: 8 vs 7, LD 1 -> 87.
            (
                "Hà Nội, ngày mai trời mưa.",
                87,
                87,
                MatchKind::Fuzzy,
                stored[3].0,
            ),
            // Numbers only: 10 vs 10, LD 2 -> similarity 80; transferred, 100 - 2.
            (
                "Kinh tế tăng trưởng 6,5% trong năm 2024.",
                80,
                98,
                MatchKind::NumberTransfer,
                stored[4].0,
            ),
            // Case only.
            (
                "thủ tướng phạm minh chính chủ trì cuộc họp.",
                100,
                99,
                MatchKind::Case,
                stored[0].0,
            ),
            // Old-style tone placement and extra spaces normalize to the stored text.
            (
                "Uỷ ban nhân dân  thành phố họp.",
                100,
                100,
                MatchKind::Exact,
                stored[5].0,
            ),
        ];
        for &(q, similarity, score, kind, source) in table {
            let m = best(&tm, q).unwrap_or_else(|| panic!("no match for {q}"));
            assert_eq!(
                (m.similarity, m.score, m.kind, m.unit.source.as_str()),
                (similarity, score, kind, source),
                "{q}"
            );
        }
        let m = best(&tm, "Kinh tế tăng trưởng 6,5% trong năm 2024.").unwrap();
        assert_eq!(m.proposal, "The economy grew 6.5% in 2024.");
        assert_eq!(m.unit.target, "The economy grew 5.05% in 2023.");
        // Under the default threshold of 75 the 72 is not returned.
        let none = tm
            .lookup(
                &Query::new(table[2].0, "vi", "en"),
                &MatchOptions::default(),
            )
            .unwrap();
        assert!(none.is_empty(), "{none:?}");
        // Another language pair sees nothing.
        assert!(tm
            .lookup(
                &Query::new(stored[0].0, "vi", "fr"),
                &MatchOptions::default()
            )
            .unwrap()
            .is_empty());
    }

    #[test]
    fn context_drafts_and_machine_translations_rank() {
        let src = "Quốc hội thông qua luật đất đai sửa đổi.";
        let human = Unit::new(
            "vi",
            "en",
            src,
            "The National Assembly passed the amended Land Law.",
        )
        .with_context(Some("Sáng nay."), Some("Luật có hiệu lực từ năm sau."));
        let mut mt = Unit::new("vi", "en", src, "Parliament passes revised land law.");
        mt.origin = Origin::Mt("qwen".into());
        mt.status = Status::Draft;
        let (_d, tm) = tm_with(&[mt, human]);
        let opts = MatchOptions {
            threshold: 0,
            max: 10,
            ..MatchOptions::default()
        };
        let q = Query::new(src, "vi", "en")
            .with_context(Some("Sáng nay."), Some("Luật có hiệu lực từ năm sau."));
        let found = tm.lookup(&q, &opts).unwrap();
        let got: Vec<(u8, MatchKind)> = found.iter().map(|m| (m.score, m.kind)).collect();
        assert_eq!(got, [(101, MatchKind::Context), (85, MatchKind::Exact)]);
        // Without context the human unit is a plain exact match.
        let found = tm.lookup(&Query::new(src, "vi", "en"), &opts).unwrap();
        assert_eq!((found[0].score, found[0].kind), (100, MatchKind::Exact));
        // Penalties are configurable.
        let none = MatchOptions {
            penalties: Penalties {
                draft: 0,
                machine: 0,
                number_transfer: 0,
            },
            ..opts
        };
        assert_eq!(
            tm.lookup(&Query::new(src, "vi", "en"), &none).unwrap()[1].score,
            100
        );
    }

    #[test]
    fn max_limits_and_threshold_filters() {
        let units: Vec<Unit> = (1..=9)
            .map(|i| {
                Unit::new(
                    "vi",
                    "en",
                    &format!("Đoàn công tác số {i} đến thăm tỉnh Quảng Ninh hôm qua"),
                    &format!("T{i}"),
                )
            })
            .collect();
        let (_d, tm) = tm_with(&units);
        let q = Query::new("Đoàn công tác đến thăm tỉnh Quảng Ninh hôm qua", "vi", "en");
        let found = tm
            .lookup(
                &q,
                &MatchOptions {
                    max: 3,
                    ..MatchOptions::default()
                },
            )
            .unwrap();
        assert_eq!(found.len(), 3);
        // 10 vs 12 tokens ("số N" inserted), LD 2 -> 1000/12 = 83.
        assert!(
            found
                .iter()
                .all(|m| m.score == 83 && m.kind == MatchKind::Fuzzy),
            "{found:?}"
        );
        let strict = tm
            .lookup(
                &q,
                &MatchOptions {
                    threshold: 90,
                    ..MatchOptions::default()
                },
            )
            .unwrap();
        assert!(strict.is_empty());
    }

    #[test]
    fn postings_from_later_transactions_and_full_chunks_are_found() {
        let (_d, tm) = tm_with(&[Unit::new(
            "vi",
            "en",
            "Chính phủ họp phiên thường kỳ tại Hà Nội.",
            "In Hanoi.",
        )]);
        tm.add(
            &Unit::new(
                "vi",
                "en",
                "Chính phủ họp phiên thường kỳ tại Huế.",
                "In Hue.",
            ),
            Duplicates::KeepBoth,
        )
        .unwrap();
        // More units than a posting chunk holds, then one more in another transaction.
        let many: Vec<Unit> = (0..crate::tm::index::CHUNK + 50)
            .map(|i| {
                Unit::new(
                    "vi",
                    "en",
                    &format!("Chính phủ họp phiên thường kỳ mã {i}."),
                    &format!("Code {i}."),
                )
            })
            .collect();
        tm.add_batch(&many, Duplicates::KeepBoth).unwrap();
        tm.add(
            &Unit::new(
                "vi",
                "en",
                "Chính phủ họp phiên thường kỳ tại Đà Nẵng.",
                "In Da Nang.",
            ),
            Duplicates::KeepBoth,
        )
        .unwrap();
        let opts = MatchOptions {
            threshold: 70,
            max: 3,
            ..MatchOptions::default()
        };
        let found = tm
            .lookup(
                &Query::new("Chính phủ họp phiên thường kỳ tại Cần Thơ.", "vi", "en"),
                &opts,
            )
            .unwrap();
        let mut targets: Vec<&str> = found.iter().map(|m| m.proposal.as_str()).collect();
        targets.sort_unstable();
        assert_eq!(targets, ["In Da Nang.", "In Hanoi.", "In Hue."]);
    }
}
