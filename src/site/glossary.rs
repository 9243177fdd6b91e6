//! The glossary on the site: what a term's page shows (its forms, markets,
//! related terms and the entries that use it, by market) and the index page
//! (`/<lang>/glossary/`), grouped A–Z in English and, in Japanese, Latin
//! headwords A–Z then the kana rows of the 五十音 (あ行, か行 …), kanji
//! headwords by their `reading`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::views::Urls;
use crate::content::Library;
use crate::content::ids::{EntryId, Kind, Lang};
use crate::content::model::{Entry, Term};

/// How many entries using a term the index shows.
pub const INDEX_USERS: usize = 5;

/// How many entries using a term its page lists (by market); the rest are a
/// search away. A term said by most of a large knowledge base would
/// otherwise make a page of thousands of links.
pub const PAGE_USERS: usize = 200;

/// The fields of a term's view (merged into the entry's view).
pub fn term_view(lib: &Library, e: &Entry, t: &Term, lang: Lang, urls: &Urls) -> Value {
    let words = crate::checklist::words::Words::new(lib);
    let markets: Vec<Value> = t
        .markets
        .iter()
        .map(|c| {
            json!({
                "code": c.as_str(),
                "name": words.place_name(c.as_str(), lang),
                "url": lib.jurisdiction(c).map(|j| urls.entry(j.id.as_str(), lang)),
            })
        })
        .collect();
    let short = |id: &EntryId| -> Option<Value> {
        lib.get(id).map(|u| {
            json!({"id": id.as_str(), "title": u.title.or_any(lang), "url": urls.entry(id.as_str(), lang)})
        })
    };
    // The entries that use it, by market (then documents, guides, contacts
    // of no market), each group in id order.
    let mut groups: BTreeMap<(u8, String), Vec<Value>> = BTreeMap::new();
    let users = lib.term_users(&e.id);
    for u in users.iter().take(PAGE_USERS) {
        let Some(v) = short(u) else { continue };
        let key = match (u.kind(), lib.get(u).and_then(Entry::jurisdiction_code)) {
            (Kind::Document, _) => (1, "document".to_string()),
            (Kind::Guide, _) => (2, "guide".to_string()),
            (_, Some(code)) => (0, code.to_string()),
            (k, None) => (3, k.as_str().to_string()),
        };
        groups.entry(key).or_default().push(v);
    }
    let used_by: Vec<Value> = groups
        .into_iter()
        .map(|((order, key), entries)| {
            if order == 0 {
                let url = crate::content::ids::Code::parse(&key)
                    .ok()
                    .and_then(|c| lib.jurisdiction(&c))
                    .map(|j| urls.entry(j.id.as_str(), lang));
                json!({"market": words.place_name(&key, lang), "url": url, "entries": entries})
            } else {
                json!({"kind": key, "entries": entries})
            }
        })
        .collect();
    let sample: Vec<Value> = users
        .iter()
        .take(INDEX_USERS)
        .filter_map(|u| short(u))
        .collect();
    json!({
        "forms": t.forms,
        "reading": t.reading,
        "markets": markets,
        "see_also": t.see_also.iter().filter_map(short).collect::<Vec<_>>(),
        "used_by": used_by,
        "used_count": users.len(),
        "used_more": users.len().saturating_sub(PAGE_USERS),
        "search_for": t.forms.first(),
        "search_query": t.forms.first().map(|f| {
            percent_encoding::utf8_percent_encode(f, percent_encoding::NON_ALPHANUMERIC).to_string()
        }),
        "used_sample": sample,
        "anchor": e.id.name(),
    })
}

/// Katakana to hiragana (other characters as they are).
fn hiragana(s: &str) -> String {
    s.chars()
        .map(|c| match c as u32 {
            0x30A1..=0x30F6 => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The 五十音 rows: the row's name and its hiragana (small kana and voiced
/// ones with their row).
const ROWS: [(&str, &str, &str); 10] = [
    ("a", "あ行", "あいうえおぁぃぅぇぉゔ"),
    ("ka", "か行", "かきくけこがぎぐげごゕゖ"),
    ("sa", "さ行", "さしすせそざじずぜぞ"),
    ("ta", "た行", "たちつてとだぢづでどっ"),
    ("na", "な行", "なにぬねの"),
    ("ha", "は行", "はひふへほばびぶべぼぱぴぷぺぽ"),
    ("ma", "ま行", "まみむめも"),
    ("ya", "や行", "やゆよゃゅょ"),
    ("ra", "ら行", "らりるれろ"),
    ("wa", "わ行", "わをんゎゐゑ"),
];

/// A headword's first letter as a plain ASCII letter or digit, if it is one
/// (`Ü` of `ÜTS` is `U`); `None` for kana, kanji, Thai and the like.
fn latin_initial(headword: &str) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    headword
        .chars()
        .next()?
        .to_string()
        .nfd()
        .next()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
}

/// Where a headword goes in the index of `lang`: (group order, group
/// anchor, group label, sort key). Latin headwords (and digits) by letter in
/// both languages; in Japanese, kana and kanji headwords by their 五十音 row
/// (kanji by `reading`); anything else last.
pub fn place(headword: &str, reading: Option<&str>, lang: Lang) -> (usize, String, String, String) {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = headword
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    match latin_initial(headword) {
        Some(d) if d.is_ascii_digit() => return (0, "index-0".into(), "0–9".into(), folded),
        Some(l) => {
            return (
                1 + (l as usize - 'A' as usize),
                format!("index-{}", l.to_ascii_lowercase()),
                l.to_string(),
                folded,
            );
        }
        None => {}
    }
    let other = || {
        let label = if lang == Lang::Ja { "他" } else { "Other" };
        (
            60,
            "index-other".to_string(),
            label.to_string(),
            folded.clone(),
        )
    };
    if lang != Lang::Ja {
        return other();
    }
    let first = headword.chars().next().unwrap_or(' ');
    let kana = match reading {
        Some(r) if !r.is_empty() => hiragana(r),
        _ => hiragana(headword),
    };
    let k = kana.chars().next().unwrap_or(' ');
    let kana_or_kanji =
        crate::content::glossary::kanji(first) || matches!(first as u32, 0x3041..=0x30FF);
    match ROWS.iter().position(|(_, _, chars)| chars.contains(k)) {
        Some(i) if kana_or_kanji => (
            30 + i,
            format!("index-row-{}", ROWS[i].0),
            ROWS[i].1.to_string(),
            kana,
        ),
        _ => other(),
    }
}

/// A group of the index: its anchor, label, and terms with their sort keys.
type Group<'a> = (String, String, Vec<(String, &'a Value)>);

/// The index page's groups: `[{anchor, label, terms: [view]}]`, in order.
pub fn index(lib: &Library, views: &BTreeMap<EntryId, Value>, lang: Lang) -> Vec<Value> {
    let mut groups: BTreeMap<usize, Group> = BTreeMap::new();
    for e in lib.terms() {
        let Some(v) = views.get(&e.id) else { continue };
        let headword = e.title.or_any(lang);
        let reading = e.term().and_then(|t| t.reading.as_deref());
        let (order, anchor, label, key) = place(headword, reading, lang);
        groups
            .entry(order)
            .or_insert_with(|| (anchor, label, Vec::new()))
            .2
            .push((format!("{key}\u{0}{}", e.id), v));
    }
    groups
        .into_values()
        .map(|(anchor, label, mut terms)| {
            terms.sort_by(|a, b| a.0.cmp(&b.0));
            let terms: Vec<Value> = terms.into_iter().map(|(_, v)| card(v)).collect();
            json!({"anchor": anchor, "label": label, "terms": terms})
        })
        .collect()
}

/// What the index shows of a term (its page has the rest).
fn card(v: &Value) -> Value {
    let mut out = serde_json::Map::new();
    if let Value::Object(o) = v {
        for k in [
            "id",
            "url",
            "title",
            "summary",
            "forms",
            "markets",
            "used_count",
            "used_sample",
            "anchor",
        ] {
            if let Some(x) = o.get(k) {
                out.insert(k.to_string(), x.clone());
            }
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gojuon_and_latin_groups() {
        assert_eq!(place("510(k)", None, Lang::Ja).1, "index-0");
        assert_eq!(place("PMA（市販前承認）", None, Lang::Ja).2, "P");
        assert_eq!(place("承認", Some("しょうにん"), Lang::Ja).2, "さ行");
        assert_eq!(place("ノーティファイドボディ", None, Lang::Ja).2, "な行");
        assert_eq!(place("ガイダンス", None, Lang::Ja).2, "か行");
        assert_eq!(place("Notified body", None, Lang::En).2, "N");
        assert_eq!(
            place("ÜTS（トルコ）", None, Lang::Ja).2,
            "U",
            "a Latin letter with a mark"
        );
        assert_eq!(place("จดแจ้ง", None, Lang::En).2, "Other");
        assert_ne!(
            place("ABC", None, Lang::Ja).1,
            place("安全", Some("あんぜん"), Lang::Ja).1,
            "A and あ行 anchors differ"
        );
        let (a, _, _, ka) = place("認証", Some("にんしょう"), Lang::Ja);
        let (b, _, _, kb) = place("登録認証機関", Some("とうろくにんしょうきかん"), Lang::Ja);
        assert!((b, kb) < (a, ka), "た行 before な行");
    }
}
