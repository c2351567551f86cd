//! Tokens for fuzzy matching: words, numbers and single punctuation marks, as OmegaT counts
//! them. White space separates tokens and is not one.

use super::hash::hash_str;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and digits after a letter: `covid19`).
    Word,
    /// Digits, with `.` `,` `:` `/` between digits (`1.000`, `2,5`, `10:30`, `12/5`).
    Number,
    /// One punctuation or symbol character.
    Punct,
}

/// A token: its byte range in the tokenized text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Kind.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in `s` (the string it was made from).
    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

/// Splits `s` into tokens.
///
/// ```
/// use vibrief::tm::tokens::{tokenize, TokenKind};
/// let s = "Năm 2023, GDP tăng 5,05%.";
/// let toks: Vec<&str> = tokenize(s).iter().map(|t| t.text(s)).collect();
/// assert_eq!(toks, ["Năm", "2023", ",", "GDP", "tăng", "5,05", "%", "."]);
/// ```
pub fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_ascii_digit() {
            TokenKind::Number
        } else if c.is_alphanumeric() {
            TokenKind::Word
        } else {
            out.push(Token {
                start,
                end: start + c.len_utf8(),
                kind: TokenKind::Punct,
            });
            continue;
        };
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = it.peek() {
            let joins = match kind {
                TokenKind::Number => {
                    d.is_ascii_digit()
                        || matches!(d, '.' | ',' | ':' | '/')
                            && s[i + 1..]
                                .chars()
                                .next()
                                .is_some_and(|n| n.is_ascii_digit())
                }
                _ => d.is_alphanumeric() || unicode_normalization::char::is_combining_mark(d),
            };
            if !joins {
                break;
            }
            end = i + d.len_utf8();
            it.next();
        }
        out.push(Token { start, end, kind });
    }
    out
}

/// The hash of every token of `s`, the form Levenshtein compares.
pub fn token_hashes(s: &str, tokens: &[Token]) -> Vec<u64> {
    tokens.iter().map(|t| hash_str(t.text(s))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn numbers_keep_their_separators() {
        assert_eq!(
            texts("lúc 10:30 ngày 12/5, 1.000 người"),
            ["lúc", "10:30", "ngày", "12/5", ",", "1.000", "người"]
        );
        assert_eq!(texts("năm 2024."), ["năm", "2024", "."]);
        assert_eq!(texts("18th"), ["18", "th"]);
    }

    #[test]
    fn words_and_punctuation() {
        assert_eq!(
            texts("“Hà Nội” - covid19!"),
            ["“", "Hà", "Nội", "”", "-", "covid19", "!"]
        );
        assert_eq!(tokenize("a")[0].kind, TokenKind::Word);
        assert!(tokenize("  ").is_empty());
    }
}
