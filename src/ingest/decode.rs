//! Reading input bytes into text: files, directories and standard input (`-`), BOM, CRLF,
//! UTF-16 with a BOM, invalid UTF-8 (reported with its byte offset), control characters
//! (reported with line and column) and empty input.
//!
//! The decoded text is the *original* every span points into. A leading UTF-8 BOM stays in it
//! and is skipped by the line splitter; CR before LF is kept too and trimmed with other
//! line-end white space, so byte offsets always match a UTF-8 file. A UTF-16 file (with its
//! BOM, as Windows tools write it) is decoded to UTF-8, and its spans count the bytes of that.

use super::IngestError;
use crate::text::xml_chars;
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

/// Checks that `bytes` are UTF-8 (or UTF-16 after its BOM) holding some text and no control
/// character, and returns them as a string.
///
/// ```
/// use std::path::Path;
/// use vibrief::ingest::decode::decode;
/// let err = decode(b"Ha\xff".to_vec(), Path::new("a.txt")).unwrap_err();
/// assert_eq!(err.to_string(), "a.txt: invalid UTF-8 at byte 2");
/// assert!(decode(b" \r\n".to_vec(), Path::new("b.txt")).is_err());
/// let err = decode(b"Tin\nH\x00a".to_vec(), Path::new("c.txt")).unwrap_err();
/// assert_eq!(err.to_string(), "c.txt:2:2: U+0000 is a control character, not text (is it a binary file?)");
/// assert_eq!(decode(b"\xFF\xFEH\x00\xe0\x00".to_vec(), Path::new("d.txt")).unwrap(), "Hà");
/// ```
pub fn decode(bytes: Vec<u8>, path: &Path) -> Result<String, IngestError> {
    let len = bytes.len();
    let text = if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        crate::formats::encoding::decode(&bytes)
            .map(|(text, _)| text)
            .map_err(|e| IngestError::Encoding {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?
    } else {
        String::from_utf8(bytes).map_err(|e| IngestError::InvalidUtf8 {
            path: path.to_path_buf(),
            offset: e.utf8_error().valid_up_to(),
        })?
    };
    if let Some((at, c)) = text.char_indices().find(|(_, c)| !xml_chars::allowed(*c)) {
        let line = text[..at].matches('\n').count() + 1;
        let column = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
        return Err(IngestError::ControlChar {
            path: path.to_path_buf(),
            line,
            column,
            code: c as u32,
        });
    }
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
    fn utf16_with_a_bom_is_read_and_control_characters_are_refused() {
        let mut b = vec![0xFE, 0xFF];
        for u in "Hà Nội\r\nmới".encode_utf16() {
            b.extend(u.to_be_bytes());
        }
        assert_eq!(decode(b, p()).unwrap(), "Hà Nội\r\nmới");
        assert_eq!(
            decode(vec![0xFF, 0xFE, 0x00, 0xD8], p())
                .unwrap_err()
                .to_string(),
            "x.txt: invalid UTF-16 after a UTF-16 byte-order mark"
        );
        for (text, at) in [
            ("a\u{1}", "1:2"),
            ("ab\n\ncd\u{FFFF}", "3:3"),
            ("\u{c}", "1:1"),
        ] {
            let err = decode(text.as_bytes().to_vec(), p())
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(&format!("x.txt:{at}: U+")),
                "{text:?}: {err}"
            );
        }
        // Tab, CR and LF are text.
        assert!(decode(b"a\tb\r\n".to_vec(), p()).is_ok());
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
