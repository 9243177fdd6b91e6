//! `regnav serve` end to end, on port 0 with a temporary copy of the fixture
//! knowledge base: live reload names the changed page, errors reach open
//! pages while the old site is still served, fixing reloads, save storms and
//! deletes do not take the server down, nothing outside the site is served,
//! and `/api/search` answers any query string. Generous time-outs: these
//! assert behaviour, not speed.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::server::{len, request, start, subscribe, wait_for};

#[test]
fn live_reload_errors_and_recovery() {
    let kb = common::kb_with_overlay(None);
    let server = start(kb.path());
    let addr = server.addr.clone();
    let (status, page) = request(&addr, "GET", "/en/requirements/th/listing/");
    assert_eq!(status, 200);
    assert!(
        page.contains("/_regnav/live.js"),
        "the server injects the live-reload script"
    );
    let events = subscribe(&addr);

    // An edit: the reload event names the changed page, which serves the new text.
    let file = kb.path().join("content/requirements/th/listing.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let mark = len(&events);
    std::fs::write(
        &file,
        text.replace("File the listing", "File the UPDATED listing"),
    )
    .unwrap();
    let ev = wait_for(&events, mark, "event: reload");
    assert!(
        ev.contains("/en/requirements/th/listing/") && ev.contains("build_ms"),
        "{ev}"
    );
    assert!(
        request(&addr, "GET", "/en/requirements/th/listing/")
            .1
            .contains("UPDATED")
    );
    // The search API follows the edit.
    let (s, body) = request(&addr, "GET", "/api/search?q=UPDATED&lang=en");
    assert_eq!(s, 200);
    assert!(body.contains("requirements/th/listing"), "{body}");
    // A new alias is understood at once: the lexicon follows the content.
    let jfile = kb.path().join("content/jurisdictions/th.md");
    let jtext = std::fs::read_to_string(&jfile).unwrap();
    let mark = len(&events);
    std::fs::write(&jfile, jtext.replacen("aliases: [", "aliases: [Siam, ", 1)).unwrap();
    wait_for(&events, mark, "event: reload");
    let (_, body) = request(&addr, "GET", "/api/search?q=Siam%20listing&lang=en");
    assert!(body.contains("\"markets\":[\"th\"]"), "{body}");
    let mark = len(&events);
    std::fs::write(&jfile, &jtext).unwrap();
    wait_for(&events, mark, "event: reload");

    // A title change reaches every page that shows it: the market page, the
    // lists, the open data; and those pages are named in the event.
    let mark = len(&events);
    std::fs::write(
        &file,
        text.replace("File the listing", "File the UPDATED listing")
            .replace(
                "en: Listing (classes 1–2)",
                "en: Listing RENAMED (classes 1–2)",
            ),
    )
    .unwrap();
    let ev = wait_for(&events, mark, "event: reload");
    assert!(ev.contains("/en/jurisdictions/th/"), "{ev}");
    assert!(
        request(&addr, "GET", "/en/jurisdictions/th/")
            .1
            .contains("Listing RENAMED")
    );
    assert!(
        request(&addr, "GET", "/en/updates/")
            .1
            .contains("Listing RENAMED")
    );
    assert!(
        request(&addr, "GET", "/api/entries.json")
            .1
            .contains("Listing RENAMED")
    );
    assert!(
        request(&addr, "GET", "/en/documents/iso-13485-certificate/")
            .1
            .contains("Listing RENAMED"),
        "the document's 'steps that use it'"
    );

    // A broken save: an error event with file and line; the old page is still served.
    let mark = len(&events);
    std::fs::write(
        &file,
        text.replace("category: registration", "category: registation"),
    )
    .unwrap();
    let ev = wait_for(&events, mark, "event: error");
    assert!(
        ev.contains("content/requirements/th/listing.md") && ev.contains("\"line\":4"),
        "{ev}"
    );
    assert!(
        request(&addr, "GET", "/en/requirements/th/listing/")
            .1
            .contains("UPDATED"),
        "last good site still served"
    );
    // A page opened now gets the error straight away.
    let late = subscribe(&addr);
    wait_for(&late, 0, "event: error");

    // Fixing it reloads.
    let mark = len(&events);
    std::fs::write(&file, &text).unwrap();
    wait_for(&events, mark, "event: reload");
    assert!(
        !request(&addr, "GET", "/en/requirements/th/listing/")
            .1
            .contains("UPDATED")
    );

    // A save storm, a half-written non-UTF-8 file, a delete and a rename: still up.
    for i in 0..200 {
        std::fs::write(
            &file,
            text.replace("File the listing", &format!("File the listing {i}")),
        )
        .unwrap();
    }
    std::fs::write(
        kb.path().join("content/guides/half.md"),
        b"---\ntitle: \xff\xfe",
    )
    .unwrap();
    std::fs::remove_file(kb.path().join("content/guides/half.md")).unwrap();
    std::fs::rename(
        kb.path()
            .join("content/documents/iso-13485-certificate.en.md"),
        kb.path().join("content/documents/moved.en.md"),
    )
    .unwrap();
    std::fs::rename(
        kb.path().join("content/documents/moved.en.md"),
        kb.path()
            .join("content/documents/iso-13485-certificate.en.md"),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (s, body) = request(&addr, "GET", "/en/requirements/th/listing/");
        if s == 200 && body.contains("File the listing 199") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the last save of the storm is served"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // content/ disappears (errors: no entries, lost links) and comes back.
    let content = kb.path().join("content");
    std::fs::rename(&content, kb.path().join("content.away")).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(
        request(&addr, "GET", "/en/requirements/th/listing/").0,
        200,
        "the last good site is still served"
    );
    std::fs::rename(kb.path().join("content.away"), &content).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    let mark = len(&events);
    std::fs::write(
        &file,
        text.replace("File the listing", "File the RETURNED listing"),
    )
    .unwrap();
    wait_for(&events, mark, "event: reload");
    assert!(
        request(&addr, "GET", "/en/requirements/th/listing/")
            .1
            .contains("RETURNED"),
        "watching resumed"
    );
}

#[test]
fn serves_nothing_outside_the_site_and_takes_any_query() {
    let kb = common::kb_with_overlay(None);
    let server = start(kb.path());
    let addr = server.addr.clone();
    for path in [
        "/../regnav.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/ja/%2e%2e/%2e%2e/regnav.yaml",
        "//etc/passwd",
        "/content/requirements/th/listing.md",
        "/ja/../../Cargo.toml",
    ] {
        let (s, body) = request(&addr, "GET", path);
        assert_eq!(s, 404, "{path}");
        assert!(
            !body.contains("base_url") && !body.contains("root:"),
            "{path}"
        );
    }
    let (s, body) = request(&addr, "GET", "/en/no-such-page/");
    assert_eq!(s, 404);
    assert!(
        body.contains("lang=\"en\""),
        "the 404 page of the right language"
    );
    assert_eq!(request(&addr, "HEAD", "/ja/").0, 200);
    // Conditional GET.
    let etag = {
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET /ja/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        let _ = s.read_to_string(&mut raw);
        raw.lines()
            .find(|l| l.to_ascii_lowercase().starts_with("etag:"))
            .map(|l| l[5..].trim().to_string())
            .expect("etag")
    };
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "GET /ja/ HTTP/1.1\r\nHost: {addr}\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    assert!(raw.starts_with("HTTP/1.1 304"), "{raw}");
    let (s, _) = request(&addr, "GET", "/ja/?%ff%fe=%zz&&&==");
    assert_eq!(s, 200);
    for q in [
        "q=%E3%82%BF%E3%82%A4",
        "q=%ff%fe%00",
        "q=%22unbalanced&limit=-5",
        "q=a:b:c^~*&kind=nope&lang=xx",
        "q=",
        "",
        "q=%zz%",
        "limit=99999999999999999999",
    ] {
        let (s, body) = request(&addr, "GET", &format!("/api/search?{q}"));
        assert_eq!(s, 200, "{q}");
        let v: serde_json::Value =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{q}: {e}: {body}"));
        assert!(v["hits"].is_array());
    }
    let (_, body) = request(
        &addr,
        "GET",
        "/api/search?q=listing&lang=en&jurisdiction=th&kind=requirement",
    );
    assert!(body.contains("requirements/th/listing"), "{body}");
}

/// Every file of a fresh `regnav build` (base URL `/`) of `root`, by site path.
fn built_files(root: &std::path::Path) -> Vec<(String, String)> {
    let (_out, site) = common::build_site(root, Some("/"));
    common::tree_files(&site)
        .into_iter()
        // The marker that says "regnav wrote this folder" belongs to a folder only.
        .filter(|(path, _)| path != regnav::site::output::MARKER)
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).to_string()))
        .collect()
}

#[test]
fn partial_rebuilds_serve_what_a_full_build_writes() {
    // Edits of several kinds, each rebuilt partially; once the files are
    // quiet (and the static search index refreshed), every file served must
    // be the file a full build writes.
    let kb = common::kb_with_overlay(None);
    let server = start(kb.path());
    let events = subscribe(&server.addr);
    let content = kb.path().join("content");
    let edit = |rel: &str, from: &str, to: &str| {
        let p = content.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has {from}");
        let at = len(&events);
        std::fs::write(&p, text.replace(from, to)).unwrap();
        wait_for(&events, at, "event: reload");
    };
    edit(
        "requirements/th/listing.md",
        "en: Listing (classes 1–2)",
        "en: Listing of class 1–2 devices",
    );
    edit(
        "contacts/th/regulator.md",
        "The regulator's desk.",
        "The regulator's device desk.",
    );
    edit(
        "jurisdictions/th.md",
        "last_reviewed: 2026-11-01",
        "last_reviewed: 2026-11-20",
    );
    let at = len(&events);
    std::fs::remove_file(content.join("guides/overview.en.md")).unwrap();
    std::fs::remove_file(content.join("guides/overview.md")).unwrap();
    wait_for(&events, at, "event: reload");
    let at = len(&events);
    std::fs::write(
        content.join("guides/second.md"),
        "---\ntitle: {ja: 二つ目, en: Second}\nsummary: {ja: 二つ目の案内。, en: A second guide.}\nsources:\n  - {title: Fixture source, url: https://example.org/g2, accessed: 2026-11-01}\nlast_reviewed: 2026-11-02\n---\nタイの案内。\n",
    )
    .unwrap();
    wait_for(&events, at, "event: reload");
    // A body edited alone, adding a link: the market's page lists the guide.
    edit(
        "guides/second.md",
        "タイの案内。",
        "[タイ](@jurisdictions/th)の案内。",
    );
    // A contact in a new country comes (its country page with it) and goes.
    let contact = content.join("contacts/sg/desk.md");
    let at = len(&events);
    std::fs::create_dir_all(contact.parent().unwrap()).unwrap();
    std::fs::write(
        &contact,
        std::fs::read_to_string(content.join("contacts/th/regulator.md")).unwrap(),
    )
    .unwrap();
    wait_for(&events, at, "event: reload");
    assert_eq!(request(&server.addr, "GET", "/en/contacts/sg/").0, 200);
    let at = len(&events);
    std::fs::remove_file(&contact).unwrap();
    wait_for(&events, at, "event: reload");
    std::thread::sleep(Duration::from_secs(4)); // the search index refresh after 2 quiet seconds
    let expected = built_files(kb.path());
    assert!(expected.len() > 30, "{}", expected.len());
    let tag = "<script src=\"/_regnav/live.js\"></script>";
    for (path, body) in &expected {
        let (status, served) = request(&server.addr, "GET", &format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        assert!(
            served.replace(tag, "") == *body,
            "{path} differs from a full build:\n--- served\n{served}\n--- built\n{body}"
        );
    }
    let (status, _) = request(&server.addr, "GET", "/en/guides/overview/");
    assert_eq!(status, 404, "a deleted entry's page is gone");
    let (status, _) = request(&server.addr, "GET", "/en/contacts/sg/");
    assert_eq!(
        status, 404,
        "the page of a country with no contacts left is gone"
    );
}

/// Issue #21, item 6: warnings reach the page (an event every page hears,
/// the page's own from `/_regnav/page`) and the terminal; every page, error
/// and warning offers its file in the editor through `editor_url`; a built
/// site names no file of the knowledge base.
#[test]
fn warnings_and_edit_links_reach_the_page() {
    let kb = common::kb_with_overlay(None);
    let root = kb.path().canonicalize().unwrap();
    let (server, log) = common::server::start_logged(kb.path());
    let addr = server.addr.clone();
    let events = subscribe(&addr);
    let first = wait_for(&events, 0, "event: warnings");
    assert!(first.contains("\"count\":0"), "{first}");
    let page = |path: &str| -> serde_json::Value {
        let (status, body) = request(&addr, "GET", &format!("/_regnav/page?path={path}"));
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    };
    let listing = root.join("content/requirements/th/listing.md");
    let ja = root.join("content/requirements/th/listing.ja.md");
    let en = page("/en/requirements/th/listing/");
    assert_eq!(en["files"][0]["file"], "content/requirements/th/listing.md");
    assert_eq!(
        en["files"][0]["edit"],
        format!("vscode://file/{}:18:1", listing.display()),
        "the English text is the original's, from its body's first line"
    );
    let jp = page("/ja/requirements/th/listing/");
    assert_eq!(
        jp["files"][0]["file"],
        "content/requirements/th/listing.ja.md"
    );
    assert_eq!(
        jp["files"][0]["edit"],
        format!("vscode://file/{}:4:1", ja.display())
    );
    assert_eq!(jp["files"][1]["file"], "content/requirements/th/listing.md");
    assert_eq!(page("/ja/matrix/")["files"], serde_json::json!([]));

    // A save that brings a warning: the terminal says it, pages hear it, the
    // page of the entry lists it with a link to its line.
    let text = std::fs::read_to_string(&ja).unwrap();
    let mark = len(&events);
    std::fs::write(&ja, format!("{text}\n**「登録」**の手続き。\n")).unwrap();
    let ev = wait_for(&events, mark, "event: warnings");
    assert!(
        ev.contains("\"count\":2") && ev.contains("cjk-emphasis"),
        "{ev}"
    );
    assert!(
        ev.contains(&format!("vscode://file/{}:6:", ja.display())),
        "{ev}"
    );
    let own = page("/ja/requirements/th/listing/");
    assert_eq!(own["warnings"][0]["code"], "cjk-emphasis", "{own}");
    assert_eq!(
        page("/ja/jurisdictions/th/")["warnings"],
        serde_json::json!([])
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !log.lock().unwrap().contains("cjk-emphasis") {
        assert!(
            std::time::Instant::now() < deadline,
            "the terminal shows the warning"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // A page opened now hears the count at once.
    let late = subscribe(&addr);
    assert!(wait_for(&late, 0, "event: warnings").contains("\"count\":2"));
    let mark = len(&events);
    std::fs::write(&ja, &text).unwrap();
    let ev = wait_for(&events, mark, "event: warnings");
    assert!(ev.contains("\"count\":0"), "{ev}");

    // Errors carry the link too.
    let original = std::fs::read_to_string(&listing).unwrap();
    let mark = len(&events);
    std::fs::write(
        &listing,
        original.replace("category: registration", "category: [registration"),
    )
    .unwrap();
    let ev = wait_for(&events, mark, "event: error");
    assert!(ev.contains("the list opened at 4:11 is not closed"), "{ev}");
    assert!(
        ev.contains(&format!(
            "\"edit\":\"vscode://file/{}:4:11\"",
            listing.display()
        )),
        "{ev}"
    );
    std::fs::write(&listing, &original).unwrap();
    wait_for(&events, mark, "event: reload");

    // Another editor's scheme, then none.
    let config = root.join("regnav.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{yaml}editor_url: \"idea://open?file={{path}}&line={{line}}\"\n"),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let v = page("/en/requirements/th/listing/");
        if v["files"][0]["edit"] == format!("idea://open?file={}&line=18", listing.display()) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{v}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::fs::write(&config, format!("{yaml}editor_url: \"\"\n")).unwrap();
    loop {
        let v = page("/en/requirements/th/listing/");
        if v["editor"] == false {
            assert_eq!(v["files"][0]["edit"], serde_json::Value::Null);
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{v}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    // Never in a built site.
    let (_out, site) = common::build_site(kb.path(), None);
    for (file, bytes) in common::tree_files(&site) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("/_regnav/"), "{file}");
        assert!(
            !text.contains("vscode:") && !text.contains("idea://"),
            "{file}"
        );
        assert!(
            !text.contains(root.to_str().unwrap()),
            "{file} names a local path"
        );
    }
}

#[test]
fn partial_rebuilds_after_glossary_edits_serve_what_a_full_build_writes() {
    // The glossary ties pages together: an entry's page links the terms it
    // says, a term's page and the index list the entries that say it. Each
    // kind of edit is rebuilt partially; the result must be a full build.
    let kb = common::kb_with_overlay(Some(&common::fixtures().join("valid/glossary")));
    let server = start(kb.path());
    let events = subscribe(&server.addr);
    let content = kb.path().join("content");
    let same_as_a_full_build = || {
        std::thread::sleep(Duration::from_secs(4)); // the search index refresh after 2 quiet seconds
        let tag = "<script src=\"/_regnav/live.js\"></script>";
        for (path, body) in &built_files(kb.path()) {
            let (status, served) = request(&server.addr, "GET", &format!("/{path}"));
            assert_eq!(status, 200, "{path}");
            assert!(
                served.replace(tag, "") == *body,
                "{path} differs from a full build:\n--- served\n{served}\n--- built\n{body}"
            );
        }
    };
    let edit = |rel: &str, from: &str, to: &str| {
        let p = content.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} has {from}");
        let at = len(&events);
        std::fs::write(&p, text.replace(from, to)).unwrap();
        wait_for(&events, at, "event: reload");
    };
    // A body edited alone starts to say a term (its users change).
    edit(
        "requirements/th/listing.md",
        "File the listing with",
        "File the listing under ISO 13485 with",
    );
    // The title of an entry that says terms (their pages list it).
    edit(
        "requirements/th/autolink.md",
        "en: Auto-link check",
        "en: Auto-link check (renamed)",
    );
    same_as_a_full_build();
    // A term's definition (the tooltip of every link to it).
    edit(
        "glossary/qms.md",
        "the subject of ISO 13485.",
        "what ISO 13485 specifies.",
    );
    // A term's forms (links appear and vanish on other pages).
    edit(
        "glossary/thai-fda.md",
        "forms: [Thai FDA, タイFDA, タイ食品医薬品局]",
        "forms: [タイFDA, タイ食品医薬品局, regulator]",
    );
    // A term comes, and one goes.
    let at = len(&events);
    std::fs::write(
        content.join("glossary/licence.md"),
        "---\ntitle: {ja: 許可, en: Licence}\nsummary: {ja: 高リスク機器の販売の許可。, en: Permission to sell high-risk devices.}\nforms: [licence, 許可]\nreading: きょか\nmarkets: [th]\nsources:\n  - {title: Fixture source, url: https://example.org/licence, accessed: 2026-11-01}\nlast_reviewed: 2026-11-01\n---\n",
    )
    .unwrap();
    wait_for(&events, at, "event: reload");
    let at = len(&events);
    std::fs::remove_file(content.join("glossary/iso-13485.md")).unwrap();
    wait_for(&events, at, "event: reload");
    same_as_a_full_build();
    let (status, _) = request(&server.addr, "GET", "/en/glossary/iso-13485/");
    assert_eq!(status, 404, "a deleted term's page is gone");
}
