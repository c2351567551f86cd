//! Re-checking fetched files against their manifest: size, then sha256.

use super::{Catalog, Error, Manifest};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// What is wrong with a fetched file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file is not there.
    Missing,
    /// The file has the wrong size.
    Size {
        /// The manifest's size.
        expected: u64,
        /// The file's size.
        actual: u64,
    },
    /// The file's content differs from the manifest's hash.
    Hash {
        /// The manifest's sha256.
        expected: String,
        /// The file's sha256.
        actual: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Missing => write!(f, "missing"),
            Problem::Size { expected, actual } => {
                write!(f, "size is {actual}, manifest says {expected}")
            }
            Problem::Hash { expected, actual } => {
                write!(f, "sha256 is {actual}, manifest says {expected}")
            }
        }
    }
}

/// The state of one file of a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStatus {
    /// Where the file is expected.
    pub path: PathBuf,
    /// What is wrong, if anything.
    pub problem: Option<Problem>,
}

/// Checks every file of `model` in the cache; `on_bytes` is called as bytes are hashed.
pub fn verify(
    catalog: &Catalog,
    model: &Manifest,
    on_bytes: &mut dyn FnMut(u64),
) -> Result<Vec<FileStatus>, Error> {
    let dir = catalog.model_dir(model);
    let mut out = Vec::new();
    for spec in &model.files {
        let path = dir.join(&spec.name);
        let problem = match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Problem::Missing),
            Err(e) => return Err(Error::Io { path, source: e }),
            Ok(meta) if meta.len() != spec.size => Some(Problem::Size {
                expected: spec.size,
                actual: meta.len(),
            }),
            Ok(_) => {
                let actual = sha256_file(&path, on_bytes)?;
                (actual != spec.sha256).then(|| Problem::Hash {
                    expected: spec.sha256.clone(),
                    actual,
                })
            }
        };
        out.push(FileStatus { path, problem });
    }
    Ok(out)
}

/// The lower-case hex sha256 of a file.
pub(crate) fn sha256_file(path: &Path, on_bytes: &mut dyn FnMut(u64)) -> Result<String, Error> {
    let mut file = std::fs::File::open(path).map_err(Error::io(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(Error::io(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        on_bytes(n as u64);
    }
    Ok(hex(&hasher.finalize()))
}

/// Lower-case hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_a_file() {
        let tmp = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(tmp.path(), b"abc").unwrap();
        let mut seen = 0;
        let h = sha256_file(tmp.path(), &mut |n| seen += n).unwrap();
        assert_eq!(
            h,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(seen, 3);
    }
}
