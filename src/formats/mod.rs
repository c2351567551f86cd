//! Readers and writers of the formats users exchange: the Markdown brief, the HTML review page,
//! XLIFF, TMX and TBX, and the decoding of bytes from disk they share.

pub mod encoding;
pub mod file;
pub mod html;
pub mod markdown;
pub mod xliff;
