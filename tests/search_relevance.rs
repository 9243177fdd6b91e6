//! Search relevance on the repo's own content, measured: real questions (ja
//! and en, with typos, width variants, acronyms, local names) and the entries
//! that answer them (`tests/data/relevance.yaml`). Reports MRR and recall@5
//! and fails below the floors — raise them as the content and ranking grow.

mod common;

use regnav::search::{SearchIndex, SearchRequest};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    q: String,
    lang: String,
    expect: Vec<String>,
}

const MRR_FLOOR: f64 = 0.88;
const RECALL5_FLOOR: f64 = 0.82;

#[test]
fn relevance_of_the_embedded_index() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = common::load_dir(root).unwrap().library;
    let index = SearchIndex::in_ram(&regnav::search::document::documents(&lib))
        .unwrap()
        .with_lexicon(&lib);
    let cases: Vec<Case> = serde_yaml::from_str(
        &std::fs::read_to_string(root.join("tests/data/relevance.yaml")).unwrap(),
    )
    .unwrap();
    assert!(cases.len() >= 60);
    let (mut mrr, mut recall) = (0.0, 0.0);
    let mut by_lang: std::collections::BTreeMap<&str, (f64, f64, usize)> = Default::default();
    let mut misses = Vec::new();
    for c in &cases {
        for id in &c.expect {
            assert!(
                lib.entries.keys().any(|k| k.as_str() == id),
                "{}: unknown id {id}",
                c.q
            );
        }
        let hits = index
            .search(&SearchRequest {
                query: c.q.clone(),
                limit: 10,
                ..Default::default()
            })
            .hits;
        let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
        let rank = ids.iter().position(|id| c.expect.iter().any(|e| e == id));
        let rr = rank.map(|r| 1.0 / (r as f64 + 1.0)).unwrap_or(0.0);
        mrr += rr;
        let found = c
            .expect
            .iter()
            .filter(|e| ids.iter().take(5).any(|id| id == e))
            .count();
        let r5 = found as f64 / c.expect.len() as f64;
        recall += r5;
        let l = by_lang.entry(c.lang.as_str()).or_default();
        *l = (l.0 + rr, l.1 + r5, l.2 + 1);
        if rank.is_none_or(|r| r > 0) {
            misses.push(format!(
                "{} [{}] → {:?} (want {:?})",
                c.q,
                c.lang,
                &ids[..ids.len().min(3)],
                c.expect
            ));
        }
    }
    let n = cases.len() as f64;
    let (mrr, recall) = (mrr / n, recall / n);
    println!(
        "relevance: {} queries, MRR {mrr:.3}, recall@5 {recall:.3}",
        cases.len()
    );
    for (lang, (m, r, n)) in &by_lang {
        common::print_language_figures(lang, *m, *r, *n);
    }
    for m in &misses {
        println!("  not first: {m}");
    }
    assert!(mrr >= MRR_FLOOR, "MRR {mrr:.3} below {MRR_FLOOR}");
    assert!(
        recall >= RECALL5_FLOOR,
        "recall@5 {recall:.3} below {RECALL5_FLOOR}"
    );
}
