//! The built site in a real browser (headless Chromium): the checklist page
//! renders the same plan as the CLI for a profile given in its URL; the
//! search page finds Japanese and English; and a page open in the browser
//! beside `regnav serve` shows an edit, an error overlay and its fix without
//! being touched.

mod common;

#[path = "common/browser.rs"]
mod browser;
#[path = "common/cdp.rs"]
mod cdp;
#[path = "common/production.rs"]
mod production;

use std::process::Command;

/// Builds the repo's site into a temporary folder and serves it on loopback.
fn built_and_served(root: &std::path::Path) -> (tempfile::TempDir, String) {
    let (out, site) = common::build_site(root, Some("http://127.0.0.1/"));
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
        // Documents held: the page leaves out what they satisfy, as the CLI does.
        (
            "to=th,vn,id&class=C&have=iso-13485-certificate,ce-certificate",
            vec![
                "--to",
                "th,vn,id",
                "--class",
                "C",
                "--have",
                "iso-13485-certificate,ce-certificate",
            ],
        ),
        // Regression (#14, item 9): a parameter shaped like a selector is
        // data — ignored with a note, the rest of the plan still shown.
        (
            "to=th,vn&class=B,x%22%5D%3DB&ref=us",
            vec!["--to", "th,vn", "--class", "B", "--ref", "us"],
        ),
    ] {
        let dom = browser::dump_dom(&format!("{base}/en/checklist/?{query}"));
        if query.contains("%22") {
            let note = dom
                .split("id=\"checklist-ignored\"")
                .nth(1)
                .expect("the note is on the page");
            let note = &note[..note.find("</p>").unwrap()];
            assert!(!note.contains("hidden"), "{note}");
            assert!(note.contains("class=x\"]=B"), "{note}");
        }
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
        let done: Vec<String> = dom
            .split("data-satisfied-id=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect();
        let cli_done: Vec<String> = v["markets"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|m| {
                m["satisfied"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["id"].as_str().unwrap().to_string())
            })
            .collect();
        assert_eq!(done, cli_done, "{query}");
        if query.contains("have=") {
            assert!(!done.is_empty(), "{query}: held documents satisfy steps");
        }
    }
}

/// The site published under a sub-path, served at `/regnav/` by
/// `regnav serve --production`: search finds and links within the path, the
/// checklist planner gives the CLI's plan, and every request the browser
/// made stayed under `/regnav/` and was answered.
#[test]
fn search_and_the_planner_work_under_a_sub_path() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, site) = common::build_site(root, Some("http://127.0.0.1/regnav/"));
    let p = production::start(root, &site, &[]);
    assert_eq!(p.base, "/regnav/");
    let base = format!("http://{}/regnav", p.addr);

    let dom = browser::dump_dom(&format!("{base}/en/search/?q=EU%20MDR%20notified%20body"));
    assert!(dom.contains("data-ready=\"1\""), "results rendered");
    assert!(
        dom.contains("data-id=\"requirements/eu/notified-body\""),
        "found"
    );
    let links: Vec<&str> = dom
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .filter(|h| h.starts_with('/'))
        .collect();
    assert!(!links.is_empty());
    assert!(
        links.iter().all(|h| h.starts_with("/regnav/")),
        "{:?}",
        links
            .iter()
            .filter(|h| !h.starts_with("/regnav/"))
            .collect::<Vec<_>>()
    );
    let dom = browser::dump_dom(&format!(
        "{base}/ja/search/?q=%E3%82%BF%E3%82%A4%20%E3%82%AF%E3%83%A9%E3%82%B9B%20%E7%99%BB%E9%8C%B2"
    ));
    assert!(
        dom.contains("data-id=\"requirements/th/notification\""),
        "Japanese"
    );

    let dom = browser::dump_dom(&format!("{base}/en/checklist/?to=th,vn&class=B&ref=us"));
    let page: Vec<String> = dom
        .split("data-step-id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect();
    let cli = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["checklist", "--format", "json", "--lang", "en", "--root"])
        .arg(root)
        .args(["--to", "th,vn", "--class", "B", "--ref", "us"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    let expected: Vec<String> = v["markets"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["steps"].as_array().unwrap().clone())
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(page, expected, "the planner's plan under the sub-path");
    assert!(
        dom.contains("href=\"/regnav/en/requirements/th/"),
        "step links carry the prefix"
    );

    let log = p.wait_log("checklist-data.");
    let requests: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("INFO access:") && !l.contains("favicon.ico"))
        .collect();
    assert!(requests.len() > 5, "{log}");
    for l in &requests {
        assert!(l.contains("path=/regnav/"), "outside the sub-path: {l}");
        assert!(
            l.contains("status=200") || l.contains("status=304"),
            "not answered: {l}"
        );
    }
    for fetched in ["path=/regnav/search/en/", "path=/regnav/assets/checklist."] {
        assert!(log.contains(fetched), "{fetched} was fetched");
    }
}

/// The page's Excel and CSV downloads run in a real browser: the buttons
/// make files (captured from the download link), the workbook is a zip
/// whose cells the parity test compares with the CLI's, the CSV starts with
/// a BOM.
#[test]
fn checklist_page_downloads_xlsx_and_csv() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, base) = built_and_served(root);
    let mut page = cdp::Browser::launch();
    page.navigate(&format!(
        "{base}/ja/checklist/?to=th,vn&class=eu:IIb&ref=us"
    ));
    assert!(page.wait_until(
        "document.querySelectorAll('[data-step-id]').length > 0",
        std::time::Duration::from_secs(20)
    ));
    // Capture what the download link would save instead of saving it.
    page.eval(
        "window.__files = []; URL.createObjectURL = function (b) { window.__files.push(b); return 'blob:x'; }; true",
    );
    page.eval("document.getElementById('dl-xlsx').click(); document.getElementById('dl-csv').click(); true");
    assert!(page.wait_until(
        "window.__files.length === 2",
        std::time::Duration::from_secs(10)
    ));
    page.eval(
        "window.__heads = null; Promise.all(window.__files.map(function (b) { return b.arrayBuffer(); })).then(function (a) { window.__heads = a.map(function (x) { return Array.from(new Uint8Array(x).slice(0, 4)); }); }); true",
    );
    assert!(page.wait_until(
        "window.__heads !== null",
        std::time::Duration::from_secs(10)
    ));
    let heads = page.eval("window.__heads");
    assert_eq!(
        heads[0],
        serde_json::json!([80, 75, 3, 4]),
        "the xlsx is a zip"
    );
    assert_eq!(
        heads[1].as_array().unwrap()[..3],
        [
            serde_json::json!(239),
            serde_json::json!(187),
            serde_json::json!(191)
        ],
        "the CSV starts with a UTF-8 BOM"
    );
    // The class given in the EU scheme stays chosen and nothing was ignored.
    assert_eq!(
        page.eval("document.querySelector('select[name=class]').value"),
        serde_json::json!("eu:IIb")
    );
    assert_eq!(
        page.eval("document.getElementById('checklist-ignored').hidden"),
        serde_json::json!(true)
    );
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

/// Issue #21: the search page shows hits without fetching every entry's
/// facets; the filters get their counts (from `facets.js`) once they are
/// used.
#[test]
fn search_page_loads_the_filters_counts_only_when_they_are_used() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, base) = built_and_served(root);
    let mut page = cdp::Browser::launch();
    page.navigate(&format!("{base}/en/search/?q=registration"));
    let within = std::time::Duration::from_secs(20);
    assert!(page.wait_until(
        "document.getElementById('search-results').getAttribute('data-ready') === '1'",
        within
    ));
    let fetched_facets = "performance.getEntriesByType('resource').some(function (e) { return /\\/facets\\.js/.test(e.name); })";
    assert_eq!(page.eval(fetched_facets), serde_json::json!(false));
    assert_eq!(
        page.eval("document.querySelector('select[name=kind]').options.length"),
        serde_json::json!(1),
        "no counts yet"
    );
    // Focus moving into the filters (a headless page without window focus
    // does not fire focus events for .focus(), so the event is sent).
    page.eval("document.querySelector('select[name=kind]').dispatchEvent(new FocusEvent('focusin', { bubbles: true })); true");
    assert!(
        page.wait_until(
            "document.querySelector('select[name=kind]').options.length > 1",
            within
        ),
        "counts filled once the filters are used"
    );
    assert_eq!(page.eval(fetched_facets), serde_json::json!(true));
    let option = page
        .eval("document.querySelector('select[name=kind] option[value=requirement]').textContent");
    assert!(
        option.as_str().is_some_and(|t| t.ends_with(')')),
        "{option}"
    );
}

/// Issue #18 on the page: a market not covered is named, one market and a
/// class get the route, no hits get searches to try.
#[test]
fn search_page_understands_the_question() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, base) = built_and_served(root);
    let dom = browser::dump_dom(&format!(
        "{base}/en/search/?q=Panama%20medical%20device%20registration"
    ));
    assert!(dom.contains("Panama is not covered yet."), "not covered");
    assert!(dom.contains("data-id=\"contacts/pa/"), "its contacts");
    // A mistyped market: read as it, and the page says so.
    let dom = browser::dump_dom(&format!("{base}/en/search/?q=Singapor%20registraton"));
    assert!(
        dom.contains(
            "Searched “singapor” as “singapore”. Searched “registraton” as “registration”."
        ),
        "corrected"
    );
    assert!(
        dom.contains("data-id=\"requirements/sg/"),
        "Singapore's entries"
    );
    let dom = browser::dump_dom(&format!(
        "{base}/en/search/?q=how%20do%20I%20sell%20a%20class%20C%20medical%20device%20in%20Vietnam"
    ));
    assert!(dom.contains("answer-card"), "answer card");
    assert!(
        dom.contains("checklist/?to=vn&amp;class=vn%3DC"),
        "checklist link"
    );
    // A glossary term: its definition first, in the page's language.
    for (lang, q, url) in [
        ("ja", "510(k)%E3%81%A8%E3%81%AF", "/ja/glossary/510k/"),
        ("en", "premarket%20notification", "/en/glossary/510k/"),
    ] {
        let dom = browser::dump_dom(&format!("{base}/{lang}/search/?q={q}"));
        let card = dom.find("definition-card").expect("definition card");
        let hits = dom.find("search-hits").expect("hits");
        assert!(card < hits, "the definition comes before the hits");
        assert!(dom[card..hits].contains(url), "{q}: {}", &dom[card..hits]);
        assert!(dom.contains("data-ready=\"1\""), "{q}: rendered");
    }
    let dom = browser::dump_dom(&format!("{base}/ja/search/?q=%E3%82%BF%E3%82%A4%20xqzvw"));
    assert!(dom.contains("search-suggestions"), "suggestions");
    assert!(dom.contains("?q=%E3%82%BF%E3%82%A4\""), "タイ alone: {dom}");
}

#[test]
fn an_open_page_follows_edits_errors_and_fixes() {
    // `regnav serve` on a copy of the bundled knowledge base, as the README's
    // run command does on the repo itself.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let kb = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("regnav.yaml"), kb.path().join("regnav.yaml")).unwrap();
    for dir in ["content", "templates"] {
        std::fs::create_dir(kb.path().join(dir)).unwrap();
        common::copy_tree(&repo.join(dir), &kb.path().join(dir));
    }
    let mut server = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["serve", "--port", "0", "--root"])
        .arg(kb.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let base = line
        .trim()
        .trim_start_matches("Serving on ")
        .trim_end_matches('/')
        .to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{line}");
    struct Kill(std::process::Child);
    impl Drop for Kill {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _server = Kill(server);

    let file = kb.path().join("content/requirements/th/classification.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let mut page = cdp::Browser::launch();
    page.navigate(&format!("{base}/en/requirements/th/classification/"));
    assert!(page.wait_until(
        "document.querySelector('h1') !== null && !document.body.innerText.includes('Edited in the editor')",
        std::time::Duration::from_secs(10)
    ));
    std::thread::sleep(std::time::Duration::from_secs(1)); // the page's EventSource connects
    let within = std::time::Duration::from_secs(30);

    // An edit: the open page reloads itself and shows it.
    std::fs::write(
        &file,
        format!("{original}\nEdited in the editor, first save.\n"),
    )
    .unwrap();
    assert!(
        page.wait_until(
            "document.body.innerText.includes('Edited in the editor, first save.')",
            within
        ),
        "the open page shows the saved text"
    );

    // A broken save: an overlay names the file; the page under it stays.
    std::fs::write(&file, original.replacen("title:", "title: [", 1)).unwrap();
    assert!(
        page.wait_until(
            "(document.getElementById('regnav-overlay') || {innerText: ''}).innerText.includes('content/requirements/th/classification.md')",
            within
        ),
        "the error overlay names the broken file"
    );
    if let Ok(dir) = std::env::var("REGNAV_SCREENSHOTS") {
        std::fs::write(format!("{dir}/overlay.png.b64"), page.screenshot_base64()).unwrap();
    }
    assert!(
        page.eval("document.body.innerText.includes('Edited in the editor, first save.')")
            == serde_json::json!(true)
    );

    // The fix: the overlay goes and the page shows the fixed text.
    std::fs::write(&file, format!("{original}\nEdited in the editor, fixed.\n")).unwrap();
    assert!(
        page.wait_until(
            "!document.getElementById('regnav-overlay') && document.body.innerText.includes('Edited in the editor, fixed.')",
            within
        ),
        "fixing the file removes the overlay and shows the new text"
    );

    // "Follow edits": the page goes to the entry just saved.
    page.eval("localStorage.setItem('regnav-follow', '1')");
    page.navigate(&format!("{base}/en/requirements/th/classification/"));
    std::thread::sleep(std::time::Duration::from_secs(1));
    let other = kb.path().join("content/jurisdictions/th.md");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, format!("{text}\nFollowed.\n")).unwrap();
    assert!(
        page.wait_until("location.pathname === '/en/jurisdictions/th/'", within),
        "following edits, the page goes to the saved entry"
    );
}

/// axe-core, fetched once from the npm registry into `target/` (the only
/// network the tests use; CI installs npm with node).
fn axe_source() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe");
    let file = dir.join("package/axe.min.js");
    if !file.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let packed = Command::new("npm")
            .args(["pack", "axe-core@4.10", "--silent", "--pack-destination"])
            .arg(&dir)
            .output()
            .expect("npm runs (CI installs it with node)");
        assert!(
            packed.status.success(),
            "npm pack axe-core: {}",
            String::from_utf8_lossy(&packed.stderr)
        );
        let tgz = String::from_utf8_lossy(&packed.stdout).trim().to_string();
        let st = Command::new("tar")
            .arg("-xzf")
            .arg(dir.join(tgz))
            .arg("-C")
            .arg(&dir)
            .status()
            .unwrap();
        assert!(st.success());
    }
    std::fs::read_to_string(file).unwrap()
}

/// The checklist page (with a plan, in both languages), its client HTML
/// export and a market page: no serious or critical axe violation (WCAG 2 A
/// and AA rules), and on a 390 px phone nothing scrolls sideways.
#[test]
fn checklist_pages_and_exports_are_accessible() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, site) = common::build_site(root, Some("http://127.0.0.1/"));
    for lang in ["ja", "en"] {
        let html = Command::new(env!("CARGO_BIN_EXE_regnav"))
            .args([
                "checklist",
                "--to",
                "th,vn,sg",
                "--class",
                "C",
                "--ref",
                "us",
                "--format",
                "html",
                "--lang",
                lang,
                "--root",
            ])
            .arg(root)
            .output()
            .unwrap();
        assert!(html.status.success());
        std::fs::write(site.join(format!("plan-{lang}.html")), html.stdout).unwrap();
    }
    let base = browser::serve(site);
    let axe = axe_source();
    let mut page = cdp::Browser::launch();
    for path in [
        "ja/checklist/?to=th,vn,sg&class=C&ref=us",
        "en/checklist/?to=th,vn,sg&class=eu:IIb&type=general",
        "ja/checklist/?to=th,vn,id&class=C&have=iso-13485-certificate,ce-certificate",
        "plan-ja.html",
        "plan-en.html",
        "ja/jurisdictions/th/",
        "en/requirements/sg/full-evaluation/",
    ] {
        for width in [1280, 390] {
            page.call(
                "Emulation.setDeviceMetricsOverride",
                serde_json::json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500}),
            );
            page.navigate(&format!("{base}/{path}"));
            if path.contains("checklist/") {
                assert!(page.wait_until(
                    "document.querySelectorAll('[data-step-id]').length > 0",
                    std::time::Duration::from_secs(20)
                ));
            }
            let wide = page.eval("document.documentElement.scrollWidth");
            let culprits = page.eval(&format!(
                "Array.from(document.querySelectorAll('body *')).filter(function (e) {{ return e.getBoundingClientRect().right > {width} + 1; }}).slice(0, 6).map(function (e) {{ return e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + 'px ' + (e.textContent || '').slice(0, 30); }})"
            ));
            assert!(
                wide.as_u64().unwrap_or(0) <= width,
                "{path} at {width} px scrolls sideways ({wide} px): {culprits}"
            );
            page.eval(&format!("{axe}; window.__axe = null; axe.run(document, {{runOnly: {{type: 'tag', values: ['wcag2a', 'wcag2aa']}}}}).then(function (r) {{ window.__axe = r.violations.filter(function (v) {{ return v.impact === 'serious' || v.impact === 'critical'; }}).map(function (v) {{ return v.id + ' (' + v.nodes.length + '): ' + v.nodes.slice(0, 3).map(function (n) {{ return n.target.join(' '); }}).join(' | '); }}); }}); true"));
            assert!(
                page.wait_until("window.__axe !== null", std::time::Duration::from_secs(60)),
                "axe finishes on {path}"
            );
            let found = page.eval("window.__axe");
            assert_eq!(found, serde_json::json!([]), "{path} at {width} px");
        }
    }
    drop(out);
}

/// Issue #21, item 6, in the page: the dev server's page offers "Edit this
/// file" (the editor URL of the file it shows), counts the knowledge base's
/// warnings on a badge that appears with a save that brings one and opens
/// into a list, and a built page has none of it.
#[test]
fn an_open_page_shows_warnings_and_an_edit_link() {
    let kb = common::kb_with_overlay(None);
    let root = kb.path().canonicalize().unwrap();
    let server = common::server::start(kb.path());
    let base = format!("http://{}", server.addr);
    let mut page = cdp::Browser::launch();
    page.navigate(&format!("{base}/ja/requirements/th/listing/"));
    let within = std::time::Duration::from_secs(20);
    assert!(
        page.wait_until("!!document.getElementById('regnav-edit')", within),
        "the edit link"
    );
    let href = page.eval("document.getElementById('regnav-edit').href");
    assert_eq!(
        href,
        serde_json::json!(format!(
            "vscode://file/{}:4:1",
            root.join("content/requirements/th/listing.ja.md").display()
        ))
    );
    assert_eq!(
        page.eval("document.getElementById('regnav-edit').textContent"),
        serde_json::json!("✎ Edit this file")
    );
    assert_eq!(
        page.eval("!!document.getElementById('regnav-warnings-badge')"),
        serde_json::json!(false),
        "no warnings, no badge"
    );
    std::thread::sleep(std::time::Duration::from_millis(800)); // the EventSource connects

    // A warning elsewhere: the badge counts it; one here: "on this page".
    let file = kb.path().join("content/guides/overview.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n**「登録」**の手続き。\n")).unwrap();
    assert!(
        page.wait_until(
            "(b => b && b.getAttribute('data-count') > 0 && b.getAttribute('data-page-count') === '0' && /^⚠ \\d+ warning/.test(b.textContent))(document.getElementById('regnav-warnings-badge'))",
            within
        ),
        "{}",
        page.eval("(document.getElementById('regnav-warnings-badge') || {}).textContent")
    );
    let ja = kb.path().join("content/requirements/th/listing.ja.md");
    let jtext = std::fs::read_to_string(&ja).unwrap();
    std::fs::write(&ja, format!("{jtext}\n**「登録」**の手続き。\n")).unwrap();
    assert!(
        page.wait_until(
            "(b => b && b.getAttribute('data-page-count') === '2' && /^⚠ 2 on this page · \\d+ warning/.test(b.textContent))(document.getElementById('regnav-warnings-badge'))",
            within
        ),
        "{}",
        page.eval("(document.getElementById('regnav-warnings-badge') || {}).textContent")
    );
    page.eval("document.getElementById('regnav-warnings-badge').click()");
    let panel = page.eval("document.getElementById('regnav-warnings').innerText");
    let panel = panel.as_str().unwrap();
    assert!(panel.contains("This page (2)"), "{panel}");
    assert!(
        panel.contains("content/requirements/th/listing.ja.md:6:1"),
        "{panel}"
    );
    assert!(panel.contains("content/guides/overview.md"), "{panel}");
    let links = page.eval(
        "Array.from(document.querySelectorAll('#regnav-warnings a')).map(a => a.href).join(' ')",
    );
    assert!(
        links.as_str().unwrap().contains(&format!(
            "vscode://file/{}:6:1",
            root.join("content/requirements/th/listing.ja.md").display()
        )),
        "{links}"
    );
    if let Ok(dir) = std::env::var("REGNAV_SCREENSHOTS") {
        std::fs::write(format!("{dir}/warnings.png.b64"), page.screenshot_base64()).unwrap();
    }

    // Fixed: the badge goes.
    std::fs::write(&ja, &jtext).unwrap();
    std::fs::write(&file, &text).unwrap();
    assert!(
        page.wait_until("!document.getElementById('regnav-warnings-badge')", within),
        "no warnings left, no badge"
    );
}

/// Presses a key in the page through the DevTools input events, as a
/// keyboard would (keyDown with its text, then keyUp).
fn press(page: &mut cdp::Browser, key: &str) {
    let (code, vk, text) = match key {
        "Tab" => ("Tab", 9, ""),
        "Enter" => ("Enter", 13, "\r"),
        " " => ("Space", 32, " "),
        "ArrowDown" => ("ArrowDown", 40, ""),
        other => panic!("no key {other}"),
    };
    let mut down = serde_json::json!({"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk});
    if !text.is_empty() {
        down["text"] = serde_json::json!(text);
    }
    page.call("Input.dispatchKeyEvent", down);
    page.call(
        "Input.dispatchKeyEvent",
        serde_json::json!({"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}),
    );
}

/// Presses Tab until the focused element matches `selector`.
fn tab_to(page: &mut cdp::Browser, selector: &str) {
    for _ in 0..400 {
        if page.eval(&format!(
            "!!document.activeElement && document.activeElement.matches({})",
            serde_json::json!(selector)
        )) == serde_json::json!(true)
        {
            return;
        }
        press(page, "Tab");
    }
    panic!("Tab never reaches {selector}");
}

/// The classification page with the keyboard alone: Tab to the rule set,
/// Space to choose it, arrow keys and Space to answer, Enter to go on; the
/// result takes the focus, says the class and the rule with its source,
/// gives the same classes as `regnav classify`, and its link opens the
/// checklist with the profile filled in. axe-core finds no serious or
/// critical violation in either language, on a desktop or a phone.
#[test]
fn classify_page_works_with_the_keyboard_alone_and_is_accessible() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, base) = built_and_served(root);
    let mut page = cdp::Browser::launch();
    page.navigate(&format!("{base}/en/classify/"));
    tab_to(&mut page, "input[name=rules][value=general]");
    press(&mut page, " ");
    // invasive → non-invasive (the first answer): Space, then Enter.
    tab_to(&mut page, "#classify-question input");
    press(&mut page, " ");
    press(&mut page, "Enter");
    // The next question takes the focus; each answer is reached with the arrows.
    for (question, downs) in [("contact", 3), ("active", 3), ("substances", 1)] {
        assert!(
            page.wait_until(
                &format!("document.activeElement && document.activeElement.closest('[data-question={question}]') !== null"),
                std::time::Duration::from_secs(5)
            ),
            "focus on question {question}"
        );
        press(&mut page, " ");
        for _ in 0..downs {
            press(&mut page, "ArrowDown");
        }
        press(&mut page, "Enter");
    }
    // special: no box ticked; Tab to Next and press Enter.
    assert!(page.wait_until(
        "document.activeElement && document.activeElement.closest('[data-question=special]') !== null",
        std::time::Duration::from_secs(5)
    ));
    tab_to(&mut page, "#classify-next");
    press(&mut page, "Enter");
    assert!(
        page.wait_until(
            "document.activeElement && document.activeElement.id === 'classify-heading'",
            std::time::Duration::from_secs(5)
        ),
        "the result takes the focus: {}",
        page.eval("document.getElementById('classify-result').textContent")
    );
    let heading = page.eval("document.getElementById('classify-heading').textContent");
    assert_eq!(heading, serde_json::json!("GHTF class: C"));
    let text = page.eval("document.getElementById('classify-result').textContent");
    let text = text.as_str().unwrap();
    assert!(text.contains("Rule 11"), "{text}");
    assert!(text.contains("determination governs"), "{text}");
    let url = page.eval("location.search");
    assert_eq!(
        url,
        serde_json::json!(
            "?rules=general&invasive=non-invasive&contact=other&active=substances&substances=hazardous&special=none"
        )
    );
    // The same classes as the CLI, market by market.
    let cli = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["classify", "--lang", "en", "--format", "json", "--rules", "general", "--answer"])
        .arg("invasive=non-invasive,contact=other,active=substances,substances=hazardous,special=none")
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    for m in v["markets"].as_array().unwrap() {
        let shown = page.eval(&format!(
            "(document.querySelector('tr[data-market={}] .local-class') || {{}}).textContent",
            m["code"].as_str().unwrap()
        ));
        assert_eq!(shown, m["name"], "{}", m["code"]);
    }
    // The link to the checklist, followed with Enter, fills in the profile.
    tab_to(&mut page, "#classify-checklist");
    press(&mut page, "Enter");
    assert!(page.wait_until(
        "location.pathname.endsWith('/checklist/') && document.readyState === 'complete'",
        std::time::Duration::from_secs(10)
    ));
    assert_eq!(
        page.eval("document.querySelector('select[name=class]').value"),
        serde_json::json!("C")
    );
    assert_eq!(
        page.eval("document.querySelector('input[name=attr][value=active]').checked"),
        serde_json::json!(true)
    );
    // Accessibility, before and after an answer, in both languages and widths.
    let axe = axe_source();
    for path in [
        "ja/classify/",
        "en/classify/?rules=general&invasive=surgical",
        "ja/classify/?rules=general&invasive=implantable&surgical=heart-cns&active=no&special=none",
        "en/classify/?rules=ivd&product=assay&purpose=companion-cancer&user=professional",
        "en/classification/general/",
    ] {
        for width in [1280, 390] {
            page.call(
                "Emulation.setDeviceMetricsOverride",
                serde_json::json!({"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 500}),
            );
            page.navigate(&format!("{base}/{path}"));
            let wide = page.eval("document.documentElement.scrollWidth");
            assert!(
                wide.as_u64().unwrap_or(0) <= width,
                "{path} at {width} px scrolls sideways ({wide} px)"
            );
            page.eval(&format!("{axe}; window.__axe = null; axe.run(document, {{runOnly: {{type: 'tag', values: ['wcag2a', 'wcag2aa']}}}}).then(function (r) {{ window.__axe = r.violations.filter(function (v) {{ return v.impact === 'serious' || v.impact === 'critical'; }}).map(function (v) {{ return v.id + ' (' + v.nodes.length + '): ' + v.nodes.slice(0, 3).map(function (n) {{ return n.target.join(' '); }}).join(' | '); }}); }}); true"));
            assert!(
                page.wait_until("window.__axe !== null", std::time::Duration::from_secs(60)),
                "axe finishes on {path}"
            );
            assert_eq!(
                page.eval("window.__axe"),
                serde_json::json!([]),
                "{path} at {width} px"
            );
        }
    }
}
