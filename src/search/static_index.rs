//! regnav's own static search index, written by `build` into `search/<lang>/`
//! and searched in the browser by `templates/assets/search.js` — no server.
//!
//! Why not Pagefind: its index-time and query-time Japanese segmentation
//! disagree (Pagefind issue #1237), and it needs ~19 GB for 100k pages. This
//! index uses the same tokenizer as tantivy (NFKC, CJK bigrams, words; no
//! stemming, so the JavaScript side can reproduce it exactly: it matches
//! Latin words by prefix and with one typo instead).
//!
//! Made to be fetched in small pieces: a first query downloads the metadata,
//! the head or the term shard of each query term, the documents of the facet values
//! the question names (a market, a topic, a class) and the document chunks
//! of the hits shown, not the index. Files are scripts
//! (`RegnavSearch.chunk(key, data)`), so search works on any static host and
//! even from `file://`:
//! - `meta.js`: counts, the first term of every term shard, facet value
//!   names, each kind's documents and those of no jurisdiction (doc lists,
//!   below; a few runs each, as documents are sorted by id), the initials
//!   that have a vocabulary file;
//! - `fj<k>.js`, `fg<k>.js`, `fc<k>.js`, `fv<k>.js`: the documents (a doc
//!   list) of one jurisdiction, category, class or country served
//!   (`covers`), numbered as in `meta.js`: what ranking and filters need;
//! - `facets.js`: every facet value's documents at once, fetched only for
//!   the counts the filters show (at 100k entries it is ~350 KB, more than
//!   a whole first query may cost; docs/static-search-loading.md);
//! - `t<k>.js`: `[[term, postings], …]`, terms sorted and cut into shards of
//!   about [`SHARD_BYTES`]; postings are, per document, the gap to the
//!   previous document as a varint, then one digit of weight;
//! - `h<k>.js`: the impact-ordered heads of the terms of `t<k>.js` (their
//!   highest weights first, cut, with a bound of the rest), from which
//!   `search.js` decides a first page when it can
//!   ([`super::static_heads`]);
//! - `hg<c>.js`: per topic, the heads of its phrases' words among the
//!   entries of its category (`meta.categories[c]`), with a bound of the
//!   documents outside it ([`super::static_heads::category_entry`]);
//! - `tp<c>.js`: per topic, its first page of hits, scored at build time
//!   ([`super::static_topics`]); `mk<j>-<c>.js`, the same per market and
//!   topic (`x`: none), per class ([`super::static_markets`]); `gp<g>.js`,
//!   the same for a synonym group or device type asked alone;
//! - `ut<c>.js`, `ug<g>.js`: a topic's (its text share and its category)
//!   and a synonym group's unit scores for every document, read instead of
//!   their phrases' postings ([`super::static_markets::unit_scores`]);
//!   `mt<j>-<c>.js`, `mg<j>-<g>.js`: for the topics and groups of many
//!   documents (`meta.within_topics`, `within_groups`), the same cut to the
//!   documents market `j` (of `meta.market_pages`) reaches, read when a
//!   question names that market;
//! - `fn<k>.js`: the documents that name market `meta.name_docs[k]` (match
//!   its names as text), which a market's unit reads instead of the
//!   postings of its names;
//! - `b<g>.js`: with more than [`BOUND_GROUP`] term shards, the first
//!   terms of [`BOUND_GROUP`] shards (`meta.bound_groups` holds the first
//!   of each file), which otherwise are `meta.bounds`;
//! - `v<hex>.js`: the Latin terms with that initial and their document
//!   counts, fetched only to correct a typo;
//! - `d<k>.js`: id, title, URL, summary and excerpt of [`DOCS_PER_CHUNK`]
//!   documents;
//! - `lexicon.js`: the question analyser's lexicon, but for the glossary's
//!   forms, in [`TERM_SHARDS`] shards `lt<k>.js` (by the form's first code
//!   point), and each market's routes, in `rt-<code>.js`: fetched only when
//!   a question may be a glossary term, or names a market and a class;
//! - `glossary.js`: the glossary terms' definitions in this language,
//!   fetched only when a question is a term (the lexicon maps its forms).
//!
//! Numbers are written in base-64 digits (`A–Z a–z 0–9 - _`); a varint is
//! digits of 5 bits, low first, 32 added to every digit but the last. A doc
//! list is pairs of varints (gap since the end of the previous run, run
//! length − 1). Output is sorted, so builds are deterministic.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::analyzer::{is_cjk, tokens};
use super::document::SearchDoc;
use super::static_heads::HEAD_DOCS;
use super::understand::Lexicon;

/// Documents per `d<k>.js` chunk: a first page of ten hits fetches at most
/// ten small chunks.
pub const DOCS_PER_CHUNK: usize = 10;
/// Target size of a `t<k>.js` shard, in bytes.
pub const SHARD_BYTES: usize = 12_000;
/// Documents whose terms are gathered at once (in parallel) before they
/// join the postings: bounds what a build holds besides the postings. Whole
/// `d<k>.js` chunks, so that a block writes its own.
const TERM_BLOCK: usize = 64 * DOCS_PER_CHUNK;
/// Partitions of the terms whose postings are merged at once.
const PARTS: usize = 64;
/// Characters of body text kept per document for excerpts.
pub const EXCERPT_CHARS: usize = 160;

pub(super) const DIGITS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` as a varint of base-64 digits.
pub fn push_varint(out: &mut String, mut n: u32) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[low + 32] as char);
    }
}

/// A sorted list of documents as runs (see the module documentation);
/// repeated documents count once.
pub fn doc_list(docs: &[u32]) -> String {
    let mut docs = docs.to_vec();
    docs.dedup();
    let mut out = String::new();
    let mut end = 0u32;
    let mut i = 0;
    while i < docs.len() {
        let start = docs[i];
        let mut j = i;
        while j + 1 < docs.len() && docs[j + 1] == docs[j] + 1 {
            j += 1;
        }
        push_varint(&mut out, start - end);
        push_varint(&mut out, (j - i) as u32);
        end = docs[j] + 1;
        i = j + 1;
    }
    out
}

/// The static terms of a text: the analyzer's tokens, Latin ones with
/// diacritics stripped (NFD, no marks) instead of stemmed.
pub fn static_terms(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .map(|t| {
            // ASCII (most words) has no marks to strip.
            if t.text.is_ascii() || t.text.chars().any(is_cjk) {
                t.text
            } else {
                t.text.nfd().filter(|c| !is_combining_mark(*c)).collect()
            }
        })
        .filter(|t: &String| !t.is_empty())
        .collect()
}

fn chunk(lang: &str, key: &str, data: &(impl serde::Serialize + ?Sized)) -> String {
    format!(
        "RegnavSearch.chunk({},{});\n",
        serde_json::to_string(&format!("{lang}/{key}")).unwrap_or_default(),
        serde_json::to_string(data).unwrap_or_default()
    )
}

/// Where an index's files go: (file name, text), from many threads at once.
pub type Put<'a, E> = dyn Fn(&str, String) -> Result<(), E> + Sync + 'a;

/// Writes `data` as the chunk `key`, in `<key>.js`; returns the file's hash.
fn put_chunk<E>(
    sink: &Put<'_, E>,
    lang: &str,
    key: &str,
    data: &(impl serde::Serialize + ?Sized),
) -> Result<[u8; 32], E> {
    let text = chunk(lang, key, data);
    let digest = <sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()).into();
    sink(&format!("{key}.js"), text)?;
    Ok(digest)
}

/// Postings of some terms: term → (encoded, last document + 1, documents).
type Postings = rustc_hash::FxHashMap<String, (String, u32, u32)>;

/// The partition of the postings a term is merged in (of [`PARTS`]): bits of
/// its hash that the partition's map does not use (it places entries by the
/// low bits and tags them with the top seven).
fn partition(term: &str) -> u16 {
    use std::hash::BuildHasher;
    ((rustc_hash::FxBuildHasher.hash_one(term) >> 32) % PARTS as u64) as u16
}

/// Adds to partition `p` of the postings the terms of a block of documents,
/// numbered from `first`.
fn merge(postings: &mut Postings, p: u16, block: &[Terms], first: u32) {
    for (d, terms) in block.iter().enumerate() {
        let doc = first + d as u32;
        let from = terms.partition_point(|t| t.0 < p);
        let to = terms.partition_point(|t| t.0 <= p);
        for (_, term, weight) in &terms[from..to] {
            match postings.get_mut(term.as_str()) {
                Some(entry) => add_posting(entry, doc, *weight),
                None => add_posting(postings.entry(term.clone()).or_default(), doc, *weight),
            }
        }
    }
}

/// Appends `doc` with `weight` to a term's postings.
fn add_posting(entry: &mut (String, u32, u32), doc: u32, weight: u32) {
    // Grown by a quarter rather than doubled: the postings are most of what
    // the index holds (~150 MB in Japanese at 100k entries), and doubling
    // leaves a third of it unused.
    let free = entry.0.capacity() - entry.0.len();
    if free < 8 {
        entry.0.reserve_exact(entry.0.len() / 4 + 8);
    }
    push_varint(&mut entry.0, doc - entry.1);
    entry.0.push(DIGITS[weight.min(63) as usize] as char);
    entry.1 = doc + 1;
    entry.2 += 1;
}

/// Writes the index of `docs` (one language, keys prefixed `<lang>/`) into
/// `sink`; returns a hash of it all (for cache busting).
pub fn write<E: Send>(
    lang: &str,
    docs: &[&SearchDoc],
    lexicon: &Lexicon,
    sink: &Put<'_, E>,
) -> Result<[u8; 32], E> {
    let source = Source {
        lang,
        docs: Docs::Made(docs),
        lexicon,
        head_docs: HEAD_DOCS,
        bound_group: BOUND_GROUP,
        within_docs: WITHIN_DOCS,
    };
    write_source(&source, sink)
}

/// [`write`] making the `count` documents from their numbers a block at a
/// time: a document's body is read for its terms and excerpt, then dropped,
/// so a build never holds every body's plain text at once.
pub fn write_made<E: Send>(
    lang: &str,
    count: usize,
    make: &(dyn Fn(usize) -> SearchDoc + Sync),
    lexicon: &Lexicon,
    sink: &Put<'_, E>,
) -> Result<[u8; 32], E> {
    let source = Source {
        lang,
        docs: Docs::Make { count, make },
        lexicon,
        head_docs: HEAD_DOCS,
        bound_group: BOUND_GROUP,
        within_docs: WITHIN_DOCS,
    };
    write_source(&source, sink)
}

/// The documents of an index: made already, or made from their numbers.
pub enum Docs<'a> {
    /// Every document, in the order they are numbered.
    Made(&'a [&'a SearchDoc]),
    /// `count` documents, made by `make(i)` when indexed.
    Make {
        /// How many.
        count: usize,
        /// Document `i`.
        make: &'a (dyn Fn(usize) -> SearchDoc + Sync),
    },
}

/// A document's weighted terms, each with its partition, sorted by it.
type Terms = Vec<(u16, String, u32)>;

/// A document as indexed: its weighted terms, what the facets read of it,
/// its row of `d<k>.js`.
type Indexed = (Terms, SearchDoc, Value);

impl Docs<'_> {
    fn len(&self) -> usize {
        match self {
            Docs::Made(d) => d.len(),
            Docs::Make { count, .. } => *count,
        }
    }

    /// Document `i`'s weighted terms (with their partitions), what the
    /// facets need of it (no texts) and its row of `d<k>.js` (id, title,
    /// URL, summary, excerpt).
    fn read(&self, i: usize) -> Indexed {
        let made;
        let d = match self {
            Docs::Made(d) => d[i],
            Docs::Make { make, .. } => {
                made = make(i);
                &made
            }
        };
        let mut tf: rustc_hash::FxHashMap<String, [u32; 4]> = rustc_hash::FxHashMap::default();
        for (f, text) in [&d.title, &d.aliases, &d.summary, &d.body]
            .into_iter()
            .enumerate()
        {
            for t in static_terms(text) {
                tf.entry(t).or_default()[f] += 1;
            }
        }
        // A term has one posting per document: in any order within a
        // partition.
        let mut terms: Terms = tf
            .into_iter()
            .map(|(t, n)| {
                let weight = 8 * n[0].min(3) + 6 * n[1].min(3) + 4 * n[2].min(3) + n[3].min(8);
                (partition(&t), t, weight)
            })
            .collect();
        terms.sort_unstable_by_key(|t| t.0);
        let excerpt: String = d.body.chars().take(EXCERPT_CHARS).collect();
        let row = json!([d.id, d.title, d.url, d.summary, excerpt]);
        let facets = SearchDoc {
            id: String::new(),
            lang: d.lang,
            kind: d.kind,
            jurisdiction: d.jurisdiction.clone(),
            category: d.category,
            covers: d.covers.clone(),
            classes: d.classes.clone(),
            title: String::new(),
            aliases: String::new(),
            summary: String::new(),
            body: String::new(),
            url: String::new(),
        };
        (terms, facets, row)
    }
}

/// What [`write_source`] indexes, and how.
pub struct Source<'a> {
    /// The language (keys are prefixed `<lang>/`).
    pub lang: &'a str,
    /// The documents, in the order they are numbered.
    pub docs: Docs<'a>,
    /// The question analyser's lexicon (`lexicon.js`, `glossary.js`).
    pub lexicon: &'a Lexicon,
    /// Documents per term in a head (`h<k>.js`): [`HEAD_DOCS`] but in tests.
    pub head_docs: usize,
    /// Term shards' first terms per `b<g>.js` when there are more shards:
    /// [`BOUND_GROUP`] but in tests.
    pub bound_group: usize,
    /// Topics and groups scoring more documents than this have their
    /// scores within each market too: [`WITHIN_DOCS`] but in tests.
    pub within_docs: usize,
}

/// A topic's or group's scores for every document (`ut`, `ug`) are read
/// with a market too unless the unit scores more documents than this
/// (~24 KB of file): then each market has its own (`mt`, `mg`). On the
/// repo's site and at 10k entries none does, which keeps thousands of
/// small files out of the build; at 100k most do.
pub const WITHIN_DOCS: usize = 8_000;

/// Up to this many term shards, their first terms are in `meta.js`
/// (`bounds`); beyond, in files of this many (`b<g>.js`), `meta.js` holding
/// the first of each (`bound_groups`): at 100k entries Japanese has ~9,700
/// shards, whose first terms made `meta.js`, fetched by every question,
/// 86 KB.
pub const BOUND_GROUP: usize = 256;

/// [`write`] with every setting: tests make heads small enough to be cut on
/// a small knowledge base.
///
/// Nothing here waits on one thread for long: postings are merged in
/// [`PARTS`] partitions of the terms at once, and files are written in
/// parallel, each hashed on its own (the index's hash is that of their
/// hashes, in order).
pub fn write_source<E: Send>(source: &Source<'_>, sink: &Put<'_, E>) -> Result<[u8; 32], E> {
    use rayon::prelude::*;
    let lang = source.lang;
    let lexicon = source.lexicon;
    let mut digests: Vec<[u8; 32]> = Vec::new();
    // Per document: its terms with weights (in parallel, a block of
    // documents at a time so that only one block's terms and bodies are
    // held), then merged into postings in document order, so each list is
    // sorted by document, while the block's `d<k>.js` are written. What is
    // kept of a document is what the facets read.
    let mut parts: Vec<Postings> = (0..PARTS).map(|_| Postings::default()).collect();
    let count = source.docs.len();
    let mut kept: Vec<SearchDoc> = Vec::with_capacity(count);
    // The documents of the requirements markets' routes name (a question
    // answered with a route ranks it first), by id.
    let wanted: rustc_hash::FxHashSet<&str> = lexicon
        .markets
        .values()
        .flat_map(|m| m.routes.iter().filter_map(|r| r.requirement.as_deref()))
        .collect();
    let mut route_docs = RouteDocs::default();
    for start in (0..count).step_by(TERM_BLOCK) {
        let per_doc: Vec<Indexed> = (start..(start + TERM_BLOCK).min(count))
            .into_par_iter()
            .map(|i| source.docs.read(i))
            .collect();
        let mut terms = Vec::with_capacity(per_doc.len());
        let mut rows = Vec::with_capacity(per_doc.len());
        for (i, (t, facets, row)) in per_doc.into_iter().enumerate() {
            if let Some(id) = row[0].as_str().filter(|id| wanted.contains(id)) {
                route_docs.insert(id.to_string(), (start + i) as u32);
            }
            terms.push(t);
            kept.push(facets);
            rows.push(row);
        }
        let ((), written) = rayon::join(
            || {
                parts
                    .par_iter_mut()
                    .enumerate()
                    .for_each(|(p, postings)| merge(postings, p as u16, &terms, start as u32))
            },
            || {
                rows.par_chunks(DOCS_PER_CHUNK)
                    .enumerate()
                    .map(|(j, rows)| {
                        let k = start / DOCS_PER_CHUNK + j;
                        put_chunk(sink, lang, &format!("d{k}"), &rows)
                    })
                    .collect::<Result<Vec<_>, E>>()
            },
        );
        digests.extend(written?);
    }
    let docs: &[SearchDoc] = &kept;
    let mut terms: Vec<(String, (String, u32, u32))> =
        Vec::with_capacity(parts.iter().map(Postings::len).sum());
    for postings in parts {
        terms.extend(postings);
    }
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // Term shards: consecutive terms up to about SHARD_BYTES each.
    let mut shards: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
    let mut size = 0;
    for (term, (enc, _, _)) in &terms {
        if size > 0 && size + term.len() + enc.len() > SHARD_BYTES {
            shards.push(Vec::new());
            size = 0;
        }
        size += term.len() + enc.len() + 6;
        if let Some(last) = shards.last_mut() {
            last.push((term, enc));
        }
    }
    shards.retain(|s| !s.is_empty());
    let bounds: Vec<&str> = shards.iter().map(|s| s[0].0).collect();
    let written: Result<Vec<_>, E> = shards
        .par_iter()
        .enumerate()
        .map(|(k, shard)| put_chunk(sink, lang, &format!("t{k}"), shard))
        .collect();
    digests.extend(written?);
    // Their impact-ordered twins.
    let flat: Vec<(&str, &str)> = shards.concat();
    let mut starts: Vec<usize> = Vec::with_capacity(shards.len());
    let mut at = 0;
    for shard in &shards {
        starts.push(at);
        at += shard.len();
    }
    drop(shards);
    let written: Result<Vec<_>, E> = (0..starts.len())
        .into_par_iter()
        .map(|k| {
            let head = super::static_heads::head(&flat, &starts, k, source.head_docs);
            put_chunk(sink, lang, &format!("h{k}"), &head)
        })
        .collect();
    digests.extend(written?);
    // Vocabulary of Latin words by initial, with document counts, for typos.
    let mut vocab: BTreeMap<char, Vec<(&str, u32)>> = BTreeMap::new();
    for (term, (_, _, df)) in &terms {
        if let Some(c) = term.chars().next().filter(char::is_ascii_alphabetic)
            && term.len() >= 4
        {
            vocab.entry(c).or_default().push((term, *df));
        }
    }
    for (c, words) in &vocab {
        digests.push(put_chunk(sink, lang, &format!("v{:x}", *c as u32), words)?);
    }
    let initials: String = vocab.keys().collect();

    let values = |f: &dyn Fn(&SearchDoc) -> Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = docs.iter().flat_map(f).collect();
        v.sort();
        v.dedup();
        v
    };
    let kinds = values(&|d| vec![d.kind.to_string()]);
    let jurisdictions = values(&|d| d.jurisdiction.iter().cloned().collect());
    let categories = values(&|d| d.category.iter().map(|c| c.to_string()).collect());
    let classes = values(&|d| d.classes.iter().map(|c| c.to_lowercase()).collect());
    let covers = values(&|d| d.covers.clone());
    // The pages the build answers itself (a topic alone; a market with or
    // without a topic and a class), and each topic's heads among its
    // category's entries ([`super::static_pages`]).
    let index = super::static_pages::Index {
        docs,
        terms: &flat,
        starts: &starts,
        lexicon,
        head_docs: source.head_docs,
        within_docs: source.within_docs,
        categories: &categories,
        jurisdictions: &jurisdictions,
        route_docs: &route_docs,
    };
    let pages = super::static_pages::write(&index, &|key: &str, data: &Value| {
        put_chunk(sink, lang, key, data)
    })?;
    digests.extend(pages.digests);
    // Per facet, per value: its documents.
    let facet = |names: &[String], of: &dyn Fn(&SearchDoc) -> Vec<String>| -> Vec<String> {
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); names.len()];
        for (i, d) in docs.iter().enumerate() {
            for v in of(d) {
                if let Ok(k) = names.binary_search(&v) {
                    lists[k].push(i as u32);
                }
            }
        }
        lists.iter().map(|l| doc_list(l)).collect()
    };
    let kind_docs = facet(&kinds, &|d| vec![d.kind.to_string()]);
    let per_value: [(&str, Vec<String>); 4] = [
        (
            "jurisdiction",
            facet(&jurisdictions, &|d| {
                d.jurisdiction.iter().cloned().collect()
            }),
        ),
        (
            "category",
            facet(&categories, &|d| {
                d.category.iter().map(|c| c.to_string()).collect()
            }),
        ),
        (
            "cls",
            facet(&classes, &|d| {
                d.classes.iter().map(|c| c.to_lowercase()).collect()
            }),
        ),
        ("covers", facet(&covers, &|d| d.covers.clone())),
    ];
    // Each value's documents on its own, for ranking and filters; all of
    // them at once in `facets.js`, for the counts shown in the filters.
    for (name, lists) in &per_value {
        let written: Result<Vec<_>, E> = lists
            .par_iter()
            .enumerate()
            .map(|(k, list)| {
                put_chunk(sink, lang, &format!("{}{k}", facet_file_prefix(name)), list)
            })
            .collect();
        digests.extend(written?);
    }
    let mut facets = serde_json::Map::new();
    facets.insert("kind".into(), json!(kind_docs));
    for (name, lists) in per_value {
        facets.insert(name.into(), json!(lists));
    }
    digests.push(put_chunk(sink, lang, "facets", &facets)?);
    let no_jurisdiction: Vec<u32> = (0..docs.len() as u32)
        .filter(|&i| docs[i as usize].jurisdiction.is_none())
        .collect();
    let mut meta = json!({
        "docs": docs.len(), "bounds": bounds, "heads": true, "topic_heads": pages.topic_heads, "topic_pages": pages.topic_pages, "market_pages": pages.market_pages, "within_topics": pages.within_topics, "within_groups": pages.within_groups, "unit_scores": true, "group_pages": pages.group_pages, "name_docs": pages.name_docs, "initials": initials, "docs_per_chunk": DOCS_PER_CHUNK,
        "kinds": kinds, "kind_docs": kind_docs, "no_jurisdiction": doc_list(&no_jurisdiction),
        "covers": covers, "jurisdictions": jurisdictions, "categories": categories, "classes": classes,
    });
    let group = source.bound_group.max(1);
    if bounds.len() > group {
        let groups: Vec<&[&str]> = bounds.chunks(group).collect();
        for (g, list) in groups.iter().enumerate() {
            digests.push(put_chunk(sink, lang, &format!("b{g}"), list)?);
        }
        if let Some(m) = meta.as_object_mut() {
            m.remove("bounds");
            m.insert(
                "bound_groups".into(),
                json!(groups.iter().map(|l| l[0]).collect::<Vec<_>>()),
            );
            m.insert("bound_size".into(), json!(group));
            m.insert("bound_count".into(), json!(bounds.len()));
        }
    }
    // The lexicon without the glossary's forms and the markets' routes,
    // which a question fetches only when it needs them.
    let (shipped, term_shards, routes) = split_lexicon(lexicon);
    digests.push(put_chunk(sink, lang, "lexicon", &shipped)?);
    for (k, shard) in term_shards.iter().enumerate() {
        digests.push(put_chunk(sink, lang, &format!("lt{k}"), shard)?);
    }
    for (code, list) in &routes {
        // Each route with its requirement's document in this language.
        let list: Vec<Value> = list
            .iter()
            .map(|r| {
                let mut v = serde_json::to_value(r).unwrap_or_default();
                let doc = r.requirement.as_ref().and_then(|id| route_docs.get(id));
                if let (Some(o), Some(&d)) = (v.as_object_mut(), doc) {
                    o.insert("doc".into(), json!(d));
                }
                v
            })
            .collect();
        digests.push(put_chunk(sink, lang, &format!("rt-{code}"), &list)?);
    }
    // The glossary's definitions in this language, loaded only when a
    // question is a term (`lexicon.terms`).
    let definitions: BTreeMap<&str, &super::understand::lexicon::Definition> = lexicon
        .definitions
        .iter()
        .filter_map(|(id, cards)| cards.get(lang).map(|c| (id.as_str(), c)))
        .collect();
    digests.push(put_chunk(sink, lang, "glossary", &definitions)?);
    digests.push(put_chunk(sink, lang, "meta", &meta)?);
    Ok(<sha2::Sha256 as sha2::Digest>::digest(digests.concat()).into())
}

/// Shards of the glossary's forms (`lt<k>.js`, by the key's first code
/// point): a question that may be a term fetches one or two, ~3 KB each on
/// the repo's knowledge base, instead of all of them (41 KB) in
/// `lexicon.js`.
pub const TERM_SHARDS: u32 = 16;

/// Glossary forms (folded) → term id, of one shard.
type TermShard<'a> = BTreeMap<&'a str, &'a str>;
/// The document of each route's requirement that has one, by id.
pub type RouteDocs = rustc_hash::FxHashMap<String, u32>;
/// Each market's routes, by code.
type Routes<'a> = BTreeMap<&'a str, &'a Vec<super::understand::lexicon::RouteCard>>;

/// The lexicon as `lexicon.js` ships it (no glossary forms, no routes; with
/// `term_shards` and `route_files`), the forms by shard, and each market's
/// routes (`rt-<code>.js`, for the answer card of a market and a class).
fn split_lexicon(lexicon: &Lexicon) -> (Value, Vec<TermShard<'_>>, Routes<'_>) {
    let mut shards: Vec<TermShard<'_>> = vec![BTreeMap::new(); TERM_SHARDS as usize];
    for (key, id) in &lexicon.terms {
        if let Some(c) = key.chars().next() {
            shards[(c as u32 % TERM_SHARDS) as usize].insert(key, id);
        }
    }
    let routes: Routes<'_> = lexicon
        .markets
        .iter()
        // A file name of the code's letters alone (codes are ids already).
        .filter(|(code, m)| {
            !m.routes.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        .map(|(code, m)| (code.as_str(), &m.routes))
        .collect();
    let mut rest = lexicon.clone();
    rest.terms.clear();
    for m in rest.markets.values_mut() {
        m.routes.clear();
    }
    let mut shipped = serde_json::to_value(&rest).unwrap_or_default();
    if let Some(o) = shipped.as_object_mut() {
        o.remove("terms");
        o.insert("term_shards".into(), json!(TERM_SHARDS));
        o.insert(
            "route_files".into(),
            json!(routes.keys().collect::<Vec<_>>()),
        );
    }
    (shipped, shards, routes)
}

/// The name of the file (without `.js`) of one value of a facet, before the
/// value's number: `fj3.js` holds the documents of `meta.jurisdictions[3]`.
pub fn facet_file_prefix(facet: &str) -> &'static str {
    match facet {
        "jurisdiction" => "fj",
        "category" => "fg",
        "cls" => "fc",
        _ => "fv",
    }
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
    fn numbers_and_doc_lists_are_compact() {
        let v = |n| {
            let mut s = String::new();
            push_varint(&mut s, n);
            s
        };
        assert_eq!(v(0), "A");
        assert_eq!(v(31), "f");
        assert_eq!(v(32), "gB"); // 0 + continuation, then 1
        assert_eq!(v(1000), "of"); // 1000 = 8 + 31·32
        // Runs: docs 0–2, then 7, then 9–10.
        assert_eq!(doc_list(&[0, 1, 2, 7, 9, 10]), "ACEABB");
        assert_eq!(doc_list(&[0, 1, 1, 2]), "AC");
    }

    /// Every first search reads `lexicon.js`: a market the knowledge base
    /// does not cover ships its names only, a covered one its classes too,
    /// and neither its routes (`rt-<code>.js`).
    #[test]
    fn the_shipped_lexicon_leaves_out_what_is_empty() {
        use super::super::understand::lexicon::{Market, RouteCard};
        let mut lexicon = Lexicon::default();
        let names = vec!["andorra".to_string()];
        let andorra = Market {
            en: "Andorra".into(),
            ja: "アンドラ".into(),
            names,
            ..Market::default()
        };
        let thailand = Market {
            en: "Thailand".into(),
            ja: "タイ".into(),
            covered: true,
            names: vec!["thailand".into(), "タイ".into()],
            classes: vec!["1".into(), "2".into()],
            class_map: [("A".to_string(), "1".to_string())].into(),
            routes: vec![RouteCard::default()],
            ..Market::default()
        };
        lexicon.markets.insert("ad".into(), andorra);
        lexicon.markets.insert("th".into(), thailand);
        let (shipped, _, routes) = split_lexicon(&lexicon);
        assert_eq!(
            shipped["markets"]["ad"],
            json!({"en": "Andorra", "ja": "アンドラ", "names": ["andorra"]})
        );
        assert_eq!(
            shipped["markets"]["th"],
            json!({"en": "Thailand", "ja": "タイ", "covered": true, "names": ["thailand", "タイ"],
                   "classes": ["1", "2"], "class_map": {"A": "1"}})
        );
        assert_eq!(routes.keys().copied().collect::<Vec<_>>(), ["th"]);
        assert_eq!(shipped["route_files"], json!(["th"]));
    }
}
