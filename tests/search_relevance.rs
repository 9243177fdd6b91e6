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
/// The share of questions answered in the first five, in each language.
const TOP5_FLOOR: f64 = 0.95;

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
    let mut figures = common::Relevance::default();
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
        let ids: Vec<String> = hits.iter().map(|h| h.id.to_string()).collect();
        figures.add(&c.q, &c.lang, &c.expect, &ids);
    }
    figures.print("relevance (regnav search)");
    let (mrr, recall, _) = figures.overall();
    let top5 = figures.worst_top5();
    assert!(mrr >= MRR_FLOOR, "MRR {mrr:.3} below {MRR_FLOOR}");
    assert!(
        recall >= RECALL5_FLOOR,
        "recall@5 {recall:.3} below {RECALL5_FLOOR}"
    );
    assert!(
        top5 >= TOP5_FLOOR,
        "top-5 {top5:.3} below {TOP5_FLOOR} in a language"
    );
}
