//! Classes in the schemes people already know — US I/II/III, EU
//! I/IIa/IIb/III, Japan I–IV — taken to the GHTF/IMDRF class A–D that each
//! market's `class_map` starts from. The correspondence is approximate (each
//! scheme has its own rules), so every use says how sure it is; it is
//! guidance, never a classification.

use crate::content::ids::GhtfClass;

/// A foreign scheme's class, understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Foreign {
    /// The scheme's name (`EU`, `US`, `Japan`, or several when they agree).
    pub scheme: &'static str,
    /// The label as that scheme writes it (`IIb`).
    pub label: &'static str,
    /// The GHTF/IMDRF class it usually corresponds to.
    pub ghtf: GhtfClass,
    /// Why it is only approximate, in English and Japanese.
    pub caveat: (&'static str, &'static str),
}

const APPROX: (&str, &str) = (
    "a usual correspondence, not a classification",
    "一般的な対応であり、クラス分類の判断ではない",
);
const US_II: (&str, &str) = (
    "most US class II devices are GHTF B, some are C",
    "米国クラスIIの多くはGHTFのB、一部はCに当たる",
);
const III_AMBIGUOUS: (&str, &str) = (
    "class III is GHTF D in the US and EU but C in Japan; write jp:III for Japan's",
    "クラスIIIは米国・EUではGHTFのD、日本ではCに当たる（日本のクラスIIIは jp:III と指定）",
);

/// `(prefix, label, scheme, ghtf, caveat)`.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    GhtfClass,
    (&'static str, &'static str),
);

/// Every label understood.
const TABLE: &[Row] = &[
    ("eu", "I", "EU", GhtfClass::A, APPROX),
    ("eu", "IIa", "EU", GhtfClass::B, APPROX),
    ("eu", "IIb", "EU", GhtfClass::C, APPROX),
    ("eu", "III", "EU", GhtfClass::D, APPROX),
    ("us", "I", "US", GhtfClass::A, APPROX),
    ("us", "II", "US", GhtfClass::B, US_II),
    ("us", "III", "US", GhtfClass::D, APPROX),
    ("jp", "I", "Japan", GhtfClass::A, APPROX),
    ("jp", "II", "Japan", GhtfClass::B, APPROX),
    ("jp", "III", "Japan", GhtfClass::C, APPROX),
    ("jp", "IV", "Japan", GhtfClass::D, APPROX),
    // Without a prefix: where the schemes agree, or the usual reading.
    ("", "I", "US/EU/Japan", GhtfClass::A, APPROX),
    ("", "IIa", "EU", GhtfClass::B, APPROX),
    ("", "IIb", "EU", GhtfClass::C, APPROX),
    ("", "II", "US/Japan", GhtfClass::B, US_II),
    ("", "III", "US/EU", GhtfClass::D, III_AMBIGUOUS),
    ("", "IV", "Japan", GhtfClass::D, APPROX),
];

/// Reads `IIb`, `class IIb`, `eu:IIb`, `EU IIb`, `クラスIII`, `jp:III`, `Ⅲ`.
pub fn parse(input: &str) -> Option<Foreign> {
    let s: String = unicode_normalization::UnicodeNormalization::nfkc(input.trim()).collect();
    let s = s.replace("クラス", "").replace(['（', '）'], "");
    let lower = s.to_lowercase();
    let lower = lower.trim_start_matches("class").trim();
    let (prefix, label) = match lower.split_once([':', ' ', '=']) {
        Some((p, l)) if matches!(p, "eu" | "us" | "jp" | "japan" | "usa") => (
            match p {
                "japan" => "jp",
                "usa" => "us",
                other => other,
            },
            l.trim(),
        ),
        _ => ("", lower),
    };
    TABLE
        .iter()
        .find(|(p, l, ..)| *p == prefix && l.eq_ignore_ascii_case(label))
        .map(|&(_, label, scheme, ghtf, caveat)| Foreign {
            scheme,
            label,
            ghtf,
            caveat,
        })
}

/// The labels of one scheme (`"eu"`, `"us"`, `"jp"`, or `""` for labels
/// without a scheme) with their usual GHTF class: what search reads too.
pub fn labels(prefix: &str) -> impl Iterator<Item = (&'static str, GhtfClass)> + '_ {
    TABLE
        .iter()
        .filter(move |(p, ..)| *p == prefix)
        .map(|&(_, label, _, ghtf, _)| (label, ghtf))
}

/// The table as JSON, for the page's planner: `[{prefix, label, scheme, ghtf, caveat: [en, ja]}]`.
pub fn to_json() -> serde_json::Value {
    TABLE
        .iter()
        .map(|&(prefix, label, scheme, ghtf, caveat)| {
            serde_json::json!({"prefix": prefix, "label": label, "scheme": scheme, "ghtf": ghtf.as_str(), "caveat": [caveat.0, caveat.1]})
        })
        .collect()
}

/// The rows of the converter shown on market pages: each scheme's classes
/// with their usual GHTF class.
pub fn converter_rows() -> Vec<(&'static str, &'static str, GhtfClass)> {
    TABLE
        .iter()
        .filter(|(p, ..)| !p.is_empty())
        .map(|&(_, label, scheme, ghtf, _)| (scheme, label, ghtf))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_other_schemes() {
        assert_eq!(parse("IIb").unwrap().ghtf, GhtfClass::C);
        assert_eq!(parse("class IIa").unwrap().ghtf, GhtfClass::B);
        assert_eq!(parse("eu:III").unwrap().ghtf, GhtfClass::D);
        assert_eq!(parse("jp:III").unwrap().ghtf, GhtfClass::C);
        assert_eq!(parse("クラスIII").unwrap().ghtf, GhtfClass::D);
        assert_eq!(parse("Ⅳ").unwrap().ghtf, GhtfClass::D);
        assert_eq!(parse("US II").unwrap().scheme, "US");
        assert!(parse("V").is_none());
        assert!(parse("B").is_none(), "GHTF letters are not foreign labels");
    }
}
