//! Ingest, the first stage: read an article (file or standard input), clean the scraped
//! boilerplate away and give back a structured, segmented [`Document`] whose every span points
//! into the original text.
//!
//! ```
//! let doc = vibrief::ingest::clean(
//!     "Tin tức\n\nBộ Ngoại giao họp về kinh tế\n\nSáng 21-12, tại Hà Nội, hội nghị khai mạc. \
//!      TS. Lê Văn A phát biểu.\n\nQuang cảnh. Ảnh: Thu Hà\n\nThu Hà",
//!     None,
//! );
//! assert_eq!(doc.title.as_ref().unwrap().text, "Bộ Ngoại giao họp về kinh tế");
//! assert_eq!(doc.date.as_ref().unwrap().text, "Sáng 21-12");
//! assert_eq!(doc.paragraphs[0].sentences.len(), 2);
//! assert_eq!(doc.paragraphs[0].sentences[1].id, "p1.s2");
//! let reasons: Vec<_> = doc.removed.iter().map(|r| r.reason.as_str()).collect();
//! assert_eq!(reasons, ["crumb", "caption", "byline"]);
//! ```
//!
//! May depend on: `doc`, `formats`, `segment`, `text`.

pub mod assemble;
pub mod clean;
pub mod decode;
mod error;
pub mod lines;
pub mod structure;

pub use error::IngestError;

use crate::doc::Document;
use std::path::Path;
use std::sync::Arc;

/// Reads and cleans the article at `path` (`-` reads standard input).
///
/// Errors name the file: missing, a directory, invalid UTF-8 (with the byte offset), a
/// control character (with line and column), empty or white space only, or nothing left
/// after cleaning (every line taken for boilerplate).
pub fn read_document(path: &Path) -> Result<Document, IngestError> {
    let text = decode::read(path)?;
    let doc = clean(&text, Some(path));
    if doc.title.is_none() && doc.paragraphs.iter().all(|p| p.sentences.is_empty()) {
        let mut reasons: Vec<(&str, usize)> = Vec::new();
        for r in &doc.removed {
            match reasons
                .iter_mut()
                .find(|(name, _)| *name == r.reason.as_str())
            {
                Some((_, n)) => *n += 1,
                None => reasons.push((r.reason.as_str(), 1)),
            }
        }
        let reasons: Vec<String> = reasons.iter().map(|(r, n)| format!("{r} {n}")).collect();
        return Err(IngestError::NothingLeft {
            path: path.to_path_buf(),
            removed: reasons.join(", "),
        });
    }
    Ok(doc)
}

/// Cleans and segments `original`, an article's whole text (it becomes
/// [`Document::original`]). Never fails: what cannot be understood stays in the body.
pub fn clean(original: &str, path: Option<&Path>) -> Document {
    let original: Arc<str> = Arc::from(original);
    let lines = lines::split(&original);
    let mut doc = assemble::document(&original, &lines, "");
    doc.path = path.map(Path::to_path_buf);
    doc
}
