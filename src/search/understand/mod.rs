//! Question understanding, shared by both engines: before anything is
//! ranked, a question is read against the [`Lexicon`] — markets by name and
//! alias with word boundaries (インド is not the start of インドネシア; "us"
//! is the United States only in capitals or in context), class labels of any
//! scheme mapped through each market's class map, topics (requirement
//! categories), device types, synonyms, romaji, and stop words and question
//! scaffolding, which are dropped. The result ([`Analysis`]) says what is
//! searched, unit by unit; `regnav search --format json` prints it, and
//! `templates/assets/search.js` computes the same from the same lexicon
//! (tests/static_search.rs checks they agree).

pub mod lexicon;
pub mod romaji;

use std::collections::BTreeMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

pub use lexicon::{Kind, Lexicon};

use super::analyzer::is_cjk;

/// What was understood of a question.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Analysis {
    /// Markets named that the knowledge base covers (codes).
    pub markets: Vec<String>,
    /// Markets named that it does not cover.
    pub not_covered: Vec<NotCovered>,
    /// Device classes named, with the local class per market.
    pub classes: Vec<ClassMention>,
    /// Requirement categories named.
    pub topics: Vec<String>,
    /// Device types named (`ivd`, `samd`, `ai`).
    pub device_types: Vec<String>,
    /// Words read as romaji.
    pub romaji: Vec<String>,
    /// Words read as the market, topic or synonym they mistype: [typed,
    /// read] ("singapor", "singapore").
    pub corrected: Vec<[String; 2]>,
    /// Stop words and scaffolding dropped.
    pub dropped: Vec<String>,
    /// What is searched, in the order of the question.
    pub units: Vec<Unit>,
    /// One market and a class named: the route that applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// The question is a glossary term (one of its forms or its headword,
    /// with or without "what is", "とは" …): the term's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
}

/// The direct answer to "market + class": the route that applies, its
/// duration and fees, and the checklist with the profile filled in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answer {
    /// Market code.
    pub market: String,
    /// The local class, as the market writes it.
    pub class: String,
    /// The route.
    pub route: lexicon::RouteCard,
    /// The checklist page (relative to the language root) for the profile.
    pub checklist: String,
}

/// A market the knowledge base lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotCovered {
    /// Country code.
    pub code: String,
    /// Japanese name.
    pub ja: String,
    /// English name.
    pub en: String,
}

/// A class named in the question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassMention {
    /// As typed, lower case (`iib`, `3`, `c`).
    pub label: String,
    /// Its GHTF class, if the label is one of a known scheme.
    pub ghtf: Option<String>,
    /// The local class in each market named (lower case).
    pub local: BTreeMap<String, String>,
}

/// One thing searched for; an entry must match every unit (then most).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Unit {
    /// Entries of the market (or about it, or whose contacts cover it).
    Market {
        /// Code.
        code: String,
        /// Whether the knowledge base has it.
        covered: bool,
        /// Other names of it the question used (a regulator's, a law's):
        /// entries saying them first.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        said: Vec<String>,
    },
    /// Entries about one of these classes (local or GHTF, lower case).
    Class {
        /// Labels.
        labels: Vec<String>,
    },
    /// Entries of the category first, then entries saying one of the phrases.
    Topic {
        /// Category.
        category: String,
        /// Phrases.
        phrases: Vec<String>,
        /// The phrases typed that name a part of the topic (any but the
        /// first of its script: 認証 or 承認 of registration, 臨床評価 of
        /// clinical evidence): entries saying them first.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        said: Vec<String>,
    },
    /// Entries saying one of the phrases.
    Terms {
        /// Phrases (normalised text; each engine tokenises them).
        phrases: Vec<String>,
    },
}

/// Of a market's routes, the one for local class `local` (lower case): the
/// first serving it for the device asked (IVD or not), else, for a general
/// device, the first serving it (an IVD class label typed without "IVD").
/// An IVD never gets a route for general devices only: "Egypt IVD class
/// IIb" is not answered by Egypt's route for general devices of class IIb.
pub fn route_for<'a>(
    routes: &'a [lexicon::RouteCard],
    local: &str,
    ivd: bool,
) -> Option<&'a lexicon::RouteCard> {
    let serves = |r: &&lexicon::RouteCard| r.classes.iter().any(|c| c.to_lowercase() == local);
    routes
        .iter()
        .filter(serves)
        .find(|r| r.ivd.is_none_or(|i| i == ivd))
        .or_else(|| routes.iter().filter(serves).find(|_| !ivd))
}

/// The topic that asks for a class's route (with a market and a class,
/// nothing else): see [`route_asked`].
pub const ROUTE_TOPIC: &str = "registration";

/// The requirement of the route answered, when the question asks for
/// nothing but it: one market and a class, perhaps registration (not a
/// part of it: 承認 may not be the route answered), nothing else. Both
/// engines rank it first of its tier, so the hits agree with the card.
pub fn route_asked(a: &Analysis) -> Option<&str> {
    let only_route = a.units.iter().all(|u| match u {
        Unit::Market { .. } | Unit::Class { .. } => true,
        Unit::Topic { category, said, .. } => category == ROUTE_TOPIC && said.is_empty(),
        Unit::Terms { .. } => false,
    });
    a.answer
        .as_ref()
        .filter(|_| only_route)
        .and_then(|x| x.route.requirement.as_deref())
}

/// The route for the one market and the class named, if any.
fn answer(lex: &Lexicon, a: &Analysis) -> Option<Answer> {
    let [code] = a.markets.as_slice() else {
        return None;
    };
    let m = lex.markets.get(code)?;
    let local = a.classes.iter().find_map(|c| c.local.get(code))?;
    let ivd = a.device_types.iter().any(|d| d == "ivd");
    let route = route_for(&m.routes, local, ivd)?;
    let class = route
        .classes
        .iter()
        .find(|c| c.to_lowercase() == *local)?
        .clone();
    Some(Answer {
        market: code.clone(),
        checklist: format!(
            "checklist/?to={code}&class={code}%3D{class}{}",
            if ivd { "&type=ivd" } else { "" }
        ),
        class,
        route: route.clone(),
    })
}

/// A form or a question folded for comparing with glossary terms: NFKC,
/// lower case, letters and digits only (`510(k)` = `510k`, `CH-REP` =
/// `ch rep`, `ＵＤＩ` = `udi`).
pub fn fold(s: &str) -> String {
    s.nfkc()
        .map(lower)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The glossary term a question is: all of it, or all but what was dropped
/// as scaffolding ("what is", "とは", "ですか").
fn term_asked(lex: &Lexicon, low: &[char], dropped: &[(usize, String)]) -> Option<String> {
    if lex.terms.is_empty() {
        return None;
    }
    let whole: String = low.iter().filter(|c| c.is_alphanumeric()).collect();
    if let Some(id) = lex.terms.get(&whole) {
        return Some(id.clone());
    }
    let mut keep = vec![true; low.len()];
    for (at, text) in dropped {
        for k in keep.iter_mut().skip(*at).take(text.chars().count()) {
            *k = false;
        }
    }
    let kept: String = low
        .iter()
        .zip(&keep)
        .filter(|(c, k)| **k && c.is_alphanumeric())
        .map(|(c, _)| *c)
        .collect();
    lex.terms.get(&kept).cloned()
}

/// Lower case of one character, if it is one character (so positions in
/// the original and the lowered text agree).
pub fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

fn latin(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn kata(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC)
}

fn kanji(c: char) -> bool {
    is_cjk(c) && !hira(c) && !kata(c)
}

fn hira(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096)
}

const CLASS_LABELS: [&str; 14] = [
    "iia", "iib", "iii", "iv", "ii", "i", "a", "b", "c", "d", "1", "2", "3", "4",
];

#[derive(Debug, Clone)]
enum Part {
    Class(String),
    Phrase(usize),
    /// A Latin word read as romaji for the phrase at this index.
    Romaji(usize),
    /// A Latin word that mistypes the phrase at this index.
    Typo(usize),
    Market(String),
    Stop,
    Word,
}

fn starts_with(hay: &[char], at: usize, needle: &[char]) -> bool {
    hay.len() >= at + needle.len() && hay[at..at + needle.len()] == *needle
}

/// The Latin word ending just before `at` (or starting at `at`, forward).
fn word_near(low: &[char], at: usize, forward: bool) -> String {
    let mut i = at;
    if forward {
        while i < low.len() && !latin(low[i]) {
            i += 1;
        }
        low[i..].iter().take_while(|c| latin(**c)).collect()
    } else {
        while i > 0 && !latin(low[i - 1]) {
            i -= 1;
        }
        let mut w: Vec<char> = low[..i]
            .iter()
            .rev()
            .take_while(|c| latin(**c))
            .copied()
            .collect();
        w.reverse();
        w.into_iter().collect()
    }
}

/// How a phrase can be typed: as written; without the spaces between a
/// letter and a digit or between Latin and Japanese ("iso 13485" as
/// `ISO13485`); and with a space between Latin and Japanese ("ceマーク" as
/// `CE マーク`).
fn spellings(phrase: &str) -> Vec<Vec<char>> {
    let pc: Vec<char> = phrase.chars().collect();
    let boundary = |x: char, y: char| {
        (x.is_ascii_alphabetic() && y.is_ascii_digit())
            || (x.is_ascii_digit() && y.is_ascii_alphabetic())
            || (x.is_ascii_alphanumeric() && is_cjk(y))
            || (is_cjk(x) && y.is_ascii_alphanumeric())
    };
    let joined: Vec<char> = pc
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            !(c == ' ' && i > 0 && i + 1 < pc.len() && boundary(pc[i - 1], pc[i + 1]))
        })
        .map(|(_, &c)| c)
        .collect();
    let mut spaced: Vec<char> = Vec::with_capacity(joined.len() + 2);
    for (i, &c) in joined.iter().enumerate() {
        if i > 0 && is_cjk(c) != is_cjk(joined[i - 1]) && c != ' ' && joined[i - 1] != ' ' {
            spaced.push(' ');
        }
        spaced.push(c);
    }
    let mut out = vec![pc];
    for v in [joined, spaced] {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// The phrase of the lexicon a Latin word mistypes — a market's name or
/// alias, a topic, a synonym, a device type — with the same first letter
/// and one edit away (two from ten letters for a market's name:
/// "phillipines"); words under seven letters are left alone ("child" is not
/// Chile). The nearest, then the first in the lexicon's order.
fn typo_of(lex: &Lexicon, word: &str) -> Option<usize> {
    let w: Vec<char> = word.chars().collect();
    if w.len() < 7 || !w.iter().all(char::is_ascii_lowercase) {
        return None;
    }
    let max = if w.len() >= 10 { 2 } else { 1 };
    let mut best: Option<(usize, usize)> = None;
    for (pi, p) in lex.phrases.iter().enumerate() {
        if !typo_kind(&p.1) {
            continue;
        }
        let pc: Vec<char> = p.0.chars().collect();
        if pc.first() != w.first()
            || pc.len().abs_diff(w.len()) > max
            || !pc.iter().all(char::is_ascii_lowercase)
        {
            continue;
        }
        let d = edits(&w, &pc);
        let max = if matches!(p.1, Kind::Market | Kind::Alias) {
            max
        } else {
            1
        };
        if d <= max && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, pi));
        }
    }
    best.map(|(_, pi)| pi)
}

/// Whether a phrase of this kind is read through a typo.
fn typo_kind(k: &Kind) -> bool {
    matches!(
        k,
        Kind::Topic | Kind::Device | Kind::Syn | Kind::Market | Kind::Alias
    )
}

/// Where the words of `want` end when they are typed from `s` with exactly
/// one of them mistyped: a word of seven letters or more, one edit away,
/// with the same first letter (as [`typo_of`]); the words one space apart.
fn mistyped_phrase_at(low: &[char], s: usize, want: &[Vec<char>]) -> Option<usize> {
    let mut at = s;
    let mut typos = 0;
    for (k, w) in want.iter().enumerate() {
        if k > 0 {
            if low.get(at) != Some(&' ') {
                return None;
            }
            at += 1;
        }
        let end = at
            + low[at..]
                .iter()
                .take_while(|c| c.is_ascii_lowercase())
                .count();
        let typed = &low[at..end];
        if typed != w.as_slice() {
            let near = typed.len() >= 7 && typed.first() == w.first() && edits(typed, w) == 1;
            if !near {
                return None;
            }
            typos += 1;
        }
        at = end;
    }
    let bounded = at == low.len() || !latin(low[at]);
    (typos == 1 && bounded).then_some(at)
}

/// Edits from `a` to `b`: insertions, deletions, substitutions and swaps of
/// neighbours (optimal string alignment).
fn edits(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// Kanji that end compounds as a suffix: a notification, a document, a
/// place, a certificate, a person, a trade, a fee, a list, a form.
const KANJI_SUFFIXES: &str = "届書所証者業料表票状";

/// A word as searched: itself and, for letters run into digits (`IEC62304`,
/// `MD14`), also its parts as a phrase ("iec 62304"), as text writes them.
fn word_forms(word: String) -> Vec<String> {
    // A compound ending in a suffix (変更届, 製造所, 自由販売証明書): also its
    // stem, which text writes with other endings (変更申請, 製造施設).
    let chars: Vec<char> = word.chars().collect();
    if chars.len() >= 3
        && chars.iter().all(|&c| kanji(c))
        && chars.last().is_some_and(|c| KANJI_SUFFIXES.contains(*c))
    {
        let stem: String = chars[..chars.len() - 1].iter().collect();
        return vec![word, stem];
    }
    let runs = word
        .as_bytes()
        .chunk_by(|a, b| a.is_ascii_digit() == b.is_ascii_digit())
        .count();
    let ascii = word.bytes().all(|b| b.is_ascii_alphanumeric());
    if !ascii || runs < 2 {
        return vec![word];
    }
    let mut split = String::new();
    for (i, c) in word.chars().enumerate() {
        if i > 0 && word.as_bytes()[i - 1].is_ascii_digit() != c.is_ascii_digit() {
            split.push(' ');
        }
        split.push(c);
    }
    vec![word, split]
}

/// Reads a question (see the module docs).
pub fn analyse(lex: &Lexicon, query: &str) -> Analysis {
    let orig: Vec<char> = query
        .chars()
        .take(1024)
        .nfkc()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(256)
        .collect();
    let low: Vec<char> = orig.iter().map(|&c| lower(c)).collect();
    let n = low.len();
    let mut parts: Vec<(usize, usize, Part)> = Vec::new();
    let free = |parts: &[(usize, usize, Part)], s: usize, e: usize| {
        !parts.iter().any(|&(a, b, _)| s < b && a < e)
    };
    // Classes: "クラスB", "class IIb", "Class 3".
    let kurasu: Vec<char> = "クラス".chars().collect();
    let class: Vec<char> = "class".chars().collect();
    for i in 0..n {
        let after = if starts_with(&low, i, &kurasu) {
            i + 3
        } else if starts_with(&low, i, &class) && (i == 0 || !latin(low[i - 1])) {
            i + 5
        } else {
            continue;
        };
        let mut j = after;
        while j < n && low[j] == ' ' {
            j += 1;
        }
        for l in CLASS_LABELS {
            let lc: Vec<char> = l.chars().collect();
            let e = j + lc.len();
            if starts_with(&low, j, &lc) && (e == n || !latin(low[e])) && free(&parts, i, e) {
                parts.push((i, e, Part::Class(l.to_string())));
                break;
            }
        }
    }
    // Phrases, longest first.
    for (pi, p) in lex.phrases.iter().enumerate() {
        for pc in spellings(&p.0) {
            let (Some(&first), Some(&last)) = (pc.first(), pc.last()) else {
                continue;
            };
            let kanji_name =
                matches!(p.1, Kind::Market | Kind::Alias) && pc.iter().all(|&c| kanji(c));
            let mut s = 0;
            while s + pc.len() <= n {
                let e = s + pc.len();
                let bounded = starts_with(&low, s, &pc)
                && !(latin(first) && s > 0 && latin(low[s - 1]))
                && !(kata(first) && s > 0 && kata(low[s - 1]))
                && !(latin(last) && e < n && latin(low[e]))
                && !(kata(last) && e < n && kata(low[e]))
                // A market's name in kanji stands alone: 日本 is not in 盤谷日本人.
                && !(kanji_name
                    && ((s > 0 && kanji(low[s - 1])) || (e < n && kanji(low[e]))));
                if !bounded || !free(&parts, s, e) {
                    s += 1;
                    continue;
                }
                let part = match p.1 {
                    Kind::Amb => {
                        let a = p.2.parse::<usize>().ok().and_then(|i| lex.ambiguous.get(i));
                        let caps = orig[s..e].iter().all(|c| c.is_uppercase());
                        let ctx = a.is_some_and(|a| {
                            a.before.contains(&word_near(&low, s, false))
                                || a.after.contains(&word_near(&low, e, true))
                        });
                        match a {
                            Some(a) if caps || ctx => match &a.market {
                                Some(m) if !a.term => Part::Market(m.clone()),
                                _ => Part::Word,
                            },
                            _ => Part::Stop,
                        }
                    }
                    _ => Part::Phrase(pi),
                };
                parts.push((s, e, part));
                s = e;
            }
        }
    }
    // Phrases of several Latin words, one of them mistyped ("notifed body",
    // "clinical evalution"): read as the phrase, and the notice says so.
    for (pi, p) in lex.phrases.iter().enumerate() {
        let several = p.0.contains(' ')
            && p.0
                .split(' ')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
        if !several || !typo_kind(&p.1) {
            continue;
        }
        let want: Vec<Vec<char>> = p.0.split(' ').map(|w| w.chars().collect()).collect();
        let mut s = 0;
        while s < n {
            let starts = latin(low[s]) && (s == 0 || !latin(low[s - 1]));
            match starts.then(|| mistyped_phrase_at(&low, s, &want)).flatten() {
                Some(e) if free(&parts, s, e) => {
                    parts.push((s, e, Part::Typo(pi)));
                    s = e;
                }
                _ => s += 1,
            }
        }
    }
    // What is left: words; particles between them dropped; romaji looked up.
    let mut dropped_particles = Vec::new();
    let mut i = 0;
    while i < n {
        if !free(&parts, i, i + 1) || !(latin(low[i]) || is_cjk(low[i])) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && free(&parts, i, i + 1) && (latin(low[i]) || is_cjk(low[i])) {
            i += 1;
        }
        // Split at hiragana runs that are particles.
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        let mut k = s;
        let mut start = s;
        while k < i {
            if hira(low[k]) {
                let r = k;
                while k < i && hira(low[k]) {
                    k += 1;
                }
                let run: String = low[r..k].iter().collect();
                if lex.particles.contains(&run) {
                    if start < r {
                        pieces.push((start, r));
                    }
                    dropped_particles.push((r, run));
                    start = k;
                }
            } else {
                k += 1;
            }
        }
        if start < i {
            pieces.push((start, i));
        }
        // Script runs apart, as the index reads them: 政令98号 is 政令, 98
        // and 号.
        let pieces: Vec<(usize, usize)> = pieces
            .into_iter()
            .flat_map(|(a, b)| {
                let mut runs = Vec::new();
                let mut from = a;
                for k in a + 1..b {
                    if is_cjk(low[k]) != is_cjk(low[k - 1]) {
                        runs.push((from, k));
                        from = k;
                    }
                }
                runs.push((from, b));
                runs
            })
            .collect();
        for (a, b) in pieces {
            let w: String = low[a..b].iter().collect();
            // A counter beside a number (the 号 of 98号, the 第 of 第3条) is
            // not a word either.
            let by_digit =
                (a > 0 && low[a - 1].is_ascii_digit()) || (b < n && low[b].is_ascii_digit());
            if b - a == 1 && kanji(low[a]) && by_digit {
                dropped_particles.push((a, w));
                continue;
            }
            // One kanji left beside a recognised phrase (the 書 of 認証書)
            // is a suffix, not a word: the index has no such unigram.
            if b - a == 1 && kanji(low[a]) && (a == s || b == i) && (s > 0 || i < n) {
                let touches = (a == s && s > 0 && !free(&parts, s - 1, s))
                    || (b == i && i < n && !free(&parts, i, i + 1));
                if touches {
                    dropped_particles.push((a, w));
                    continue;
                }
            }
            let romaji = (b - a >= 3 && low[a..b].iter().all(|c| c.is_ascii_alphabetic()))
                .then(|| lex.romaji.get(&romaji::fold(&w)))
                .flatten();
            match (romaji, typo_of(lex, &w)) {
                (Some(&pi), _) => parts.push((a, b, Part::Romaji(pi))),
                (None, Some(pi)) => parts.push((a, b, Part::Typo(pi))),
                (None, None) => parts.push((a, b, Part::Word)),
            }
        }
    }
    parts.sort_by_key(|p| p.0);
    let mut a = Analysis::default();
    let mut class_labels: Vec<(usize, String)> = Vec::new();
    let mut dropped: Vec<(usize, String)> = dropped_particles;
    let push_unit = |a: &mut Analysis, u: Unit| {
        if !a.units.contains(&u) {
            a.units.push(u);
        }
    };
    // Aliases of several markets, searched as words until the question
    // names one of them: (alias, their codes).
    let mut shared: Vec<(String, Vec<String>)> = Vec::new();
    for (s, e, part) in parts {
        let text: String = low[s..e].iter().collect();
        let market = |a: &mut Analysis, code: &str, said: Option<&str>| {
            let m = lex.markets.get(code);
            let covered = m.is_some_and(|m| m.covered);
            if covered {
                if !a.markets.iter().any(|c| c == code) {
                    a.markets.push(code.to_string());
                }
            } else if !a.not_covered.iter().any(|c| c.code == code) {
                a.not_covered.push(NotCovered {
                    code: code.to_string(),
                    ja: m.map(|m| m.ja.clone()).unwrap_or_default(),
                    en: m.map(|m| m.en.clone()).unwrap_or_default(),
                });
            }
            let unit = a.units.iter_mut().find_map(|u| match u {
                Unit::Market { code: c, said, .. } if c == code => Some(said),
                _ => None,
            });
            match unit {
                Some(s) => s.extend(said.map(str::to_string)),
                None => a.units.push(Unit::Market {
                    code: code.to_string(),
                    covered,
                    said: said.map(str::to_string).into_iter().collect(),
                }),
            }
        };
        match part {
            Part::Class(l) => {
                class_labels.push((a.units.len(), l.clone()));
                a.units.push(Unit::Class { labels: vec![l] });
            }
            Part::Market(code) => market(&mut a, &code, None),
            Part::Stop => dropped.push((s, text)),
            Part::Word => push_unit(
                &mut a,
                Unit::Terms {
                    phrases: word_forms(text),
                },
            ),
            Part::Phrase(pi) | Part::Romaji(pi) | Part::Typo(pi) => {
                let Some(p) = lex.phrases.get(pi) else {
                    continue;
                };
                match part {
                    Part::Romaji(_) => a.romaji.push(text.clone()),
                    Part::Typo(_) => a.corrected.push([text.clone(), p.0.clone()]),
                    _ => {}
                }
                let group = |key: String| lex.groups.get(&key).cloned().unwrap_or_default();
                match p.1 {
                    Kind::Topic => {
                        let phrases = group(format!("topic:{}", p.2));
                        let cjk = p.0.chars().any(is_cjk);
                        let part = phrases
                            .iter()
                            .find(|x| x.chars().any(is_cjk) == cjk)
                            .is_some_and(|first| *first != p.0);
                        let said: Vec<String> = part.then(|| p.0.clone()).into_iter().collect();
                        if !a.topics.contains(&p.2) {
                            a.topics.push(p.2.clone());
                            a.units.push(Unit::Topic {
                                category: p.2.clone(),
                                phrases,
                                said,
                            });
                        } else if let Some(s) = a.units.iter_mut().find_map(|u| match u {
                            Unit::Topic { category, said, .. } if *category == p.2 => Some(said),
                            _ => None,
                        }) {
                            for x in said {
                                if !s.contains(&x) {
                                    s.push(x);
                                }
                            }
                        }
                    }
                    Kind::Device => {
                        if !a.device_types.contains(&p.2) {
                            a.device_types.push(p.2.clone());
                        }
                        push_unit(
                            &mut a,
                            Unit::Terms {
                                phrases: group(format!("device:{}", p.2)),
                            },
                        );
                    }
                    Kind::Syn => push_unit(
                        &mut a,
                        Unit::Terms {
                            phrases: group(p.2.clone()),
                        },
                    ),
                    Kind::Market => market(&mut a, &p.2, None),
                    Kind::Alias if p.2.contains(' ') => {
                        shared.push((p.0.clone(), p.2.split(' ').map(String::from).collect()));
                        push_unit(
                            &mut a,
                            Unit::Terms {
                                phrases: vec![p.0.clone()],
                            },
                        );
                    }
                    Kind::Alias => market(&mut a, &p.2, Some(&p.0)),
                    Kind::Amb | Kind::Stop => dropped.push((s, text)),
                }
            }
        }
    }
    // An alias of several markets is the one the question names ("Taiwan
    // TFDA": Taiwan's FDA, not Thailand's; "Philippines CMDR"), else a
    // word.
    for (said, codes) in shared {
        let word = Unit::Terms {
            phrases: vec![said.clone()],
        };
        let Some(at) = a.units.iter().position(|u| *u == word) else {
            continue;
        };
        let Some(named) = a.units.iter_mut().find_map(|u| match u {
            Unit::Market { code, said, .. } if codes.contains(code) => Some(said),
            _ => None,
        }) else {
            // No market named at all: the one the alias means alone.
            if let Some(code) = lex.alias_defaults.get(&said)
                && a.markets.is_empty()
                && a.not_covered.is_empty()
            {
                a.markets.push(code.clone());
                a.units[at] = Unit::Market {
                    code: code.clone(),
                    covered: lex.markets.get(code).is_some_and(|m| m.covered),
                    said: vec![said],
                };
            }
            continue;
        };
        named.push(said);
        a.units.remove(at);
        for (i, _) in class_labels.iter_mut() {
            if *i > at {
                *i -= 1;
            }
        }
    }
    // Classes through the class maps of the markets named.
    let japanese = low.iter().any(|&c| is_cjk(c));
    for (at, label) in class_labels {
        let ghtf = japanese
            .then(|| lex.class_labels_ja.get(&label))
            .flatten()
            .or_else(|| lex.class_labels.get(&label))
            .cloned();
        let mut local = BTreeMap::new();
        for code in &a.markets {
            let Some(m) = lex.markets.get(code) else {
                continue;
            };
            let l = if m.classes.contains(&label) {
                Some(label.clone())
            } else {
                ghtf.as_ref().and_then(|g| m.class_map.get(g).cloned())
            };
            if let Some(l) = l {
                local.insert(code.clone(), l);
            }
        }
        let mut labels: Vec<String> = local.values().cloned().collect();
        labels.dedup();
        if labels.is_empty() {
            labels.push(label.clone());
        }
        if let Some(u) = a.units.get_mut(at) {
            *u = Unit::Class { labels };
        }
        a.classes.push(ClassMention { label, ghtf, local });
    }
    a.answer = answer(lex, &a);
    dropped.sort();
    a.term = term_asked(lex, &low, &dropped);
    a.dropped = dropped.into_iter().map(|(_, t)| t).collect();
    // A question of nothing but stop words searches them after all.
    if a.units.is_empty() {
        a.units = std::mem::take(&mut a.dropped)
            .into_iter()
            .map(|t| Unit::Terms { phrases: vec![t] })
            .collect();
    }
    a
}
