//! Romaji: a Latin word typed for a Japanese one ("betonamu", "shonin")
//! finds the kana names and readings of the lexicon. Each kana phrase gets a
//! key, its romaji by `wana_kana`, folded so that long vowels count either
//! way (しょうにん "shounin", "shōnin" and "shonin" share the key "shonin");
//! a query word is folded the same way and looked up. The browser only
//! folds (templates/assets/search.js `foldRomaji`), so both engines agree.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use wana_kana::ConvertJapanese;

/// Whether `c` is kana (or the long-vowel mark).
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC)
}

/// The folded romaji of an all-kana phrase, or `None`.
pub fn key_of_kana(phrase: &str) -> Option<String> {
    if phrase.is_empty() || !phrase.chars().all(is_kana) {
        return None;
    }
    let key = fold(&phrase.to_romaji());
    (key.len() >= 3).then_some(key)
}

/// Lower case, diacritics and everything but a–z dropped, doubled vowels
/// and "ou" made one vowel.
pub fn fold(word: &str) -> String {
    let plain: String = word
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(char::is_ascii_lowercase)
        .collect();
    let mut out = String::with_capacity(plain.len());
    for c in plain.chars() {
        let prev = out.chars().next_back();
        let long = matches!(
            (prev, c),
            (Some('a'), 'a')
                | (Some('i'), 'i')
                | (Some('u'), 'u')
                | (Some('e'), 'e')
                | (Some('o'), 'o')
                | (Some('o'), 'u')
        );
        if !long {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_vowels_either_way() {
        assert_eq!(key_of_kana("ベトナム").as_deref(), Some("betonamu"));
        assert_eq!(key_of_kana("しょうにん").as_deref(), Some("shonin"));
        assert_eq!(fold("shōnin"), "shonin");
        assert_eq!(fold("Shounin"), "shonin");
        assert_eq!(key_of_kana("シンガポール"), Some(fold("shingapooru")));
        assert_eq!(key_of_kana("承認"), None);
    }
}
