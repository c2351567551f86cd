//! A model loaded on first use, so a run whose segments all come from the TM never pays for
//! loading it (a rerun with `--learn` finishes in well under a second).

use super::Error;
use crate::engine::{self, Engine, OpenOptions};
use std::sync::{Arc, OnceLock};

/// A model by name or path, opened the first time a stage asks for it; shared by all threads.
pub struct LazyEngine {
    model: String,
    options: OpenOptions,
    cell: OnceLock<Result<Arc<dyn Engine>, String>>,
}

impl LazyEngine {
    /// A model to open with [`engine::open`] when first needed.
    pub fn new(model: impl Into<String>, options: OpenOptions) -> Self {
        LazyEngine {
            model: model.into(),
            options,
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
            cell,
        }
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
        match self
            .cell
            .get_or_init(|| engine::open(&self.model, &self.options).map_err(|e| e.to_string()))
        {
            Ok(e) => Ok(e.as_ref()),
            Err(message) => Err(Error::EngineLoad {
                model: self.model.clone(),
                message: message.clone(),
            }),
        }
    }
}
