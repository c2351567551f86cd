//! Vietnamese names with an established English form: countries, the largest cities, regions
//! and seas, and one historical figure. The output may keep the Vietnamese name or use one of
//! these forms; a summary may use these forms only when the source names the place.

use super::names::NameKind;

/// One known name: its Vietnamese spellings (each a run of syllables), its English forms
/// (case-sensitive: "US" is not "us") and what it names.
pub(crate) struct Known {
    pub vietnamese: &'static [&'static str],
    pub english: &'static [&'static str],
    pub kind: NameKind,
}

const fn place(vietnamese: &'static [&'static str], english: &'static [&'static str]) -> Known {
    Known {
        vietnamese,
        english,
        kind: NameKind::Place,
    }
}

/// The table, longer spellings before the shorter ones they contain (`Lào Cai` before `Lào`).
pub(crate) const KNOWN: &[Known] = &[
    place(&["Việt Nam"], &["Vietnam", "Viet Nam", "Vietnamese"]),
    place(&["Hà Nội"], &["Hanoi", "Ha Noi"]),
    place(
        &["TP.HCM", "TPHCM", "TP HCM"],
        &["Ho Chi Minh City", "HCM City", "HCMC"],
    ),
    Known {
        vietnamese: &["Hồ Chí Minh"],
        english: &["Ho Chi Minh"],
        kind: NameKind::Person,
    },
    place(&["Đà Nẵng"], &["Da Nang", "Danang"]),
    place(&["Hải Phòng"], &["Hai Phong", "Haiphong"]),
    place(&["Cần Thơ"], &["Can Tho"]),
    place(&["Huế"], &["Hue"]),
    place(&["Hạ Long"], &["Ha Long", "Halong"]),
    place(&["Lào Cai"], &["Lao Cai"]),
    place(&["Mỹ Tho"], &["My Tho"]),
    place(&["Hà Lan"], &["Netherlands", "Dutch", "Holland"]),
    place(&["Trung Quốc"], &["China", "Chinese"]),
    place(
        &["Hoa Kỳ", "Mỹ"],
        &["United States", "US", "U.S", "USA", "America", "American"],
    ),
    place(&["Nhật Bản"], &["Japan", "Japanese"]),
    place(
        &["Hàn Quốc"],
        &["Republic of Korea", "South Korea", "Korea", "Korean", "ROK"],
    ),
    place(
        &["Triều Tiên"],
        &[
            "DPRK",
            "North Korea",
            "Democratic People's Republic of Korea",
            "Korea",
        ],
    ),
    place(&["Lào"], &["Laos", "Lao"]),
    place(&["Campuchia"], &["Cambodia", "Cambodian"]),
    place(&["Thái Lan"], &["Thailand", "Thai"]),
    place(
        &["Liên bang Nga", "Nga"],
        &["Russia", "Russian Federation", "Russian"],
    ),
    place(&["Pháp"], &["France", "French"]),
    place(&["Đức"], &["Germany", "German"]),
    place(
        &["Vương quốc Anh", "Anh"],
        &["United Kingdom", "UK", "U.K", "Britain", "British"],
    ),
    place(
        &["Ô-xtrây-li-a", "Australia", "Úc"],
        &["Australia", "Australian"],
    ),
    place(&["Xin-ga-po", "Singapore"], &["Singapore", "Singaporean"]),
    place(
        &["In-đô-nê-xi-a", "Indonesia"],
        &["Indonesia", "Indonesian"],
    ),
    place(&["Ma-lai-xi-a", "Malaysia"], &["Malaysia", "Malaysian"]),
    place(
        &["Phi-líp-pin", "Philippines"],
        &["Philippines", "Philippine", "Filipino"],
    ),
    place(&["Mi-an-ma", "Myanmar"], &["Myanmar"]),
    place(&["Bru-nây", "Brunei"], &["Brunei"]),
    place(&["Cu-ba", "Cuba"], &["Cuba", "Cuban"]),
    place(&["Liên hợp quốc", "LHQ"], &["United Nations", "UN", "U.N"]),
    place(&["Liên minh châu Âu"], &["European Union", "EU"]),
    place(&["Châu Âu"], &["Europe", "European"]),
    place(&["Châu Á"], &["Asia", "Asian"]),
    place(&["Châu Phi"], &["Africa", "African"]),
    place(
        &["Đông Nam Á"],
        &["Southeast Asia", "South-East Asia", "Southeast Asian"],
    ),
    place(&["Biển Đông"], &["East Sea", "South China Sea"]),
    place(&["Trường Sa"], &["Truong Sa", "Spratly", "Spratlys"]),
    place(&["Hoàng Sa"], &["Hoang Sa", "Paracel", "Paracels"]),
    place(&["Đồng bằng sông Cửu Long"], &["Mekong Delta"]),
    place(&["Mê Kông", "Mê-kông", "Mekong"], &["Mekong"]),
    place(&["Tây Nguyên"], &["Central Highlands"]),
    place(&["Thái Bình Dương"], &["Pacific", "Pacific Ocean"]),
    place(&["Ấn Độ Dương"], &["Indian Ocean"]),
    place(&["Ấn Độ"], &["India", "Indian"]),
    place(&["Đại Tây Dương"], &["Atlantic", "Atlantic Ocean"]),
];

/// Every English form in the table, for telling a country name from an ordinary word.
pub(crate) fn is_english_form(word: &str) -> bool {
    KNOWN.iter().any(|k| k.english.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    #[test]
    fn spellings_are_canonical_and_ordered() {
        for (i, k) in KNOWN.iter().enumerate() {
            for v in k.vietnamese {
                assert_eq!(&normalize::text(v), v, "{v} is not in canonical form");
                // No later entry may be a longer spelling that starts with this one.
                for later in &KNOWN[i + 1..] {
                    for w in later.vietnamese {
                        assert!(
                            !(w.len() > v.len() && w.starts_with(&format!("{v} "))),
                            "{w} must come before {v}"
                        );
                    }
                }
            }
            assert!(!k.english.is_empty());
        }
        assert!(is_english_form("China"));
        assert!(!is_english_form("china"));
    }
}
