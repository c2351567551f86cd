//! Formats at the edges of the pipeline: decoding bytes from disk, the interchange formats users
//! exchange with CAT tools (XLIFF, TMX), and the brief writers (Markdown, HTML).
//!
//! May depend on: `doc`, `text`.

pub mod encoding;
pub mod file;
pub mod html;
pub mod markdown;
pub mod tmx;
pub mod tmx_export;
pub mod xliff;
pub mod xml;
