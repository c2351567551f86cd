//! A model loaded on first use, so a run whose segments all come from the TM never pays for
//! loading it (a rerun with `--learn` finishes in well under a second). A progress display can
//! watch it ([`Watch`]): the loading, as a step of its own, and every model call.

use super::Error;
use crate::engine::{self, Candidate, Engine, EngineInfo, GenOptions, OpenOptions, Request};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// What a [`LazyEngine`] tells whoever watches it (a progress display).
pub trait Watch: Send + Sync {
    /// The model starts loading.
    fn loading(&self, model: &str);
    /// The model is loaded after `took`, or failed to load with `error`.
    fn loaded(&self, model: &str, took: Duration, error: Option<&str>);
    /// A model call gave these answers.
    fn answered(&self, candidates: &[Candidate]);
}

/// A model by name or path, opened the first time a stage asks for it; shared by all threads.
pub struct LazyEngine {
    model: String,
    options: OpenOptions,
    watch: OnceLock<Arc<dyn Watch>>,
    cell: OnceLock<Result<Arc<dyn Engine>, String>>,
}

impl LazyEngine {
    /// A model to open with [`engine::open`] when first needed.
    pub fn new(model: impl Into<String>, options: OpenOptions) -> Self {
        LazyEngine {
            model: model.into(),
            options,
            watch: OnceLock::new(),
            cell: OnceLock::new(),
        }
    }

    /// An engine that is already open.
    pub fn loaded(engine: Arc<dyn Engine>) -> Self {
        let cell = OnceLock::new();
        let model = engine.model_id().to_string();
        let _ = cell.set(Ok(engine));
        LazyEngine {
            model,
            options: OpenOptions::default(),
            watch: OnceLock::new(),
            cell,
        }
    }

    /// Has `watch` told of the loading and of every call. Only before the model is opened:
    /// returns false (and watches nothing) when it already is, or when a watch is set.
    pub fn watch(&self, watch: Arc<dyn Watch>) -> bool {
        self.cell.get().is_none() && self.watch.set(watch).is_ok()
    }

    /// The model name or path as given (before loading), or the loaded model's id.
    pub fn name(&self) -> &str {
        match self.cell.get() {
            Some(Ok(e)) => e.model_id(),
            _ => &self.model,
        }
    }

    /// True once the model has been opened successfully.
    pub fn is_loaded(&self) -> bool {
        matches!(self.cell.get(), Some(Ok(_)))
    }

    /// The engine, opening it on first call. A failed load is remembered and reported again.
    pub fn get(&self) -> Result<&dyn Engine, Error> {
        match self.cell.get_or_init(|| self.open()) {
            Ok(e) => Ok(e.as_ref()),
            Err(message) => Err(Error::EngineLoad {
                model: self.model.clone(),
                message: message.clone(),
            }),
        }
    }

    fn open(&self) -> Result<Arc<dyn Engine>, String> {
        let Some(watch) = self.watch.get() else {
            return engine::open(&self.model, &self.options).map_err(|e| e.to_string());
        };
        watch.loading(&self.model);
        let started = Instant::now();
        let opened = engine::open(&self.model, &self.options).map_err(|e| e.to_string());
        watch.loaded(
            &self.model,
            started.elapsed(),
            opened.as_ref().err().map(String::as_str),
        );
        let inner = opened?;
        Ok(Arc::new(Watched {
            inner,
            watch: Arc::clone(watch),
        }))
    }
}

/// An engine whose calls a [`Watch`] is told of.
struct Watched {
    inner: Arc<dyn Engine>,
    watch: Arc<dyn Watch>,
}

impl Engine for Watched {
    fn info(&self) -> &EngineInfo {
        self.inner.info()
    }

    fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }

    fn generate(
        &self,
        requests: &[Request],
        options: &GenOptions,
    ) -> Result<Vec<Candidate>, engine::Error> {
        let out = self.inner.generate(requests, options)?;
        self.watch.answered(&out);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::scripted::Scripted;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Log(Mutex<Vec<String>>);

    impl Watch for Log {
        fn loading(&self, model: &str) {
            self.0.lock().unwrap().push(format!("loading {model}"));
        }
        fn loaded(&self, model: &str, _: Duration, error: Option<&str>) {
            let how = error.map_or("loaded".to_string(), |e| format!("failed: {e}"));
            self.0.lock().unwrap().push(format!("{how} {model}"));
        }
        fn answered(&self, candidates: &[Candidate]) {
            self.0
                .lock()
                .unwrap()
                .push(format!("{} answers", candidates.len()));
        }
    }

    #[test]
    fn a_watch_sees_the_loading_and_its_failure_once() {
        let lazy = LazyEngine::new("no-such-model", OpenOptions::default());
        let log = Arc::new(Log::default());
        assert!(lazy.watch(log.clone()));
        assert!(!lazy.watch(log.clone()), "one watch only");
        assert!(lazy.get().is_err());
        assert!(
            lazy.get().is_err(),
            "the failure is remembered, not retried"
        );
        let log = log.0.lock().unwrap();
        assert_eq!(log.len(), 2, "{log:?}");
        assert_eq!(log[0], "loading no-such-model");
        assert!(
            log[1].starts_with("failed: ") && log[1].ends_with(" no-such-model"),
            "{log:?}"
        );
    }

    #[test]
    fn an_engine_already_open_cannot_be_watched() {
        let lazy = LazyEngine::loaded(Scripted::new(&[]));
        assert!(!lazy.watch(Arc::new(Log::default())));
    }

    #[test]
    fn a_watched_engine_reports_every_call_and_answers_unchanged() {
        let log = Arc::new(Log::default());
        let watched = Watched {
            inner: Scripted::new(&["One.", "Two."]),
            watch: log.clone(),
        };
        let requests = [Request::source("a"), Request::source("b")];
        let out = watched.generate(&requests, &GenOptions::new()).unwrap();
        let texts: Vec<&str> = out.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["One.", "Two."]);
        assert_eq!(watched.model_id(), "scripted");
        assert_eq!(*log.0.lock().unwrap(), ["2 answers"]);
    }
}
