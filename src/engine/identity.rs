//! What identifies a model's weights, without loading them: the sha256 of its files. A batch
//! keys its cache on it, so another GGUF put under the same name or path never serves results
//! made with the old one. Hashing a 1 GB file takes seconds, so each hash is remembered (in
//! `hashes.json` in the model cache) with the file's size and modification time, and computed
//! again only when either changes, as `git` and `make` decide what changed.

use super::open::{resolve, Source};
use crate::models;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::UNIX_EPOCH;

/// The identity of `model` (as [`super::open`] takes it): its resolved kind and the sha256 of
/// each of its files. A model that cannot be resolved gets an identity naming why, which no
/// resolvable model shares.
pub fn identity(model: &str) -> String {
    let store = models::cache_dir().ok().map(|d| d.join("hashes.json"));
    let file_hash = |path: &Path| file_hash(path, store.as_deref());
    match resolve(model) {
        Ok(Source::Hub { hub, .. }) => format!("hub:{hub}"),
        Ok(Source::Gguf { path, .. }) => format!("gguf:{}", file_hash(&path)),
        Ok(Source::Dir { path, .. }) => {
            let mut files: Vec<_> = std::fs::read_dir(&path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            let hashes: Vec<String> = files
                .iter()
                .map(|f| format!("{}={}", name_of(f), file_hash(f)))
                .collect();
            format!("dir:{}", hashes.join(","))
        }
        Err(e) => format!("unresolved:{model}: {e}"),
    }
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The sha256 of `path`, from the hashes remembered in `store` when its size and time are
/// unchanged.
fn file_hash(path: &Path, store: Option<&Path>) -> String {
    let Ok(meta) = std::fs::metadata(path) else {
        return format!("unreadable {}", path.display());
    };
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let key = format!("{}|{}|{mtime}", absolute.display(), meta.len());
    let mut known: BTreeMap<String, String> = store
        .and_then(|s| std::fs::read(s).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    if let Some(hash) = known.get(&key) {
        return hash.clone();
    }
    let Ok(hash) = models::sha256_file(path, &mut |_| {}) else {
        return format!("unreadable {}", path.display());
    };
    // Entries of files that changed or went away are dropped; a failed write only costs a
    // rehash.
    let this = format!("{}|", absolute.display());
    known.retain(|k, _| {
        !k.starts_with(&this) && k.split('|').next().is_some_and(|f| Path::new(f).exists())
    });
    known.insert(key, hash.clone());
    if let Some(store) = store.filter(|s| s.parent().is_some_and(Path::is_dir)) {
        let _ = serde_json::to_vec_pretty(&known).map(|json| crate::outfile::write(store, &json));
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_file_under_the_same_name_has_another_hash() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("hashes.json");
        let gguf = dir.path().join("model.gguf");
        std::fs::write(&gguf, b"weights one").unwrap();
        let first = file_hash(&gguf, Some(&store));
        assert_eq!(first.len(), 64, "{first}");
        assert!(std::fs::read_to_string(&store).unwrap().contains(&first));
        assert_eq!(
            file_hash(&gguf, Some(&store)),
            first,
            "the same file, the same hash"
        );

        // Same size, another content, another time.
        std::fs::write(&gguf, b"weights two").unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&gguf)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_ne!(file_hash(&gguf, Some(&store)), first);
        assert!(identity(gguf.to_str().unwrap()).starts_with("gguf:"));
        assert!(identity("no/such/model.gguf").starts_with("unresolved:"));
    }
}
