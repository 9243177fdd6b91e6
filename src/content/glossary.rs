//! The glossary as a matcher: every form of every term (`510(k)`,
//! `Premarket Notification`, `市販前届`), found in any text in one pass.
//!
//! The same matcher says which entries use a term (the library's backlinks,
//! `check`'s unused-term warning, the term's page) and, in the site, which
//! words of a page link to the glossary, so the two never disagree. Matching
//! is Aho–Corasick over all forms at once, so a page costs one scan however
//! many terms there are. Japanese has no spaces between words, so a match is
//! accepted anywhere in Japanese text; it is refused inside a longer Latin
//! word (`PMA` in `PMAs`, `UDI` in `GUDID`) and a katakana form inside a
//! longer katakana word. Where matches overlap, the leftmost wins and, of
//! those, the longest (`登録認証機関` before `認証`). Forms in capitals
//! (`PMA`, `ISO 13485`, `CH-REP`) match only in capitals; other forms match
//! in any ASCII case (`Notified body`, `notified body`).

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::ids::EntryId;
use super::model::Entry;

/// One form of a term, as matched.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    /// Index of its term in [`Glossary::terms`].
    term: usize,
    /// The form as written in the term's file.
    text: String,
    /// Matched in the same case only (a form in capitals).
    exact_case: bool,
}

/// Every term's forms, ready to be found in texts.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// Term ids, sorted.
    terms: Vec<EntryId>,
    /// The forms, in pattern order.
    forms: Vec<Form>,
    /// The automaton over the forms (none when there are no forms).
    matcher: Option<AhoCorasick>,
}

/// A term found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset after its last character.
    pub end: usize,
    /// Index of the term ([`Glossary::term`]).
    pub term: usize,
}

/// Whether a form matches only in its own case: it has capitals and no
/// small letters (an acronym such as `PMA`, `ISO 13485`, `UDI-DI`).
pub fn exact_case(form: &str) -> bool {
    form.bytes().any(|b| b.is_ascii_uppercase()) && !form.bytes().any(|b| b.is_ascii_lowercase())
}

/// A letter or digit of a script that separates words with spaces (Latin,
/// Greek, Cyrillic …), not of Japanese, Chinese or Korean.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() && (c as u32) < 0x2E80
}

/// A kanji (CJK ideograph, or 々).
pub fn kanji(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3005)
}

fn katakana(c: char) -> bool {
    matches!(c as u32, 0x30A1..=0x30FA | 0x30FC)
}

impl Glossary {
    /// The glossary of the terms among `entries` (others are ignored).
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Glossary {
        let mut terms: Vec<(&EntryId, &Vec<String>)> = entries
            .into_iter()
            .filter_map(|e| e.term().map(|t| (&e.id, &t.forms)))
            .collect();
        terms.sort_by(|a, b| a.0.cmp(b.0));
        let mut forms = Vec::new();
        for (i, (_, fs)) in terms.iter().enumerate() {
            for f in fs.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
                forms.push(Form {
                    term: i,
                    text: f.to_string(),
                    exact_case: exact_case(f),
                });
            }
        }
        let matcher = if forms.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                // A few hundred forms: a full DFA is small and scans
                // fastest (every text of every entry goes through it).
                .kind(Some(AhoCorasickKind::DFA))
                .build(forms.iter().map(|f| f.text.as_str()))
                .ok()
        };
        Glossary {
            terms: terms.into_iter().map(|(id, _)| id.clone()).collect(),
            forms,
            matcher,
        }
    }

    /// Whether there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The term ids, sorted.
    pub fn terms(&self) -> &[EntryId] {
        &self.terms
    }

    /// The id of term `i`.
    pub fn term(&self, i: usize) -> &EntryId {
        &self.terms[i]
    }

    /// The index of a term id.
    pub fn index_of(&self, id: &EntryId) -> Option<usize> {
        self.terms.binary_search(id).ok()
    }

    /// Whether `other` finds the same forms of the same terms (then nothing
    /// that depends on which text uses which term changed).
    pub fn same_forms(&self, other: &Glossary) -> bool {
        self.terms == other.terms && self.forms == other.forms
    }

    /// The terms said in `text`: whole forms, leftmost first and, among
    /// matches that start at the same place, the longest; no two overlap.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let Some(ac) = &self.matcher else {
            return Vec::new();
        };
        let mut all: Vec<Found> = ac
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let form = &self.forms[m.pattern().as_usize()];
                let (start, end) = (m.start(), m.end());
                if form.exact_case && text.get(start..end) != Some(form.text.as_str()) {
                    return None;
                }
                let (first, last) = (form.text.chars().next()?, form.text.chars().next_back()?);
                let before = text[..start].chars().next_back();
                let after = text[end..].chars().next();
                let glued = |edge: char, next: Option<char>| {
                    next.is_some_and(|n| {
                        (word_char(edge) && word_char(n)) || (katakana(edge) && katakana(n))
                    })
                };
                if glued(first, before) || glued(last, after) {
                    return None;
                }
                Some(Found {
                    start,
                    end,
                    term: form.term,
                })
            })
            .collect();
        all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Found> = Vec::new();
        for f in all {
            if out.last().is_none_or(|l| f.start >= l.end) {
                out.push(f);
            }
        }
        out
    }

    /// Adds the terms said in `text` to `out`.
    pub fn used_in(&self, text: &str, out: &mut BTreeSet<usize>) {
        out.extend(self.find(text).into_iter().map(|f| f.term));
    }

    /// The terms an entry says in its title, summary or bodies (not itself).
    pub fn used_by(&self, e: &Entry) -> BTreeSet<EntryId> {
        let mut found = BTreeSet::new();
        if self.matcher.is_none() {
            return BTreeSet::new();
        }
        // A body released by a build's load is read again from its file.
        let bodies: Vec<std::sync::Arc<str>> = e.bodies.values().map(|b| b.text()).collect();
        for text in e
            .title
            .0
            .values()
            .map(String::as_str)
            .chain(e.summary.0.values().map(String::as_str))
            .chain(bodies.iter().map(|b| &**b))
        {
            self.used_in(text, &mut found);
        }
        found
            .into_iter()
            .map(|i| self.terms[i].clone())
            .filter(|id| id != &e.id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(terms: &[(&str, &[&str])]) -> Glossary {
        let mut g = Glossary::default();
        for (i, (id, forms)) in terms.iter().enumerate() {
            g.terms
                .push(EntryId::parse(&format!("glossary/{id}")).unwrap());
            for f in *forms {
                g.forms.push(Form {
                    term: i,
                    text: f.to_string(),
                    exact_case: exact_case(f),
                });
            }
        }
        g.matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(g.forms.iter().map(|f| f.text.as_str()))
            .ok();
        g
    }

    fn said(g: &Glossary, text: &str) -> Vec<String> {
        g.find(text)
            .into_iter()
            .map(|f| text[f.start..f.end].to_string())
            .collect()
    }

    #[test]
    fn whole_forms_longest_first_and_case() {
        let g = glossary(&[
            ("pma", &["PMA", "Premarket Approval"]),
            ("udi", &["UDI"]),
            ("gudid", &["GUDID"]),
            ("ninsho", &["認証"]),
            ("rcb", &["登録認証機関"]),
            ("label", &["ラベル"]),
            ("nb", &["notified body"]),
        ]);
        assert_eq!(said(&g, "PMAs and a PMA."), ["PMA"]);
        assert_eq!(said(&g, "pma premarket approval"), ["premarket approval"]);
        assert_eq!(said(&g, "GUDID holds UDI data"), ["GUDID", "UDI"]);
        assert_eq!(said(&g, "XUDI"), Vec::<String>::new());
        assert_eq!(said(&g, "登録認証機関が認証する"), ["登録認証機関", "認証"]);
        assert_eq!(said(&g, "ラベリングとラベル"), ["ラベル"]);
        assert_eq!(said(&g, "a Notified Body"), ["Notified Body"]);
        assert_eq!(said(&g, "PMA申請"), ["PMA"]);
    }
}
