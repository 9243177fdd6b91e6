//! The static search (the site searching itself in the browser): relevance
//! of the JavaScript searcher over the index `build` writes, measured with
//! node on the same question set as the embedded index.

mod common;

/// Runs the page's search code in node (`tests/static_search.js ARGS…`) and
/// returns what it printed, as JSON.
fn node(root: &std::path::Path, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let res = Command::new("node")
        .arg(root.join("tests/static_search.js"))
        .args(args)
        .output()
        .expect("node (.ci/run installs nodejs)");
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    serde_json::from_slice(&res.stdout).unwrap()
}

use std::process::Command;

use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    q: String,
    lang: String,
    expect: Vec<String>,
}

#[test]
fn static_search_relevance() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, site) = common::build_site(root, None);
    let cases: Vec<Case> = serde_yaml::from_str(
        &std::fs::read_to_string(root.join("tests/data/relevance.yaml")).unwrap(),
    )
    .unwrap();
    let queries: Vec<_> = cases
        .iter()
        .map(|c| serde_json::json!({"q": c.q, "lang": c.lang}))
        .collect();
    let qfile = out.path().join("q.json");
    std::fs::write(&qfile, serde_json::to_vec(&queries).unwrap()).unwrap();
    let results: Vec<Vec<String>> =
        serde_json::from_value(node(root, &[site.as_os_str(), qfile.as_os_str()])).unwrap();
    let mut figures = common::Relevance::default();
    for (c, ids) in cases.iter().zip(&results) {
        figures.add(&c.q, &c.lang, &c.expect, ids);
    }
    figures.print("static search relevance");
    let (mrr, recall, _) = figures.overall();
    let top5 = figures.worst_top5();
    assert!(
        mrr >= 0.88 && recall >= 0.82 && top5 >= 0.95,
        "MRR {mrr:.3}, recall@5 {recall:.3}, worst top-5 {top5:.3}"
    );
}

/// The page reads questions exactly as `regnav search` does: the same
/// analysis (markets, classes, topics, romaji, stop words, units) for every
/// question of the relevance set and the examples.
#[test]
fn analysis_parity_with_the_embedded_index() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, site) = common::build_site(root, None);
    let lib = common::load_dir(root).unwrap().library;
    let lex = regnav::search::understand::Lexicon::new(&lib);
    let cases: Vec<Case> = serde_yaml::from_str(
        &std::fs::read_to_string(root.join("tests/data/relevance.yaml")).unwrap(),
    )
    .unwrap();
    let mut queries: Vec<String> = cases.iter().map(|c| c.q.clone()).collect();
    queries.extend(
        [
            "",
            "can you help us register a device in Malaysia",
            "US agent",
            "WHO 事前認証",
            "who can help",
            "shōnin ninsho todokede",
            "betonaamu",
            "constructor toString __proto__",
            "盤谷日本人商工会議所 日本",
            "ＩＳＯ１３４８５ 認証書",
            "Thailand class IIb クラスⅢ class 3 classification",
            "Thailand class III",
            "Japan class III",
            "İstanbul ΣΑΣ ß ﬁ",
            "サウジアラビア 医療機器",
            "Germany CE marked device",
            "how to",
        ]
        .map(String::from),
    );
    let qfile = out.path().join("a.json");
    std::fs::write(&qfile, serde_json::to_vec(&queries).unwrap()).unwrap();
    let js: Vec<serde_json::Value> = serde_json::from_value(node(
        root,
        &["--analyse".as_ref(), site.as_os_str(), qfile.as_os_str()],
    ))
    .unwrap();
    assert_eq!(js.len(), queries.len());
    for (q, j) in queries.iter().zip(&js) {
        let rust = serde_json::to_value(regnav::search::understand::analyse(&lex, q)).unwrap();
        assert_eq!(&rust, j, "{q}");
    }
}

/// The page names a market it lacks and offers searches when nothing is
/// found (issue #18, items 8 and 9); marks cover whole words.
#[test]
fn the_page_names_markets_not_covered_and_suggests() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, site) = common::build_site(root, None);
    let page = |lang: &str, q: &str| -> serde_json::Value {
        node(
            root,
            &[
                "--page".as_ref(),
                site.as_os_str(),
                lang.as_ref(),
                q.as_ref(),
            ],
        )
    };
    let r = page("ja", "ペルー 医療機器 登録");
    assert_eq!(r["not_covered"][0]["ja"], "ペルー", "{r}");
    let r = page("en", "Panama medical device registration");
    assert_eq!(r["not_covered"][0]["en"], "Panama", "{r}");
    assert!(
        r["ids"][0].as_str().unwrap().starts_with("contacts/pa/"),
        "{r}"
    );
    let r = page("ja", "タイ xqzvw");
    assert_eq!(r["total"], 0, "{r}");
    assert!(
        r["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["query"] == "タイ"),
        "{r}"
    );
    let r = page("en", "xqzvw blorf");
    assert_eq!(r["total"], 0, "{r}");
    let r = page("ja", "ベトナム 登録");
    let snippets = r["snippets"].to_string();
    assert!(!snippets.contains("</mark><mark>"), "{snippets}");
}
