//! The TM's SQLite schema and its migrations. `PRAGMA user_version` holds the schema version;
//! each migration runs in the transaction that also bumps it, so a file is never half-migrated.

use super::error::{DbContext, TmError};
use super::index;
use rusqlite::Connection;
use std::path::Path;

/// One migration.
enum Step {
    Sql(&'static str),
    /// Rebuild the n-gram index (its hashing changed).
    Reindex,
}

/// Migrations in order: `MIGRATIONS[i]` takes a file from version `i` to `i + 1`.
const MIGRATIONS: &[Step] = &[
    // 1: units, the n-gram index.
    Step::Sql(
        "CREATE TABLE units (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        src_lang TEXT NOT NULL,
        tgt_lang TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        source_key TEXT NOT NULL,
        target_key TEXT NOT NULL,
        origin TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('approved', 'draft')),
        prev_hash INTEGER,
        next_hash INTEGER,
        created INTEGER NOT NULL,
        changed INTEGER NOT NULL,
        author TEXT,
        tool TEXT,
        meta TEXT,
        slot INTEGER NOT NULL,
        ident INTEGER NOT NULL
    );
    CREATE INDEX units_key ON units (source_key);
    CREATE INDEX units_slot ON units (slot);
    CREATE INDEX units_ident ON units (ident);
    CREATE TABLE grams (gram INTEGER PRIMARY KEY, df INTEGER NOT NULL);
    CREATE TABLE postings (
        gram INTEGER NOT NULL,
        chunk INTEGER NOT NULL,
        n INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        ids BLOB NOT NULL,
        PRIMARY KEY (gram, chunk)
    );",
    ),
    // 2: grams hashed with the bare source language (`vi` for `vi-VN` units), so that a query
    // for a language finds its regions as CAT tools do.
    Step::Reindex,
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema of `conn` up to [`VERSION`].
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), TmError> {
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .db(path)?;
    if found > VERSION {
        return Err(TmError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: VERSION,
        });
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .db(path)?;
        // Another process may have migrated while we waited for the lock.
        let now: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .db(path)?;
        if now > i as i64 {
            continue;
        }
        match step {
            Step::Sql(sql) => tx.execute_batch(sql).db(path)?,
            Step::Reindex => index::rebuild(&tx, path)?,
        }
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
            .db(path)?;
        tx.commit().db(path)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_newer_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate(&mut conn, &path).unwrap();
        migrate(&mut conn, &path).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, VERSION);
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
        assert!(matches!(
            migrate(&mut conn, &path),
            Err(TmError::TooNew { found: 99, .. })
        ));
    }
}
