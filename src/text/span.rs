//! Byte spans into an original text: what every stage carries so that a reviewer can find
//! any piece of output in the source file.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open byte range `[start, end)` into the original input text.
///
/// Every piece of text the pipeline produces (a sentence, a removed caption, a glossary hit)
/// carries the span it came from, so a reviewer can always find it in the source file.
///
/// ```
/// use vibrief::doc::Span;
/// let s = Span::new(3, 7);
/// assert_eq!(s.len(), 4);
/// assert_eq!(&"abcdefghij"[s.range()], "defg");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes). Panics in debug builds when `end < start`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span end {end} before start {start}");
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range` for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The same span moved `by` bytes to the right.
    pub fn shift(&self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}
