//! The remote engine: the model runs on an OpenAI-compatible server (llama.cpp's llama-server,
//! vLLM, Ollama, or a fleet behind one URL) and vibrief sends it chat requests over HTTP.
//!
//! Requests are built so servers can cache them and answer them the same way each time: every
//! sampling field is sent (temperature, top_p, seed, max_tokens, stop), and a request's shared
//! prefix (the article's context, [`Request::shared`]) comes first, so llama-server's
//! `cache_prompt` and vLLM's automatic prefix caching reuse it. On llama-server (found by its
//! `/props`), the requests of one article go to one slot (`id_slot`) while any is in flight,
//! where its KV cache is (see `slots`).
//!
//! The client is `ureq` 3: blocking, small, maintained, with rustls for https. Blocking fits:
//! [`Engine::generate`] is a blocking call, made from the pipeline's rayon threads. The engine
//! runs the requests of one call on scoped threads of its own, never on the rayon pool (a
//! worker blocked on the network would hold up unrelated CPU work), and an engine-wide gate
//! keeps at most [`EngineInfo::parallel`] requests in flight across all calls. An async runtime
//! would add a second scheduler for a few dozen concurrent requests.
//!
//! Faults: [`RemoteEngine::connect`] waits on `/health` (llama-server answers 503 while it
//! loads the model); 429, 5xx and lost connections are retried under a [`RetryPolicy`]; 400,
//! 401, 403 and 404 fail at once with an [`Error`] saying what is wrong. Counters and times in
//! each [`Candidate`] are the server's own (`usage`, llama-server's `timings`), zero when absent.

mod error;
mod http;
mod slots;
mod wire;

pub use error::Error;
pub use http::RetryPolicy;

use super::{origin, Candidate, EngineInfo, GenParams, Input, InputKind, Message, Request};
use super::{Engine, GenOptions};
use http::Client;
use slots::Slots;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// An API key and the name of the variable it came from. Its `Debug` shows only the name.
#[derive(Clone)]
pub struct ApiKey {
    name: String,
    value: String,
}

impl ApiKey {
    /// The key in environment variable `name`.
    pub fn from_env(name: &str) -> Result<Self, Error> {
        match std::env::var(name) {
            Ok(value) if !value.is_empty() => Ok(ApiKey {
                name: name.to_string(),
                value,
            }),
            _ => Err(Error::KeyMissing {
                name: name.to_string(),
            }),
        }
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKey(${})", self.name)
    }
}

/// Where the server is and how to talk to it.
#[derive(Debug, Clone)]
pub struct RemoteOptions {
    /// The server's URL (`http://host:port`, with or without `/v1`).
    pub endpoint: String,
    /// Sent as `Authorization: Bearer …`.
    pub api_key: Option<ApiKey>,
    /// The served model to use (default: the first `/v1/models` lists).
    pub model: Option<String>,
    /// Requests in flight at once (default: llama-server's `total_slots`, else 4).
    pub concurrency: Option<usize>,
    /// How long to wait for a connection (default 5 s).
    pub connect_timeout: Duration,
    /// How long to wait for an answer (default: 120 s plus 1 s per `max_tokens`, so a server
    /// on a busy CPU at 1 token/s still answers in time, and a hung one is found).
    pub read_timeout: Option<Duration>,
    /// How long `/health` may report "loading" before giving up (default 300 s).
    pub load_timeout: Duration,
    /// How failed requests are retried.
    pub retry: RetryPolicy,
}

impl RemoteOptions {
    /// Default settings for the server at `endpoint`.
    pub fn new(endpoint: impl Into<String>) -> Self {
        RemoteOptions {
            endpoint: endpoint.into(),
            api_key: None,
            model: None,
            concurrency: None,
            connect_timeout: Duration::from_secs(5),
            read_timeout: None,
            load_timeout: Duration::from_secs(300),
            retry: RetryPolicy::default(),
        }
    }
}

/// What the server reports about the model it serves.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ServedModel {
    /// The server's root URL.
    pub endpoint: String,
    /// The model id used in requests (candidates name a `.gguf` path by its file stem).
    pub id: String,
    /// Every model id `/v1/models` lists.
    pub available: Vec<String>,
    /// The model's `/v1/models` entry, without its volatile `created` time.
    pub entry: serde_json::Value,
    /// llama-server's `/props` (absent on other servers).
    pub props: Option<serde_json::Value>,
    /// llama-server's slots (`/props` `total_slots`).
    pub total_slots: Option<usize>,
    /// The context per request, as the server reports it (llama-server `n_ctx`, vLLM
    /// `max_model_len`).
    pub context_length: Option<usize>,
}

impl ServedModel {
    /// What identifies the model's answers: its id, its `/v1/models` entry and, on
    /// llama-server, the model file and context (not the URL: a fleet may move).
    pub fn fingerprint(&self) -> String {
        let props = self.props.as_ref().map(|p| {
            serde_json::json!({
                "model_path": p.get("model_path"),
                "n_ctx": self.context_length,
                "build_info": p.get("build_info"),
            })
        });
        serde_json::json!({ "id": self.id, "entry": self.entry, "props": props }).to_string()
    }
}

/// Counts requests in flight across all calls and holds new ones at the limit.
struct Gate {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Gate {
    fn enter(&self) -> GatePass<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        GatePass(self)
    }
}

struct GatePass<'a>(&'a Gate);

impl Drop for GatePass<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

/// A model served over the OpenAI chat-completions API.
pub struct RemoteEngine {
    client: Client,
    info: EngineInfo,
    served: ServedModel,
    read_timeout: Option<Duration>,
    gate: Gate,
    /// llama-server's slots, when `/props` reported them.
    slots: Option<Slots>,
}

impl RemoteEngine {
    /// Waits until the server is ready, then asks it which model it serves and how.
    ///
    /// `defaults` are the generation settings of calls that override nothing; `context_length`
    /// applies when the server does not report its own.
    pub fn connect(
        options: &RemoteOptions,
        defaults: GenParams,
        context_length: Option<usize>,
    ) -> Result<Self, Error> {
        let client = Client::new(
            &options.endpoint,
            options.api_key.clone(),
            options.retry,
            options.connect_timeout,
            options.concurrency.unwrap_or(4),
        )?;
        wait_ready(&client, options.load_timeout)?;
        let served = describe(&client, options.model.as_deref())?;
        let parallel = options
            .concurrency
            .or(served.total_slots)
            .unwrap_or(4)
            .max(1);
        let info = EngineInfo {
            model_id: short_id(&served.id),
            context_length: served.context_length.or(context_length).unwrap_or(4096),
            input_kind: InputKind::Chat,
            task: None,
            parallel,
            defaults,
        };
        Ok(RemoteEngine {
            client,
            info,
            read_timeout: options.read_timeout,
            gate: Gate {
                free: Mutex::new(parallel),
                freed: Condvar::new(),
            },
            slots: served.total_slots.map(Slots::new),
            served,
        })
    }

    /// What the server reported about its model.
    pub fn served(&self) -> &ServedModel {
        &self.served
    }

    /// Sends request `index` (to llama-server's `slot`, when given) and reads its answer.
    fn one(
        &self,
        index: usize,
        request: &Request,
        params: &GenParams,
        slot: Option<usize>,
    ) -> Result<Candidate, super::Error> {
        let single;
        let messages: Vec<&Message> = match &request.input {
            Input::Chat(m) => m.iter().collect(),
            Input::Source(text) => {
                single = Message::user(text.clone());
                vec![&single]
            }
        };
        let seed = params.seed.wrapping_add(index as u64);
        let mut body = wire::ChatRequest::new(&self.served.id, messages, params, seed);
        if self.slots.is_some() {
            body.cache_prompt = Some(true);
            body.id_slot = slot;
        }
        let body = serde_json::to_string(&body).expect("requests serialize");
        let read = self.read_timeout.unwrap_or_else(|| {
            Duration::from_secs(120) + Duration::from_secs(1) * params.max_tokens as u32
        });
        let path = "/v1/chat/completions";
        let reply = self.client.call(path, Some(&body), read)?;
        if let (400, Some((tokens, limit))) = (reply.status, wire::context_exceeded(&reply.body)) {
            return Err(super::Error::TooLong {
                index,
                tokens,
                limit,
            });
        }
        check(&self.client, path, index, &reply)?;
        let answer = serde_json::from_str::<wire::ChatResponse>(&reply.body)
            .map_err(|e| e.to_string())
            .and_then(wire::ChatResponse::answer)
            .map_err(|reason| Error::Protocol {
                endpoint: self.client.base.clone(),
                path: path.to_string(),
                reason,
            })?;
        let mut text = answer.text;
        super::options::cut_at_stop(&mut text, &params.stop);
        Ok(Candidate {
            text,
            origin: origin(&self.info.model_id),
            prompt_tokens: answer.prompt_tokens,
            cached_tokens: answer.cached_tokens,
            generated_tokens: answer.generated_tokens,
            finish: answer.finish,
            timings: answer.timings,
        })
    }
}

impl Engine for RemoteEngine {
    fn info(&self) -> &EngineInfo {
        &self.info
    }

    fn fingerprint(&self) -> String {
        self.served.fingerprint()
    }

    fn generate(
        &self,
        requests: &[Request],
        options: &GenOptions,
    ) -> Result<Vec<Candidate>, super::Error> {
        let params = self.info.defaults.with(options);
        let out: Vec<OnceLock<Result<Candidate, super::Error>>> =
            requests.iter().map(|_| OnceLock::new()).collect();
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let workers = self.info.parallel.min(requests.len());
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests.len() || failed.load(Ordering::Relaxed) {
                        break;
                    }
                    // The slot first: a request waiting for its article's slot holds no pass.
                    let slot = (self.slots.as_ref())
                        .zip(slots::prefix_hash(&requests[i]))
                        .map(|(s, prefix)| s.enter(prefix));
                    let _pass = self.gate.enter();
                    let result = self.one(i, &requests[i], &params, slot.as_ref().map(|p| p.slot));
                    if result.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    let _ = out[i].set(result);
                });
            }
        });
        let mut candidates = Vec::with_capacity(requests.len());
        let mut first_error = None;
        for cell in out {
            match cell.into_inner() {
                Some(Ok(c)) => candidates.push(c),
                Some(Err(e)) => {
                    first_error.get_or_insert(e);
                }
                None => {}
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(candidates),
        }
    }
}

/// The id candidates name as their origin: llama-server without `--alias` calls its model by
/// the file's path, which says nothing on another machine; its stem does.
fn short_id(id: &str) -> String {
    match id.strip_suffix(".gguf") {
        Some(path) => path.rsplit('/').next().unwrap_or(path).to_string(),
        None => id.to_string(),
    }
}

/// Turns a non-2xx answer into its error; 400, 401, 403 and 404 each say what is wrong.
fn check(client: &Client, path: &str, index: usize, reply: &http::Reply) -> Result<(), Error> {
    let (endpoint, path) = (client.base.clone(), path.to_string());
    let message = wire::error_message(&reply.body);
    match reply.status {
        200..=299 => Ok(()),
        401 | 403 => Err(Error::Unauthorized {
            endpoint,
            path,
            status: reply.status,
            hint: client.key_hint(),
            message,
        }),
        404 => Err(Error::NotFound {
            endpoint,
            path,
            message,
        }),
        status => Err(Error::Rejected {
            endpoint,
            path,
            index,
            status,
            message,
        }),
    }
}

/// Polls `/health` until it answers 200 (or says it does not exist: Ollama has none).
fn wait_ready(client: &Client, load_timeout: Duration) -> Result<(), Error> {
    let started = Instant::now();
    // A server that never answers is probably not there: give up sooner than on one loading.
    let unreachable_bound = load_timeout.min(Duration::from_secs(15));
    let mut answered = false;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let state = match client.probe("/health", Duration::from_secs(10)) {
            Some(r) if matches!(r.status, 200..=299 | 401 | 403 | 404 | 405) => return Ok(()),
            Some(r) => {
                answered = true;
                format!(
                    "/health answers HTTP {}: {}",
                    r.status,
                    wire::error_message(&r.body)
                )
            }
            None => "no answer".to_string(),
        };
        let elapsed = started.elapsed();
        if !answered && elapsed >= unreachable_bound {
            return Err(Error::Unreachable {
                endpoint: client.base.clone(),
                path: "/health".into(),
                attempts,
                seconds: elapsed.as_secs_f64(),
                reason: "connection failed".into(),
            });
        }
        if elapsed >= load_timeout {
            return Err(Error::NotReady {
                endpoint: client.base.clone(),
                seconds: load_timeout.as_secs(),
                state,
            });
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Asks `/v1/models` (and llama-server's `/props`) what is served; picks `model` or the first.
fn describe(client: &Client, model: Option<&str>) -> Result<ServedModel, Error> {
    let read = Duration::from_secs(30);
    let protocol = |path: &str, reason: String| Error::Protocol {
        endpoint: client.base.clone(),
        path: path.to_string(),
        reason,
    };
    let reply = client.call("/v1/models", None, read)?;
    check(client, "/v1/models", 0, &reply)?;
    let list: serde_json::Value =
        serde_json::from_str(&reply.body).map_err(|e| protocol("/v1/models", e.to_string()))?;
    let entries: Vec<serde_json::Value> = list
        .get("data")
        .and_then(|d| d.as_array())
        .cloned()
        .unwrap_or_default();
    let ids: Vec<String> = entries
        .iter()
        .filter_map(|e| e.get("id").and_then(|i| i.as_str()).map(String::from))
        .collect();
    let id = match (model, ids.first()) {
        (Some(m), _) if ids.iter().any(|i| i == m) => m.to_string(),
        (Some(m), _) => {
            return Err(Error::UnknownModel {
                endpoint: client.base.clone(),
                model: m.to_string(),
                served: if ids.is_empty() {
                    "nothing".into()
                } else {
                    ids.join(", ")
                },
            })
        }
        (None, Some(first)) => first.clone(),
        (None, None) => return Err(protocol("/v1/models", "it lists no model".into())),
    };
    let mut entry = entries
        .into_iter()
        .find(|e| e.get("id").and_then(|i| i.as_str()) == Some(&id))
        .unwrap_or_default();
    if let Some(o) = entry.as_object_mut() {
        o.remove("created");
    }
    // Only llama-server has /props; elsewhere 404 (or another error) means "not llama-server".
    let reply = client.call("/props", None, read)?;
    let props = match reply.status {
        200 => serde_json::from_str::<serde_json::Value>(&reply.body).ok(),
        401 | 403 => {
            check(client, "/props", 0, &reply)?;
            None
        }
        _ => None,
    };
    let n = |v: Option<&serde_json::Value>| v.and_then(|x| x.as_u64()).map(|x| x as usize);
    let total_slots = n(props.as_ref().and_then(|p| p.get("total_slots")));
    let context_length = n(props
        .as_ref()
        .and_then(|p| p.pointer("/default_generation_settings/n_ctx")))
    .or(n(entry.get("max_model_len")));
    Ok(ServedModel {
        endpoint: client.base.clone(),
        id,
        available: ids,
        entry,
        props,
        total_slots,
        context_length,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gguf_paths_become_their_stem() {
        assert_eq!(short_id("/m/qwen-q4_k_m.gguf"), "qwen-q4_k_m");
        assert_eq!(short_id("Qwen/Qwen2.5-1.5B"), "Qwen/Qwen2.5-1.5B");
    }

    #[test]
    fn the_key_is_not_in_debug_output() {
        let key = ApiKey {
            name: "K".into(),
            value: "secret".into(),
        };
        let mut o = RemoteOptions::new("http://h");
        o.api_key = Some(key);
        assert!(!format!("{o:?}").contains("secret"));
    }
}
