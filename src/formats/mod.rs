//! Interchange formats at the edges of the pipeline: decoding bytes from disk, and the formats
//! users exchange with CAT tools (XLIFF, TMX).

pub mod encoding;
pub mod file;
pub mod tmx;
pub mod xml;
pub mod xliff;
