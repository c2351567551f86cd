//! Readers and writers of the formats users exchange: the Markdown brief, the HTML review page,
//! XLIFF, TMX and TBX.

pub mod html;
pub mod markdown;
pub mod xliff;
