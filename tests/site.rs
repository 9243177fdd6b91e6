//! `regnav build` end to end: every internal link resolves and every page is
//! reachable from home (the fixture and the repo's own content), output is
//! deterministic, a failed build leaves the old site untouched, content cannot
//! inject script, and the feeds and sitemap are well-formed XML.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::process::Command;

fn build(root: &Path, out: &Path) -> std::process::Output {
    build_for(root, out, "https://example.org/")
}

fn build_for(root: &Path, out: &Path, base_url: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["build", "--quiet", "--base-url", base_url, "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Internal `href`/`src` values of an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(0);
            // Attribute values are HTML-escaped (`&#x2f;` for `/`): decode as a browser does.
            let url = rest[..end].replace("&#x2f;", "/").replace("&amp;", "&");
            let url = url.as_str();
            if url.starts_with('/') && !url.starts_with("//") {
                out.push(
                    url.split('#')
                        .next()
                        .unwrap()
                        .split('?')
                        .next()
                        .unwrap()
                        .to_string(),
                );
            }
        }
    }
    out
}

fn file_for(site: &Path, url: &str) -> std::path::PathBuf {
    let decoded = percent_decode(url.trim_start_matches('/'));
    let p = site.join(&decoded);
    if url.ends_with('/') {
        p.join("index.html")
    } else {
        p
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Crawls from `/ja/` and `/en/`: no broken internal link, every page reached.
fn crawl(site: &Path) {
    crawl_under(site, "/");
}

/// [`crawl`] for a site published under `prefix` (`/regnav/`): every
/// internal link must carry the prefix.
fn crawl_under(site: &Path, prefix: &str) {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = ["ja/", "en/"]
        .iter()
        .map(|p| format!("{prefix}{p}"))
        .collect();
    let mut broken = Vec::new();
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let Some(inside) = url.strip_prefix(prefix) else {
            broken.push(format!("{url} (outside {prefix})"));
            continue;
        };
        let file = file_for(site, &format!("/{inside}"));
        let Ok(bytes) = std::fs::read(&file) else {
            broken.push(url);
            continue;
        };
        if file.extension().is_some_and(|e| e == "html") {
            for l in links(&String::from_utf8_lossy(&bytes)) {
                if !seen.contains(&l) {
                    queue.push_back(l);
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken internal links: {broken:?}");
    for item in walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = item
            .path()
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with("index.html") && rel.contains('/') {
            let url = format!("{prefix}{}", rel.trim_end_matches("index.html"));
            assert!(seen.contains(&url), "page not reachable from home: {url}");
        }
    }
}

#[test]
fn fixture_site_links_resolve_and_pages_are_reachable() {
    let kb = common::kb_with_overlay(None);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let o = build(kb.path(), &site);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    crawl(&site);
    let th = std::fs::read_to_string(site.join("en/jurisdictions/th/index.html")).unwrap();
    assert!(
        th.contains("Thai FDA Medical Device Control Division"),
        "whom to ask lists the regulator"
    );
    assert!(th.contains("Listing (classes 1–2)"), "requirements listed");
    assert!(th.contains(r#"lang="en""#));
    let ja = std::fs::read_to_string(site.join("ja/requirements/th/listing/index.html")).unwrap();
    assert!(
        ja.contains(
            "href=\"&#x2f;en&#x2f;requirements&#x2f;th&#x2f;listing&#x2f;\" hreflang=\"en\""
        ),
        "language switcher to the same entry"
    );
}

/// The glossary's pages (the index, each term) are in the crawl, and the
/// links the auto-linker adds to entry pages resolve.
#[test]
fn glossary_fixture_site_links_resolve_and_pages_are_reachable() {
    let kb = common::kb_with_overlay(Some(&common::fixtures().join("valid/glossary")));
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let o = build(kb.path(), &site);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    crawl(&site);
    for page in ["ja/glossary/index.html", "en/glossary/qms/index.html"] {
        assert!(site.join(page).is_file(), "{page}");
    }
    let linked =
        std::fs::read_to_string(site.join("en/requirements/th/autolink/index.html")).unwrap();
    assert!(linked.contains("class=\"term\" href=\"/en/glossary/iso-13485/\""));
}

#[test]
fn repo_content_site_links_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join("content/jurisdictions").is_dir() {
        return; // the repo's knowledge base is not there (e.g. a trimmed checkout)
    }
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let o = build(root, &site);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    crawl(&site);
    no_rule_syntax_in_pages(&site);
}

/// Published under a sub-path (`https://example.org/regnav/`): every link,
/// asset, script, the search index and checklist data the pages fetch, the
/// feeds, the calendar, the sitemap and the root redirect carry the prefix.
#[test]
fn a_site_under_a_sub_path_links_within_its_path() {
    for root in [
        common::kb_with_overlay(None).keep(),
        Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
    ] {
        if !root.join("content/jurisdictions").is_dir() {
            continue;
        }
        let out = tempfile::tempdir().unwrap();
        let site = out.path().join("site");
        let o = build_for(&root, &site, "https://example.org/regnav/");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        crawl_under(&site, "/regnav/");
        let root_page = std::fs::read_to_string(site.join("index.html")).unwrap();
        assert!(root_page.contains("url=/regnav/ja/"), "{root_page}");
        let search = std::fs::read_to_string(site.join("en/search/index.html")).unwrap();
        assert!(search.contains("data-index=\"&#x2f;regnav&#x2f;search&#x2f;\""));
        assert!(search.contains("data-base=\"&#x2f;regnav&#x2f;\""));
        let checklist = std::fs::read_to_string(site.join("ja/checklist/index.html")).unwrap();
        assert!(checklist.contains("src=\"&#x2f;regnav&#x2f;api&#x2f;checklist-data."));
        assert!(checklist.contains("data-base=\"&#x2f;regnav&#x2f;\""));
        for (file, what) in [
            (
                "en/atom.xml",
                "https:&#x2f;&#x2f;example.org&#x2f;regnav&#x2f;en/",
            ),
            ("sitemap.xml", "<loc>https://example.org/regnav/ja/"),
            (
                "robots.txt",
                "Sitemap: https://example.org/regnav/sitemap.xml",
            ),
            ("ja/404.html", "&#x2f;regnav&#x2f;assets&#x2f;style."),
        ] {
            let text = std::fs::read_to_string(site.join(file)).unwrap();
            assert!(text.contains(what), "{file}: {what}");
        }
        if let Ok(ics) = std::fs::read_to_string(site.join("en/calendar.ics")) {
            let unfolded = ics.replace("\r\n ", "").replace("\n ", "");
            for url in unfolded
                .split("https://")
                .skip(1)
                .filter(|u| u.starts_with("example.org"))
            {
                assert!(
                    url.starts_with("example.org/regnav/"),
                    "{}",
                    &url[..40.min(url.len())]
                );
            }
        }
        let entries = std::fs::read_to_string(site.join("api/entries.json")).unwrap();
        assert!(entries.contains("\"/regnav/ja/"), "open data URLs");
        assert!(!entries.contains("\"/ja/"), "no URL without the prefix");
        if root.starts_with(std::env::temp_dir()) {
            let _ = std::fs::remove_dir_all(&root);
        }
    }
}

/// What a person reads never shows rule syntax (`class:C`, `ref:us`,
/// `attr:sterile`, `type:ivd`): the text of every page, scripts and data apart.
fn no_rule_syntax_in_pages(site: &Path) {
    let syntax = |text: &str| -> Option<String> {
        let bytes = text.as_bytes();
        for key in ["class:", "ref:", "attr:", "type:"] {
            let mut from = 0;
            while let Some(i) = text[from..].find(key) {
                let at = from + i;
                let before = at.checked_sub(1).map(|b| bytes[b]);
                let after = bytes.get(at + key.len()).copied();
                if !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && after.is_some_and(|a| a.is_ascii_alphanumeric())
                {
                    return Some(
                        text[at.saturating_sub(40)..(at + 30).min(text.len())].to_string(),
                    );
                }
                from = at + key.len();
            }
        }
        None
    };
    for (path, bytes) in common::tree_files(site) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        // Drop scripts, then tags: what remains is what a reader sees.
        let mut text = String::new();
        let mut rest: &str = &html;
        while let Some(i) = rest.find("<script") {
            text.push_str(&rest[..i]);
            rest = rest[i..]
                .find("</script>")
                .map_or("", |j| &rest[i + j + 9..]);
        }
        text.push_str(rest);
        let mut visible = String::new();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => visible.push(c),
                _ => {}
            }
        }
        if let Some(found) = syntax(&visible) {
            panic!("{path} shows rule syntax: …{found}…");
        }
    }
}

#[test]
fn builds_are_deterministic() {
    let kb = common::kb_with_overlay(None);
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    assert!(build(kb.path(), &a).status.success());
    assert!(build(kb.path(), &b).status.success());
    assert_eq!(common::tree_files(&a), common::tree_files(&b));
}

#[test]
fn a_failed_build_leaves_the_previous_site() {
    let kb = common::kb_with_overlay(None);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(build(kb.path(), &site).status.success());
    let before = std::fs::read(site.join("ja/index.html")).unwrap();
    std::fs::write(
        kb.path().join("content/requirements/th/listing.md"),
        "---\ntitle: [broken\n---\n",
    )
    .unwrap();
    let o = build(kb.path(), &site);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("content/requirements/th/listing.md:2"));
    assert_eq!(std::fs::read(site.join("ja/index.html")).unwrap(), before);
    // The lock file beside the output stays (like Cargo's); nothing else may.
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".site.lock")
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary folders left: {leftovers:?}"
    );
}

#[test]
fn content_cannot_inject_script() {
    let kb = common::kb_with_overlay(None);
    let p = kb.path().join("content/guides/overview.en.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, format!("{text}\n<script>alert('x')</script>\n\n[click](javascript:alert(1)) <img src=x onerror=\"alert(2)\">\n")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(build(kb.path(), &site).status.success());
    let html = std::fs::read_to_string(site.join("en/guides/overview/index.html")).unwrap();
    assert!(!html.contains("alert("), "{html}");
    assert!(!html.contains("javascript:"));
    assert!(!html.contains("onerror"));
}

#[test]
fn feeds_sitemap_and_open_data_are_well_formed() {
    let kb = common::kb_with_overlay(None);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(build(kb.path(), &site).status.success());
    for f in ["ja/atom.xml", "en/atom.xml", "sitemap.xml"] {
        let text = std::fs::read_to_string(site.join(f)).unwrap();
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains(r#"hreflang="en" href="https://example.org/en/requirements/th/listing/""#),
        "{sitemap}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("api/entries.json")).unwrap())
            .unwrap();
    let listing = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "requirements/th/listing")
        .unwrap();
    assert_eq!(listing["kind"], "requirement");
    assert_eq!(listing["jurisdiction"], "th");
    assert_eq!(listing["title"]["ja"], "届出（クラス1・2）");
    assert_eq!(listing["url"]["en"], "/en/requirements/th/listing/");
    assert!(
        listing["text"]["ja"]
            .as_str()
            .unwrap()
            .contains("届出を提出する")
    );
    assert_eq!(listing["fees"][0]["currency"], "THB");
    assert!(
        std::fs::read_to_string(site.join("404.html"))
            .unwrap()
            .contains("<h1>")
    );
}

/// The `<main>` of a few pages and the open data of the fixture, pinned.
#[test]
fn snapshots_of_pages_and_open_data() {
    let kb = common::kb_with_overlay(None);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(build(kb.path(), &site).status.success());
    for page in [
        "en/jurisdictions/th/index.html",
        "ja/requirements/th/listing/index.html",
        "en/documents/iso-13485-certificate/index.html",
    ] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap() + 7];
        insta::assert_snapshot!(format!("page-{}", page.replace('/', "_")), main);
    }
    let entries = std::fs::read_to_string(site.join("api/entries.json")).unwrap();
    insta::assert_snapshot!("api-entries-json", entries);
}

#[test]
fn a_rebuild_updates_the_previous_output_exactly() {
    // The second and third builds write over older sites kept beside the
    // output; the result must be byte for byte a fresh build, with the pages
    // of removed entries gone.
    let kb = common::kb_with_overlay(None);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(build(kb.path(), &site).status.success());
    assert!(build(kb.path(), &site).status.success());
    assert!(site.join("ja/guides/overview/index.html").is_file());
    for f in [
        "content/guides/overview.md",
        "content/guides/overview.en.md",
    ] {
        std::fs::remove_file(kb.path().join(f)).unwrap();
    }
    let listing = kb.path().join("content/requirements/th/listing.md");
    let text = std::fs::read_to_string(&listing).unwrap();
    std::fs::write(
        &listing,
        format!("{text}\nA sentence added by the rebuild test.\n"),
    )
    .unwrap();
    let o = build(kb.path(), &site);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!site.join("ja/guides/overview").exists());
    let fresh = out.path().join("fresh");
    assert!(build(kb.path(), &fresh).status.success());
    let (a, b) = (common::tree_files(&site), common::tree_files(&fresh));
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(a == b, "a rebuilt site differs from a fresh build");
    let page = std::fs::read_to_string(site.join("en/requirements/th/listing/index.html")).unwrap();
    assert!(page.contains("A sentence added by the rebuild test."));
}
