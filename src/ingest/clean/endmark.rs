//! Rule `end-mark`: the "./." Vietnamese papers put after an article's last full stop.
//!
//! The `/.` after the final `.` is removed, so the sentence keeps its full stop; a line that
//! is only `./.` or `/.` is removed whole.

use std::ops::Range;

/// The range of the end mark at the end of `text` (normalized), if any.
///
/// ```
/// use vibrief::ingest::clean::endmark::suffix;
/// let t = "triển khai công tác đối ngoại./.";
/// assert_eq!(&t[suffix(t).unwrap()], "/.");
/// assert_eq!(suffix("./."), Some(0..3));
/// assert!(suffix("41/63.").is_none());
/// ```
pub fn suffix(text: &str) -> Option<Range<usize>> {
    let t = text.trim_end();
    if t == "./." || t == "/." {
        return Some(0..t.len());
    }
    t.ends_with("./.").then(|| t.len() - 2..t.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_must_follow_a_full_stop() {
        assert!(suffix("Hết /.").is_none());
        assert_eq!(suffix("Xong../."), Some(6..8));
    }
}
