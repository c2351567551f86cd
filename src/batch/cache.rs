//! The result cache that makes batches resumable: each finished document is stored under a key
//! of everything that shapes its result (cleaned text, glossary content, TM state, model id,
//! settings), so a rerun skips it and an interrupted run resumes where it stopped.

use crate::doc::translated::TranslatedDocument;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Builds a cache key from labelled parts; the labels and lengths are hashed too, so parts
/// cannot run into each other.
///
/// ```
/// use vibrief::batch::cache::Key;
/// let a = Key::new().part("text", b"ab").part("model", b"c").finish();
/// let b = Key::new().part("text", b"a").part("model", b"bc").finish();
/// assert_ne!(a, b);
/// assert_eq!(a.len(), 64);
/// ```
#[derive(Default)]
pub struct Key(Sha256);

impl Key {
    /// An empty key.
    pub fn new() -> Self {
        Key(Sha256::new())
    }

    /// Adds one labelled part.
    pub fn part(mut self, label: &str, bytes: &[u8]) -> Self {
        for piece in [label.as_bytes(), bytes] {
            self.0.update((piece.len() as u64).to_le_bytes());
            self.0.update(piece);
        }
        self
    }

    /// The key as lower-case hex.
    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A folder of finished documents, one JSON file per key, each written atomically.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache inside `outdir` (created when missing).
    pub fn open(outdir: &Path) -> std::io::Result<Self> {
        let dir = outdir.join(".vibrief-cache");
        std::fs::create_dir_all(&dir)?;
        Ok(Cache { dir })
    }

    /// The file that holds the entry for `key`.
    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The document stored under `key`, if any. An unreadable or corrupt entry counts as absent
    /// (the document is simply redone).
    pub fn get(&self, key: &str) -> Option<TranslatedDocument> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores `doc` under `key`.
    pub fn put(&self, key: &str, doc: &TranslatedDocument) -> std::io::Result<()> {
        let json = serde_json::to_vec(doc).map_err(std::io::Error::other)?;
        crate::outfile::write(&self.path(key), &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_finds_documents_and_ignores_corrupt_entries() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path()).unwrap();
        let doc = crate::formats::markdown::tests::sample();
        let key = Key::new().part("text", b"x").finish();
        assert!(cache.get(&key).is_none());
        cache.put(&key, &doc).unwrap();
        assert_eq!(cache.get(&key).unwrap(), doc);
        std::fs::write(cache.path(&key), b"{\"trunc").unwrap();
        assert!(cache.get(&key).is_none());
    }
}
