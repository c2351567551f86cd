//! Batch progress: an indicatif bar (documents, segments, ETA, current documents) on a terminal,
//! JSON lines for other tools with `--json-progress`, nothing when quiet or not a terminal.

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;

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

/// Progress of one batch run. Shared by the worker threads.
pub struct Progress {
    mode: Mode,
    multi: MultiProgress,
    overall: ProgressBar,
    segments: ProgressBar,
    json: Mutex<()>,
}

impl Progress {
    /// A progress display for `documents` documents.
    pub fn new(mode: Mode, documents: usize) -> Self {
        let multi = MultiProgress::with_draw_target(match mode {
            Mode::Bar => ProgressDrawTarget::stderr(),
            _ => ProgressDrawTarget::hidden(),
        });
        let overall = multi.add(ProgressBar::new(documents as u64));
        overall.set_style(
            ProgressStyle::with_template(
                "{prefix:>10} [{bar:30}] {pos}/{len} documents  {elapsed} (ETA {eta})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        overall.set_prefix("batch");
        let segments = multi.add(ProgressBar::new(0));
        segments.set_style(
            ProgressStyle::with_template("{prefix:>10} {pos}/{len} segments  {msg}")
                .expect("valid template"),
        );
        segments.set_prefix("segments");
        Progress {
            mode,
            multi,
            overall,
            segments,
            json: Mutex::new(()),
        }
    }

    fn emit(&self, value: serde_json::Value) {
        if self.mode == Mode::Json {
            let _guard = self.json.lock().unwrap_or_else(|e| e.into_inner());
            let _ = writeln!(std::io::stderr(), "{value}");
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
        bar
    }

    /// `n` segments of a document are done.
    pub fn segments_done(&self, n: usize) {
        self.segments.inc(n as u64);
    }

    /// A document ended in `state` (`done`, `cached`, `failed`).
    pub fn finish(&self, bar: Option<ProgressBar>, path: &str, state: &str, detail: Option<&str>) {
        if let Some(bar) = bar {
            bar.finish_and_clear();
            self.multi.remove(&bar);
        }
        self.overall.inc(1);
        if self.mode == Mode::Bar && state == "failed" {
            let _ = self
                .multi
                .println(format!("failed: {}", detail.unwrap_or(path)));
        }
        self.emit(json!({
            "event": "finish", "path": path, "state": state, "detail": detail,
            "done": self.overall.position(), "total": self.overall.length(),
        }));
    }

    /// The run is over.
    pub fn end(&self) {
        self.segments.finish_and_clear();
        self.overall.finish_and_clear();
        self.emit(json!({"event": "end", "documents": self.overall.position()}));
    }
}
