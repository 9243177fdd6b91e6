//! The query layer takes anything: ≥10,000 random and adversarial strings,
//! no panic and no error, only results or an empty list. Also the answers to
//! the example queries, through the CLI's JSON shape.

mod common;

use common::Rng;
use regnav::search::{SearchIndex, SearchRequest};

const PIECES: &[&str] = &[
    "AND",
    "OR",
    "NOT",
    "\"",
    "'",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "*",
    "?",
    "~",
    "^",
    ":",
    "title:",
    "body:",
    "-",
    "+",
    "\\",
    "/",
    "&&",
    "||",
    "!",
    " ",
    "　",
    "タイ",
    "クラス",
    "B",
    "登録",
    "医療機器",
    "ＭＤＳＡＰ",
    "ｶﾞｲﾄﾞ",
    "510(k)",
    "510k",
    "notified",
    "body",
    "class",
    "IIa",
    "🦀",
    "😀",
    "\u{0}",
    "\u{1b}[31m",
    "\t",
    "\n",
    "\u{200b}",
    "\u{feff}",
    "ประเทศไทย",
    "식약처",
    "Việt",
    "é",
    "ﬁ",
    "Ⅳ",
    "%",
    "%2e%2e",
    "../",
    "<script>",
    "&amp;",
    "class:",
    "ref:us",
];

#[test]
fn ten_thousand_random_queries_never_fail() {
    let kb = common::kb_with_overlay(None);
    let lib = common::load_dir(kb.path()).unwrap().library;
    let index = SearchIndex::in_ram(&regnav::search::document::documents(&lib)).unwrap();
    let mut rng = Rng(7);
    let mut answered = 0;
    for i in 0..10_000 {
        let mut q = String::new();
        let parts = if i % 500 == 0 { 3000 } else { rng.below(8) };
        for _ in 0..parts {
            if rng.below(5) == 0 {
                q.push(char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('x'));
            } else {
                q.push_str(PIECES[rng.below(PIECES.len())]);
            }
        }
        let kind = [
            None,
            Some("requirement".to_string()),
            Some("bogus kind".to_string()),
        ][rng.below(3)]
        .clone();
        let r = index.search(&SearchRequest {
            query: q.clone(),
            kind,
            limit: rng.below(200),
            jurisdictions: if rng.below(4) == 0 {
                vec!["th".into(), "???".into()]
            } else {
                vec![]
            },
            ..Default::default()
        });
        assert!(r.hits.len() <= 100);
        if !r.hits.is_empty() {
            answered += 1;
        }
    }
    assert!(
        answered > 500,
        "many random queries still find something: {answered}"
    );
    assert_eq!(
        index
            .search(&SearchRequest {
                query: String::new(),
                limit: 5,
                ..Default::default()
            })
            .hits
            .len(),
        5,
        "an empty query browses"
    );
}

#[test]
fn example_queries_answer_on_the_first_screen() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    // A copy of the knowledge base, so the cache written under it is thrown away.
    common::copy_tree(root.join("content").as_path(), &dir.path().join("content"));
    std::fs::copy(root.join("regnav.yaml"), dir.path().join("regnav.yaml")).unwrap();
    for (q, want) in [
        ("タイ クラスB 登録", "requirements/th/notification"),
        ("EU MDR notified body", "requirements/eu/notified-body"),
        ("WHO PQ 体外診断", "jurisdictions/who-pq"),
        ("510k", "requirements/us/premarket-notification-510k"),
        ("ＭＤＳＡＰ", "guides/mdsap"),
        ("enbassy desk thailand", "contacts/th/embassy-of-japan"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_regnav"))
            .args(["search", q, "--format", "json", "--limit", "5", "--root"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["query"], q);
        assert!(v["total"].as_u64().unwrap() >= 1);
        let ids: Vec<&str> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&want), "{q}: {ids:?}");
        let hit = &v["hits"][0];
        for key in [
            "id",
            "kind",
            "jurisdiction",
            "title",
            "url",
            "score",
            "snippet",
        ] {
            assert!(hit.get(key).is_some(), "{key}");
        }
    }
    assert!(
        dir.path().join(".regnav/search/stamp").exists(),
        "the index is cached under the root"
    );
}
