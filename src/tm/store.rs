//! The TM file: the writer (one transaction at a time, duplicate policy, index upkeep) and
//! the rows it reads and writes. Opening it, and the readers' pool, are in [`super::open`].

use super::error::{DbContext, TmError};
use super::index::{self, Counter, Pending};
use super::unit::{Context, Origin, Status, Unit, UnitMeta};
use crate::text::lang::canonical as canonical_lang;
use crate::text::normalize;
use crate::text::xml_chars;
use rusqlite::{params, Connection, Row};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The columns [`unit_from_row`] reads, in its order.
pub(crate) const UNIT_COLS: &str =
    "id, src_lang, tgt_lang, source, target, origin, status, prev_hash, next_hash, \
     created, changed, author, tool, meta, source_key";

/// What to do with a unit whose source (same languages, context and props) is already stored
/// with a different target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Duplicates {
    /// Keep both, as alternative translations.
    #[default]
    KeepBoth,
    /// Replace the stored translation(s) with the new one.
    Overwrite,
}

/// What [`Tm::add`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// A new unit was stored with this id.
    Added(i64),
    /// The same source and target were stored already: that unit was updated.
    Updated(i64),
    /// The stored translation of the same source was replaced (`Overwrite`); `removed` other
    /// alternatives were deleted.
    Replaced {
        /// The unit that now holds the new translation.
        id: i64,
        /// Alternatives deleted.
        removed: usize,
    },
}

/// A reader connection with its scratch space.
pub(crate) struct ReadConn {
    pub conn: Connection,
    pub counter: Counter,
}

impl ReadConn {
    pub(super) fn new(conn: Connection) -> Self {
        ReadConn {
            conn,
            counter: Counter::default(),
        }
    }
}

/// A translation memory: one SQLite file in WAL mode. `Tm` is `Send + Sync`: share one behind
/// an `Arc` and call [`Tm::lookup`](Tm::lookup) from many threads at once (each borrows its
/// own read connection); writes are serialized on one writer connection, and other processes
/// may read while one writes.
///
/// ```
/// use vibrief::tm::{Tm, Unit, Duplicates, Query, MatchOptions};
/// let dir = tempfile::tempdir().unwrap();
/// let tm = Tm::open(&dir.path().join("tm.sqlite")).unwrap();
/// tm.add(&Unit::new("vi", "en", "Thủ tướng phát biểu tại hội nghị.", "The prime minister spoke at the conference."),
///        Duplicates::KeepBoth).unwrap();
/// let found = tm.lookup(&Query::new("Thủ tướng phát biểu tại hội nghị.", "vi", "en"), &MatchOptions::default()).unwrap();
/// assert_eq!(found[0].score, 100);
/// ```
pub struct Tm {
    pub(super) path: PathBuf,
    /// The writer connection; `None` when the TM was opened for reading only.
    pub(super) writer: Option<Mutex<Connection>>,
    pub(super) readers: Mutex<Vec<ReadConn>>,
    /// How reader connections are opened: `None` for read-write files, else the read-only
    /// URI ([`super::open`]).
    pub(super) read_only: Option<String>,
}

impl Tm {
    /// The TM file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts a write transaction. Nothing it adds is visible to readers until
    /// [`Writer::commit`]; dropping it uncommitted (or the process dying) rolls everything back.
    pub fn writer(&self) -> Result<Writer<'_>, TmError> {
        let Some(writer) = &self.writer else {
            return Err(TmError::ReadOnly {
                path: self.path.clone(),
            });
        };
        let conn = writer.lock().unwrap_or_else(|e| e.into_inner());
        conn.execute_batch("BEGIN IMMEDIATE").db(&self.path)?;
        Ok(Writer {
            conn,
            path: &self.path,
            pending: Pending::default(),
            open: true,
        })
    }

    /// Adds one unit in its own transaction.
    pub fn add(&self, unit: &Unit, duplicates: Duplicates) -> Result<AddOutcome, TmError> {
        let mut w = self.writer()?;
        let out = w.add(unit, duplicates)?;
        w.commit()?;
        Ok(out)
    }

    /// Adds `units` in one transaction (all or none), e.g. a document's MT output for `--learn`.
    pub fn add_batch(
        &self,
        units: &[Unit],
        duplicates: Duplicates,
    ) -> Result<Vec<AddOutcome>, TmError> {
        let mut w = self.writer()?;
        let out = units
            .iter()
            .map(|u| w.add(u, duplicates))
            .collect::<Result<Vec<_>, _>>()?;
        w.commit()?;
        Ok(out)
    }

    /// The unit with id `id`.
    pub fn get(&self, id: i64) -> Result<Option<Unit>, TmError> {
        self.with_reader(|rc| fetch(&rc.conn, &self.path, id))
    }

    /// How many units the TM holds.
    pub fn len(&self) -> Result<u64, TmError> {
        let n: i64 = self.with_reader(|rc| {
            rc.conn
                .query_row("SELECT count(*) FROM units", [], |r| r.get(0))
                .db(&self.path)
        })?;
        Ok(n as u64)
    }

    /// Whether the TM holds no unit.
    pub fn is_empty(&self) -> Result<bool, TmError> {
        Ok(self.len()? == 0)
    }
}

/// One write transaction on the TM; see [`Tm::writer`].
pub struct Writer<'a> {
    conn: MutexGuard<'a, Connection>,
    path: &'a Path,
    pending: Pending,
    open: bool,
}

impl Writer<'_> {
    /// Adds `unit` following the duplicate policy: the same source and target update the stored
    /// unit (the better status wins, notes are merged); the same source with another target is
    /// kept as an alternative, or replaces the stored one(s) with [`Duplicates::Overwrite`].
    pub fn add(&mut self, unit: &Unit, duplicates: Duplicates) -> Result<AddOutcome, TmError> {
        let mut unit = unit.clone();
        unit.src_lang = canonical_lang(&unit.src_lang);
        unit.tgt_lang = canonical_lang(&unit.tgt_lang);
        let source_key = normalize::key(&unit.source);
        let bad = |message: &str| TmError::BadUnit {
            what: format!("{:?}", unit.source),
            message: message.into(),
        };
        if source_key.is_empty() {
            return Err(bad("the source is empty"));
        }
        if unit.target.trim().is_empty() {
            return Err(bad("the target is empty"));
        }
        if unit.src_lang.is_empty() || unit.tgt_lang.is_empty() {
            return Err(bad("a language is missing"));
        }
        if let Some((field, what)) = forbidden_char(&unit) {
            return Err(bad(&format!(
                "its {field} holds {what}, which XML 1.0 forbids (a TMX export could not hold it)"
            )));
        }
        let source_text = normalize::text(&unit.source);
        let target_text = normalize::text(&unit.target);
        let slot = unit.slot_hash_of(&source_text);
        let ident = super::unit::ident_of(slot, &target_text);
        let path = self.path;
        let same_slot = self.units_where("slot", slot)?;
        let same_slot: Vec<Unit> = same_slot
            .into_iter()
            .filter(|u| same_source(u, &unit))
            .collect();
        if let Some(existing) = same_slot
            .iter()
            .find(|u| normalize::text(&u.target) == target_text)
        {
            let merged = merge(existing, &unit);
            self.update(existing.id, &merged, ident, slot)?;
            return Ok(AddOutcome::Updated(existing.id));
        }
        if duplicates == Duplicates::Overwrite && !same_slot.is_empty() {
            let keep = &same_slot[0];
            let mut replaced = unit.clone();
            replaced.created = keep.created;
            self.update(keep.id, &replaced, ident, slot)?;
            let mut del = self
                .conn
                .prepare_cached("DELETE FROM units WHERE id = ?1")
                .db(path)?;
            for other in &same_slot[1..] {
                del.execute([other.id]).db(path)?;
            }
            return Ok(AddOutcome::Replaced {
                id: keep.id,
                removed: same_slot.len() - 1,
            });
        }
        let meta = meta_json(&unit.meta);
        let (prev, next) = context_cols(unit.context);
        let mut ins = self
            .conn
            .prepare_cached(
                "INSERT INTO units (src_lang, tgt_lang, source, target, source_key, target_key, origin, status,
                 prev_hash, next_hash, created, changed, author, tool, meta, slot, ident)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )
            .db(path)?;
        ins.execute(params![
            unit.src_lang,
            unit.tgt_lang,
            unit.source,
            unit.target,
            source_key,
            normalize::key(&unit.target),
            unit.origin.to_string(),
            unit.status.to_string(),
            prev,
            next,
            unit.created,
            unit.changed,
            unit.author,
            unit.tool,
            meta,
            slot,
            ident
        ])
        .db(path)?;
        let id = self.conn.last_insert_rowid();
        self.pending.add_unit(id, &unit.src_lang, &source_key);
        if self.pending.len() > index::PENDING_LIMIT {
            self.pending.flush(&self.conn, path)?;
        }
        Ok(AddOutcome::Added(id))
    }

    /// Makes everything added visible, durably.
    pub fn commit(mut self) -> Result<(), TmError> {
        self.pending.flush(&self.conn, self.path)?;
        self.conn.execute_batch("COMMIT").db(self.path)?;
        self.open = false;
        Ok(())
    }

    fn units_where(&self, column: &str, value: i64) -> Result<Vec<Unit>, TmError> {
        let sql = format!("SELECT {UNIT_COLS} FROM units WHERE {column} = ?1 ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql).db(self.path)?;
        let rows = stmt.query_map([value], raw_unit).db(self.path)?;
        rows.map(|r| r.db(self.path).and_then(|raw| raw.finish(self.path)))
            .collect()
    }

    fn update(&self, id: i64, u: &Unit, ident: i64, slot: i64) -> Result<(), TmError> {
        let (prev, next) = context_cols(u.context);
        let mut stmt = self
            .conn
            .prepare_cached(
                "UPDATE units SET target = ?2, target_key = ?3, origin = ?4, status = ?5, prev_hash = ?6,
                 next_hash = ?7, created = ?8, changed = ?9, author = ?10, tool = ?11, meta = ?12,
                 ident = ?13, slot = ?14 WHERE id = ?1",
            )
            .db(self.path)?;
        stmt.execute(params![
            id,
            u.target,
            normalize::key(&u.target),
            u.origin.to_string(),
            u.status.to_string(),
            prev,
            next,
            u.created,
            u.changed,
            u.author,
            u.tool,
            meta_json(&u.meta),
            ident,
            slot
        ])
        .db(self.path)?;
        Ok(())
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Whether two units have the same slot for real (not just the same hash).
fn same_source(a: &Unit, b: &Unit) -> bool {
    a.src_lang.eq_ignore_ascii_case(&b.src_lang)
        && a.tgt_lang.eq_ignore_ascii_case(&b.tgt_lang)
        && normalize::text(&a.source) == normalize::text(&b.source)
        && a.context == b.context
        && a.meta.props == b.meta.props
}

/// The stored unit updated by a re-added one: the better status wins (and brings its origin),
/// the latest change time and new notes are kept.
fn merge(old: &Unit, new: &Unit) -> Unit {
    let mut out = old.clone();
    if new.status >= old.status {
        out.status = new.status;
        out.origin = new.origin.clone();
    }
    out.changed = old.changed.max(new.changed);
    out.author = old.author.clone().or_else(|| new.author.clone());
    out.tool = old.tool.clone().or_else(|| new.tool.clone());
    for note in &new.meta.notes {
        if !out.meta.notes.contains(note) {
            out.meta.notes.push(note.clone());
        }
    }
    if out.meta.source.markup.is_none() {
        out.meta.source.markup = new.meta.source.markup.clone();
    }
    if out.meta.target.markup.is_none() {
        out.meta.target.markup = new.meta.target.markup.clone();
    }
    out
}

fn meta_json(meta: &UnitMeta) -> Option<String> {
    (!meta.is_empty()).then(|| serde_json::to_string(meta).expect("UnitMeta always serializes"))
}

fn context_cols(c: Option<Context>) -> (Option<i64>, Option<i64>) {
    (c.map(|c| c.prev), c.map(|c| c.next))
}

/// A unit row before its metadata JSON is decoded, plus the stored matching key.
pub(crate) struct RawUnit {
    pub unit: Unit,
    pub meta: Option<String>,
    pub source_key: String,
}

impl RawUnit {
    /// Decodes the metadata.
    pub fn finish(self, path: &Path) -> Result<Unit, TmError> {
        Ok(self.finish_with_key(path)?.0)
    }

    /// Decodes the metadata and returns the matching key too.
    pub fn finish_with_key(mut self, path: &Path) -> Result<(Unit, String), TmError> {
        if let Some(json) = self.meta {
            self.unit.meta = serde_json::from_str(&json).map_err(|e| TmError::Corrupt {
                path: path.to_path_buf(),
                id: self.unit.id,
                message: e.to_string(),
            })?;
        }
        Ok((self.unit, self.source_key))
    }
}

/// Reads a row selected with [`UNIT_COLS`].
pub(crate) fn raw_unit(r: &Row) -> rusqlite::Result<RawUnit> {
    let origin: String = r.get(5)?;
    let status: String = r.get(6)?;
    let prev: Option<i64> = r.get(7)?;
    let next: Option<i64> = r.get(8)?;
    let unit = Unit {
        id: r.get(0)?,
        src_lang: r.get(1)?,
        tgt_lang: r.get(2)?,
        source: r.get(3)?,
        target: r.get(4)?,
        origin: origin.parse::<Origin>().unwrap_or(Origin::Other(origin)),
        status: if status == "draft" {
            Status::Draft
        } else {
            Status::Approved
        },
        context: prev.zip(next).map(|(prev, next)| Context { prev, next }),
        created: r.get(9)?,
        changed: r.get(10)?,
        author: r.get(11)?,
        tool: r.get(12)?,
        meta: UnitMeta::default(),
    };
    Ok(RawUnit {
        unit,
        meta: r.get(13)?,
        source_key: r.get(14)?,
    })
}

/// The unit `id`, read on `conn`.
pub(crate) fn fetch(conn: &Connection, path: &Path, id: i64) -> Result<Option<Unit>, TmError> {
    Ok(fetch_with_key(conn, path, id)?.map(|(u, _)| u))
}

/// The unit `id` and its matching key.
pub(crate) fn fetch_with_key(
    conn: &Connection,
    path: &Path,
    id: i64,
) -> Result<Option<(Unit, String)>, TmError> {
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {UNIT_COLS} FROM units WHERE id = ?1"))
        .db(path)?;
    let mut rows = stmt.query([id]).db(path)?;
    match rows.next().db(path)? {
        Some(row) => Ok(Some(raw_unit(row).db(path)?.finish_with_key(path)?)),
        None => Ok(None),
    }
}

/// The first field of `unit` holding a character XML 1.0 forbids, and that character.
fn forbidden_char(unit: &Unit) -> Option<(&'static str, String)> {
    fn in_json(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::String(s) => xml_chars::first_forbidden(s),
            serde_json::Value::Array(a) => a.iter().find_map(in_json),
            serde_json::Value::Object(o) => o
                .iter()
                .find_map(|(k, v)| xml_chars::first_forbidden(k).or_else(|| in_json(v))),
            _ => None,
        }
    }
    let origin = unit.origin.to_string();
    let texts = [
        ("source", Some(unit.source.as_str())),
        ("target", Some(unit.target.as_str())),
        ("source language", Some(unit.src_lang.as_str())),
        ("target language", Some(unit.tgt_lang.as_str())),
        ("origin", Some(origin.as_str())),
        ("author", unit.author.as_deref()),
        ("tool", unit.tool.as_deref()),
    ];
    let found = texts
        .into_iter()
        .find_map(|(field, text)| Some((field, xml_chars::first_forbidden(text?)?)));
    found.or_else(|| {
        let meta = serde_json::to_value(&unit.meta).ok()?;
        Some(("metadata (props, notes, attributes)", in_json(&meta)?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::tmx::Note;

    fn tm() -> (tempfile::TempDir, Tm) {
        let dir = tempfile::tempdir().unwrap();
        let tm = Tm::open(&dir.path().join("sub/tm.sqlite")).unwrap();
        (dir, tm)
    }

    #[test]
    fn same_source_same_target_updates() {
        let (_d, tm) = tm();
        let mut a = Unit::new("vi", "en", "Xin chào", "Hello");
        a.status = Status::Draft;
        a.origin = Origin::Mt("m".into());
        let AddOutcome::Added(id) = tm.add(&a, Duplicates::KeepBoth).unwrap() else {
            panic!()
        };
        let mut b = Unit::new("vi", "en", "Xin  chào", "Hello");
        b.meta.notes.push(Note {
            value: "checked".into(),
            lang: None,
        });
        assert_eq!(
            tm.add(&b, Duplicates::KeepBoth).unwrap(),
            AddOutcome::Updated(id)
        );
        let u = tm.get(id).unwrap().unwrap();
        assert_eq!((u.status, u.origin), (Status::Approved, Origin::Human));
        assert_eq!(u.meta.notes.len(), 1);
        // A draft re-add does not downgrade the approved unit.
        assert_eq!(
            tm.add(&a, Duplicates::KeepBoth).unwrap(),
            AddOutcome::Updated(id)
        );
        assert_eq!(tm.get(id).unwrap().unwrap().status, Status::Approved);
        assert_eq!(tm.len().unwrap(), 1);
    }

    #[test]
    fn different_target_is_kept_unless_overwrite() {
        let (_d, tm) = tm();
        tm.add(
            &Unit::new("vi", "en", "Xin chào", "Hello"),
            Duplicates::KeepBoth,
        )
        .unwrap();
        tm.add(
            &Unit::new("vi", "en", "Xin chào", "Hi"),
            Duplicates::KeepBoth,
        )
        .unwrap();
        assert_eq!(tm.len().unwrap(), 2);
        let out = tm
            .add(
                &Unit::new("vi", "en", "Xin chào", "Good day"),
                Duplicates::Overwrite,
            )
            .unwrap();
        assert!(
            matches!(out, AddOutcome::Replaced { removed: 1, .. }),
            "{out:?}"
        );
        assert_eq!(tm.len().unwrap(), 1);
        // Another context is another slot.
        let ctx = Unit::new("vi", "en", "Xin chào", "Hey").with_context(Some("A"), None);
        assert!(matches!(
            tm.add(&ctx, Duplicates::Overwrite).unwrap(),
            AddOutcome::Added(_)
        ));
    }

    #[test]
    fn bad_units_are_refused_and_batches_are_atomic() {
        let (_d, tm) = tm();
        let units = [
            Unit::new("vi", "en", "Một", "One"),
            Unit::new("vi", "en", "  ", "Two"),
        ];
        let err = tm.add_batch(&units, Duplicates::KeepBoth).unwrap_err();
        assert!(err.to_string().contains("the source is empty"), "{err}");
        assert_eq!(
            tm.len().unwrap(),
            0,
            "the first unit was rolled back with the batch"
        );
    }

    #[test]
    fn characters_xml_forbids_are_refused_in_every_field() {
        let (_dir, tm) = tm();
        let ok = || Unit::new("vi", "en", "Hà Nội", "Hanoi");
        let mut units = vec![
            Unit::new("vi", "en", "Hà\u{1}Nội", "Hanoi"),
            Unit::new("vi", "en", "Hà Nội", "Hanoi\u{FFFE}"),
        ];
        let mut u = ok();
        u.author = Some("a\u{0}".into());
        units.push(u);
        let mut u = ok();
        u.meta.attrs.push(("tuid".into(), "x\u{1F}".into()));
        units.push(u);
        units.push(Unit::new("vi\u{1}", "en", "Hà Nội", "Hanoi"));
        for u in units {
            let e = tm.add(&u, Duplicates::KeepBoth).unwrap_err().to_string();
            assert!(e.contains("which XML 1.0 forbids"), "{e}");
        }
        assert!(tm.is_empty().unwrap());
        tm.add(&ok(), Duplicates::KeepBoth).unwrap();
    }

    #[test]
    fn tm_can_be_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Tm>();
    }

    #[test]
    fn default_path_follows_xdg() {
        let p = Tm::default_path().unwrap();
        assert!(p.ends_with("vibrief/tm.sqlite"));
    }
}
