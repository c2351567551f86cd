//! Expands batch INPUT arguments (files, folders searched recursively, glob patterns) into the
//! list of article files, in a stable order.

use std::path::{Path, PathBuf};

/// Why an input argument could not be expanded.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist and is not a pattern.
    #[error("{path}: no such file or directory")]
    Missing {
        /// The argument as given.
        path: PathBuf,
    },
    /// A glob pattern that does not parse.
    #[error("{pattern}: bad glob pattern: {source}")]
    Pattern {
        /// The argument as given.
        pattern: String,
        /// What the glob parser said.
        source: glob::PatternError,
    },
    /// A folder that could not be listed.
    #[error("{path}: cannot list folder: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// File extensions a folder walk picks up.
pub const ARTICLE_EXTENSIONS: [&str; 2] = ["txt", "md"];

fn is_article(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), InputError> {
    let io = |source| InputError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if is_article(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Expands `args` into article files: a file is taken as it is (whatever its extension), a
/// folder contributes its `.txt`/`.md` files recursively, and an argument with `*`, `?` or `[`
/// is a glob pattern. Duplicates are dropped, first occurrence kept.
///
/// ```no_run
/// let files = vibrief::batch::inputs::expand(&["corpus/".into()]).unwrap();
/// ```
pub fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            walk(arg, &mut out)?;
        } else if arg.exists() {
            out.push(arg.clone());
        } else {
            let pattern = arg.to_string_lossy();
            if !pattern.contains(['*', '?', '[']) {
                return Err(InputError::Missing { path: arg.clone() });
            }
            let paths = glob::glob(&pattern).map_err(|source| InputError::Pattern {
                pattern: pattern.to_string(),
                source,
            })?;
            let mut found: Vec<PathBuf> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            found.sort();
            out.extend(found);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| seen.insert(p.clone()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_recurse_globs_expand_and_duplicates_go() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/b")).unwrap();
        for f in ["a/1.txt", "a/b/2.md", "a/b/skip.json", "c.txt"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let got = expand(&[d.join("a"), d.join("*.txt"), d.join("a/1.txt")]).unwrap();
        assert_eq!(
            got,
            vec![d.join("a/1.txt"), d.join("a/b/2.md"), d.join("c.txt")]
        );
        assert!(matches!(
            expand(&[d.join("nope.txt")]),
            Err(InputError::Missing { .. })
        ));
    }
}
