//! Text primitives shared by every stage: normalization with offset alignment, Vietnamese
//! tone-mark placement and language codes.

pub mod date;
pub mod lang;
pub mod normalize;
pub mod tone;
