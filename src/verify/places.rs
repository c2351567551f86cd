//! Vietnamese names with an established English form. Provinces and countries come from the
//! glossary's closed lists ([`crate::text::gazetteer`], one source of truth for both
//! stages); regions, seas, the UN and one historical figure, which are on neither list, are
//! kept here. The output may keep the Vietnamese name or use one of these forms; a summary
//! may use these forms only when the source names the place.

use crate::text::gazetteer::{self, Place, PlaceKind};
use crate::text::normalize;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameKind {
    /// A person: `Phạm Minh Chính`, `ông Sơn`.
    Person,
    /// A place or country: `Quảng Ninh`, `Trung Quốc`.
    Place,
}

/// One known name: its Vietnamese spellings (each as the matching keys of its syllables), its
/// English forms (case-sensitive: "US" is not "us") and what it names.
pub(crate) struct Known {
    pub spellings: Vec<Vec<String>>,
    pub english: Vec<String>,
    pub kind: NameKind,
}

/// Names on neither closed list: (Vietnamese spellings, English forms, kind).
const OTHERS: &[(&[&str], &[&str], NameKind)] = &[
    (&["Hồ Chí Minh"], &["Ho Chi Minh"], NameKind::Person),
    (&["Hạ Long"], &["Ha Long", "Halong"], NameKind::Place),
    (&["Mỹ Tho"], &["My Tho"], NameKind::Place),
    (
        &["Liên hợp quốc", "LHQ"],
        &["United Nations", "UN", "U.N"],
        NameKind::Place,
    ),
    (&["Châu Âu"], &["Europe", "European"], NameKind::Place),
    (&["Châu Á"], &["Asia", "Asian"], NameKind::Place),
    (&["Châu Phi"], &["Africa", "African"], NameKind::Place),
    (
        &["Đông Nam Á"],
        &["Southeast Asia", "South-East Asia", "Southeast Asian"],
        NameKind::Place,
    ),
    (
        &["Biển Đông"],
        &["East Sea", "South China Sea"],
        NameKind::Place,
    ),
    (
        &["Trường Sa"],
        &["Truong Sa", "Spratly", "Spratlys"],
        NameKind::Place,
    ),
    (
        &["Hoàng Sa"],
        &["Hoang Sa", "Paracel", "Paracels"],
        NameKind::Place,
    ),
    (
        &["Đồng bằng sông Cửu Long"],
        &["Mekong Delta"],
        NameKind::Place,
    ),
    (
        &["Mê Kông", "Mê-kông", "Mekong"],
        &["Mekong"],
        NameKind::Place,
    ),
    (&["Tây Nguyên"], &["Central Highlands"], NameKind::Place),
    (
        &["Thái Bình Dương"],
        &["Pacific", "Pacific Ocean"],
        NameKind::Place,
    ),
    (&["Ấn Độ Dương"], &["Indian Ocean"], NameKind::Place),
    (
        &["Đại Tây Dương"],
        &["Atlantic", "Atlantic Ocean"],
        NameKind::Place,
    ),
];

/// Every known name: the others, then the countries, then the provinces.
static KNOWN: LazyLock<Vec<Known>> = LazyLock::new(|| {
    let keys =
        |s: &str| -> Vec<String> { normalize::key(s).split(' ').map(str::to_owned).collect() };
    let mut out: Vec<Known> = OTHERS
        .iter()
        .map(|(vi, en, kind)| Known {
            spellings: vi.iter().map(|s| keys(s)).collect(),
            english: en.iter().map(|s| s.to_string()).collect(),
            kind: *kind,
        })
        .collect();
    for place in gazetteer::countries()
        .places()
        .iter()
        .chain(gazetteer::provinces().places())
    {
        out.push(Known {
            spellings: place.spellings().map(keys).collect(),
            english: english_forms(place),
            kind: NameKind::Place,
        });
    }
    out
});

/// The forms verify accepts for a listed place, as its words appear in English text: a
/// country's names without their article and its demonyms (`United States`, `US`,
/// `American`); a province's established English forms (`Hanoi`), none when it has none (it
/// is then kept as written). A final full stop is dropped (`U.S.` → `U.S`), as the tokens
/// drop it.
fn english_forms(place: &Place) -> Vec<String> {
    let forms: Vec<&str> = match place.kind {
        PlaceKind::Country => place
            .renderings()
            .map(gazetteer::bare)
            .chain(place.adjectives.iter().map(String::as_str))
            .collect(),
        PlaceKind::Province => place.variants.iter().map(String::as_str).collect(),
    };
    let mut out: Vec<String> = Vec::new();
    for f in forms {
        let f = f.trim_end_matches('.').to_owned();
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// One known spelling (its syllables' keys) and the name it spells.
type Spelling = (&'static [String], &'static Known);

/// Known names by the key of their first syllable.
static BY_FIRST: LazyLock<HashMap<&'static str, Vec<Spelling>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, Vec<Spelling>> = HashMap::new();
    for k in KNOWN.iter() {
        for s in &k.spellings {
            map.entry(s[0].as_str())
                .or_default()
                .push((s.as_slice(), k));
        }
    }
    map
});

/// The known spellings whose first syllable has key `first`, with their names.
pub(crate) fn starting_with(first: &str) -> &'static [Spelling] {
    BY_FIRST.get(first).map_or(&[], Vec::as_slice)
}

static ENGLISH_FORMS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    KNOWN
        .iter()
        .flat_map(|k| k.english.iter().map(String::as_str))
        .collect()
});

/// Every English form in the table, for telling a country name from an ordinary word.
pub(crate) fn is_english_form(word: &str) -> bool {
    ENGLISH_FORMS.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_spellings_are_canonical_and_off_the_shared_lists() {
        for (vi, _, _) in OTHERS {
            for v in *vi {
                assert_eq!(&normalize::text(v), v, "{v} is not in canonical form");
                assert!(
                    gazetteer::provinces().lookup(v).is_none()
                        && gazetteer::countries().lookup(v).is_none(),
                    "{v} is on a shared list: take it from there"
                );
            }
        }
    }

    #[test]
    fn shared_lists_give_english_forms() {
        assert!(is_english_form("China"));
        assert!(!is_english_form("china"));
        assert!(is_english_form("Hanoi"));
        assert!(is_english_form("U.S"));
        let forms = |vi: &str| -> Vec<&str> {
            let key = normalize::key(vi);
            let words: Vec<String> = key.split(' ').map(str::to_owned).collect();
            starting_with(&words[0])
                .iter()
                .find(|(s, _)| *s == words.as_slice())
                .map(|(_, k)| k.english.iter().map(String::as_str).collect())
                .unwrap_or_else(|| panic!("{vi} is not known"))
        };
        assert_eq!(forms("Hoa Kỳ")[0], "United States");
        assert!(forms("Mỹ").contains(&"American"));
        assert_eq!(forms("Hà Nội"), ["Hanoi", "Ha Noi"]);
        assert!(forms("Gia Lai").is_empty(), "kept as written");
        assert_eq!(forms("Hạ Long"), ["Ha Long", "Halong"]);
    }
}
