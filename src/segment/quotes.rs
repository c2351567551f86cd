//! Quotation spans (segmenter support): a sentence never breaks inside a quotation.
//!
//! Curly quotes pair as they nest (`“` opens, `”` closes); straight double quotes pair in
//! order. An opening quote left unclosed in the text is ignored, so a stray quote cannot glue a
//! whole paragraph into one sentence.

use std::ops::Range;

/// Byte ranges of the quotations in `text`, from the opening quote to just past the closing one.
///
/// ```
/// let t = "Ông nói: “Xong. Về.” Rồi đi.";
/// let q = vibrief::segment::quotes::regions(t);
/// assert_eq!(&t[q[0].clone()], "“Xong. Về.”");
/// ```
pub fn regions(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut straight: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match c {
            '“' => open.push(i),
            '”' => {
                if let Some(start) = open.pop() {
                    // Keep only the outermost quotation: inner ones add nothing.
                    if open.is_empty() {
                        out.push(start..i + c.len_utf8());
                    }
                }
            }
            '"' => match straight.take() {
                Some(start) => out.push(start..i + 1),
                None => straight = Some(i),
            },
            _ => {}
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

/// True when byte `at` lies strictly inside a quotation that is still open after byte `after`,
/// that is when a break at `after` would cut the quotation in two.
pub fn cuts(regions: &[Range<usize>], at: usize, after: usize) -> bool {
    regions.iter().any(|r| r.start < at && after < r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_quote_is_ignored() {
        assert!(regions("Ông nói: “Xong. Về.").is_empty());
    }

    #[test]
    fn straight_quotes_pair_in_order() {
        let t = r#"Gọi là "A. B." và "C"."#;
        let q = regions(t);
        assert_eq!(q.len(), 2);
        assert_eq!(&t[q[0].clone()], r#""A. B.""#);
    }

    #[test]
    fn nested_quotes_count_once() {
        let t = "“Gọi là “xanh” nhé.” Xong.";
        let q = regions(t);
        assert_eq!(q.len(), 1);
        assert!(cuts(&q, 10, 12));
        assert!(!cuts(&q, 10, q[0].end));
    }
}
