//! File formats at the edges of the pipeline: decoding bytes from disk and the interchange
//! formats (XLIFF, ...) that readers and writers share.

pub mod encoding;
pub mod file;
pub mod xliff;
