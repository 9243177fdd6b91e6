//! The first page of every topic, worked out at build time (`tp<c>.js`;
//! issue #21, item 2).
//!
//! A question that is one topic ("registration", 登録, "labelling") and
//! nothing else ranks the same for every reader: the topic's phrases are
//! fixed (the lexicon's group `topic:<category>`, whatever words named it),
//! and with no market the category's entries come first by a fixed weight.
//! At 100k entries the heads could not always decide such a page (a topic
//! has many phrases, and a few hundred entries stay bounded just above the
//! tenth hit), so the searcher read every posting: over 1 MB. The build
//! knows every posting already, so it scores the topic here, exactly as
//! `search.js` scores it with every posting (`unitScores`, `textScores`,
//! `listScores` and `run`'s order), and writes the first [`TOPIC_PAGE`]
//! hits with their scores and the number of results.
//!
//! Exactly: the sums are the same floating-point operations in the same
//! order, and the one function that could round differently, the logarithm
//! of the idf, is checked by the searcher itself — the file carries each
//! word's document count and idf, and `search.js` uses a page only when
//! its own `Math.log` gives the same numbers (otherwise it decides from the
//! heads as before). A word the index does not have is read as the
//! searcher reads it: the words it begins, those one typo away
//! ([`gather_absent`]).
//!
//! The file is `{"total": results, "pages": [{"idf": [[word, documents,
//! idf], …], "hits": [[document, score], …]}, …]}`: a page per logarithm
//! the browsers are known to compute (fdlibm's, [`super::js_log`], then the
//! correctly rounded one) where the idfs differ, and the searcher takes the
//! page whose idfs its own `Math.log` gives.

use serde_json::{Value, json};

use super::analyzer::is_cjk;
use super::static_heads::{Gathered, code_weight, decode_postings};

/// Hits written per topic: the first page and a few "show more".
pub const TOPIC_PAGE: usize = 50;
/// A topic's weight for its category's entries (`search.js`: `TOPIC`)…
pub const TOPIC: f64 = 60.0;
/// … and when no market is asked (`TOPIC / 4`).
const TOPIC_WEIGHT: f64 = TOPIC / 4.0;
/// What a topic's word score counts for (`search.js`: `t[d] * 0.2`).
const TEXT_SHARE: f64 = 0.2;

/// A word of a topic's phrases and what the searcher gathers for it.
pub type Word<'a> = (&'a str, Gathered);

/// What the searcher gathers for `word`, a word the index (its sorted
/// `terms`, cut into shards at `starts`) does not have (`termPostings`):
/// for a Latin word of 3+ letters the words it begins (weight × 0.7) in the
/// shards it would load, and for one of 5+ letters the three most common
/// words one typo away (× 0.5); the best weight per document.
pub fn gather_absent(terms: &[(&str, &str)], starts: &[usize], word: &str) -> Gathered {
    let latin = !word.chars().any(is_cjk);
    let units = word.encode_utf16().count();
    let mut best: rustc_hash::FxHashMap<u32, (f64, u32)> = rustc_hash::FxHashMap::default();
    let mut add = |d: u32, weight: f64, code: u32| {
        let slot = best.entry(d).or_insert((weight, code));
        if slot.0 < weight {
            *slot = (weight, code);
        }
    };
    if latin && units >= 3 {
        // Its shard (the last that starts at or before it) and the next two
        // that start with it.
        let k = starts
            .partition_point(|&s| terms[s].0 <= word)
            .saturating_sub(1);
        let mut last = k;
        while last + 1 < starts.len() && last < k + 2 && terms[starts[last + 1]].0.starts_with(word)
        {
            last += 1;
        }
        let end = starts.get(last + 1).copied().unwrap_or(terms.len());
        let at = terms.partition_point(|(t, _)| *t < word).min(end);
        for (_, enc) in terms[at..end]
            .iter()
            .take_while(|(t, _)| t.starts_with(word))
        {
            for (d, w) in decode_postings(enc) {
                add(d, code_weight(2 * w + 1), 2 * w + 1);
            }
        }
    }
    let initial = word.chars().next().filter(char::is_ascii_alphabetic);
    if let Some(c) = initial.filter(|_| latin && units >= 5) {
        // The vocabulary of its initial (v<hex>.js: words of 4+ bytes), the
        // most common first, ties in the index's order.
        let from = terms.partition_point(|(t, _)| t.chars().next() < Some(c));
        let mut near: Vec<(&str, usize)> = terms[from..]
            .iter()
            .take_while(|(t, _)| t.starts_with(c))
            .filter(|(t, _)| t.len() >= 4 && within1(word, t))
            .map(|(_, enc)| (*enc, decode_postings(enc).len()))
            .collect();
        near.sort_by_key(|w| std::cmp::Reverse(w.1));
        for (enc, _) in near.into_iter().take(3) {
            for (d, w) in decode_postings(enc) {
                add(d, f64::from(w) * 0.5, 0);
            }
        }
    }
    best.into_iter().map(|(d, (w, c))| (w, c, d)).collect()
}

/// Whether `a` and `b` differ by at most one edit (a letter added, removed,
/// changed, or two neighbours swapped), as `search.js`'s `within1`.
fn within1(a: &str, b: &str) -> bool {
    let (a, b): (Vec<u16>, Vec<u16>) = (a.encode_utf16().collect(), b.encode_utf16().collect());
    if a.len().abs_diff(b.len()) > 1 || a == b {
        return a == b;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        if a.len() > b.len() {
            i += 1;
        } else if a.len() < b.len() {
            j += 1;
        } else if a.get(i + 1) == b.get(j) && a.get(i) == b.get(j + 1) {
            i += 2;
            j += 2;
        } else {
            i += 1;
            j += 1;
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

/// Phrases scored as text (`search.js`'s `textScores`): a topic's, or a
/// market's names.
pub struct Text<'a> {
    /// Search documents in the index (`meta.docs`).
    pub docs: usize,
    /// The phrases as term lists (empty ones left out), in order.
    pub lists: &'a [Vec<String>],
    /// Each distinct word of the lists, sorted, as the searcher reads it.
    pub words: &'a [Word<'a>],
}

/// A topic's text scores with the idfs of one logarithm.
pub struct Scored {
    /// `[word, documents, idf]` of each word found in some document: what
    /// the searcher checks its own `Math.log` against.
    pub idf: Value,
    /// Each document's text score (`textScores`), if it has one.
    pub text: Vec<Option<f64>>,
}

/// The text scores of `text` once per logarithm the browsers may have
/// (fdlibm's, then the correctly rounded one), when their idfs differ.
pub fn scored(text: &Text<'_>) -> Vec<Scored> {
    let counts: Vec<usize> = text.words.iter().map(|(_, g)| g.len()).collect();
    let mut out: Vec<Scored> = Vec::new();
    let mut seen: Vec<Vec<u64>> = Vec::new();
    for log in [super::js_log::log as fn(f64) -> f64, f64::ln] {
        let idf: Vec<f64> = counts
            .iter()
            .map(|&c| log(1.0 + text.docs as f64 / c.max(1) as f64))
            .collect();
        let key: Vec<u64> = idf.iter().map(|x| x.to_bits()).collect();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let used: Vec<Value> = text
            .words
            .iter()
            .zip(&counts)
            .zip(&idf)
            .filter(|((_, c), _)| **c > 0)
            .map(|(((w, _), c), idf)| json!([w, c, idf]))
            .collect();
        out.push(Scored {
            idf: Value::Array(used),
            text: text_scores(text, &idf),
        });
    }
    out
}

/// Which documents match `text` (have a text score), whatever the idfs.
pub fn matching(text: &Text<'_>) -> Vec<bool> {
    let ones = vec![1.0; text.words.len()];
    text_scores(text, &ones)
        .into_iter()
        .map(|s| s.is_some())
        .collect()
}

/// A topic's unit score for a document (`unitScores`): a share of its text
/// score, and `weight` (the topic's: a quarter of it with no market) for
/// the entries of the category.
pub fn topic_score(text: Option<f64>, in_category: bool, weight: f64) -> Option<f64> {
    let t = text.map(|t| t * TEXT_SHARE);
    if in_category {
        Some(t.unwrap_or(0.0) + weight)
    } else {
        t
    }
}

/// The contents of `tp<c>.js` for a topic, from its text scores and its
/// category's documents (`member`).
pub fn page(scored: &[Scored], member: &[bool], is_term: &[bool]) -> Value {
    let member = |d: usize| member.get(d).copied().unwrap_or(false);
    pages(scored, is_term, &|text, d| {
        topic_score(text[d], member(d), TOPIC_WEIGHT)
    })
}

/// The contents of `gp<g>.js` for a unit of words asked alone — a synonym
/// group or a device type, whatever phrase of it was typed — from its
/// text scores: a document's score is its text score.
pub fn words_page(scored: &[Scored], is_term: &[bool]) -> Value {
    pages(scored, is_term, &|text, d| text[d])
}

/// A document's unit score from the text scores (`None`: not a result).
pub type UnitScore<'a> = dyn Fn(&[Option<f64>], usize) -> Option<f64> + 'a;

/// `{"total", "pages": [{"idf", "hits"}, …]}`: per logarithm, the first
/// hits by `score` (of the text scores and a document).
fn pages(scored: &[Scored], is_term: &[bool], score: &UnitScore<'_>) -> Value {
    let mut total = 0;
    let pages: Vec<Value> = scored
        .iter()
        .map(|s| {
            let (all, hits) = ranked(s.text.len(), &|d| score(&s.text, d), is_term);
            total = all;
            json!({"idf": s.idf, "hits": hits})
        })
        .collect();
    json!({"total": total, "pages": pages})
}

/// Each document's text score: per list, the sum over the list's words it
/// has, in the list's order, kept when enough of them are there
/// (`listScores`); the best list's (`textScores`).
fn text_scores(text: &Text<'_>, idf: &[f64]) -> Vec<Option<f64>> {
    let n = text.docs;
    let at = |term: &str| text.words.partition_point(|w| w.0 < term);
    let mut out: Vec<Option<f64>> = vec![None; n];
    let mut count = vec![0u32; n];
    let mut score = vec![0f64; n];
    for list in text.lists {
        let need = if list.iter().any(|t| t.chars().any(is_cjk)) {
            (list.len() * 3).div_ceil(4).max(1)
        } else {
            list.len()
        };
        let mut touched: Vec<u32> = Vec::new();
        for term in list {
            let w = at(term);
            let Some((_, gathered)) = text.words.get(w) else {
                continue;
            };
            for &(weight, _, d) in gathered {
                let d = d as usize;
                if count[d] == 0 {
                    touched.push(d as u32);
                }
                count[d] += 1;
                score[d] += weight * idf[w];
            }
        }
        for d in touched {
            let d = d as usize;
            if count[d] as usize >= need && out[d].is_none_or(|t| t < score[d]) {
                out[d] = Some(score[d]);
            }
            count[d] = 0;
            score[d] = 0.0;
        }
    }
    out
}

/// The number of documents with a score (of `docs`) and the first
/// [`TOPIC_PAGE`] of them as `[document, score]`, as `run` ranks one unit:
/// glossary terms after the entries, then by score and document.
fn ranked(
    docs: usize,
    score: &dyn Fn(usize) -> Option<f64>,
    is_term: &[bool],
) -> (usize, Vec<Value>) {
    let mut hits: Vec<(u32, f64)> = (0..docs)
        .filter_map(|d| score(d).map(|s| (d as u32, s)))
        .collect();
    let total = hits.len();
    let is_term = |d: u32| is_term.get(d as usize).copied().unwrap_or(false);
    hits.sort_unstable_by(|a, b| {
        is_term(a.0)
            .cmp(&is_term(b.0))
            .then(b.1.total_cmp(&a.1))
            .then(a.0.cmp(&b.0))
    });
    hits.truncate(TOPIC_PAGE);
    (
        total,
        hits.into_iter().map(|(d, s)| json!([d, s])).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::static_heads::encode_postings as postings;
    use super::*;

    #[test]
    fn one_edit_apart() {
        assert!(within1("registration", "registraton"));
        assert!(within1("labelling", "labeling"));
        assert!(within1("udi", "uid"));
        assert!(within1("device", "devise"));
        assert!(!within1("device", "devices!"));
        assert!(!within1("label", "lapel!"));
        assert!(within1("same", "same"));
    }

    fn g(list: &[(u32, f64)]) -> Gathered {
        list.iter().map(|&(d, w)| (w, 0, d)).collect()
    }

    /// A topic's page: its category first by the topic's weight, the best
    /// list per document, a list of Japanese bigrams matched by three in
    /// four of them, glossary terms after the entries, ties by number.
    #[test]
    fn a_topic_ranks_its_category_then_the_best_list() {
        let lists = vec![
            vec!["label".to_string()],
            vec!["ラベ".into(), "ベル".into(), "ル表".into(), "表示".into()],
        ];
        let words: Vec<Word<'_>> = vec![
            ("label", g(&[(0, 3.0), (1, 9.0), (2, 1.0), (4, 9.0)])),
            ("ベル", g(&[(3, 1.0)])),
            ("ラベ", g(&[(3, 1.0)])),
            ("ル表", g(&[(3, 1.0)])),
            ("表示", g(&[(5, 2.0)])),
        ];
        let member = [false, false, true, false, false, false];
        let is_term = [false, false, false, false, true, false];
        let text = Text {
            docs: 6,
            lists: &lists,
            words: &words,
        };
        let p = page(&scored(&text), &member, &is_term);
        // Document 5 has one bigram of four: not a result.
        assert_eq!(p["total"], 5);
        let p = &p["pages"][0];
        let order: Vec<u64> = p["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h[0].as_u64().unwrap())
            .collect();
        assert_eq!(order, [2, 1, 3, 0, 4]);
        let idf = |docs: f64| crate::search::js_log::log(1.0 + 6.0 / docs);
        assert_eq!(p["hits"][0][1], 1.0 * idf(4.0) * 0.2 + 15.0);
        assert_eq!(p["hits"][2][1], 3.0 * idf(1.0) * 0.2);
        assert_eq!(p["idf"][0], json!(["label", 4, idf(4.0)]));
    }

    /// Where fdlibm's logarithm and the correctly rounded one give different
    /// idfs, the file has a page for each, with its own idfs.
    #[test]
    fn a_page_per_logarithm_where_they_differ() {
        // ln(1 + 100000 / 63059): fdlibm rounds up, glibc down.
        let docs = 100_000;
        let lists = vec![vec!["import".to_string()]];
        let words: Vec<Word<'_>> = vec![(
            "import",
            g(&(0..63_059).map(|d| (d, 1.0)).collect::<Vec<_>>()),
        )];
        let (member, is_term) = (vec![false; docs], vec![false; docs]);
        let text = Text {
            docs,
            lists: &lists,
            words: &words,
        };
        let p = page(&scored(&text), &member, &is_term);
        let pages = p["pages"].as_array().unwrap();
        assert_eq!(pages.len(), 2);
        let idf = |i: usize| pages[i]["idf"][0][2].as_f64().unwrap();
        assert_eq!(
            idf(0),
            crate::search::js_log::log(1.0 + 100_000.0 / 63_059.0)
        );
        assert_eq!(idf(1), (1.0f64 + 100_000.0 / 63_059.0).ln());
        assert_ne!(idf(0), idf(1));
        assert_eq!(pages[1]["hits"][0], json!([0, idf(1) * 0.2]));
    }

    /// A word the index does not have: the words it begins (× 0.7) in its
    /// shard and the next that start with it, the three most common words
    /// one typo away (× 0.5), the best weight per document; nothing for a
    /// short word or a Japanese one.
    #[test]
    fn an_absent_word_is_read_as_the_searcher_reads_it() {
        let (a, b, c, d, e) = (
            postings(&[(0, 4)]),
            postings(&[(1, 10), (2, 2)]),
            postings(&[(2, 6), (3, 2), (4, 2)]),
            postings(&[(5, 2)]),
            postings(&[(6, 2), (7, 2), (8, 2), (9, 2)]),
        );
        // Shards: [labelled, labeller] [labelling, labels] [udi]: "labell"
        // would be in the first; the second starts with it, the third not.
        let terms = [
            ("labelled", a.as_str()),
            ("labeller", b.as_str()),
            ("labelling", c.as_str()),
            ("labels", d.as_str()),
            ("udi", e.as_str()),
        ];
        let starts = [0, 2, 4];
        let mut got = gather_absent(&terms, &starts, "labell");
        got.sort_by_key(|x| x.2);
        let weights: Vec<(u32, f64)> = got.iter().map(|x| (x.2, x.0)).collect();
        assert_eq!(
            weights,
            [
                (0, 4.0 * 0.7),
                (1, 10.0 * 0.7),
                (2, 6.0 * 0.7),
                (3, 2.0 * 0.7),
                (4, 2.0 * 0.7),
                // labels: one letter changed.
                (5, 2.0 * 0.5)
            ]
        );
        // One edit from labeking, labelign, labelin, labelling: the three
        // most common (ties in the index's order), × 0.5.
        let (f, g) = (postings(&[(1, 2)]), postings(&[(5, 2)]));
        let typos = [
            ("labeking", f.as_str()),
            ("labelign", g.as_str()),
            ("labelin", e.as_str()),
            ("labelling", c.as_str()),
            ("labels", d.as_str()),
        ];
        let mut got = gather_absent(&typos, &[0], "labeling");
        got.sort_by_key(|x| x.2);
        let docs: Vec<u32> = got.iter().map(|x| x.2).collect();
        assert_eq!(docs, [1, 2, 3, 4, 6, 7, 8, 9]);
        assert_eq!((got[1].0, got[2].0), (3.0, 1.0));
        assert!(gather_absent(&terms, &starts, "la").is_empty());
        assert!(gather_absent(&terms, &starts, "表示").is_empty());
    }
}
