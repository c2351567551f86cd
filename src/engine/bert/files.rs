//! The files of a Hugging Face seq2seq model, found in a local directory or downloaded from the
//! hub, checked before rust-bert sees them so that mistakes get clear messages.

use crate::engine::Error;
use std::path::{Path, PathBuf};

/// Paths of one model's files.
#[derive(Debug, Clone)]
pub(super) struct ModelFiles {
    /// `config.json`.
    pub config: PathBuf,
    /// `tokenizer.json` (Hugging Face tokenizers format).
    pub tokenizer: PathBuf,
    /// `special_tokens_map.json`.
    pub special_tokens: PathBuf,
    /// `model.safetensors` or `rust_model.ot`.
    pub weights: PathBuf,
}

/// Files a model directory needs, in the order they are looked for.
pub(super) const REQUIRED: [&str; 3] = ["config.json", "tokenizer.json", "special_tokens_map.json"];
/// Weight files tried in order.
pub(super) const WEIGHTS: [&str; 2] = ["model.safetensors", "rust_model.ot"];

impl ModelFiles {
    /// The files of a local model directory.
    pub fn in_dir(dir: &Path) -> Result<ModelFiles, Error> {
        if !dir.is_dir() {
            return Err(Error::Missing {
                path: dir.to_path_buf(),
                hint: ": not a model directory".to_string(),
            });
        }
        let need = |name: &str| {
            let p = dir.join(name);
            if p.is_file() {
                Ok(p)
            } else {
                Err(Error::Missing {
                    path: p,
                    hint: ": a model directory needs config.json, tokenizer.json, \
                           special_tokens_map.json and model.safetensors"
                        .to_string(),
                })
            }
        };
        let weights = WEIGHTS.iter().map(|w| dir.join(w)).find(|p| p.is_file());
        let files = ModelFiles {
            config: need(REQUIRED[0])?,
            tokenizer: need(REQUIRED[1])?,
            special_tokens: need(REQUIRED[2])?,
            weights: match weights {
                Some(w) => w,
                None => need(WEIGHTS[0])?,
            },
        };
        files.check()?;
        Ok(files)
    }

    /// Downloads (or finds in rust-bert's cache) the files of hub model `id`.
    pub fn from_hub(id: &str) -> Result<ModelFiles, Error> {
        use rust_bert::resources::{RemoteResource, ResourceProvider};
        let get = |name: &str| {
            let url = format!("https://huggingface.co/{id}/resolve/main/{name}");
            RemoteResource::new(&url, &format!("vibrief/{id}"))
                .get_local_path()
                .map_err(|e| Error::Unknown {
                    model: id.to_string(),
                    reason: format!(
                    "cannot get {name} from the Hugging Face hub ({e}). Without network, copy the \
                     model directory (config.json, tokenizer.json, special_tokens_map.json, \
                     model.safetensors) from a connected machine and pass its local path instead \
                     of the hub id"
                ),
                })
        };
        let files = ModelFiles {
            config: get(REQUIRED[0])?,
            tokenizer: get(REQUIRED[1])?,
            special_tokens: get(REQUIRED[2])?,
            weights: get(WEIGHTS[0])?,
        };
        files.check()?;
        Ok(files)
    }

    fn check(&self) -> Result<(), Error> {
        if self.weights.extension().is_some_and(|e| e == "safetensors") {
            check_safetensors(&self.weights).map_err(|reason| Error::Load {
                path: self.weights.clone(),
                reason,
            })?;
        }
        Ok(())
    }
}

/// Checks a safetensors file's header and that the file holds all the data it announces.
pub(super) fn check_safetensors(path: &Path) -> Result<(), String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let len = file.metadata().map_err(|e| e.to_string())?.len();
    let mut n = [0u8; 8];
    file.read_exact(&mut n)
        .map_err(|_| "truncated safetensors file: no header".to_string())?;
    let header_len = u64::from_le_bytes(n);
    if header_len > len.saturating_sub(8) || header_len > 100 << 20 {
        return Err(format!(
            "corrupt safetensors file: header of {header_len} bytes in a file of {len}"
        ));
    }
    let mut header = vec![0u8; header_len as usize];
    file.read_exact(&mut header).map_err(|e| e.to_string())?;
    let header: serde_json::Value =
        serde_json::from_slice(&header).map_err(|e| format!("corrupt safetensors header: {e}"))?;
    let tensors = header
        .as_object()
        .ok_or("corrupt safetensors header: not an object")?;
    let data_len = len - 8 - header_len;
    for (name, t) in tensors.iter().filter(|(k, _)| *k != "__metadata__") {
        let end = t["data_offsets"][1]
            .as_u64()
            .ok_or_else(|| format!("corrupt safetensors header: {name}"))?;
        if end > data_len {
            return Err(format!("truncated safetensors file: tensor {name} ends at {end}, data has {data_len} bytes"));
        }
    }
    Ok(())
}

/// What the engine needs to know from `config.json`.
#[derive(Debug, Clone)]
pub(super) struct ModelConfig {
    /// `model_type`.
    pub model_type: String,
    /// Longest input the encoder takes.
    pub max_positions: usize,
    /// Token ids that are not text (pad, eos, decoder start).
    pub special_ids: Vec<i64>,
}

impl ModelConfig {
    /// Reads and checks `config.json`.
    pub fn read(path: &Path) -> Result<ModelConfig, Error> {
        let bad = |reason: String| Error::Load {
            path: path.to_path_buf(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| bad(format!("invalid JSON: {e}")))?;
        let model_type = v["model_type"]
            .as_str()
            .ok_or_else(|| bad("no model_type".to_string()))?
            .to_string();
        let max_positions = ["max_position_embeddings", "n_positions"]
            .iter()
            .find_map(|k| v[*k].as_u64())
            .unwrap_or(512) as usize;
        let special_ids = [
            "pad_token_id",
            "eos_token_id",
            "decoder_start_token_id",
            "bos_token_id",
        ]
        .iter()
        .filter_map(|k| v[*k].as_i64())
        .collect();
        Ok(ModelConfig {
            model_type,
            max_positions,
            special_ids,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safetensors(header: &str, data: usize) -> tempfile::NamedTempFile {
        let f = tempfile::NamedTempFile::new().unwrap();
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend(std::iter::repeat_n(0u8, data));
        std::fs::write(f.path(), bytes).unwrap();
        f
    }

    #[test]
    fn safetensors_checks() {
        let h = r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#;
        assert!(check_safetensors(safetensors(h, 8).path()).is_ok());
        assert!(check_safetensors(safetensors(h, 4).path())
            .unwrap_err()
            .contains("truncated"));
        assert!(check_safetensors(safetensors("{nope", 8).path())
            .unwrap_err()
            .contains("corrupt"));
    }
}
