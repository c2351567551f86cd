//! Names in the English output: kept as the source writes them (or without diacritics), in
//! Vietnamese order, a reversed order reported; and [`restore_names`], which writes a name
//! the model gave in a mixed form in one form.

use super::*;

/// The words of an English text as matching keys (possessives off, lower case, and
/// diacritics off when `strip`), plus the words as written.
pub(crate) fn target_words(target: &str, strip: bool) -> (Vec<String>, Vec<String>) {
    let text = canonical(target);
    // "Trans-Pacific" holds Pacific, "Vietnam-Japan" both names.
    let raw: Vec<String> = tokens(&text)
        .iter()
        .flat_map(|t| without_possessive(t.text).split('-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let keys = raw.iter().map(|w| match_key(w, strip)).collect();
    (keys, raw)
}

/// The key a name word is compared on.
pub(crate) fn match_key(word: &str, strip: bool) -> String {
    let k = normalize::key(word);
    if strip {
        strip_diacritics(&k)
    } else {
        k
    }
}

/// Where the word sequence `needle` occurs in `hay`.
pub(crate) fn find_seq<T: PartialEq>(hay: &[T], needle: &[T]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

impl Name {
    /// The name's words as matching keys.
    pub(crate) fn keys(&self, strip: bool) -> Vec<String> {
        self.text
            .split_whitespace()
            .map(|w| match_key(w, strip))
            .collect()
    }

    /// True when the English words contain this name, as written or in an English form.
    pub(crate) fn appears_in(&self, keys: &[String], raw: &[String], strip: bool) -> bool {
        find_seq(keys, &self.keys(strip)).is_some()
            || self.english.iter().any(|form| {
                let words: Vec<String> = form.split_whitespace().map(str::to_string).collect();
                find_seq(raw, &words).is_some()
            })
    }

    /// The name's words in another order, as written in `raw`, if the output has them so.
    pub(crate) fn reversed_in(
        &self,
        keys: &[String],
        raw: &[String],
        strip: bool,
    ) -> Option<String> {
        let own = self.keys(strip);
        if self.kind != NameKind::Person || own.len() < 2 {
            return None;
        }
        permutations(&own)
            .into_iter()
            .filter(|p| *p != own)
            .find_map(|p| find_seq(keys, &p).map(|at| raw[at..at + p.len()].join(" ")))
    }
}

/// Every ordering of `items` (names have at most four words: 24 orderings).
fn permutations(items: &[String]) -> Vec<Vec<String>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first.clone());
            out.push(p);
        }
    }
    out
}

/// `output` with every name of `source` written in one form: as the source writes it, or with
/// `strip`, without diacritics as the official English-language media write names ("Phạm
/// Minh Chính" → "Pham Minh Chinh"). A name the output writes with diacritics lost, changed or
/// kept, words in the source's order, is rewritten: the post-edit a reviewer would make.
/// Names of one word, names with an English form ("Ha Noi" is left for the check, which asks
/// for "Hanoi") and other word orders are left alone. `None` when nothing changes.
///
/// ```
/// use vibrief::verify::names::restore_names;
/// let source = "Thứ trưởng Nguyễn Minh Hằng gặp lãnh đạo tỉnh Quảng Nam.";
/// assert_eq!(
///     restore_names(source, "Deputy Minister Nguyen Minh Hang met leaders of Quang Nam province.", false).as_deref(),
///     Some("Deputy Minister Nguyễn Minh Hằng met leaders of Quảng Nam province.")
/// );
/// assert_eq!(
///     restore_names(source, "Deputy Minister Nguyễn Minh Hang met leaders of Quảng Nam province.", true).as_deref(),
///     Some("Deputy Minister Nguyen Minh Hang met leaders of Quang Nam province.")
/// );
/// assert_eq!(restore_names(source, "Deputy Minister Hang Nguyen Minh met Quảng Nam leaders.", false), None);
/// ```
pub fn restore_names(source: &str, output: &str, strip: bool) -> Option<String> {
    let text = canonical(output);
    let toks = tokens(&text);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for name in find_names(source) {
        let words: Vec<&str> = name.text.split_whitespace().collect();
        if words.len() < 2 || !name.english.is_empty() {
            continue;
        }
        let folded = name.keys(true);
        let form = if strip {
            strip_diacritics(&name.text)
        } else {
            name.text.clone()
        };
        let form_words: Vec<&str> = form.split_whitespace().collect();
        for win in toks.windows(words.len()) {
            let inner_clean = win.iter().skip(1).all(|t| t.lead.is_empty())
                && win[..win.len() - 1].iter().all(|t| t.trail.is_empty());
            let last = without_possessive(win[words.len() - 1].text);
            let word = |i: usize| {
                if i + 1 == words.len() {
                    last
                } else {
                    win[i].text
                }
            };
            if inner_clean
                && (0..words.len()).all(|i| match_key(word(i), true) == folded[i])
                && (0..words.len()).any(|i| word(i) != form_words[i])
            {
                edits.push((
                    win[0].start,
                    win[words.len() - 1].start + last.len(),
                    form.clone(),
                ));
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, name) in edits {
        if start >= at {
            out.push_str(&text[at..start]);
            out.push_str(&name);
            at = end;
        }
    }
    out.push_str(&text[at..]);
    Some(out)
}

/// The names of the source that the output leaves out or reverses, one [`Issue`] each.
pub(crate) fn check(names: &[Name], target: &str, strip: bool) -> Vec<Issue> {
    let (keys, raw) = target_words(target, strip);
    let mut issues = Vec::new();
    for name in names {
        if name.appears_in(&keys, &raw, strip) {
            continue;
        }
        match name.reversed_in(&keys, &raw, strip) {
            Some(found) => issues.push(Issue::reversed_name(name, &found, strip)),
            None => issues.push(Issue::missing_name(name, strip)),
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::super::find_names;
    use super::*;

    fn issues(source: &str, target: &str, strip: bool) -> Vec<String> {
        check(&find_names(source), target, strip)
            .into_iter()
            .map(|i| i.repair_instruction().to_string())
            .collect()
    }

    #[test]
    fn names_must_be_kept() {
        let src = "Thủ tướng Phạm Minh Chính tiếp Đại sứ.";
        assert!(issues(
            src,
            "Prime Minister Phạm Minh Chính received the ambassador.",
            false
        )
        .is_empty());
        assert!(issues(src, "Prime Minister Phạm Minh Chính's guests.", false).is_empty());
        assert_eq!(
            issues(
                src,
                "Prime Minister Pham Minh Chinh received the ambassador.",
                false
            ),
            ["Keep the name Phạm Minh Chính as written"]
        );
        assert!(issues(
            src,
            "Prime Minister Pham Minh Chinh received the ambassador.",
            true
        )
        .is_empty());
        assert!(issues(
            src,
            "Prime Minister Phạm Minh Chính received the ambassador.",
            true
        )
        .is_empty());
        assert_eq!(
            issues(src, "The Prime Minister received the ambassador.", true),
            ["Keep the name Pham Minh Chinh as written"]
        );
    }

    #[test]
    fn known_names_take_english_forms() {
        let src = "Việt Nam và Trung Quốc họp tại Hà Nội.";
        assert!(issues(src, "Vietnam and China met in Hanoi.", false).is_empty());
        assert!(issues(src, "Việt Nam and China met in Hà Nội.", false).is_empty());
        assert_eq!(
            issues(src, "Vietnam and Japan met in Hanoi.", false),
            ["Render Trung Quốc as China"]
        );
        assert_eq!(
            issues("Quan hệ với Hoa Kỳ.", "Relations with us.", false),
            ["Render Hoa Kỳ as United States"]
        );
    }

    #[test]
    fn reversed_names_are_caught() {
        let src = "Thủ tướng Phạm Minh Chính phát biểu.";
        assert_eq!(
            issues(src, "Prime Minister Chính Phạm Minh spoke.", false),
            ["Write the name as Phạm Minh Chính (surname first), not Chính Phạm Minh"]
        );
        assert_eq!(
            issues(src, "Prime Minister Minh Chinh Pham spoke.", true),
            ["Write the name as Pham Minh Chinh (surname first), not Minh Chinh Pham"]
        );
    }

    #[test]
    fn strips_diacritics() {
        assert_eq!(
            strip_diacritics("Đặng Thị Ngọc Thịnh"),
            "Dang Thi Ngoc Thinh"
        );
        assert_eq!(strip_diacritics("Ưu tiên, Ơn, đường"), "Uu tien, On, duong");
        assert_eq!(strip_diacritics("34/2021/NĐ-CP"), "34/2021/ND-CP");
        assert_eq!(strip_diacritics("한국"), "한국");
    }

    #[test]
    fn permutations_are_complete() {
        let words: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let mut p = permutations(&words);
        p.sort();
        p.dedup();
        assert_eq!(p.len(), 6);
    }

    #[test]
    fn provinces_and_countries_come_from_the_glossary_lists() {
        let names = find_names("Gia Lai đón đoàn Ai Cập và Hàn Quốc.");
        let got: Vec<(&str, Option<&str>)> = names
            .iter()
            .map(|n| (n.text.as_str(), n.english.first().copied()))
            .collect();
        assert_eq!(
            got,
            [
                ("Gia Lai", None),
                ("Ai Cập", Some("Egypt")),
                ("Hàn Quốc", Some("Republic of Korea"))
            ]
        );
        assert!(issues(
            "Các đoàn Hàn Quốc tới Gia Lai.",
            "South Korean delegations came to Gia Lai.",
            false
        )
        .is_empty());
    }
}
