//! The glossary: the bundled knowledge base's terms (count, languages, each
//! used by an entry), `check`'s unused-term warning, the auto-links on
//! entry pages (first use only, never in code, links or headings), the term
//! and index pages, and search answering a term with its definition first
//! in both languages and both engines (tantivy and the page's `search.js`).

mod common;

use std::path::Path;
use std::process::Command;

use regnav::content::ids::{EntryId, Kind, Lang};
use regnav::search::{SearchIndex, SearchRequest};

fn fixture_kb() -> tempfile::TempDir {
    common::kb_with_overlay(Some(&common::fixtures().join("valid/glossary")))
}

fn build(root: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    common::build_site(root, None)
}

fn main_of(site: &Path, page: &str) -> String {
    let html = std::fs::read_to_string(site.join(page)).unwrap();
    // Templates escape `/` in attributes; read them as a browser does.
    html[html.find("<main").unwrap()..html.find("</main>").unwrap()].replace("&#x2f;", "/")
}

/// The `class="term"` links of a page's body: (href, text).
fn term_links(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a class=\"term\" href=\"") {
        rest = &rest[i + 22..];
        let href = rest[..rest.find('"').unwrap()].to_string();
        let text_at = rest.find('>').unwrap() + 1;
        let text = rest[text_at..text_at + rest[text_at..].find("</a>").unwrap()].to_string();
        out.push((href, text));
    }
    out
}

#[test]
fn the_bundled_glossary_has_150_terms_in_both_languages_each_used_by_an_entry() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Today's date: the content is reviewed up to now (the fixtures' fixed
    // date is older than much of it).
    let files = regnav::kb::KbFiles::read(&regnav::kb::Origin::Dir(root.to_path_buf())).unwrap();
    let loaded = regnav::content::load(&files, regnav::content::LoadOptions::now()).unwrap();
    let lib = &loaded.library;
    let terms: Vec<_> = lib.terms().collect();
    assert!(terms.len() >= 150, "{} terms", terms.len());
    for e in &terms {
        let t = e.term().unwrap();
        for lang in [Lang::Ja, Lang::En] {
            assert!(
                e.title.get(lang).is_some_and(|s| !s.trim().is_empty()),
                "{}: {lang} headword",
                e.id
            );
            assert!(
                e.summary.get(lang).is_some_and(|s| !s.trim().is_empty()),
                "{}: {lang} definition",
                e.id
            );
        }
        assert!(!t.forms.is_empty(), "{}: forms", e.id);
        assert!(!e.sources.is_empty(), "{}: sources", e.id);
        assert!(
            !lib.term_users(&e.id).is_empty(),
            "{}: no entry uses it",
            e.id
        );
    }
    let about_terms: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.file.starts_with("content/glossary/"))
        .collect();
    assert!(about_terms.is_empty(), "{about_terms:#?}");
}

/// A term one entry uses says so in the singular ("Used in 1 entry").
#[test]
fn a_term_used_once_is_counted_in_the_singular() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, site) = build(root);
    let list = std::fs::read_to_string(site.join("en/glossary/index.html")).unwrap();
    assert!(list.contains("Used in 1 entry:"));
    assert!(!list.contains("Used in 1 entries"));
    assert!(list.contains("Used in 2 entries:"));
}

#[test]
fn an_unused_term_is_reported_with_its_position() {
    let kb = common::kb_with_overlay(Some(&common::fixtures().join("valid/glossary-unused-term")));
    let loaded = common::load_dir(kb.path()).unwrap();
    let w: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == "unused-term")
        .collect();
    assert_eq!(w.len(), 1, "{:?}", loaded.diagnostics);
    assert_eq!(
        (w[0].file.as_str(), w[0].line, w[0].column),
        ("content/glossary/single-audit.md", 4, 1)
    );
    assert!(!w[0].is_error(), "a warning: the site still builds");
    // Said once in an entry, it is used.
    let guide = kb.path().join("content/guides/overview.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, format!("{text}\n一度の単一監査で足りる。\n")).unwrap();
    let loaded = common::load_dir(kb.path()).unwrap();
    assert!(
        !loaded.diagnostics.iter().any(|d| d.code == "unused-term"),
        "{:?}",
        loaded.diagnostics
    );
    let id = EntryId::parse("glossary/single-audit").unwrap();
    let users: Vec<&str> = loaded
        .library
        .term_users(&id)
        .into_iter()
        .map(EntryId::as_str)
        .collect();
    assert_eq!(users, ["guides/overview"]);
}

#[test]
fn the_first_use_of_a_term_links_to_the_glossary_never_in_code_links_or_headings() {
    let kb = fixture_kb();
    let (_out, site) = build(kb.path());
    let en = main_of(&site, "en/requirements/th/autolink/index.html");
    let links = term_links(&en);
    assert_eq!(
        links,
        [
            (
                "/en/glossary/qms/".to_string(),
                "quality management system".to_string()
            ),
            (
                "/en/glossary/iso-13485/".to_string(),
                "ISO 13485".to_string()
            ),
            ("/en/glossary/thai-fda/".to_string(), "Thai FDA".to_string()),
        ],
        "{en}"
    );
    // Not in the heading, the code span, the Markdown link, the raw HTML
    // link or the code block; not inside a longer word (QMSs).
    assert!(en.contains(r#"<h2 id="iso-13485-and-the-listing">ISO 13485 and the listing</h2>"#));
    assert!(en.contains("<code>ISO 13485</code>"));
    assert!(en.contains(r#"rel="noopener noreferrer">ISO 13485 in a link</a>"#));
    assert!(en.contains(r#"rel="noopener noreferrer">Thai FDA in raw HTML</a>"#));
    assert!(en.contains("The QMSs are plural."));
    assert!(en.contains("listing in a code block"));
    // The tooltip is the definition, escaped.
    assert!(
        en.contains(r#"title="An organisation&#39;s system"#)
            || en.contains(r#"title="An organisation's system"#),
        "{en}"
    );
    // Japanese: no spaces between words, still whole forms, once each.
    let ja = main_of(&site, "ja/requirements/th/autolink/index.html");
    let links = term_links(&ja);
    assert_eq!(
        links,
        [
            ("/ja/glossary/thai-fda/".to_string(), "タイFDA".to_string()),
            ("/ja/glossary/listing/".to_string(), "届出".to_string()),
            (
                "/ja/glossary/iso-13485/".to_string(),
                "ISO 13485".to_string()
            ),
        ],
        "{ja}"
    );
    // The Markdown source is untouched: the open data has the text as written.
    let data = std::fs::read_to_string(site.join("api/entries.json")).unwrap();
    assert!(!data.contains("class=\\\"term\\\""));
}

#[test]
fn term_pages_and_the_index_show_definitions_markets_and_users() {
    let kb = fixture_kb();
    let (_out, site) = build(kb.path());
    let qms = main_of(&site, "en/glossary/qms/index.html");
    assert!(qms.contains("Quality management system (QMS)"));
    assert!(qms.contains("An organisation&#x27;s system"), "{qms}");
    assert!(qms.contains("Entries that use it"));
    assert!(
        qms.contains("/en/requirements/th/autolink/"),
        "used by, found in its text"
    );
    assert!(
        qms.contains("/en/documents/iso-13485-certificate/"),
        "used by, listed"
    );
    assert!(
        !term_links(&qms)
            .iter()
            .any(|(href, _)| href == "/en/glossary/qms/"),
        "a term's page never links itself: {qms}"
    );
    assert!(
        term_links(&qms)
            .iter()
            .any(|(href, _)| href == "/en/glossary/iso-13485/"),
        "but links the other terms it says"
    );
    let listing = main_of(&site, "ja/glossary/listing/index.html");
    assert!(
        listing.contains("/ja/jurisdictions/th/"),
        "its market, linked"
    );
    assert!(listing.contains("/ja/glossary/thai-fda/"), "see also");
    // The index: Latin headwords first, then the 五十音 rows; anchors.
    let ja = main_of(&site, "ja/glossary/index.html");
    let order: Vec<usize> = [
        "id=\"index-i\"",
        "id=\"index-row-ta\"",
        "id=\"thai-fda\"",
        "id=\"listing\"",
        "id=\"index-row-ha\"",
        "id=\"qms\"",
    ]
    .iter()
    .map(|a| ja.find(a).unwrap_or_else(|| panic!("{a}: {ja}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(
        ja.contains("href=\"#index-row-ta\""),
        "the row index links its sections"
    );
    let mut ids: Vec<&str> = ja
        .split("id=\"")
        .skip(1)
        .map(|r| &r[..r.find('"').unwrap()])
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "anchors are unique");
    let en = main_of(&site, "en/glossary/index.html");
    for a in [
        "id=\"index-i\"",
        "id=\"index-l\"",
        "id=\"index-q\"",
        "id=\"index-t\"",
    ] {
        assert!(en.contains(a), "{a}");
    }
    // In the nav of every page, and in the sitemap.
    let home = std::fs::read_to_string(site.join("en/index.html"))
        .unwrap()
        .replace("&#x2f;", "/");
    assert!(home.contains("href=\"/en/glossary/\""));
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://example.org/ja/glossary/"));
    assert!(sitemap.contains("https://example.org/en/glossary/qms/"));
}

/// The definition the embedded index gives first for a query.
fn tantivy_definition(
    lib: &regnav::content::Library,
    q: &str,
    lang: Option<Lang>,
) -> Option<String> {
    let index = SearchIndex::in_ram(&regnav::search::document::documents(lib))
        .unwrap()
        .with_lexicon(lib);
    let r = index.search(&SearchRequest {
        query: q.to_string(),
        lang,
        limit: 10,
        ..Default::default()
    });
    assert_eq!(r.analysis.term, r.definition.as_ref().map(|d| d.id.clone()));
    r.definition.map(|d| format!("{} | {}", d.id, d.url))
}

fn static_page(root: &Path, site: &Path, lang: &str, q: &str) -> serde_json::Value {
    let res = Command::new("node")
        .arg(root.join("tests/static_search.js"))
        .args([
            "--page".as_ref(),
            site.as_os_str(),
            lang.as_ref(),
            q.as_ref(),
        ])
        .output()
        .expect("node (.ci/run installs nodejs)");
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    serde_json::from_slice(&res.stdout).unwrap()
}

#[test]
fn search_answers_a_term_with_its_definition_first_in_both_languages_and_engines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let kb = fixture_kb();
    let lib = common::load_dir(kb.path()).unwrap().library;
    for (q, lang, url) in [
        (
            "品質マネジメントシステムとは",
            Some(Lang::Ja),
            "/ja/glossary/qms/",
        ),
        (
            "what is a quality management system?",
            Some(Lang::En),
            "/en/glossary/qms/",
        ),
        ("QMS", None, "/en/glossary/qms/"),
        ("ｑｍｓ", Some(Lang::Ja), "/ja/glossary/qms/"),
        ("Thai FDA", Some(Lang::Ja), "/ja/glossary/thai-fda/"),
        (
            "タイ食品医薬品局とは",
            Some(Lang::En),
            "/en/glossary/thai-fda/",
        ),
    ] {
        assert_eq!(
            tantivy_definition(&lib, q, lang),
            Some(format!(
                "{} | {url}",
                url.trim_start_matches("/ja/")
                    .trim_start_matches("/en/")
                    .trim_end_matches('/')
            )),
            "{q}"
        );
    }
    // Not a term question: no definition.
    assert_eq!(tantivy_definition(&lib, "QMS certificate fee", None), None);
    assert_eq!(tantivy_definition(&lib, "タイ 届出 手数料", None), None);
    // The term is found by either language's form, as a hit too.
    let index = SearchIndex::in_ram(&regnav::search::document::documents(&lib))
        .unwrap()
        .with_lexicon(&lib);
    for (q, lang) in [
        ("品質マネジメントシステム", Lang::En),
        ("quality management system", Lang::Ja),
    ] {
        let r = index.search(&SearchRequest {
            query: q.to_string(),
            lang: Some(lang),
            kind: Some(Kind::Term.as_str().to_string()),
            limit: 5,
            ..Default::default()
        });
        assert_eq!(
            r.hits.first().map(|h| h.id.as_str()),
            Some("glossary/qms"),
            "{q}"
        );
    }
    // The page's search.js: the same term, its definition in the page's language.
    let (_out, site) = build(kb.path());
    for (lang, q, id) in [
        ("ja", "品質マネジメントシステムとは", "glossary/qms"),
        ("en", "What is a quality management system", "glossary/qms"),
        ("en", "タイFDA", "glossary/thai-fda"),
        ("ja", "listing", "glossary/listing"),
    ] {
        let r = static_page(root, &site, lang, q);
        assert_eq!(r["term"], id, "{q}: {r}");
        assert_eq!(r["definition"]["id"], id, "{q}: {r}");
        assert_eq!(
            r["definition"]["url"],
            format!("/{lang}/{id}/"),
            "{q}: the definition in the page's language"
        );
    }
    let r = static_page(root, &site, "en", "listing fee");
    assert!(r["term"].is_null() && r["definition"].is_null(), "{r}");
}

#[test]
fn the_bundled_knowledge_base_answers_510k_and_shonin_with_definitions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = common::load_dir(root).unwrap().library;
    for (q, lang, id) in [
        ("510(k)", Some(Lang::En), "glossary/510k"),
        ("510kとは", Some(Lang::Ja), "glossary/510k"),
        ("premarket notification", Some(Lang::En), "glossary/510k"),
        ("承認とは", Some(Lang::Ja), "glossary/shonin"),
        (
            "what is a notified body",
            Some(Lang::En),
            "glossary/notified-body",
        ),
        ("số lưu hành", Some(Lang::Ja), "glossary/so-luu-hanh"),
    ] {
        let got = tantivy_definition(&lib, q, lang);
        assert!(
            got.as_deref()
                .is_some_and(|g| g.starts_with(&format!("{id} |"))),
            "{q}: {got:?}"
        );
    }
    let (_out, site) = build(root);
    for (lang, q, id) in [
        ("ja", "510(k)とは", "glossary/510k"),
        ("en", "PMDA", "glossary/pmda"),
    ] {
        let r = static_page(root, &site, lang, q);
        assert_eq!(r["definition"]["id"], id, "{q}: {r}");
    }
}

#[test]
fn a_term_said_everywhere_lists_its_first_entries_and_offers_a_search() {
    let kb = fixture_kb();
    for i in 0..210 {
        std::fs::write(
            kb.path().join(format!("content/guides/g{i:03}.md")),
            format!("---\ntitle: {{ja: 案内{i}, en: Guide {i}}}\nsummary: {{ja: QMSの案内。, en: About the QMS.}}\nlast_reviewed: 2026-11-01\n---\nQMSについて。\n"),
        )
        .unwrap();
    }
    let (_out, site) = build(kb.path());
    let en = main_of(&site, "en/glossary/qms/index.html");
    assert!(
        en.contains("Entries that use it <span class=\"muted\">(212)</span>"),
        "{en}"
    );
    let listed = en.matches("<li><a href=\"/en/").count();
    assert_eq!(
        listed,
        regnav::site::glossary::PAGE_USERS,
        "at most PAGE_USERS listed"
    );
    assert!(en.contains("And 12 more."), "{en}");
    assert!(en.contains("/en/search/?q=QMS"), "a search for the rest");
}
