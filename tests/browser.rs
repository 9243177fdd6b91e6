//! The built site in a real browser (headless Chromium): the checklist page
//! renders the same plan as the CLI for a profile given in its URL.

mod common;

#[path = "common/browser.rs"]
mod browser;

use std::process::Command;

/// Builds the repo's site into a temporary folder and serves it on loopback.
fn built_and_served(root: &std::path::Path) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args([
            "build",
            "--quiet",
            "--base-url",
            "http://127.0.0.1/",
            "--root",
        ])
        .arg(root)
        .arg("--out")
        .arg(&site)
        .status()
        .unwrap();
    assert!(status.success());
    let base = browser::serve(site);
    (out, base)
}

#[test]
fn checklist_page_matches_the_cli() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, base) = built_and_served(root);
    for (query, args) in [
        (
            "to=th,vn&class=B&ref=us",
            vec!["--to", "th,vn", "--class", "B", "--ref", "us"],
        ),
        (
            "to=sg,my&class=C&attr=software,ai",
            vec!["--to", "sg,my", "--class", "C", "--attr", "software,ai"],
        ),
        (
            "to=who-pq,th&class=th%3D3&type=ivd",
            vec!["--to", "who-pq,th", "--class", "th=3", "--type", "ivd"],
        ),
    ] {
        let dom = browser::dump_dom(&format!("{base}/en/checklist/?{query}"));
        let page: Vec<String> = dom
            .split("data-step-id=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect();
        let cli = Command::new(env!("CARGO_BIN_EXE_regnav"))
            .args(["checklist", "--format", "json", "--lang", "en", "--root"])
            .arg(root)
            .args(&args)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
        let expected: Vec<String> = v["markets"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|m| {
                m["steps"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["id"].as_str().unwrap().to_string())
            })
            .collect();
        assert!(!expected.is_empty(), "{query}: the CLI plan has steps");
        assert_eq!(page, expected, "{query}");
    }
}

#[test]
fn search_page_finds_japanese_and_english_queries() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, base) = built_and_served(root);
    for (lang, q, want) in [
        (
            "ja",
            "%E3%82%BF%E3%82%A4%20%E3%82%AF%E3%83%A9%E3%82%B9B%20%E7%99%BB%E9%8C%B2",
            "requirements/th/notification",
        ),
        (
            "en",
            "EU%20MDR%20notified%20body",
            "requirements/eu/notified-body",
        ),
        (
            "en",
            "enbassy%20desk%20thailand",
            "contacts/th/embassy-of-japan",
        ),
    ] {
        let dom = browser::dump_dom(&format!("{base}/{lang}/search/?q={q}"));
        assert!(dom.contains("data-ready=\"1\""), "{q}: results rendered");
        let ids: Vec<&str> = dom
            .split("data-id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .take(10)
            .collect();
        assert!(ids.contains(&want), "{q}: {ids:?}");
        assert!(dom.contains("<mark>"), "{q}: highlighted excerpts");
    }
    // Browsing by facets with an empty query.
    let dom = browser::dump_dom(&format!("{base}/en/search/?kind=contact&jurisdiction=th"));
    let ids: Vec<&str> = dom
        .split("data-id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(
        !ids.is_empty() && ids.iter().all(|id| id.starts_with("contacts/")),
        "{ids:?}"
    );
}
