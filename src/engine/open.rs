//! Choosing and loading an engine from a model name, a GGUF file, a directory or a hub id, or
//! connecting to a model server.

use super::{Engine, Error, GenParams};
use crate::models::{self, EngineKind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Settings for loading an engine; `None` keeps each backend's default.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Compute threads (default: the physical cores).
    pub threads: Option<usize>,
    /// Requests decoded together in one context (llama; default 4).
    pub sequences: Option<usize>,
    /// Context length per request (llama; default 4096, capped at the model's training length).
    pub context_length: Option<usize>,
    /// Generation defaults (default: greedy, 512 tokens).
    pub defaults: Option<GenParams>,
    /// Run the model on this OpenAI-compatible server instead of in process; the model name
    /// given to [`open`] is then not used (the server's model is).
    pub remote: Option<super::remote::RemoteOptions>,
}

/// The number of physical CPU cores this process may use (at least 1).
pub fn physical_cores() -> usize {
    let logical = std::thread::available_parallelism().map_or(1, |n| n.get());
    num_cpus::get_physical().clamp(1, logical)
}

/// Loads the engine for `model`: a name from `vibrief models list`, a `.gguf` file (llama), a
/// local model directory in Hugging Face layout (bert), or a hub model id (bert, needs network).
///
/// ```no_run
/// use vibrief::engine::{open, GenOptions, Message, OpenOptions, Request};
/// let engine = open("qwen2.5-coder-1.5b-instruct", &OpenOptions::default())?;
/// let out = engine.generate(&[Request::chat(vec![Message::user("Xin chào")])], &GenOptions::new())?;
/// println!("{}", out[0].text);
/// # Ok::<(), vibrief::engine::Error>(())
/// ```
pub fn open(model: &str, options: &OpenOptions) -> Result<Arc<dyn Engine>, Error> {
    if let Some(remote) = &options.remote {
        let defaults = options.defaults.clone().unwrap_or_default();
        let engine =
            super::remote::RemoteEngine::connect(remote, defaults, options.context_length)?;
        return Ok(Arc::new(engine));
    }
    match resolve(model)? {
        Source::Hub { hub, id } => open_bert_hub(&hub, &id, options),
        Source::Gguf { path, id } => open_llama(&path, &id, options),
        Source::Dir { path, id } => open_bert_dir(&path, &id, options),
    }
}

/// Where a model name leads, before anything is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A model on the Hugging Face hub (rust-bert fetches and caches it).
    Hub { hub: String, id: String },
    /// A GGUF file (llama.cpp).
    Gguf { path: PathBuf, id: String },
    /// A model folder in Hugging Face layout (rust-bert).
    Dir { path: PathBuf, id: String },
}

/// Resolves `model` as [`open`] does: a catalog name, a `.gguf` file, a model folder or a hub
/// id. A catalog model that is not fetched yet is an error saying how to fetch it.
pub fn resolve(model: &str) -> Result<Source, Error> {
    // A path needs no catalog: a broken manifest or unset HOME only matters for names.
    let catalog = match models::Catalog::load() {
        Ok(c) => Some(c),
        Err(_) if Path::new(model).exists() => None,
        Err(e) => return Err(e.into()),
    };
    if let Some((catalog, manifest)) = catalog.as_ref().and_then(|c| c.find(model).map(|m| (c, m)))
    {
        let id = manifest.name.clone();
        if let Some(hub) = &manifest.hub {
            return Ok(Source::Hub {
                hub: hub.clone(),
                id,
            });
        }
        let path = catalog.file_path(manifest)?;
        if !path.exists() {
            return Err(Error::Missing {
                path,
                hint: format!(": run `vibrief models fetch {}`", manifest.name),
            });
        }
        return Ok(match manifest.engine {
            EngineKind::Llama => Source::Gguf { path, id },
            EngineKind::Bert => Source::Dir {
                path: path.parent().map_or(path.clone(), Path::to_path_buf),
                id,
            },
        });
    }
    let path = Path::new(model);
    let name = |part: Option<&std::ffi::OsStr>| {
        part.map_or(model.to_string(), |n| n.to_string_lossy().into_owned())
    };
    if path.is_dir() {
        let id = name(path.file_name());
        return Ok(Source::Dir {
            path: path.to_path_buf(),
            id,
        });
    }
    if path.is_file() {
        let id = name(path.file_stem());
        return Ok(Source::Gguf {
            path: path.to_path_buf(),
            id,
        });
    }
    if looks_like_hub_id(model) {
        return Ok(Source::Hub {
            hub: model.to_string(),
            id: model.to_string(),
        });
    }
    Err(Error::Unknown {
        model: model.to_string(),
        reason: "not a known model (see `vibrief models list`), a .gguf file, or a model directory"
            .to_string(),
    })
}

/// `owner/name` with no path-like parts: what the Hugging Face hub calls a model id.
fn looks_like_hub_id(s: &str) -> bool {
    let mut parts = s.split('/');
    let ok = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p != "." && p != "..");
    ok(parts.next()) && ok(parts.next()) && parts.next().is_none() && !s.starts_with('.')
}

#[cfg(feature = "llama")]
fn open_llama(path: &Path, id: &str, options: &OpenOptions) -> Result<Arc<dyn Engine>, Error> {
    use super::llama::{LlamaConfig, LlamaEngine};
    let mut config = LlamaConfig::default();
    if let Some(t) = options.threads {
        config.threads = t;
    }
    if let Some(s) = options.sequences {
        config.sequences = s;
    }
    if let Some(c) = options.context_length {
        config.context_length = c;
    }
    if let Some(d) = &options.defaults {
        config.defaults = d.clone();
    }
    Ok(Arc::new(LlamaEngine::load(path, id, config)?))
}

#[cfg(not(feature = "llama"))]
fn open_llama(path: &Path, id: &str, _: &OpenOptions) -> Result<Arc<dyn Engine>, Error> {
    let _ = path;
    Err(Error::Unknown {
        model: id.to_string(),
        reason: "a GGUF model needs the `llama` engine: build with `--features llama`".to_string(),
    })
}

#[cfg(feature = "bert")]
fn bert_config(options: &OpenOptions) -> super::bert::BertConfig {
    let mut config = super::bert::BertConfig::default();
    if let Some(t) = options.threads {
        config.threads = t;
    }
    if let Some(d) = &options.defaults {
        config.defaults = d.clone();
    }
    config
}

#[cfg(feature = "bert")]
fn open_bert_dir(dir: &Path, id: &str, options: &OpenOptions) -> Result<Arc<dyn Engine>, Error> {
    Ok(Arc::new(super::bert::BertEngine::from_dir(
        dir,
        id,
        bert_config(options),
    )?))
}

#[cfg(feature = "bert")]
fn open_bert_hub(hub: &str, id: &str, options: &OpenOptions) -> Result<Arc<dyn Engine>, Error> {
    Ok(Arc::new(super::bert::BertEngine::from_hub(
        hub,
        id,
        bert_config(options),
    )?))
}

#[cfg(not(feature = "bert"))]
fn open_bert_dir(_: &Path, id: &str, _: &OpenOptions) -> Result<Arc<dyn Engine>, Error> {
    Err(no_bert(id))
}

#[cfg(not(feature = "bert"))]
fn open_bert_hub(_: &str, id: &str, _: &OpenOptions) -> Result<Arc<dyn Engine>, Error> {
    Err(no_bert(id))
}

#[cfg(not(feature = "bert"))]
fn no_bert(id: &str) -> Error {
    Error::Unknown {
        model: id.to_string(),
        reason: "seq2seq models need the `bert` engine: build with `--features bert` (needs \
                 libtorch: scripts/libtorch.sh)"
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_ids_are_owner_slash_name() {
        assert!(looks_like_hub_id("Helsinki-NLP/opus-mt-vi-en"));
        assert!(!looks_like_hub_id("opus-mt-vi-en"));
        assert!(!looks_like_hub_id("./models/x"));
        assert!(!looks_like_hub_id("/abs/path"));
        assert!(!looks_like_hub_id("a/b/c"));
    }

    /// A process allowed on one CPU (by affinity, as `taskset -c 0` sets it) gets one thread,
    /// however many cores the machine has.
    #[cfg(target_os = "linux")]
    #[test]
    fn physical_cores_counts_only_the_cpus_this_process_may_use() {
        // Affinity is per thread: pin a thread of our own, not the test harness's.
        let pinned = std::thread::spawn(|| {
            let size = std::mem::size_of::<libc::cpu_set_t>();
            // SAFETY: `set` is a plain bit set of `size` bytes that the calls only read or fill.
            unsafe {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                assert_eq!(libc::sched_getaffinity(0, size, &mut set), 0);
                let first = (0..libc::CPU_SETSIZE as usize)
                    .find(|&cpu| libc::CPU_ISSET(cpu, &set))
                    .expect("this thread may run on some CPU");
                libc::CPU_ZERO(&mut set);
                libc::CPU_SET(first, &mut set);
                assert_eq!(libc::sched_setaffinity(0, size, &set), 0);
            }
            physical_cores()
        });
        assert_eq!(pinned.join().unwrap(), 1);
    }
}
