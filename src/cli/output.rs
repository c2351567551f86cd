//! Where a command's result goes: `-o/--output FILE` on every subcommand that prints one, else
//! standard output (also for `-o -`). A file is written whole or not at all ([`OutFile`]): it
//! replaces the old one only when the command did not fail, and never when it is also an input.

use super::Status;
use crate::outfile::{self, OutFile};
use anyhow::Context;
use std::io::{BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};

/// How `check` and `glossary validate` print their report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// For people.
    Text,
    /// For tools.
    Json,
}

/// The output option shared by the subcommands.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OutputArg {
    /// Write the result to this file instead of standard output. It is replaced only when the
    /// command succeeds (or finds problems); on an error the old file is kept.
    #[arg(short, long, value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
}

impl OutputArg {
    /// The file asked for, if any (`-` is standard output).
    pub fn file(&self) -> Option<&Path> {
        self.output.as_deref().filter(|p| *p != Path::new("-"))
    }

    /// Opens the output; `inputs` are the files the command reads, which it must not replace.
    pub fn open<'a>(&self, inputs: impl IntoIterator<Item = &'a Path>) -> anyhow::Result<Sink> {
        let Some(path) = self.file() else {
            return Ok(Sink::Stdout(BufWriter::new(std::io::stdout())));
        };
        outfile::refuse_input(path, inputs).map_err(anyhow::Error::msg)?;
        let file = OutFile::create(path)
            .with_context(|| format!("{}: cannot create the output file", path.display()))?;
        Ok(Sink::File(BufWriter::new(file), path.to_path_buf()))
    }
}

/// An open output.
pub enum Sink {
    Stdout(BufWriter<Stdout>),
    File(BufWriter<OutFile>, PathBuf),
}

impl Sink {
    /// Whether text written here may be coloured: standard output on a terminal that takes
    /// colour, unless `NO_COLOR` (or `CLICOLOR=0`) says otherwise; never a file.
    pub fn colours(&self) -> bool {
        match self {
            Sink::Stdout(_) => {
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
            }
            Sink::File(..) => false,
        }
    }

    /// Ends the output of a command that ended with `status`: a file is put in place unless
    /// the command failed, in which case the old file (if any) stays and the user is told.
    pub fn finish(self, status: Status) -> anyhow::Result<()> {
        match self {
            Sink::Stdout(mut out) => Ok(out.flush()?),
            Sink::File(out, path) => {
                let name = || format!("{}: cannot write", path.display());
                let file = out
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(name)?;
                if status == Status::Error {
                    eprintln!(
                        "vibrief: {}: not written, because of the errors above",
                        path.display()
                    );
                    return Ok(());
                }
                file.commit().with_context(name)
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(buf),
            Sink::File(out, path) => out.write(buf).map_err(|e| named(e, path)),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File(out, path) => out.flush().map_err(|e| named(e, path)),
        }
    }
}

/// `e` with the output file's name in front (a full disk is reported with the file it hit).
fn named(e: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}
