//! regnav's own static search index, written by `build` into `search/<lang>/`
//! and searched in the browser by `templates/assets/search.js` — no server.
//!
//! Why not Pagefind: its index-time and query-time Japanese segmentation
//! disagree (Pagefind issue #1237), and it needs ~19 GB for 100k pages. This
//! index uses the same tokenizer as tantivy (NFKC, CJK bigrams, words; no
//! stemming, so the JavaScript side can reproduce it exactly: it matches
//! Latin words by prefix and with one typo instead). Files are scripts
//! (`RegnavSearch.chunk(key, data)`), so search works on any static host and
//! even from `file://`: `meta.js` (counts, shard count, synonyms, facet
//! values), `facets.js` (per document: kind, jurisdiction, category,
//! classes), `t<k>.js` (terms sharded by their first character, with
//! postings `[doc, weight, …]`), `d<k>.js` (titles, URLs, summaries, 256
//! documents a chunk). Output is sorted, so builds are deterministic.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::analyzer::{is_cjk, tokens};
use super::document::SearchDoc;

/// Documents per `d<k>.js` chunk.
pub const DOCS_PER_CHUNK: usize = 256;
/// Target number of distinct terms per `t<k>.js` shard.
pub const TERMS_PER_SHARD: usize = 1500;

/// The static terms of a text: the analyzer's tokens, Latin ones with
/// diacritics stripped (NFD, no marks) instead of stemmed.
pub fn static_terms(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .map(|t| {
            if t.text.chars().any(is_cjk) {
                t.text
            } else {
                t.text.nfd().filter(|c| !is_combining_mark(*c)).collect()
            }
        })
        .filter(|t: &String| !t.is_empty())
        .collect()
}

/// FNV-1a of a character: the shard of a term is that of its first character.
pub fn shard_of(term: &str, shards: usize) -> usize {
    let c = term.chars().next().unwrap_or(' ') as u32;
    let mut h: u32 = 0x811c_9dc5;
    for b in c.to_le_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h as usize) % shards.max(1)
}

fn chunk(lang: &str, key: &str, data: &impl serde::Serialize) -> String {
    format!(
        "RegnavSearch.chunk({},{});\n",
        serde_json::to_string(&format!("{lang}/{key}")).unwrap_or_default(),
        serde_json::to_string(data).unwrap_or_default()
    )
}

/// Writes the index of `docs` (one language, keys prefixed `<lang>/`) into
/// `sink` (file name, text); returns a hash of it all (for cache busting).
pub fn write<E>(
    lang: &str,
    docs: &[&SearchDoc],
    synonyms: &[Vec<String>],
    sink: &mut dyn FnMut(&str, String) -> Result<(), E>,
) -> Result<[u8; 32], E> {
    use rayon::prelude::*;
    // Per document: its terms with weights (in parallel), then merged into
    // postings in document order, so each list is sorted by document.
    let per_doc: Vec<Vec<(String, u32)>> = docs
        .par_iter()
        .map(|d| {
            let mut tf: std::collections::HashMap<String, [u32; 4]> =
                std::collections::HashMap::new();
            for (f, text) in [&d.title, &d.aliases, &d.summary, &d.body]
                .into_iter()
                .enumerate()
            {
                for t in static_terms(text) {
                    tf.entry(t).or_default()[f] += 1;
                }
            }
            let mut v: Vec<(String, u32)> = tf
                .into_iter()
                .map(|(t, n)| {
                    (
                        t,
                        8 * n[0].min(3) + 6 * n[1].min(3) + 4 * n[2].min(3) + n[3].min(8),
                    )
                })
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    let mut postings: std::collections::HashMap<String, Vec<u32>> =
        std::collections::HashMap::new();
    for (i, terms) in per_doc.into_iter().enumerate() {
        for (t, w) in terms {
            let list = postings.entry(t).or_default();
            list.push(i as u32);
            list.push(w.min(255));
        }
    }
    let shards = postings.len().div_ceil(TERMS_PER_SHARD).max(1);
    let mut sharded: Vec<BTreeMap<String, Vec<u32>>> = vec![BTreeMap::new(); shards];
    for (term, list) in postings {
        let k = shard_of(&term, shards);
        sharded[k].insert(term, list);
    }
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    let mut put = |name: &str, text: String| -> Result<(), E> {
        sha2::Digest::update(&mut hasher, text.as_bytes());
        sink(name, text)
    };
    for (k, terms) in sharded.into_iter().enumerate() {
        put(&format!("t{k}.js"), chunk(lang, &format!("t{k}"), &terms))?;
    }
    let values = |f: &dyn Fn(&SearchDoc) -> Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = docs.iter().flat_map(|d| f(d)).collect();
        v.sort();
        v.dedup();
        v
    };
    let kinds = values(&|d| vec![d.kind.to_string()]);
    let jurisdictions = values(&|d| d.jurisdiction.iter().cloned().collect());
    let categories = values(&|d| d.category.iter().map(|c| c.to_string()).collect());
    let classes = values(&|d| d.classes.iter().map(|c| c.to_lowercase()).collect());
    let pos = |list: &[String], v: &str| {
        list.iter()
            .position(|x| x == v)
            .map(|p| json!(p))
            .unwrap_or(Value::Null)
    };
    let facets: Vec<Value> = docs
        .iter()
        .map(|d| {
            json!([
                pos(&kinds, d.kind),
                d.jurisdiction
                    .as_deref()
                    .map(|j| pos(&jurisdictions, j))
                    .unwrap_or(Value::Null),
                d.category
                    .map(|c| pos(&categories, c))
                    .unwrap_or(Value::Null),
                d.classes
                    .iter()
                    .map(|c| pos(&classes, &c.to_lowercase()))
                    .collect::<Vec<_>>(),
            ])
        })
        .collect();
    put("facets.js", chunk(lang, "facets", &facets))?;
    for (k, group) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let list: Vec<Value> = group
            .iter()
            .map(|d| {
                let excerpt: String = d.body.chars().take(400).collect();
                json!([d.id, d.title, d.url, d.summary, excerpt])
            })
            .collect();
        put(&format!("d{k}.js"), chunk(lang, &format!("d{k}"), &list))?;
    }
    let meta = json!({
        "docs": docs.len(), "shards": shards, "docs_per_chunk": DOCS_PER_CHUNK,
        "synonyms": synonyms, "kinds": kinds, "jurisdictions": jurisdictions, "categories": categories, "classes": classes,
    });
    put("meta.js", chunk(lang, "meta", &meta))?;
    Ok(sha2::Digest::finalize(hasher).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_terms_fold_instead_of_stemming() {
        assert_eq!(
            static_terms("Việt Nam Notified Bodies"),
            ["viet", "nam", "notified", "bodies"]
        );
        assert_eq!(static_terms("ＭＤＳＡＰ 登録"), ["mdsap", "登録"]);
    }

    #[test]
    fn shards_are_stable() {
        assert_eq!(shard_of("notified", 7), shard_of("nam", 7));
        assert!(shard_of("登録", 7) < 7);
    }
}
