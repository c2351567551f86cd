//! Atomic output files: written to a temporary file in the same folder, synced, then renamed,
//! so a file under its final name is always complete.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temp file in the same folder, fsync, rename).
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("out.md");
/// vibrief::batch::atomic::write(&p, b"# Brief\n").unwrap();
/// assert_eq!(std::fs::read(&p).unwrap(), b"# Brief\n");
/// ```
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".vibrief-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    // Through the plain file: the temporary's own errors would name its random path.
    tmp.as_file_mut().write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        super::write(&p, b"one").unwrap();
        super::write(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(super::write(&dir.path().join("no/such/a.json"), b"x").is_err());
    }
}
