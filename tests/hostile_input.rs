//! Hostile and broken input (issue #14, items 4–7 and 10–14): alias bombs,
//! deep nesting, NULs, CR-only files, symlinks, pipes, folders named like
//! entries, injected base URLs, and a running `serve` fed all of them. Each
//! case ends in bounded time and memory with exit 1 and a diagnostic at
//! file:line; the time limits here are hang detectors, not benchmarks.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::server::{len, request, start, start_in, stream, subscribe, wait_for};

/// Runs `regnav ARGS` in `cwd`, killed after `limit`; returns the output and
/// the peak memory (KiB) of the child.
fn run(cwd: &Path, args: &[&str], limit: Duration) -> (Output, u64) {
    let child = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .current_dir(cwd)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let started = Instant::now();
    let killer = std::thread::spawn(move || {
        while started.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(50));
            if !Path::new(&format!("/proc/{pid}")).exists() {
                return false;
            }
        }
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
        true
    });
    let mut peak = 0;
    let status_path = format!("/proc/{pid}/status");
    let out = {
        let waiter = std::thread::spawn(move || child.wait_with_output().unwrap());
        while !waiter.is_finished() {
            if let Ok(s) = std::fs::read_to_string(&status_path)
                && let Some(kb) = s
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|n| n.parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        waiter.join().unwrap()
    };
    assert!(
        !killer.join().unwrap(),
        "regnav {args:?} ran longer than {limit:?}"
    );
    (out, peak)
}

/// `regnav build --quiet --root KB --out site EXTRA…` run in `cwd`, bounded.
fn build_into(cwd: &Path, kb: &Path, extra: &[&str], limit: Duration) -> (Output, u64) {
    let mut args = vec![
        "build",
        "--quiet",
        "--root",
        kb.to_str().unwrap(),
        "--out",
        "site",
    ];
    args.extend_from_slice(extra);
    run(cwd, &args, limit)
}

fn check_json(root: &Path) -> (serde_json::Value, Output) {
    let (out, _) = run(
        root,
        &["check", "--format", "json", "--root", "."],
        Duration::from_secs(30),
    );
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    (v, out)
}

fn diag_for<'a>(v: &'a serde_json::Value, file: &str, kind: &str) -> Option<&'a serde_json::Value> {
    v[kind]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == file)
}

fn entry(title_yaml: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title_yaml}\nsummary: {{ja: 要約, en: Summary}}\nlast_reviewed: 2026-11-20\n---\n{body}\n"
    )
}

#[test]
fn each_hostile_file_gets_its_own_diagnostic_at_the_right_place() {
    let kb = common::kb_with_overlay(None);
    let g = kb.path().join("content/guides");
    // 4. An alias bomb: a 100 KB anchored string repeated 10,000 times.
    let big = "x".repeat(100_000);
    let aliases = vec!["*a"; 10_000].join(", ");
    std::fs::write(
        g.join("bomb.md"),
        format!("---\ntitle: &a {big}\nsummary: [{aliases}]\nlast_reviewed: 2026-11-20\n---\n"),
    )
    .unwrap();
    // 5. Deep nesting in YAML and in Markdown.
    std::fs::write(g.join("deep-yaml.md"), entry(&"{a: ".repeat(100_000), "")).unwrap();
    std::fs::write(
        g.join("deep-quote.md"),
        entry(
            "{ja: 引用, en: Quote}",
            &format!("Intro.\n\n{}", ">".repeat(50_000)),
        ),
    )
    .unwrap();
    // 5. Over the size limit.
    std::fs::write(
        g.join("huge.md"),
        entry("{ja: 大, en: Big}", &"word ".repeat(300_000)),
    )
    .unwrap();
    // 6. A NUL byte on line 2, column 15.
    std::fs::write(g.join("nul.md"), entry("{ja: ab\0c, en: x}", "")).unwrap();
    // 6. CR-only line ends: a good entry.
    std::fs::write(
        g.join("classic-mac.md"),
        entry("{ja: 旧Mac, en: Classic Mac}", "Body.").replace('\n', "\r"),
    )
    .unwrap();
    // 6 and 10. A symlink, a pipe and a folder named like an entry.
    std::os::unix::fs::symlink("/etc/passwd", g.join("passwd.md")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(g.join("pipe.md"))
            .status()
            .unwrap()
            .success()
    );
    std::fs::create_dir_all(g.join("folder.md")).unwrap();

    let (v, out) = check_json(kb.path());
    assert_eq!(out.status.code(), Some(1));
    let expect = |file: &str, code: &str, line: u64, col: Option<u64>| {
        let d = diag_for(&v, &format!("content/guides/{file}"), "errors")
            .unwrap_or_else(|| panic!("no error for {file}: {v}"));
        assert_eq!(d["code"], code, "{file}: {d}");
        assert_eq!(d["line"], line, "{file}: {d}");
        if let Some(c) = col {
            assert_eq!(d["column"], c, "{file}: {d}");
        }
    };
    expect("bomb.md", "yaml-alias", 2, Some(8));
    expect("deep-yaml.md", "too-deep", 2, None);
    expect("deep-quote.md", "too-deep", 8, None);
    expect("huge.md", "file-too-large", 1, None);
    expect("nul.md", "nul-byte", 2, Some(15));
    assert!(
        diag_for(&v, "content/guides/classic-mac.md", "errors").is_none(),
        "{v}"
    );
    for f in ["passwd.md", "pipe.md", "folder.md"] {
        let d = diag_for(&v, &format!("content/guides/{f}"), "warnings")
            .unwrap_or_else(|| panic!("no warning for {f}: {v}"));
        assert_eq!(d["code"], "not-a-file");
    }
    assert!(!String::from_utf8_lossy(&out.stdout).contains("root:"));
}

#[test]
fn base_url_cannot_inject_script_or_lines() {
    let kb = common::kb_with_overlay(None);
    let out = tempfile::tempdir().unwrap();
    for bad in [
        "https://x.example/'-alert(1)-'/",
        "https://x.example/\nDisallow: /",
        "javascript:alert(1)//",
        "https://x.example/\"><script>alert(1)</script>",
    ] {
        let (o, _) = build_into(
            out.path(),
            kb.path(),
            &["--base-url", bad],
            Duration::from_secs(60),
        );
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("--base-url"));
    }
    // The same in regnav.yaml is a config error at its line.
    let cfg = kb.path().join("regnav.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        format!("{text}\nbase_url: \"https://x.example/'+alert(1)+'/\"\n")
            .replace("base_url: https://example.org/\n", ""),
    )
    .unwrap();
    let (v, o) = check_json(kb.path());
    assert_eq!(o.status.code(), Some(1), "{v}");
    // A URL that is fine but holds `&` is escaped in every context.
    std::fs::write(&cfg, &text).unwrap();
    let (_keep, site) = common::build_site(kb.path(), Some("https://x.example/a&b/"));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("/a&amp;b/ja/"), "{index}");
    assert!(!index.contains("a&b/ja"), "{index}");
    let robots = std::fs::read_to_string(site.join("robots.txt")).unwrap();
    assert_eq!(robots.lines().count(), 3);
}

#[test]
fn serve_with_a_relative_root_rebuilds_and_sees_the_first_edit() {
    let parent = tempfile::tempdir().unwrap();
    let kb = parent.path().join("kb");
    common::copy_tree(&common::fixtures().join("valid/basic"), &kb);
    for rel in ["kb", "./kb"] {
        let server = start_in(Some(parent.path()), Path::new(rel));
        // 13: right after `Serving on`, with no pause.
        let page = kb.join("content/guides/first.md");
        std::fs::write(&page, entry("{ja: 最初, en: First edit}", "Hello.")).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (status, body) = request(&server.addr, "GET", "/en/guides/first/");
            if status == 200 && body.contains("First edit") {
                break;
            }
            assert!(Instant::now() < deadline, "{rel}: the edit was never built");
            std::thread::sleep(Duration::from_millis(100));
        }
        std::fs::remove_file(&page).unwrap();
    }
}

#[test]
fn serve_checks_host_and_origin_and_follows_no_symlink() {
    let kb = common::kb_with_overlay(None);
    let server = start(kb.path());
    let raw = |extra: &str, path: &str| {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\n{extra}Connection: close\r\n\r\n").unwrap();
        let mut t = String::new();
        let _ = s.read_to_string(&mut t);
        t.split_whitespace().nth(1).unwrap_or("").to_string()
    };
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    assert_eq!(raw(&format!("Host: {}\r\n", server.addr), "/ja/"), "200");
    assert_eq!(raw(&format!("Host: localhost:{port}\r\n"), "/ja/"), "200");
    assert_eq!(
        raw(&format!("Host: evil.example:{port}\r\n"), "/ja/"),
        "421"
    );
    assert_eq!(raw("Host: evil.example\r\n", "/api/search?q=x"), "421");
    assert_eq!(
        raw(
            &format!("Host: {}\r\nOrigin: http://evil.example\r\n", server.addr),
            "/api/search?q=x"
        ),
        "403"
    );
    assert_eq!(
        raw(
            &format!(
                "Host: {}\r\nOrigin: http://{}\r\n",
                server.addr, server.addr
            ),
            "/api/search?q=x"
        ),
        "200"
    );
    // 10: a symlink made while serving is not followed.
    let events = subscribe(&server.addr);
    let from = len(&events);
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(
        secret.path().join("s.md"),
        entry("{ja: 秘密, en: TOPSECRET}", "TOPSECRET body"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        secret.path().join("s.md"),
        kb.path().join("content/guides/s.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(secret.path(), kb.path().join("content/guides/dir")).unwrap();
    std::fs::write(
        kb.path().join("content/guides/dir/t.md"),
        entry("{ja: 秘密, en: TOPSECRET}", ""),
    )
    .unwrap();
    // A real edit after them, so we know the batch was handled.
    std::fs::write(
        kb.path().join("content/guides/later.md"),
        entry("{ja: 後, en: Later}", ""),
    )
    .unwrap();
    wait_for(&events, from, "later");
    assert_eq!(request(&server.addr, "GET", "/en/guides/s/").0, 404);
    assert_eq!(request(&server.addr, "GET", "/en/guides/dir/t/").0, 404);
    let (_, data) = request(&server.addr, "GET", "/api/entries.json");
    assert!(!data.contains("TOPSECRET"));
    assert!(!events.lock().unwrap().contains("TOPSECRET"));
}

#[test]
fn serve_drops_slow_clients_and_caps_event_streams() {
    let kb = common::kb_with_overlay(None);
    let server = start(kb.path());
    // 12: clients that never finish their headers are closed.
    let slow: Vec<std::net::TcpStream> = (0..50)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
            use std::io::Write;
            let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_secs(12));
    for mut s in slow {
        use std::io::Read;
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = [0u8; 64];
        // Closed by the server: end of stream or a reset, never a hang.
        assert!(!matches!(s.read(&mut buf), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock));
    }
    // More event streams than the cap: the extra ones are turned away, pages still served.
    let streams: Vec<_> = (0..270).map(|_| stream(&server.addr)).collect();
    std::thread::sleep(Duration::from_millis(500));
    let refused = streams
        .iter()
        .filter(|s| s.lock().unwrap().contains(" 503 "))
        .count();
    assert!(refused >= 10, "{refused} refused");
    assert_eq!(request(&server.addr, "GET", "/ja/").0, 200);
}

/// A small deterministic generator (no dependency, same files every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One hostile file: its bytes, or `None` for a symlink/pipe/folder.
fn hostile(rng: &mut Rng, i: usize) -> Vec<u8> {
    let n = 1 + rng.below(20_000) as usize;
    let s = match i % 10 {
        0 => format!(
            "---\ntitle: &a {}\nsummary: [{}]\nlast_reviewed: 2026-11-20\n---\n",
            "y".repeat(n),
            vec!["*a"; n].join(",")
        ),
        1 => entry(&"{a: ".repeat(n), ""),
        2 => entry(&"[".repeat(n), ""),
        3 => entry("{ja: 深, en: Deep}", &">".repeat(n)),
        4 => entry("{ja: 列, en: List}", &"- ".repeat(n.min(5000))),
        5 => entry(&format!("\"{}", "長".repeat(n)), ""),
        6 => {
            let mut b = entry("{ja: 無効, en: Invalid}", "body").into_bytes();
            let at = rng.below(b.len() as u64) as usize;
            b.insert(at, 0xff);
            return b;
        }
        7 => {
            let mut t = entry("{ja: 空, en: Nul}", "body");
            let at = rng.below(t.len() as u64) as usize;
            let at = (0..=at).rev().find(|&k| t.is_char_boundary(k)).unwrap_or(0);
            t.insert(at, '\0');
            t
        }
        8 => {
            let mut t = String::from("---\ntitle: x\n");
            for k in 0..n.min(400) {
                t.push_str(&" ".repeat(k));
                t.push_str(&format!("k{k}:\n"));
            }
            t
        }
        _ => {
            // Random bytes after a plausible start.
            let mut b = b"---\ntitle: ".to_vec();
            b.extend((0..n).map(|_| rng.below(256) as u8));
            return b;
        }
    };
    s.into_bytes()
}

/// The robustness corpus: 2,000 generated hostile files through `check`,
/// `build` and a running `serve`, each batch in bounded time and memory.
#[test]
fn two_thousand_hostile_files_end_in_diagnostics_not_crashes() {
    let kb = common::kb_with_overlay(None);
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let (o, _) = build_into(site.path(), kb.path(), &[], Duration::from_secs(60));
    assert!(o.status.success());
    let good_site = common::tree_files(&out);
    let server = start(kb.path());
    let events = subscribe(&server.addr);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let batches = 8;
    let per_batch = 250;
    for b in 0..batches {
        let dir = kb.path().join(format!("content/guides/h{b}"));
        std::fs::create_dir_all(&dir).unwrap();
        let mut names = Vec::new();
        for k in 0..per_batch {
            let name = format!("f{k:03}.md");
            std::fs::write(dir.join(&name), hostile(&mut rng, b * per_batch + k)).unwrap();
            names.push(name);
        }
        // `check`: every file named in an error at a real line, bounded time and memory.
        let (out_check, peak) = run(
            kb.path(),
            &["check", "--format", "json", "--root", "."],
            Duration::from_secs(per_batch as u64 * 2),
        );
        assert_eq!(out_check.status.code(), Some(1));
        assert!(peak < 500 * 1024, "check of batch {b} peaked at {peak} KiB");
        let v: serde_json::Value = serde_json::from_slice(&out_check.stdout).unwrap();
        for name in &names {
            let file = format!("content/guides/h{b}/{name}");
            let d = v["errors"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["file"] == file);
            let d = d.unwrap_or_else(|| panic!("no error for {file}"));
            assert!(d["line"].as_u64().unwrap() >= 1);
        }
        // `build`: exit 1, the site left as it was.
        let (o, peak) = build_into(
            site.path(),
            kb.path(),
            &[],
            Duration::from_secs(per_batch as u64 * 2),
        );
        assert_eq!(o.status.code(), Some(1));
        assert!(peak < 500 * 1024, "build of batch {b} peaked at {peak} KiB");
        assert_eq!(common::tree_files(&out), good_site);
        // `serve`: an error event, and the last good site still served.
        let from = len(&events);
        wait_for(&events, from, "event: error");
        assert_eq!(request(&server.addr, "GET", "/ja/").0, 200);
        std::fs::remove_dir_all(&dir).unwrap();
    }
    // Back to good: the server rebuilds and still answers.
    std::fs::write(
        kb.path().join("content/guides/after.md"),
        entry("{ja: 後, en: After storm}", ""),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !request(&server.addr, "GET", "/en/guides/after/")
        .1
        .contains("After storm")
    {
        assert!(
            Instant::now() < deadline,
            "no rebuild after the hostile batches"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
