//! `regnav serve --production` end to end: the built site served byte for
//! byte (no live-reload script, no watcher: an edit changes nothing served),
//! health checks, nothing outside the output folder, hostile query strings,
//! caching headers, compression, `/api/search` and `/mcp` under a sub-path,
//! access-log lines, bounded requests and a graceful stop on SIGTERM.

mod common;

#[path = "common/production.rs"]
mod production;

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use production::{Prod, request};

/// The fixture knowledge base, built into `site/` of a temporary folder.
fn built(base_url: &str) -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    let kb = common::kb_with_overlay(None);
    let (out, site) = common::build_site(kb.path(), Some(base_url));
    (kb, out, site)
}

fn get(p: &Prod, path: &str) -> production::Resp {
    request(&p.addr, "GET", path, &[], b"")
}

fn accept(p: &Prod, path: &str, encoding: &str) -> production::Resp {
    request(&p.addr, "GET", path, &[("Accept-Encoding", encoding)], b"")
}

/// The name of the built asset `stem.*.ext` (content-hashed).
fn asset(site: &Path, stem: &str, ext: &str) -> String {
    std::fs::read_dir(site.join("assets"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with(&format!("{stem}.")) && n.ends_with(&format!(".{ext}")))
        .unwrap()
}

#[test]
fn serves_the_built_files_as_they_are_and_never_watches() {
    let (kb, _out, site) = built("https://example.org/");
    let p = production::start(kb.path(), &site, &[]);
    assert!(p.addr.starts_with("127.0.0.1:"), "loopback by default");
    assert_eq!(p.base, "/");
    for (path, file) in [
        ("/ja/", "ja/index.html"),
        (
            "/en/requirements/th/listing/",
            "en/requirements/th/listing/index.html",
        ),
        ("/api/entries.json", "api/entries.json"),
        ("/sitemap.xml", "sitemap.xml"),
    ] {
        let r = get(&p, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(
            r.body,
            std::fs::read(site.join(file)).unwrap(),
            "{path}: served byte for byte, nothing injected"
        );
    }
    let page = get(&p, "/en/requirements/th/listing/").text();
    assert!(!page.contains("/_regnav/"), "no live-reload script");
    assert!(!page.contains("vscode://"), "no edit link");
    for dev_only in [
        "/_regnav/live.js",
        "/_regnav/events",
        "/_regnav/page?path=/ja/",
    ] {
        assert_eq!(get(&p, dev_only).status, 404, "{dev_only}");
    }
    let head = request(&p.addr, "HEAD", "/ja/", &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(&p.addr, "POST", "/ja/", &[], b"x").status, 405);

    // No watcher: the process holds no inotify instance (the dev server does).
    assert_eq!(production::inotify_fds(p.child.id()), 0, "no file watcher");
    let dev = common::server::start(kb.path());
    assert!(
        production::inotify_fds(dev.child.id()) > 0,
        "the check sees the dev server's watcher"
    );
    drop(dev);

    // An edit of the knowledge base changes nothing served.
    let before = get(&p, "/en/requirements/th/listing/").body;
    let file = kb.path().join("content/requirements/th/listing.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Listing (classes 1–2)", "Zanzibarlisting"),
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(get(&p, "/en/requirements/th/listing/").body, before);
    let found = get(&p, "/api/search?q=Zanzibarlisting&lang=en").text();
    let found: serde_json::Value = serde_json::from_str(&found).unwrap();
    assert_eq!(found["total"], 0, "the index is the one loaded at start");
}

#[test]
fn answers_health_checks() {
    let (kb, out, site) = built("https://example.org/");
    let p = production::start(kb.path(), &site, &[]);
    let r = get(&p, "/healthz");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let v: serde_json::Value = serde_json::from_str(&r.text()).unwrap();
    assert_eq!(v["status"], "ok");
    assert!(v["entries"].as_u64().unwrap() > 0);
    // The site's folder taken away: the load balancer must stop sending here.
    std::fs::rename(&site, out.path().join("gone")).unwrap();
    assert_eq!(get(&p, "/healthz").status, 503);
}

#[test]
fn serves_nothing_outside_the_output_folder() {
    let (kb, out, site) = built("https://example.org/");
    std::fs::write(out.path().join("secret.txt"), "TOP SECRET").unwrap();
    // A symlink planted in the site pointing out of it.
    std::os::unix::fs::symlink(out.path().join("secret.txt"), site.join("ja/leak.txt")).unwrap();
    std::os::unix::fs::symlink(out.path(), site.join("en/up")).unwrap();
    let p = production::start(kb.path(), &site, &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/ja/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/ja/..%5c..%5csecret.txt",
        "/ja/leak.txt",
        "/en/up/secret.txt",
        "//secret.txt",
        "/%00",
        "/.regnav-output/../../secret.txt",
    ] {
        let r = get(&p, path);
        assert!(
            r.status == 404 || r.status == 400,
            "{path}: {} {}",
            r.status,
            r.text()
        );
        assert!(!r.text().contains("TOP SECRET"), "{path}");
    }
    // The 404 page is the site's own, in the path's language.
    let r = get(&p, "/en/no/such/page/");
    assert_eq!(r.status, 404);
    assert_eq!(r.body, std::fs::read(site.join("en/404.html")).unwrap());
}

#[test]
fn hostile_query_strings_get_answers_and_the_server_stays_up() {
    let (kb, _out, site) = built("https://example.org/");
    let p = production::start(kb.path(), &site, &[]);
    let long = "%E3%82%BF".repeat(3000);
    for q in [
        "",
        "q=",
        "q=%ff%fe%fd",
        "q=%",
        "q=%%%&&&===",
        "q=((((((((((",
        "q=*:*%20OR%20title:x",
        "q=a&q=b&q=c",
        "limit=-1",
        "limit=99999999999999999999999",
        "limit=0&q=listing",
        "lang=xx&q=listing",
        "jurisdiction=,,,,&kind=%3Cscript%3E&category=%00&class=%E2%80%AE",
        "q=%0d%0aSet-Cookie:%20x=1",
        &format!("q={long}"),
    ] {
        let r = get(&p, &format!("/api/search?{q}"));
        assert_eq!(r.status, 200, "{q}");
        let v: serde_json::Value =
            serde_json::from_str(&r.text()).unwrap_or_else(|e| panic!("{q}: {e}"));
        assert!(v["hits"].as_array().unwrap().len() <= 100, "{q}");
        assert!(r.header("set-cookie").is_none());
    }
    // A request line larger than the bound is refused, not read.
    let huge = "x".repeat(200_000);
    let r = get(&p, &format!("/api/search?q={huge}"));
    assert!(
        r.status == 431 || r.status == 414 || r.status == 0,
        "{}",
        r.status
    );
    // A body larger than the bound is refused.
    let r = request(
        &p.addr,
        "POST",
        "/mcp",
        &[
            ("Content-Type", "application/json"),
            ("Accept", "application/json, text/event-stream"),
        ],
        &vec![b' '; 2 << 20],
    );
    assert_eq!(r.status, 413);
    let r = get(&p, "/api/search?q=listing&lang=en");
    assert!(
        r.text().contains("requirements/th/listing"),
        "still answering"
    );
    assert_eq!(get(&p, "/healthz").status, 200);
}

#[test]
fn hashed_assets_are_immutable_and_pages_revalidate() {
    let (kb, _out, site) = built("https://example.org/");
    let p = production::start(kb.path(), &site, &[]);
    let css = asset(&site, "style", "css");
    let r = get(&p, &format!("/assets/{css}"));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
    // The checklist data is named by its hash too.
    let data = std::fs::read_dir(site.join("api"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("checklist-data."))
        .unwrap();
    assert_eq!(
        get(&p, &format!("/api/{data}")).header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    // Search files: immutable when asked for with this site's version.
    let page = std::fs::read_to_string(site.join("en/search/index.html")).unwrap();
    let version = page
        .split("data-version=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    let r = get(&p, &format!("/search/en/meta.js?v={version}"));
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    for path in [
        "/search/en/meta.js".to_string(),
        "/search/en/meta.js?v=0000000000".to_string(),
        "/ja/".to_string(),
        "/api/entries.json".to_string(),
        "/sitemap.xml".to_string(),
    ] {
        let r = get(&p, &path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
        assert!(r.header("last-modified").is_some(), "{path}: revalidates");
    }
    // A renamed (missing) hashed asset is a 404, never cached for good.
    let r = get(&p, "/assets/style.0000000000.css");
    assert_eq!(r.status, 404);
    assert_ne!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
}

#[test]
fn responses_are_compressed_when_accepted() {
    let (kb, _out, site) = built("https://example.org/");
    let p = production::start(kb.path(), &site, &[]);
    let js = asset(&site, "search", "js");
    for (path, file) in [
        ("/ja/".to_string(), "ja/index.html".to_string()),
        (format!("/assets/{js}"), format!("assets/{js}")),
        (
            "/api/entries.json".to_string(),
            "api/entries.json".to_string(),
        ),
    ] {
        let want = std::fs::read(site.join(&file)).unwrap();
        let gz = accept(&p, &path, "gzip");
        assert_eq!(gz.header("content-encoding"), Some("gzip"), "{path}");
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&gz.body[..])
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, want, "{path}: gzip");
        assert!(gz.body.len() < want.len(), "{path}: smaller");
        let br = accept(&p, &path, "br;q=1.0, gzip;q=0.5");
        assert_eq!(br.header("content-encoding"), Some("br"), "{path}");
        let mut plain = Vec::new();
        brotli_decompressor::Decompressor::new(&br.body[..], 4096)
            .read_to_end(&mut plain)
            .unwrap();
        assert_eq!(plain, want, "{path}: br");
        let none = get(&p, &path);
        assert_eq!(none.header("content-encoding"), None);
        assert_eq!(none.body, want);
    }
    let api = accept(&p, "/api/search?q=listing", "gzip");
    assert_eq!(api.header("content-encoding"), Some("gzip"));
}

#[test]
fn a_sub_path_site_is_served_under_its_path_with_search_and_mcp() {
    let (kb, _out, site) = built("https://example.org/regnav/");
    let p = production::start(kb.path(), &site, &[]);
    assert_eq!(p.base, "/regnav/", "the path comes from the built site");
    let r = get(&p, "/");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/regnav/"));
    assert_eq!(
        get(&p, "/regnav/ja/").body,
        std::fs::read(site.join("ja/index.html")).unwrap()
    );
    let r = get(&p, "/regnav/ja");
    assert!(r.status == 307 || r.status == 308, "{}", r.status);
    assert_eq!(r.header("location"), Some("/regnav/ja/"));
    assert_eq!(get(&p, "/ja/").status, 404, "nothing outside the path");
    let v: serde_json::Value =
        serde_json::from_str(&get(&p, "/regnav/api/search?q=listing&lang=en").text()).unwrap();
    let url = v["hits"][0]["url"].as_str().unwrap();
    assert!(url.starts_with("/regnav/en/"), "{url}");
    assert_eq!(get(&p, "/healthz").status, 200);

    let call = |id: u64, method: &str, params: serde_json::Value| -> serde_json::Value {
        let body =
            serde_json::json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let r = request(
            &p.addr,
            "POST",
            "/regnav/mcp",
            &[
                ("Content-Type", "application/json"),
                ("Accept", "application/json, text/event-stream"),
                ("MCP-Protocol-Version", "2025-06-18"),
            ],
            body.to_string().as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        serde_json::from_str(&r.text()).unwrap()
    };
    let init = call(
        1,
        "initialize",
        serde_json::json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}),
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "regnav");
    let r = call(
        2,
        "tools/call",
        serde_json::json!({"name": "get_entry", "arguments": {"id": "requirements/th/listing", "lang": "en"}}),
    );
    let entry: serde_json::Value =
        serde_json::from_str(r["result"]["content"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(
        entry["citation"]["url"], "https://example.org/regnav/en/requirements/th/listing/",
        "answers cite the published pages"
    );
}

#[test]
fn every_request_is_logged_in_one_line() {
    let (kb, _out, site) = built("https://example.org/");
    let p = production::start(kb.path(), &site, &[]);
    let body = get(&p, "/en/requirements/th/listing/").body;
    let line = p.wait_log("path=/en/requirements/th/listing/");
    let line = line
        .lines()
        .find(|l| l.contains("path=/en/requirements/th/listing/"))
        .unwrap();
    for part in [
        "INFO access:",
        "method=GET",
        "status=200",
        &format!("bytes={}", body.len()),
        "duration_ms=",
    ] {
        assert!(line.contains(part), "{part} in {line}");
    }
    get(&p, "/api/search?q=secret%20question");
    let log = p.wait_log("path=/api/search");
    assert!(!log.contains("secret"), "queries stay out of the log");
    drop(p);

    let p = production::start(kb.path(), &site, &["--log-format", "json"]);
    get(&p, "/nope");
    let log = p.wait_log("\"path\":\"/nope\"");
    let line: serde_json::Value = serde_json::from_str(
        log.lines()
            .find(|l| l.contains("\"path\":\"/nope\""))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(line["target"], "access");
    assert_eq!(line["method"], "GET");
    assert_eq!(line["status"], 404);
    assert!(line["bytes"].as_u64().unwrap() > 0);
    assert!(line["duration_ms"].as_f64().is_some());
}

#[test]
fn sigterm_lets_requests_in_flight_finish_then_exits() {
    let (kb, _out, site) = built("https://example.org/");
    // A large file, so that its response is still being sent at SIGTERM.
    let big: Vec<u8> = (0..8_000_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    std::fs::write(site.join("big.txt"), &big).unwrap();
    let mut p = production::start(kb.path(), &site, &[]);
    let mut s = std::net::TcpStream::connect(&p.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "GET /big.txt HTTP/1.1\r\nHost: {}\r\n\r\n", p.addr).unwrap();
    let mut first = [0u8; 1024];
    let n = s.read(&mut first).unwrap();
    assert!(n > 0);
    // An idle kept-alive connection must not hold the stop.
    let idle = std::net::TcpStream::connect(&p.addr).unwrap();
    let st = std::process::Command::new("kill")
        .args(["-TERM", &p.child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    std::thread::sleep(Duration::from_millis(300));
    let mut raw = first[..n].to_vec();
    s.read_to_end(&mut raw).unwrap();
    let r = production::parse(&raw, false);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.body.len(),
        big.len(),
        "the response in flight was finished"
    );
    let started = Instant::now();
    let status = loop {
        if let Some(st) = p.child.try_wait().unwrap() {
            break st;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    drop(idle);
    let log = p.wait_log("stopped");
    assert!(log.contains("path=/big.txt status=200"), "{log}");
    assert!(
        std::net::TcpStream::connect(&p.addr).is_err(),
        "no longer accepting"
    );
}

#[test]
fn refuses_a_folder_that_holds_no_built_site() {
    let kb = common::kb_with_overlay(None);
    let empty = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["serve", "--production", "--port", "0", "--root"])
        .arg(kb.path())
        .arg("--out")
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("holds no site built by regnav"), "{err}");
    assert!(err.contains("regnav build"), "{err}");
    // Dev-server flags make no sense here.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["serve", "--production", "--open"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn kept_search_answers_are_the_answers() {
    let (kb, _out, site) = built("https://example.org/");
    let cached = production::start(kb.path(), &site, &[]);
    let uncached = production::start(kb.path(), &site, &["--search-cache", "0"]);
    for q in [
        "q=listing&lang=en",
        "lang=en&q=listing",
        "q=%E5%B1%8A%E5%87%BA",
        "q=listing&lang=ja&limit=1",
        "q=registraton",
    ] {
        let want = get(&uncached, &format!("/api/search?{q}")).body;
        for _ in 0..2 {
            assert_eq!(get(&cached, &format!("/api/search?{q}")).body, want, "{q}");
        }
    }
    let a = get(&cached, "/api/search?q=listing&lang=en&limit=1").text();
    let b = get(&cached, "/api/search?q=listing&lang=en").text();
    assert_ne!(a, b, "the limit is part of what is kept");
}
