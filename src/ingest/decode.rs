//! Reading input bytes into text: files, directories and standard input (`-`), BOM, CRLF,
//! invalid UTF-8 (reported with its byte offset) and empty input.
//!
//! The decoded text is the *original* every span points into. A leading BOM stays in it and
//! is skipped by the line splitter; CR before LF is kept too and trimmed with other line-end
//! white space, so byte offsets always match the file.

use super::IngestError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The byte-order mark some editors write at the start of UTF-8 files.
pub const BOM: char = '\u{feff}';

/// Reads `path` (`-` is standard input, named `<stdin>` in errors) and decodes it; see
/// [`decode`].
pub fn read(path: &Path) -> Result<String, IngestError> {
    let io = |source: std::io::Error| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        let stdin = Path::new("<stdin>");
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|source| IngestError::Io {
                path: stdin.to_path_buf(),
                source,
            })?;
        return decode(buf, stdin);
    } else {
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(IngestError::Missing {
                    path: path.to_path_buf(),
                })
            }
            Err(e) => return Err(io(e)),
            Ok(m) if m.is_dir() => {
                return Err(IngestError::Directory {
                    path: path.to_path_buf(),
                })
            }
            Ok(_) => std::fs::read(path).map_err(io)?,
        }
    };
    decode(bytes, path)
}

/// Checks that `bytes` are UTF-8 holding some text, and returns them as a string.
///
/// ```
/// use std::path::Path;
/// use vibrief::ingest::decode::decode;
/// let err = decode(b"Ha\xff".to_vec(), Path::new("a.txt")).unwrap_err();
/// assert_eq!(err.to_string(), "a.txt: invalid UTF-8 at byte 2");
/// assert!(decode(b" \r\n".to_vec(), Path::new("b.txt")).is_err());
/// ```
pub fn decode(bytes: Vec<u8>, path: &Path) -> Result<String, IngestError> {
    let len = bytes.len();
    let text = String::from_utf8(bytes).map_err(|e| IngestError::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.trim_start_matches(BOM).trim().is_empty() {
        return Err(IngestError::Empty {
            path: PathBuf::from(path),
            bytes: len,
        });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("x.txt")
    }

    #[test]
    fn bom_and_crlf_are_kept_in_the_original() {
        let t = decode("\u{feff}Tin\r\nmới".as_bytes().to_vec(), p()).unwrap();
        assert!(t.starts_with(BOM));
        assert!(t.contains("\r\n"));
    }

    #[test]
    fn invalid_utf8_offset_counts_from_the_file_start() {
        let mut b = "\u{feff}Hà Nội".as_bytes().to_vec();
        let at = b.len();
        b.extend([0xC3, 0x28]);
        match decode(b, p()) {
            Err(IngestError::InvalidUtf8 { offset, .. }) => assert_eq!(offset, at),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_and_blank_are_errors() {
        assert_eq!(
            decode(Vec::new(), p()).unwrap_err().to_string(),
            "x.txt: empty file"
        );
        let blank = decode("\u{feff} \n\t\u{a0}".as_bytes().to_vec(), p()).unwrap_err();
        assert_eq!(blank.to_string(), "x.txt: file holds only white space");
    }

    #[test]
    fn directories_and_missing_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(dir.path()),
            Err(IngestError::Directory { .. })
        ));
        let missing = dir.path().join("none.txt");
        assert!(matches!(read(&missing), Err(IngestError::Missing { .. })));
    }
}
