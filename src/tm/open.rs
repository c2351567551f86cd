//! Opening the TM file: read-write (created if needed, WAL, migrations) for commands that
//! write, read-only for commands that only read, and the pool of reader connections lookups
//! run on.
//!
//! **Concurrency.** Two processes may create or migrate the same new file at once. SQLite
//! answers some of the lock conflicts this involves (switching to WAL, a first WAL recovery)
//! with "database is locked" at once, without waiting on its busy timeout, so opening retries
//! them, with growing pauses, for up to [`BUSY_WAIT`] in all: the same bound as a write waits
//! for another writer.
//!
//! **Read-only.** A command that only reads opens the file read-only, so a TM the user may not
//! write (a shared file, a read-only folder or mount) can be read. A WAL file needs its `-shm`
//! index; where that cannot be created, the file is opened as immutable, which is sound
//! because nobody can be writing to a file in a folder no one may write to.

use super::error::{DbContext, TmError};
use super::store::{ReadConn, Tm};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long opening, or a write, waits for another process holding the TM's lock.
pub const BUSY_WAIT: Duration = Duration::from_secs(30);

impl Tm {
    /// Opens (creating if needed, with its folder) the TM at `path` for reading and writing,
    /// and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Tm, TmError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|error| TmError::Io {
                path: dir.to_path_buf(),
                error,
            })?;
        }
        not_a_folder(path)?;
        let conn = retry_busy(|| open_read_write(path))?;
        Ok(Tm {
            path: path.to_path_buf(),
            writer: Some(Mutex::new(conn)),
            readers: Mutex::new(Vec::new()),
            read_only: None,
        })
    }

    /// Opens the TM at `path` for a command that only reads it: read-only, so that a TM the
    /// user may not write can be read. A TM that does not exist yet is created (empty) as by
    /// [`Tm::open`], and one with an older schema is migrated first, which needs write access.
    /// Writing through the returned `Tm` fails with [`TmError::ReadOnly`].
    pub fn open_read_only(path: &Path) -> Result<Tm, TmError> {
        not_a_folder(path)?;
        if !path.exists() {
            return Tm::open(path);
        }
        let (conn, uri) = retry_busy(|| open_reading(path))?;
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .db(path)?;
        if found > super::schema::VERSION {
            return Err(TmError::TooNew {
                path: path.to_path_buf(),
                found,
                supported: super::schema::VERSION,
            });
        }
        if found < super::schema::VERSION {
            drop(conn);
            return Tm::open(path);
        }
        Ok(Tm {
            path: path.to_path_buf(),
            writer: None,
            readers: Mutex::new(vec![ReadConn::new(conn)]),
            read_only: Some(uri),
        })
    }

    /// The default TM file: `$XDG_DATA_HOME/vibrief/tm.sqlite`, else
    /// `$HOME/.local/share/vibrief/tm.sqlite`.
    pub fn default_path() -> Option<PathBuf> {
        let data = std::env::var_os("XDG_DATA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| Path::new(&h).join(".local/share"))
            })?;
        Some(data.join("vibrief").join("tm.sqlite"))
    }

    /// Runs `f` on a pooled read connection.
    pub(crate) fn with_reader<T>(
        &self,
        f: impl FnOnce(&mut ReadConn) -> Result<T, TmError>,
    ) -> Result<T, TmError> {
        let taken = self.readers.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut rc = match taken {
            Some(rc) => rc,
            None => ReadConn::new(match &self.read_only {
                Some(uri) => open_uri(&self.path, uri)?,
                None => {
                    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX
                        | OpenFlags::SQLITE_OPEN_URI;
                    let conn = Connection::open_with_flags(&self.path, flags).db(&self.path)?;
                    configure(&conn, &self.path)?;
                    conn.execute_batch("PRAGMA query_only = 1").db(&self.path)?;
                    conn
                }
            }),
        };
        let out = f(&mut rc);
        self.readers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rc);
        out
    }
}

fn not_a_folder(path: &Path) -> Result<(), TmError> {
    if path.is_dir() {
        return Err(TmError::Io {
            path: path.to_path_buf(),
            error: std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "is a folder; give the TM's file (a new name creates one)",
            ),
        });
    }
    Ok(())
}

/// Opens `path` read-write in WAL mode, creating it, and migrates its schema.
fn open_read_write(path: &Path) -> Result<Connection, TmError> {
    let mut conn = Connection::open(path).db(path)?;
    configure(&conn, path)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .db(path)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(TmError::Db {
            path: path.to_path_buf(),
            error: rusqlite::Error::InvalidParameterName(format!(
                "journal_mode is {mode}, WAL needed"
            )),
        });
    }
    super::schema::migrate(&mut conn, path)?;
    Ok(conn)
}

/// Opens `path` read-only and reads its schema version, as immutable when its WAL index
/// cannot be created; returns the connection and the URI it was opened with.
fn open_reading(path: &Path) -> Result<(Connection, String), TmError> {
    let uri = file_uri(path);
    let plain = format!("{uri}?mode=ro");
    match open_uri(path, &plain) {
        Ok(conn) => Ok((conn, plain)),
        Err(TmError::Db {
            error: rusqlite::Error::SqliteFailure(e, _),
            ..
        }) if matches!(e.code, ErrorCode::CannotOpen | ErrorCode::ReadOnly) => {
            let immutable = format!("{uri}?mode=ro&immutable=1");
            Ok((open_uri(path, &immutable)?, immutable))
        }
        Err(e) => Err(e),
    }
}

/// Opens `uri` read-only and reads from it once, so that a file that cannot be read fails
/// here rather than at the first lookup.
fn open_uri(path: &Path, uri: &str) -> Result<Connection, TmError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(uri, flags).db(path)?;
    configure(&conn, path)?;
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .db(path)?;
    Ok(conn)
}

/// `path` as an SQLite `file:` URI, with the characters URIs reserve escaped.
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri
}

fn configure(conn: &Connection, path: &Path) -> Result<(), TmError> {
    conn.busy_timeout(BUSY_WAIT).db(path)?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824;",
    )
    .db(path)
}

/// Runs `f` again while SQLite says the file is locked without having waited (see the module
/// docs), for up to [`BUSY_WAIT`].
fn retry_busy<T>(mut f: impl FnMut() -> Result<T, TmError>) -> Result<T, TmError> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        match f() {
            Err(TmError::Db {
                error: rusqlite::Error::SqliteFailure(e, _),
                ..
            }) if matches!(e.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
                && start.elapsed() < BUSY_WAIT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(250));
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tm::{Duplicates, Unit};

    #[test]
    fn many_openers_of_one_new_file_all_succeed() {
        for round in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("tm.sqlite");
            std::thread::scope(|s| {
                let openers: Vec<_> = (0..4)
                    .map(|_| s.spawn(|| Tm::open(&path).map(|_| ())))
                    .collect();
                for o in openers {
                    let result = o.join().unwrap();
                    assert!(result.is_ok(), "round {round}: {result:?}");
                }
            });
        }
    }

    #[test]
    fn a_read_only_open_reads_and_refuses_to_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t%?#.sqlite");
        Tm::open(&path)
            .unwrap()
            .add(
                &Unit::new("vi", "en", "Hà Nội", "Hanoi"),
                Duplicates::KeepBoth,
            )
            .unwrap();
        let tm = Tm::open_read_only(&path).unwrap();
        assert_eq!(tm.len().unwrap(), 1);
        let e = tm
            .add(&Unit::new("vi", "en", "Một", "One"), Duplicates::KeepBoth)
            .unwrap_err();
        assert!(matches!(e, TmError::ReadOnly { .. }), "{e}");
        // A file that does not exist yet is created, as a read-write open creates it.
        let new = dir.path().join("new.sqlite");
        assert!(Tm::open_read_only(&new).unwrap().is_empty().unwrap());
    }
}
