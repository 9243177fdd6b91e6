//! The first pages the build answers itself, for questions that rank the
//! same for every reader: a topic alone (`tp<c>.js`,
//! [`super::static_topics`]), a synonym group or device type alone
//! (`gp<g>.js`), and a market with or without one topic and one class
//! (`mk<j>-<c>.js`, [`super::static_markets`]); and, per topic, the
//! heads of its words among its category's entries (`hg<c>.js`), from which
//! the searcher decides a topic's page when its `Math.log` is neither of
//! the two the pages were scored with; per market, the documents that
//! name it (`fn<k>.js`); and per topic or group, its unit scores for every
//! document (`ut<c>.js`, `ug<g>.js`), which any question asking it reads
//! instead of its phrases' postings, and for one of many documents the
//! same cut to the documents each market reaches (`mt<j>-<c>.js`,
//! `mg<j>-<g>.js`), read by a question naming that market.

use rayon::prelude::*;
use serde_json::Value;

use super::document::SearchDoc;
use super::static_heads::{category_entry, gather};
use super::static_index::{doc_list, static_terms};
use super::static_markets::{Market, file, unit_scores, within};
use super::static_topics::{Text, Word, gather_absent, page, scored, topic_score, words_page};
use super::understand::Lexicon;

/// What the pages are made from: one language's index.
pub struct Index<'a> {
    /// Its documents (what the facets read of them), numbered in order.
    pub docs: &'a [SearchDoc],
    /// Its terms, sorted, with their encoded postings.
    pub terms: &'a [(&'a str, &'a str)],
    /// Where each term shard starts in `terms`.
    pub starts: &'a [usize],
    /// The question analyser's lexicon.
    pub lexicon: &'a Lexicon,
    /// Documents per term in a head.
    pub head_docs: usize,
    /// A topic or group scoring more documents than this has its scores
    /// within each market too (`mt`, `mg`); below, its file of every
    /// document is small enough to read with a market.
    pub within_docs: usize,
    /// `meta.categories`.
    pub categories: &'a [String],
    /// `meta.jurisdictions`.
    pub jurisdictions: &'a [String],
    /// The document of each route's requirement, by id.
    pub route_docs: &'a super::static_index::RouteDocs,
}

/// Which pages were written (for `meta.js`).
#[derive(Default)]
pub struct Written {
    /// Topics with `hg<c>.js`.
    pub topic_heads: Vec<usize>,
    /// Topics with `tp<c>.js` (and `mk<j>-<c>.js` for every market).
    pub topic_pages: Vec<usize>,
    /// Markets with `mk<j>-x.js` and `mk<j>-<c>.js`, and `mt<j>-<c>.js`
    /// and `mg<j>-<g>.js` (the scores within them of the topics and groups
    /// of many documents).
    pub market_pages: Vec<usize>,
    /// The synonym groups and device types with `gp<g>.js`, by lexicon key,
    /// in the order numbered.
    pub group_pages: Vec<String>,
    /// The markets with `fn<k>.js` (the documents naming them), by code, in
    /// the order numbered; no document names the lexicon's other markets.
    pub name_docs: Vec<String>,
    /// Topics with `mt<j>-<c>.js` (more than `within_docs` documents).
    pub within_topics: Vec<usize>,
    /// Synonym groups and device types with `mg<j>-<g>.js`, by number.
    pub within_groups: Vec<usize>,
    /// Each file's hash, in the order written.
    pub digests: Vec<[u8; 32]>,
}

/// Where a file goes: (key, data) → its hash.
pub type Put<'a, E> = dyn Fn(&str, &Value) -> Result<[u8; 32], E> + Sync + 'a;

/// Writes the topic heads, topic pages and market pages of `index`.
pub fn write<E: Send>(index: &Index<'_>, put: &Put<'_, E>) -> Result<Written, E> {
    let docs = index.docs;
    let is_term: Vec<bool> = docs.iter().map(|d| d.kind == "term").collect();
    let all: Vec<u32> = (0..docs.len() as u32).collect();
    let mut out = Written::default();
    // Per market the lexicon knows, the documents that name it (match its
    // names as text, `fn<k>.js`): what a market unit reads instead of its
    // names' postings (for the EU, those of its 27 members' names too).
    let named: Vec<(&String, Vec<bool>)> = index
        .lexicon
        .markets
        .par_iter()
        .map(|(code, m)| {
            let lists = term_lists(&m.names);
            let words = read_words(index, &lists);
            let text = Text {
                docs: docs.len(),
                lists: &lists,
                words: &words,
            };
            (code, super::static_topics::matching(&text))
        })
        .collect();
    // A market no document names has no file (most of the world's).
    let lists: Vec<(&String, Vec<u32>)> = named
        .par_iter()
        .map(|(code, has)| {
            let list = (0..has.len() as u32).filter(|&d| has[d as usize]).collect();
            (*code, list)
        })
        .filter(|(_, list): &(_, Vec<u32>)| !list.is_empty())
        .collect();
    let digests: Result<Vec<_>, E> = lists
        .par_iter()
        .enumerate()
        .map(|(k, (_, list))| put(&format!("fn{k}"), &Value::String(doc_list(list))))
        .collect();
    out.digests.extend(digests?);
    out.name_docs = lists.iter().map(|(code, _)| code.to_string()).collect();
    let markets: Vec<Market> = named
        .par_iter()
        .filter_map(|(code, names)| {
            let m = index.lexicon.markets.get(*code).filter(|m| m.covered)?;
            let j = index.jurisdictions.binary_search(code).ok()?;
            // Per class, its route's document (a general device's).
            let routes = m
                .classes
                .iter()
                .filter_map(|l| {
                    let r = super::understand::route_for(&m.routes, l, false)?;
                    Some((l.clone(), *index.route_docs.get(r.requirement.as_ref()?)?))
                })
                .collect();
            Some(Market::new(j, code, &m.classes, docs, names, routes))
        })
        .collect();
    let digests: Result<Vec<_>, E> = markets
        .par_iter()
        .map(|m| put(&format!("mk{}-x", m.j), &file(m, None, true, &is_term)))
        .collect();
    out.digests.extend(digests?);
    out.market_pages = markets.iter().map(|m| m.j).collect();
    for (c, name) in index.categories.iter().enumerate() {
        let Some(phrases) = index.lexicon.groups.get(&format!("topic:{name}")) else {
            continue;
        };
        let member: Vec<bool> = docs
            .iter()
            .map(|d| d.category == Some(name.as_str()))
            .collect();
        let lists = term_lists(phrases);
        let words = read_words(index, &lists);
        let entries: Vec<Value> = words
            .par_iter()
            .filter(|(w, _)| index.terms.binary_search_by(|(t, _)| t.cmp(w)).is_ok())
            .map(|(w, all)| category_entry(w, all, index.head_docs, &member))
            .collect();
        out.digests
            .push(put(&format!("hg{c}"), &Value::Array(entries))?);
        out.topic_heads.push(c);
        let text = Text {
            docs: docs.len(),
            lists: &lists,
            words: &words,
        };
        let scored = scored(&text);
        out.digests
            .push(put(&format!("tp{c}"), &page(&scored, &member, &is_term))?);
        // Its text share for every document, and its category: its unit
        // scores with a market named or not.
        let share = |text: &[Option<f64>], d: usize| topic_score(text[d], false, 0.0);
        let f = unit_scores(&all, &scored, &share, Some(&member));
        out.digests.push(put(&format!("ut{c}"), &f)?);
        out.topic_pages.push(c);
        // Its pages with each market, and, for a topic of many documents,
        // the same cut to each market's (a question naming it ranks no
        // other).
        let many = (0..docs.len())
            .filter(|&d| member[d] || scored[0].text[d].is_some())
            .count()
            > index.within_docs;
        if many {
            out.within_topics.push(c);
        }
        let route = name == super::understand::ROUTE_TOPIC;
        let digests: Result<Vec<_>, E> = markets
            .par_iter()
            .map(|m| {
                let f = file(m, Some((&scored, &member)), route, &is_term);
                let mut digests = vec![put(&format!("mk{}-{c}", m.j), &f)?];
                if many {
                    let inside = within(m, &scored, &share, Some(&member));
                    digests.push(put(&format!("mt{}-{c}", m.j), &inside)?);
                }
                Ok(digests)
            })
            .collect();
        out.digests.extend(digests?.into_iter().flatten());
    }
    // A synonym group or a device type asked alone ("notified body",
    // 510(k), IVD): one unit of words whatever phrase of it was typed; its
    // scores for every document, and for a group of many documents within
    // each market.
    let keys: Vec<&String> = index
        .lexicon
        .groups
        .keys()
        .filter(|key| key.starts_with("syn:") || key.starts_with("device:"))
        .collect();
    type Files = (Vec<[u8; 32]>, bool);
    let digests: Result<Vec<Files>, E> = keys
        .par_iter()
        .enumerate()
        .map(|(g, key)| {
            let lists = term_lists(&index.lexicon.groups[*key]);
            let words = read_words(index, &lists);
            let text = Text {
                docs: docs.len(),
                lists: &lists,
                words: &words,
            };
            let scored = scored(&text);
            let score = |text: &[Option<f64>], d: usize| text[d];
            let mut digests = vec![
                put(&format!("gp{g}"), &words_page(&scored, &is_term))?,
                put(&format!("ug{g}"), &unit_scores(&all, &scored, &score, None))?,
            ];
            let many = scored[0].text.iter().flatten().count() > index.within_docs;
            if many {
                for m in &markets {
                    let f = within(m, &scored, &score, None);
                    digests.push(put(&format!("mg{}-{g}", m.j), &f)?);
                }
            }
            Ok((digests, many))
        })
        .collect();
    for (g, (d, many)) in digests?.into_iter().enumerate() {
        out.digests.extend(d);
        if many {
            out.within_groups.push(g);
        }
    }
    out.group_pages = keys.iter().map(|key| key.to_string()).collect();
    Ok(out)
}

/// Phrases as term lists, empty ones left out.
fn term_lists(phrases: &[String]) -> Vec<Vec<String>> {
    phrases
        .iter()
        .map(|p| static_terms(p))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Each distinct word of `lists`, sorted, with what the searcher gathers
/// for it.
fn read_words<'a>(index: &Index<'_>, lists: &'a [Vec<String>]) -> Vec<Word<'a>> {
    let mut words: Vec<&str> = lists.iter().flatten().map(String::as_str).collect();
    words.sort_unstable();
    words.dedup();
    let (terms, starts) = (index.terms, index.starts);
    words
        .par_iter()
        .map(|w| match terms.binary_search_by(|(t, _)| (*t).cmp(w)) {
            Ok(i) => (*w, gather(terms, starts, i)),
            Err(_) => (*w, gather_absent(terms, starts, w)),
        })
        .collect()
}
