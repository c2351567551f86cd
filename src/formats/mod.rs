//! Interchange formats read and written at the edges of the pipeline (TMX, ...).

pub mod tmx;
