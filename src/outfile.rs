//! Output files written whole or not at all. Every writer (briefs, cleaned text, glossary and
//! TM exports, the batch's files) writes to a temporary file in the output's folder, syncs it
//! and renames it over the output only when everything was written: a failed run, a full disk
//! or a crash leaves the old file as it was, and a file under its final name is always
//! complete. A new file gets the usual mode (0666 less the umask); a replaced one keeps its own.
//!
//! May depend on: nothing else of the crate.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// An output file being written; it replaces `path` on [`OutFile::commit`], and is removed if
/// dropped before.
#[derive(Debug)]
pub struct OutFile(Target);

#[derive(Debug)]
enum Target {
    /// A regular file (or a new one): written beside it, renamed over it.
    Replace { tmp: NamedTempFile, path: PathBuf },
    /// A device, pipe or other special file (`/dev/stdout`, `/dev/null`, a FIFO): written in
    /// place, since renaming over it would replace the device with a plain file.
    InPlace(File),
}

impl OutFile {
    /// Starts writing the output `path` (its folder must exist). A symbolic link is followed:
    /// the file it points to is replaced, and the link stays.
    pub fn create(path: &Path) -> io::Result<OutFile> {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let old = std::fs::metadata(&path).ok();
        if old.as_ref().is_some_and(|m| !m.is_file()) {
            if old.as_ref().is_some_and(|m| m.is_dir()) {
                return Err(io::Error::new(io::ErrorKind::IsADirectory, "is a folder"));
            }
            let file = File::options().write(true).truncate(true).open(&path)?;
            return Ok(OutFile(Target::InPlace(file)));
        }
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the folder {} does not exist", dir.display()),
            ));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".vibrief-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        // The temporary's own errors would name its random path, not the output.
        let tmp = builder
            .tempfile_in(dir)
            .map_err(|e| io::Error::new(e.kind(), e.kind().to_string()))?;
        if let Some(old) = old {
            tmp.as_file().set_permissions(old.permissions())?;
        }
        Ok(OutFile(Target::Replace { tmp, path }))
    }

    /// Syncs the file and puts it in place of the output.
    pub fn commit(self) -> io::Result<()> {
        match self.0 {
            Target::Replace { tmp, path } => {
                tmp.as_file().sync_all()?;
                tmp.persist(&path).map_err(|e| e.error)?;
            }
            Target::InPlace(mut file) => file.flush()?,
        }
        Ok(())
    }

    fn file(&mut self) -> &mut File {
        match &mut self.0 {
            // The plain file: the temporary's own errors would name its random path.
            Target::Replace { tmp, .. } => tmp.as_file_mut(),
            Target::InPlace(file) => file,
        }
    }
}

impl Write for OutFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

/// Writes `bytes` to `path` whole or not at all.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let p = dir.path().join("out.md");
/// vibrief::outfile::write(&p, b"# Brief\n").unwrap();
/// assert_eq!(std::fs::read(&p).unwrap(), b"# Brief\n");
/// ```
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut out = OutFile::create(path)?;
    out.write_all(bytes)?;
    out.commit()
}

/// An error when `output` is one of `inputs` (the same file, whatever the path says): writing
/// it would replace what is being read.
pub fn refuse_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<(), String> {
    for input in inputs {
        if same_file::is_same_file(output, input).unwrap_or(false) {
            return Err(format!(
                "{}: the output is also an input ({}); choose another output file",
                output.display(),
                input.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> usize {
        std::fs::read_dir(dir).unwrap().count()
    }

    #[test]
    fn replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write(&p, b"one").unwrap();
        write(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(entries(dir.path()), 1);
    }

    #[test]
    fn an_output_dropped_before_commit_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("keep.txt");
        std::fs::write(&p, b"old").unwrap();
        let mut out = OutFile::create(&p).unwrap();
        out.write_all(b"half").unwrap();
        drop(out);
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(entries(dir.path()), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What the process's umask makes of a plain new file.
        let plain = dir.path().join("plain");
        File::create(&plain).unwrap();
        let fresh = dir.path().join("fresh");
        write(&fresh, b"x").unwrap();
        assert_eq!(
            mode(&fresh),
            mode(&plain),
            "not the temporary file's private 0600"
        );

        let kept = dir.path().join("kept");
        std::fs::write(&kept, b"x").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&kept, b"y").unwrap();
        assert_eq!(mode(&kept), 0o640);
    }

    #[test]
    fn missing_folder_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = write(&dir.path().join("no/such/a.json"), b"x").unwrap_err();
        assert!(err.to_string().contains("no/such does not exist"), "{err}");
        assert!(!err.to_string().contains(".vibrief-"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_in_place_and_a_link_stays_a_link() {
        use std::os::unix::fs::FileTypeExt;
        // A FIFO stands for a device: renaming over /dev/null or /dev/full (as root) would put
        // a plain file in its place.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write(&fifo, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo());

        let target = dir.path().join("target.md");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }

    #[test]
    fn an_output_that_is_an_input_is_refused_by_any_path() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("art.txt");
        std::fs::write(&input, b"x").unwrap();
        let other = dir.path().join("sub/../art.txt");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let err = refuse_input(&other, [input.as_path()]).unwrap_err();
        assert!(err.contains("also an input"), "{err}");
        assert!(refuse_input(&dir.path().join("new.txt"), [input.as_path()]).is_ok());
    }
}
