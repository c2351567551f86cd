//! Closed lists of places behind the typed slots `{province}` and `{country}`: Vietnam's
//! provinces and centrally-run cities (the 63 units before the 2025 merger and the 34 after
//! it) and the world's countries, read from `glossary/provinces.tsv` and
//! `glossary/countries.tsv`, which are embedded in the binary. `verify` takes its province
//! and country names from here too, so there is one list of each.
//!
//! ```
//! use vibrief::text::gazetteer::{countries, provinces};
//! assert_eq!(countries().lookup("Nhật Bản").unwrap().english, "Japan");
//! assert_eq!(countries().lookup("Mỹ").unwrap().bare(), "United States");
//! assert_eq!(provinces().lookup("Thanh Hoá").unwrap().name, "Thanh Hóa");
//! assert_eq!(provinces().lookup("TP.HCM").unwrap().english, "Hồ Chí Minh City");
//! ```

use crate::text::normalize;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The provinces file, as shipped.
pub const PROVINCES_TSV: &str = include_str!("../../glossary/provinces.tsv");
/// The countries file, as shipped.
pub const COUNTRIES_TSV: &str = include_str!("../../glossary/countries.tsv");

/// Which list a place is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A province or centrally-run city of Vietnam.
    Province,
    /// A country, territory or the European Union.
    Country,
}

/// One place of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Which list it is on.
    pub kind: PlaceKind,
    /// The canonical Vietnamese name (NFC, traditional tone placement).
    pub name: String,
    /// Other Vietnamese spellings that name it (`TP.HCM`, `Mỹ`, `Bra-xin`).
    pub aliases: Vec<String>,
    /// What a slot renders: the province's name (`Thừa Thiên Huế`, `Hồ Chí Minh City`) or
    /// the country's English name, with `the` where English needs it after to/in/of
    /// (`the United States`, `Japan`).
    pub english: String,
    /// Other accepted English forms (`Hanoi`, `the US`, `South Korea`).
    pub variants: Vec<String>,
    /// Demonyms (`Japanese`), for countries.
    pub adjectives: Vec<String>,
    /// A province among the 63 units before the 2025 merger.
    pub before_2025: bool,
    /// A province among the 34 units after the 2025 merger.
    pub after_2025: bool,
    /// Where usage is contested, or what the 2025 merger did to it.
    pub note: String,
}

impl Place {
    /// The name, then the aliases.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The English name without a leading `the` (`United States`), for places where no
    /// article fits (`United States Embassy`, `Vietnam–United States relations`).
    pub fn bare(&self) -> &str {
        bare(&self.english)
    }

    /// The slot rendering, then the other accepted English forms.
    pub fn renderings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.english.as_str()).chain(self.variants.iter().map(String::as_str))
    }
}

/// `s` without a leading `the ` (`the Gambia` → `Gambia`).
pub fn bare(s: &str) -> &str {
    s.strip_prefix("the ").unwrap_or(s)
}

/// A list of places with a lookup by any spelling.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    /// Folded key of every spelling → (place, which words the spelling capitalizes).
    index: HashMap<String, (usize, Vec<bool>)>,
    max_words: usize,
}

impl Gazetteer {
    /// Reads a list in the format of the shipped files: a header row naming the columns,
    /// `#` comment lines, tab-separated fields, `|`-separated lists. Errors give the line.
    pub fn parse(text: &str, kind: PlaceKind) -> Result<Gazetteer, String> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
        let header: Vec<&str> = lines.next().ok_or("no header row")?.1.split('\t').collect();
        let col = |name: &str| header.iter().position(|h| h.trim() == name);
        let vietnamese = col("vietnamese").ok_or("no `vietnamese` column")?;
        let english = col("english").ok_or("no `english` column")?;
        let mut places = Vec::new();
        for (i, line) in lines {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() != header.len() {
                return Err(format!(
                    "line {}: {} fields, the header has {}",
                    i + 1,
                    fields.len(),
                    header.len()
                ));
            }
            let get = |name: &str| col(name).map_or("", |c| fields[c].trim());
            let list = |name: &str| -> Vec<String> {
                get(name)
                    .split('|')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(normalize::text)
                    .collect()
            };
            let name = normalize::text(fields[vietnamese]);
            if name.is_empty() {
                return Err(format!("line {}: empty name", i + 1));
            }
            let place = match kind {
                PlaceKind::Province => {
                    let units = get("units");
                    let render = get("render");
                    Place {
                        kind,
                        english: normalize::text(if render.is_empty() { &name } else { render }),
                        variants: list("english"),
                        adjectives: Vec::new(),
                        before_2025: units.split_whitespace().any(|u| u == "63"),
                        after_2025: units.split_whitespace().any(|u| u == "34"),
                        aliases: list("aliases"),
                        note: get("note").to_owned(),
                        name,
                    }
                }
                PlaceKind::Country => Place {
                    kind,
                    english: normalize::text(fields[english]),
                    variants: list("variants"),
                    adjectives: list("adjectives"),
                    before_2025: false,
                    after_2025: false,
                    aliases: list("aliases"),
                    note: get("note").to_owned(),
                    name,
                },
            };
            if place.english.is_empty() {
                return Err(format!("line {}: no English rendering", i + 1));
            }
            places.push(place);
        }
        let mut index = HashMap::new();
        let mut max_words = 0;
        for (i, p) in places.iter().enumerate() {
            for s in p.spellings() {
                let key = fold(&normalize::key(s)).into_owned();
                let caps: Vec<bool> = words(s)
                    .map(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .collect();
                max_words = max_words.max(caps.len());
                if let Some((j, _)) = index.insert(key, (i, caps)) {
                    if j != i {
                        return Err(format!(
                            "`{s}` names both {} and {}",
                            places[j].name, p.name
                        ));
                    }
                }
            }
        }
        Ok(Gazetteer {
            places,
            index,
            max_words,
        })
    }

    /// The places, in file order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The place `text` names, spelled in any listed way (case, Unicode form, tone
    /// placement and dashes do not matter here; capitalization is the matcher's concern).
    pub fn lookup(&self, text: &str) -> Option<&Place> {
        self.index
            .get(fold(&normalize::key(text)).as_ref())
            .map(|(i, _)| &self.places[*i])
    }

    /// The place whose spelling has `key` (a [`normalize::key`] form), with which of the
    /// spelling's words are capitalized.
    pub(crate) fn by_key(&self, key: &str) -> Option<(&Place, &[bool])> {
        self.index
            .get(fold(key).as_ref())
            .map(|(i, caps)| (&self.places[*i], caps.as_slice()))
    }

    /// The most words any spelling has.
    pub(crate) fn max_words(&self) -> usize {
        self.max_words
    }
}

/// The words of `s`: its runs of letters and digits (`Bà Rịa - Vũng Tàu` has four).
pub(crate) fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A key with dashes folded: en and em dashes are hyphens, and spaces around a hyphen go
/// (`bà rịa – vũng tàu` → `bà rịa-vũng tàu`).
fn fold(key: &str) -> std::borrow::Cow<'_, str> {
    if !key.contains(['–', '—', ' ']) || !key.contains(['-', '–', '—']) {
        return std::borrow::Cow::Borrowed(key);
    }
    let dashed = key.replace(['–', '—'], "-");
    std::borrow::Cow::Owned(
        dashed
            .split('-')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("-"),
    )
}

static PROVINCES: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::parse(PROVINCES_TSV, PlaceKind::Province)
        .unwrap_or_else(|e| panic!("glossary/provinces.tsv: {e}"))
});
static COUNTRIES: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::parse(COUNTRIES_TSV, PlaceKind::Country)
        .unwrap_or_else(|e| panic!("glossary/countries.tsv: {e}"))
});

/// Vietnam's provinces and centrally-run cities (`glossary/provinces.tsv`).
pub fn provinces() -> &'static Gazetteer {
    &PROVINCES
}

/// Countries, territories and the EU (`glossary/countries.tsv`).
pub fn countries() -> &'static Gazetteer {
    &COUNTRIES
}

/// The list of `kind`.
pub fn of(kind: PlaceKind) -> &'static Gazetteer {
    match kind {
        PlaceKind::Province => provinces(),
        PlaceKind::Country => countries(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_province_sets_are_complete() {
        let p = provinces().places();
        assert_eq!(p.iter().filter(|p| p.before_2025).count(), 63);
        assert_eq!(p.iter().filter(|p| p.after_2025).count(), 34);
        assert!(p.iter().all(|p| p.before_2025 || p.after_2025));
        let merged: Vec<&str> = p
            .iter()
            .filter(|p| p.after_2025 && !p.before_2025)
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(merged, ["Huế"], "only Huế is new as a unit in 2025");
    }

    #[test]
    fn spellings_tone_styles_and_dashes_meet() {
        let name = |s: &str| provinces().lookup(s).map(|p| p.name.as_str());
        assert_eq!(name("Thanh Hoá"), Some("Thanh Hóa"));
        assert_eq!(name("KHÁNH HOÀ"), Some("Khánh Hòa"));
        assert_eq!(name("Bà Rịa-Vũng Tàu"), Some("Bà Rịa - Vũng Tàu"));
        assert_eq!(name("Bà Rịa – Vũng Tàu"), Some("Bà Rịa - Vũng Tàu"));
        assert_eq!(name("TP. Hồ Chí Minh"), Some("Thành phố Hồ Chí Minh"));
        assert_eq!(name("Thành phố Hồ Chí Minh"), Some("Thành phố Hồ Chí Minh"));
        assert_eq!(name("Hồ Chí Minh"), None, "the President's name alone");
        assert_eq!(name("Trương Hải Long"), None);
        let tth = provinces().lookup("Thừa Thiên - Huế").unwrap();
        assert_eq!(tth.english, "Thừa Thiên Huế");
        assert!(tth.before_2025 && !tth.after_2025);
    }

    #[test]
    fn countries_render_english_with_the_article_where_it_belongs() {
        let en = |s: &str| countries().lookup(s).map(|p| p.english.as_str());
        assert_eq!(en("Nhật Bản"), Some("Japan"));
        assert_eq!(en("Hoa Kỳ"), Some("the United States"));
        assert_eq!(en("Mỹ"), Some("the United States"));
        assert_eq!(en("Trung Quốc"), Some("China"));
        assert_eq!(en("Hàn Quốc"), Some("the Republic of Korea"));
        assert_eq!(en("Liên bang Nga"), Some("Russia"));
        assert_eq!(en("Nga"), Some("Russia"));
        assert_eq!(en("Vương quốc Anh"), Some("the United Kingdom"));
        assert_eq!(en("Anh"), Some("the United Kingdom"));
        assert_eq!(en("Lào"), Some("Laos"));
        assert_eq!(en("Campuchia"), Some("Cambodia"));
        assert_eq!(en("Ấn Độ"), Some("India"));
        assert_eq!(en("Úc"), Some("Australia"));
        assert_eq!(en("Ô-xtrây-li-a"), Some("Australia"));
        assert_eq!(en("Liên minh châu Âu"), Some("the European Union"));
        assert_eq!(en("EU"), Some("the European Union"));
        let korea = countries().lookup("Hàn Quốc").unwrap();
        assert!(korea.variants.iter().any(|v| v == "South Korea"));
        assert_eq!(korea.bare(), "Republic of Korea");
    }

    /// Every UN member state (by its UN short name, article dropped) renders from some row.
    #[test]
    fn every_un_member_is_listed() {
        const UN_MEMBERS: &[&str] = &[
            "Afghanistan",
            "Albania",
            "Algeria",
            "Andorra",
            "Angola",
            "Antigua and Barbuda",
            "Argentina",
            "Armenia",
            "Australia",
            "Austria",
            "Azerbaijan",
            "Bahamas",
            "Bahrain",
            "Bangladesh",
            "Barbados",
            "Belarus",
            "Belgium",
            "Belize",
            "Benin",
            "Bhutan",
            "Bolivia",
            "Bosnia and Herzegovina",
            "Botswana",
            "Brazil",
            "Brunei Darussalam",
            "Bulgaria",
            "Burkina Faso",
            "Burundi",
            "Cabo Verde",
            "Cambodia",
            "Cameroon",
            "Canada",
            "Central African Republic",
            "Chad",
            "Chile",
            "China",
            "Colombia",
            "Comoros",
            "Republic of the Congo",
            "Costa Rica",
            "Côte d'Ivoire",
            "Croatia",
            "Cuba",
            "Cyprus",
            "Czechia",
            "Democratic People's Republic of Korea",
            "Democratic Republic of the Congo",
            "Denmark",
            "Djibouti",
            "Dominica",
            "Dominican Republic",
            "Ecuador",
            "Egypt",
            "El Salvador",
            "Equatorial Guinea",
            "Eritrea",
            "Estonia",
            "Eswatini",
            "Ethiopia",
            "Fiji",
            "Finland",
            "France",
            "Gabon",
            "Gambia",
            "Georgia",
            "Germany",
            "Ghana",
            "Greece",
            "Grenada",
            "Guatemala",
            "Guinea",
            "Guinea-Bissau",
            "Guyana",
            "Haiti",
            "Honduras",
            "Hungary",
            "Iceland",
            "India",
            "Indonesia",
            "Iran",
            "Iraq",
            "Ireland",
            "Israel",
            "Italy",
            "Jamaica",
            "Japan",
            "Jordan",
            "Kazakhstan",
            "Kenya",
            "Kiribati",
            "Kuwait",
            "Kyrgyzstan",
            "Lao People's Democratic Republic",
            "Latvia",
            "Lebanon",
            "Lesotho",
            "Liberia",
            "Libya",
            "Liechtenstein",
            "Lithuania",
            "Luxembourg",
            "Madagascar",
            "Malawi",
            "Malaysia",
            "Maldives",
            "Mali",
            "Malta",
            "Marshall Islands",
            "Mauritania",
            "Mauritius",
            "Mexico",
            "Micronesia",
            "Moldova",
            "Monaco",
            "Mongolia",
            "Montenegro",
            "Morocco",
            "Mozambique",
            "Myanmar",
            "Namibia",
            "Nauru",
            "Nepal",
            "Netherlands",
            "New Zealand",
            "Nicaragua",
            "Niger",
            "Nigeria",
            "North Macedonia",
            "Norway",
            "Oman",
            "Pakistan",
            "Palau",
            "Panama",
            "Papua New Guinea",
            "Paraguay",
            "Peru",
            "Philippines",
            "Poland",
            "Portugal",
            "Qatar",
            "Republic of Korea",
            "Romania",
            "Russian Federation",
            "Rwanda",
            "Saint Kitts and Nevis",
            "Saint Lucia",
            "Saint Vincent and the Grenadines",
            "Samoa",
            "San Marino",
            "São Tomé and Príncipe",
            "Saudi Arabia",
            "Senegal",
            "Serbia",
            "Seychelles",
            "Sierra Leone",
            "Singapore",
            "Slovakia",
            "Slovenia",
            "Solomon Islands",
            "Somalia",
            "South Africa",
            "South Sudan",
            "Spain",
            "Sri Lanka",
            "Sudan",
            "Suriname",
            "Sweden",
            "Switzerland",
            "Syria",
            "Tajikistan",
            "Thailand",
            "Timor-Leste",
            "Togo",
            "Tonga",
            "Trinidad and Tobago",
            "Tunisia",
            "Türkiye",
            "Turkmenistan",
            "Tuvalu",
            "Uganda",
            "Ukraine",
            "United Arab Emirates",
            "United Kingdom",
            "Tanzania",
            "United States",
            "Uruguay",
            "Uzbekistan",
            "Vanuatu",
            "Venezuela",
            "Vietnam",
            "Yemen",
            "Zambia",
            "Zimbabwe",
        ];
        assert_eq!(UN_MEMBERS.len(), 193);
        let forms: Vec<&str> = countries()
            .places()
            .iter()
            .flat_map(|p| p.renderings().map(bare))
            .collect();
        let missing: Vec<&&str> = UN_MEMBERS.iter().filter(|m| !forms.contains(m)).collect();
        assert!(missing.is_empty(), "not listed: {missing:?}");
    }

    #[test]
    fn files_are_in_canonical_form_and_shaped_as_their_header() {
        for (file, text) in [("provinces", PROVINCES_TSV), ("countries", COUNTRIES_TSV)] {
            let cols = text.lines().next().unwrap().split('\t').count();
            for (i, line) in text.lines().enumerate() {
                assert_eq!(line.split('\t').count(), cols, "{file}.tsv:{}", i + 1);
                if !line.starts_with('#') {
                    for field in line.split('\t') {
                        assert_eq!(normalize::text(field), field, "{file}.tsv:{}", i + 1);
                    }
                }
            }
        }
    }

    #[test]
    fn ambiguous_spellings_are_refused() {
        let text = "vietnamese\taliases\tenglish\n\
                    Cộng hòa Công-gô\tCông-gô\tthe Congo\n\
                    Cộng hòa Dân chủ Công-gô\tCông - gô\tthe DRC\n";
        let err = Gazetteer::parse(text, PlaceKind::Country).unwrap_err();
        assert_eq!(
            err,
            "`Công - gô` names both Cộng hòa Công-gô and Cộng hòa Dân chủ Công-gô"
        );
        assert!(
            Gazetteer::parse("vietnamese\tenglish\nA\n", PlaceKind::Country)
                .unwrap_err()
                .starts_with("line 2:")
        );
    }

    #[test]
    fn fold_dashes() {
        assert_eq!(fold("bà rịa - vũng tàu"), "bà rịa-vũng tàu");
        assert_eq!(fold("bà rịa–vũng tàu"), "bà rịa-vũng tàu");
        assert_eq!(fold("ghi-nê bít-xao"), "ghi-nê bít-xao");
        assert_eq!(fold("gia lai"), "gia lai");
    }
}
