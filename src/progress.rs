//! Progress of the long commands (`batch`, `brief`, `translate`, `summarize`), one piece of code
//! for all: on a terminal, indicatif lines (documents, the model's loading, segments done with
//! the model calls, tokens per second and an ETA, the documents being worked on); JSON lines on
//! standard error with `--json-progress`, for other tools; nothing when quiet or when standard
//! error is not a terminal (no escape codes in logs).
//!
//! JSON events, one object per line: `{"event":"start","path","segments"}` when a document
//! starts; `{"event":"model","state":"loading"|"loaded"|"failed","model","seconds","error"}`;
//! `{"event":"call","calls","prompt_tokens","generated_tokens"}` after each model call (totals
//! so far); `{"event":"segments","done","total"}` as segments finish;
//! `{"event":"finish","path","state":"done"|"cached"|"failed","detail","done","total"}`; and
//! `{"event":"end","documents"}`.
//!
//! May depend on: `engine`, `pipeline`.

use crate::engine::Candidate;
use crate::pipeline::lazy_engine::Watch;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bars on standard error.
    Bar,
    /// One JSON object per line on standard error.
    Json,
    /// Nothing.
    Quiet,
}

impl Mode {
    /// Bars when standard error is a terminal and not `quiet`; JSON lines when asked.
    pub fn choose(quiet: bool, json: bool) -> Mode {
        if json {
            Mode::Json
        } else if quiet || !std::io::stderr().is_terminal() {
            Mode::Quiet
        } else {
            Mode::Bar
        }
    }
}

/// The progress of one command over its documents. Shared by the worker threads, and watches
/// the model ([`Watch`]) for its loading and its calls.
pub struct Progress {
    mode: Mode,
    multi: MultiProgress,
    overall: ProgressBar,
    segments: ProgressBar,
    loading: Mutex<Option<ProgressBar>>,
    calls: AtomicUsize,
    prompt_tokens: AtomicUsize,
    generated_tokens: AtomicUsize,
    /// When the model was ready: tokens per second are counted from there.
    since: OnceLock<Instant>,
    json: Mutex<()>,
}

impl Progress {
    /// A progress display for `documents` documents of the command `name`; the line counting
    /// documents is drawn only for more than one.
    pub fn new(mode: Mode, name: &str, documents: usize) -> Self {
        let multi = MultiProgress::with_draw_target(match mode {
            Mode::Bar => ProgressDrawTarget::stderr(),
            _ => ProgressDrawTarget::hidden(),
        });
        let overall = if documents > 1 {
            multi.add(ProgressBar::new(documents as u64))
        } else {
            ProgressBar::with_draw_target(Some(documents as u64), ProgressDrawTarget::hidden())
        };
        overall.set_style(
            ProgressStyle::with_template(
                "{prefix:>10} [{bar:30}] {pos}/{len} documents  {elapsed} (ETA {eta})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        overall.set_prefix(name.to_string());
        let segments = multi.add(ProgressBar::new(0));
        segments.set_style(
            ProgressStyle::with_template("{prefix:>10} {pos}/{len} segments  {msg}  (ETA {eta})")
                .expect("valid template"),
        );
        segments.set_prefix("segments");
        Progress {
            mode,
            multi,
            overall,
            segments,
            loading: Mutex::new(None),
            calls: AtomicUsize::new(0),
            prompt_tokens: AtomicUsize::new(0),
            generated_tokens: AtomicUsize::new(0),
            since: OnceLock::new(),
            json: Mutex::new(()),
        }
    }

    fn emit(&self, value: serde_json::Value) {
        if self.mode == Mode::Json {
            let _guard = self.json.lock().unwrap_or_else(|e| e.into_inner());
            let _ = writeln!(std::io::stderr(), "{value}");
        }
    }

    /// A line above the bars that stays; nothing when no bars are drawn.
    fn println(&self, line: &str) {
        if self.mode == Mode::Bar {
            let _ = self.multi.println(line);
        }
    }

    /// A document started; `segments` is how many it has.
    pub fn start(&self, path: &str, segments: usize) -> ProgressBar {
        self.segments.inc_length(segments as u64);
        self.emit(json!({"event": "start", "path": path, "segments": segments}));
        let bar = self.multi.add(ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{prefix:>10} {spinner} {msg}").expect("valid template"),
        );
        bar.set_prefix("working");
        bar.set_message(path.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }

    /// `n` segments of a document are done.
    pub fn segments_done(&self, n: usize) {
        self.segments.inc(n as u64);
        self.emit(json!({
            "event": "segments",
            "done": self.segments.position(),
            "total": self.segments.length(),
        }));
    }

    /// A document ended in `state` (`done`, `cached`, `failed`); a failure's `detail` is
    /// printed above the bars on a terminal (the caller reports it otherwise).
    pub fn finish(&self, bar: Option<ProgressBar>, path: &str, state: &str, detail: Option<&str>) {
        if let Some(bar) = bar {
            bar.finish_and_clear();
            self.multi.remove(&bar);
        }
        self.overall.inc(1);
        if state == "failed" {
            self.println(&format!("failed: {}", detail.unwrap_or(path)));
        }
        self.emit(json!({
            "event": "finish", "path": path, "state": state, "detail": detail,
            "done": self.overall.position(), "total": self.overall.length(),
        }));
    }

    /// The run is over: the bars are cleared.
    pub fn end(&self) {
        self.segments.finish_and_clear();
        self.overall.finish_and_clear();
        self.emit(json!({"event": "end", "documents": self.overall.position()}));
    }

    /// Whether this progress prints failures itself (on a terminal).
    pub fn shows_failures(&self) -> bool {
        self.mode == Mode::Bar
    }
}

impl Watch for Progress {
    fn loading(&self, model: &str) {
        let bar = self.multi.insert(0, ProgressBar::new_spinner());
        bar.set_style(
            ProgressStyle::with_template("{prefix:>10} {spinner} {msg}  {elapsed}")
                .expect("valid template"),
        );
        bar.set_prefix("model");
        bar.set_message(format!("loading {model}"));
        bar.enable_steady_tick(Duration::from_millis(200));
        *self.loading.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar);
        self.emit(json!({"event": "model", "state": "loading", "model": model}));
    }

    fn loaded(&self, model: &str, took: Duration, error: Option<&str>) {
        if let Some(bar) = self
            .loading
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            bar.finish_and_clear();
            self.multi.remove(&bar);
        }
        let seconds = took.as_secs_f64();
        if error.is_none() {
            let _ = self.since.set(Instant::now());
            self.println(&format!("model {model} loaded in {seconds:.1} s"));
        }
        self.emit(json!({
            "event": "model",
            "state": if error.is_some() { "failed" } else { "loaded" },
            "model": model, "seconds": seconds, "error": error,
        }));
    }

    fn answered(&self, candidates: &[Candidate]) {
        let calls = self.calls.fetch_add(candidates.len(), Ordering::Relaxed) + candidates.len();
        let evaluated: usize = candidates
            .iter()
            .map(|c| c.prompt_tokens.saturating_sub(c.cached_tokens))
            .sum();
        let generated: usize = candidates.iter().map(|c| c.generated_tokens).sum();
        let prompt = self.prompt_tokens.fetch_add(evaluated, Ordering::Relaxed) + evaluated;
        let generated = self
            .generated_tokens
            .fetch_add(generated, Ordering::Relaxed)
            + generated;
        let seconds = self.since.get_or_init(Instant::now).elapsed().as_secs_f64();
        let rate = if seconds > 0.0 {
            generated as f64 / seconds
        } else {
            0.0
        };
        self.segments
            .set_message(format!("{calls} model calls, {rate:.1} tok/s"));
        self.emit(json!({
            "event": "call", "calls": calls,
            "prompt_tokens": prompt, "generated_tokens": generated,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_add_up_over_calls_from_any_thread() {
        let progress = Progress::new(Mode::Quiet, "brief", 1);
        let cand = |prompt, cached, generated| Candidate {
            text: String::new(),
            origin: "mt:test".into(),
            prompt_tokens: prompt,
            cached_tokens: cached,
            generated_tokens: generated,
            finish: crate::engine::Finish::End,
            timings: crate::engine::Timings::default(),
        };
        std::thread::scope(|s| {
            s.spawn(|| progress.answered(&[cand(100, 80, 5), cand(50, 0, 7)]));
            s.spawn(|| progress.answered(&[cand(30, 10, 3)]));
        });
        assert_eq!(progress.calls.load(Ordering::Relaxed), 3);
        assert_eq!(progress.prompt_tokens.load(Ordering::Relaxed), 20 + 50 + 20);
        assert_eq!(progress.generated_tokens.load(Ordering::Relaxed), 15);
    }
}
