//! The Japanese-aware analyzer shared by the tantivy index and the static
//! index: NFKC (full-width ＭＤＳＡＰ and half-width ｶﾀｶﾅ become MDSAP and
//! カタカナ), lower case, CJK runs as overlapping bigrams (a lone character as
//! a unigram), other letter/digit runs as words; then ASCII folding and the
//! English stemmer (tantivy's filters). Offsets point into the original text,
//! so snippets highlight the right characters.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

/// The name the analyzer is registered under.
pub const NAME: &str = "regnav";

/// The analyzer with stemming (tantivy fields).
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(CjkTokenizer)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Whether a (normalised) character belongs to a CJK run.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // hiragana, katakana
        | 0x31F0..=0x31FF // katakana extensions
        | 0x3400..=0x4DBF // CJK ext A
        | 0x4E00..=0x9FFF // CJK unified
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xAC00..=0xD7AF // hangul syllables
        | 0x3005 | 0x3006) // 々 〆 (ー is in the katakana block)
}

/// Normalised characters with the byte range of the original they come from.
fn normalized(text: &str) -> Vec<(char, usize, usize)> {
    let mut out = Vec::with_capacity(text.len());
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_ascii() {
            out.push((c.to_ascii_lowercase(), i, i + 1));
            continue;
        }
        // Hiragana, full-width katakana and kanji are already NFKC-stable.
        if matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FFF) {
            out.push((c, i, i + c.len_utf8()));
            continue;
        }
        let mut end = i + c.len_utf8();
        // Half-width katakana with a separate (han)dakuten: normalise the pair.
        let pair = it
            .peek()
            .filter(|(_, n)| matches!(n, '\u{FF9E}' | '\u{FF9F}'))
            .map(|&(j, n)| (j, n));
        let chars: Vec<char> = match pair {
            Some((j, n)) => {
                end = j + n.len_utf8();
                it.next();
                [c, n].into_iter().nfkc().collect()
            }
            None => std::iter::once(c).nfkc().collect(),
        };
        for n in chars.into_iter().flat_map(char::to_lowercase) {
            out.push((n, i, end));
        }
    }
    out
}

/// Splits text into word tokens and CJK bigrams (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub struct CjkTokenizer;

/// Its token stream.
pub struct CjkTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

/// The raw tokens of `text`, before folding and stemming.
pub fn tokens(text: &str) -> Vec<Token> {
    let chars = normalized(text);
    let mut out = Vec::new();
    let mut i = 0;
    let mut position = 0;
    while i < chars.len() {
        let c = chars[i].0;
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i].0) {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() == 1 {
                out.push(token(run, position));
                position += 1;
            } else {
                for w in run.windows(2) {
                    out.push(token(w, position));
                    position += 1;
                }
            }
        } else if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].0.is_alphanumeric() && !is_cjk(chars[i].0) {
                i += 1;
            }
            out.push(token(&chars[start..i], position));
            position += 1;
        } else {
            i += 1;
        }
    }
    out
}

fn token(chars: &[(char, usize, usize)], position: usize) -> Token {
    Token {
        offset_from: chars.first().map(|c| c.1).unwrap_or(0),
        offset_to: chars.last().map(|c| c.2).unwrap_or(0),
        position,
        text: chars.iter().map(|c| c.0).collect(),
        position_length: 1,
    }
}

impl Tokenizer for CjkTokenizer {
    type TokenStream<'a> = CjkTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkTokenStream {
        CjkTokenStream {
            tokens: tokens(text),
            index: 0,
        }
    }
}

impl TokenStream for CjkTokenStream {
    fn advance(&mut self) -> bool {
        self.index += 1;
        self.index <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

/// The analysed terms of `text` (what the index stores).
pub fn terms(text: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_variants_and_bigrams() {
        assert_eq!(terms("ＭＤＳＡＰ"), ["mdsap"]);
        assert_eq!(
            terms("医療機器の登録"),
            ["医療", "療機", "機器", "器の", "の登", "登録"]
        );
        assert_eq!(terms("ﾀｲ ｸﾗｽB"), ["タイ", "クラ", "ラス", "b"]);
        assert_eq!(terms("ｶﾞｲﾄﾞ"), ["ガイ", "イド"]);
        assert_eq!(terms("Notified Bodies"), ["notifi", "bodi"]);
        assert_eq!(terms("Việt Nam"), ["viet", "nam"]);
        assert_eq!(terms("登"), ["登"]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let t = tokens("ＦＤＡ 承認");
        assert_eq!(t[0].text, "fda");
        assert_eq!((t[0].offset_from, t[0].offset_to), (0, 9));
        assert_eq!(&"ＦＤＡ 承認"[t[1].offset_from..t[1].offset_to], "承認");
    }
}
