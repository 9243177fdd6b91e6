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
