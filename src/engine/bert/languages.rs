//! Language tokens of multilingual translation models (NLLB, M2M100, mBART-50): the source
//! language token in the tokenizer's template and the target language forced as first token.

use crate::engine::Error;
use std::path::Path;

/// Source and target language tokens of one model family, Vietnamese to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LanguagePair {
    /// Token marking Vietnamese input.
    pub source: &'static str,
    /// Token forced as the first output token for English.
    pub target: &'static str,
}

/// Vietnamese→English tokens by family, tried in order.
const PAIRS: [LanguagePair; 3] = [
    LanguagePair {
        source: "vie_Latn",
        target: "eng_Latn",
    }, // NLLB
    LanguagePair {
        source: "__vi__",
        target: "__en__",
    }, // M2M100
    LanguagePair {
        source: "vi_VN",
        target: "en_XX",
    }, // mBART-50
];

/// The language pair whose tokens the tokenizer has, if any.
pub(super) fn detect(tokenizer: &tokenizers::Tokenizer) -> Option<LanguagePair> {
    PAIRS.iter().copied().find(|p| {
        tokenizer.token_to_id(p.source).is_some() && tokenizer.token_to_id(p.target).is_some()
    })
}

/// `tokenizer.json` text with every language token of the post-processor's template replaced by
/// the source language token (tokenizers bake the source language in at save time).
pub(super) fn with_source_language(
    path: &Path,
    pair: LanguagePair,
    tokenizer: &tokenizers::Tokenizer,
) -> Result<String, Error> {
    let bad = |reason: String| Error::Load {
        path: path.to_path_buf(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let mut v: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let is_language = |t: &str| {
        PAIRS
            .iter()
            .any(|p| p.source.len() == t.len() && (shape(p.source) == shape(t)))
            && tokenizer.token_to_id(t).is_some()
    };
    let source_id = tokenizer.token_to_id(pair.source).expect("detected pair") as u64;
    let post = &mut v["post_processor"];
    for key in ["single", "pair"] {
        if let Some(items) = post[key].as_array_mut() {
            for item in items {
                if let Some(id) = item["SpecialToken"]["id"].as_str() {
                    if is_language(id) {
                        item["SpecialToken"]["id"] = pair.source.into();
                    }
                }
            }
        }
    }
    if let Some(map) = post["special_tokens"].as_object_mut() {
        let languages: Vec<String> = map.keys().filter(|k| is_language(k)).cloned().collect();
        for k in languages {
            map.remove(&k);
        }
        map.insert(
            pair.source.to_string(),
            serde_json::json!({"id": pair.source, "ids": [source_id], "tokens": [pair.source]}),
        );
    }
    serde_json::to_string(&v).map_err(|e| bad(e.to_string()))
}

/// A token's shape: letters as `a`, kept punctuation, so `eng_Latn` and `vie_Latn` match.
fn shape(t: &str) -> String {
    t.chars()
        .map(|c| if c.is_ascii_alphabetic() { 'a' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::shape;

    #[test]
    fn language_tokens_share_a_shape() {
        assert_eq!(shape("eng_Latn"), shape("vie_Latn"));
        assert_eq!(shape("__en__"), shape("__vi__"));
        assert_eq!(shape("en_XX"), shape("vi_VN"));
        assert_ne!(shape("</s>"), shape("en_XX"));
    }
}
