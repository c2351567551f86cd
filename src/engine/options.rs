//! Generation settings in two layers: an engine's defaults, then per-call overrides.

use serde::{Deserialize, Serialize};

/// Complete generation settings: what an engine uses when a call overrides nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenParams {
    /// Most tokens to generate per request.
    pub max_tokens: usize,
    /// Sampling temperature; `0.0` is greedy decoding (reproducible).
    pub temperature: f32,
    /// Strings that end generation; the output is cut before the first one found.
    pub stop: Vec<String>,
    /// Random seed for sampling (request `i` of a batch uses `seed + i`).
    pub seed: u64,
}

impl Default for GenParams {
    fn default() -> Self {
        GenParams {
            max_tokens: 512,
            temperature: 0.0,
            stop: Vec::new(),
            seed: 0,
        }
    }
}

impl GenParams {
    /// These settings with `options`' overrides applied.
    ///
    /// ```
    /// use vibrief::engine::{GenOptions, GenParams};
    /// let p = GenParams::default().with(&GenOptions::new().max_tokens(16));
    /// assert_eq!((p.max_tokens, p.temperature), (16, 0.0));
    /// ```
    pub fn with(&self, options: &GenOptions) -> GenParams {
        GenParams {
            max_tokens: options.max_tokens.unwrap_or(self.max_tokens),
            temperature: options.temperature.unwrap_or(self.temperature),
            stop: options.stop.clone().unwrap_or_else(|| self.stop.clone()),
            seed: options.seed.unwrap_or(self.seed),
        }
    }

    /// Whether decoding picks the most likely token at each step.
    pub fn is_greedy(&self) -> bool {
        self.temperature <= 0.0
    }
}

/// Per-call overrides of an engine's [`GenParams`]; `None` keeps the engine's value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GenOptions {
    /// Overrides [`GenParams::max_tokens`].
    pub max_tokens: Option<usize>,
    /// Overrides [`GenParams::temperature`].
    pub temperature: Option<f32>,
    /// Overrides [`GenParams::stop`].
    pub stop: Option<Vec<String>>,
    /// Overrides [`GenParams::seed`].
    pub seed: Option<u64>,
}

impl GenOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the most tokens to generate.
    pub fn max_tokens(mut self, n: usize) -> Self {
        self.max_tokens = Some(n);
        self
    }

    /// Sets the sampling temperature.
    pub fn temperature(mut self, t: f32) -> Self {
        self.temperature = Some(t);
        self
    }

    /// Sets the stop strings.
    pub fn stop(mut self, stop: Vec<String>) -> Self {
        self.stop = Some(stop);
        self
    }

    /// Sets the random seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }
}

/// Cuts `text` before the earliest stop string; returns whether one was found.
pub(crate) fn cut_at_stop(text: &mut String, stop: &[String]) -> bool {
    let earliest = stop
        .iter()
        .filter(|s| !s.is_empty())
        .filter_map(|s| text.find(s.as_str()))
        .min();
    if let Some(at) = earliest {
        text.truncate(at);
    }
    earliest.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_what_they_set() {
        let base = GenParams {
            max_tokens: 100,
            temperature: 0.0,
            stop: vec!["\n".into()],
            seed: 7,
        };
        let p = base.with(&GenOptions::new().temperature(0.5).seed(9));
        assert_eq!(
            p,
            GenParams {
                max_tokens: 100,
                temperature: 0.5,
                stop: vec!["\n".into()],
                seed: 9
            }
        );
        assert!(!p.is_greedy());
        assert_eq!(base.with(&GenOptions::new()), base);
    }

    #[test]
    fn cut_at_earliest_stop() {
        let mut t = String::from("one. two\nthree");
        assert!(cut_at_stop(
            &mut t,
            &["\n".into(), ".".into(), String::new()]
        ));
        assert_eq!(t, "one");
        let mut t = String::from("none here");
        assert!(!cut_at_stop(&mut t, &["###".into()]));
        assert_eq!(t, "none here");
    }
}
