//! Text primitives shared by every stage: normalization with offset alignment and
//! Vietnamese tone-mark placement.

pub mod normalize;
pub mod tone;
