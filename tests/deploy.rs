//! Deployment: the GitHub Pages workflow example (`docs/deploy-pages.yml`)
//! is valid YAML whose build step, run here with the URL Pages gives, builds
//! a site under the repository's sub-path; and the `Dockerfile`: its shape always (multi-stage, distroless runtime,
//! non-root user, the production server as entry point); and, where Docker
//! runs, the image built and run: it answers `/healthz`, pages and
//! `/api/search`, runs as a non-root user, and `docker stop` ends it cleanly.
//! Skipped with a message when `docker` is absent, its daemon unreachable,
//! or the base images cannot be pulled (no registry access).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_dockerfile_is_multi_stage_and_runs_the_production_server_as_non_root() {
    let text = std::fs::read_to_string(repo().join("Dockerfile")).unwrap();
    let froms: Vec<&str> = text.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(froms[0].contains("rust:") && froms[0].ends_with("AS builder"));
    assert!(froms[1].contains("distroless"), "a runtime without a shell");
    let runtime = &text[text.rfind("FROM ").unwrap()..];
    assert!(runtime.contains("\nUSER nonroot"), "non-root");
    let entry = runtime
        .lines()
        .find(|l| l.starts_with("ENTRYPOINT"))
        .unwrap();
    for arg in ["\"serve\"", "\"--production\"", "\"--bind\", \"0.0.0.0\""] {
        assert!(entry.contains(arg), "{arg} in {entry}");
    }
    assert!(text.contains("cargo build --release --locked"));
    assert!(
        text.contains("regnav build"),
        "the site is built into the image"
    );
    // Everything the build copies exists, and .dockerignore keeps it in.
    let ignore = std::fs::read_to_string(repo().join(".dockerignore")).unwrap();
    for line in text
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from"))
    {
        let words: Vec<&str> = line.split_whitespace().skip(1).collect();
        for src in &words[..words.len() - 1] {
            assert!(repo().join(src).exists(), "{src}");
            assert!(!ignore.lines().any(|i| i == *src), "{src} is ignored");
        }
    }
    for ignored in ["target", ".git", "site"] {
        assert!(ignore.lines().any(|l| l == ignored), "{ignored}");
    }
}

fn docker(args: &[&str]) -> Option<std::process::Output> {
    Command::new("docker").args(args).output().ok()
}

#[test]
fn the_image_builds_serves_and_stops() {
    match docker(&["info", "--format", "{{.ServerVersion}}"]) {
        None => {
            eprintln!("skipped: `docker` is not installed");
            return;
        }
        Some(o) if !o.status.success() => {
            eprintln!(
                "skipped: the Docker daemon is unreachable ({})",
                String::from_utf8_lossy(&o.stderr).trim()
            );
            return;
        }
        Some(_) => {}
    }
    let tag = format!("regnav-test:{}", std::process::id());
    let built = Command::new("docker")
        .args(["build", "-t", &tag, "."])
        .current_dir(repo())
        .env("DOCKER_BUILDKIT", "1")
        .output()
        .unwrap();
    if !built.status.success() {
        let log = String::from_utf8_lossy(&built.stderr);
        let offline = [
            "no such host",
            "failed to resolve source metadata",
            "pull access denied",
            "TLS handshake timeout",
            "failed to do request",
        ];
        if offline.iter().any(|o| log.contains(o)) {
            eprintln!("skipped: the base images cannot be pulled here:\n{log}");
            return;
        }
        panic!("docker build failed:\n{log}");
    }
    struct Cleanup(String, String);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            let _ = docker(&["rm", "-f", &self.0]);
            let _ = docker(&["rmi", "-f", &self.1]);
        }
    }
    let name = format!("regnav-test-{}", std::process::id());
    let _cleanup = Cleanup(name.clone(), tag.clone());
    let run = docker(&["run", "-d", "--name", &name, "-p", "127.0.0.1::8080", &tag]).unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let port = docker(&["port", &name, "8080/tcp"]).unwrap();
    let addr = String::from_utf8_lossy(&port.stdout)
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_string();
    let get = |path: &str| -> (u16, String) {
        let mut s = match std::net::TcpStream::connect(&addr) {
            Ok(s) => s,
            Err(_) => return (0, String::new()),
        };
        use std::io::{Read, Write};
        let _ = write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        );
        let mut raw = String::new();
        let _ = s.read_to_string(&mut raw);
        let status = raw
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, raw)
    };
    let started = Instant::now();
    while get("/healthz").0 != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no health: {}",
            String::from_utf8_lossy(&docker(&["logs", &name]).unwrap().stderr)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(get("/ja/").0, 200);
    let (status, body) = get("/api/search?q=EU%20MDR%20notified%20body");
    assert_eq!(status, 200);
    assert!(body.contains("requirements/eu/notified-body"));
    let user = docker(&["inspect", "--format", "{{.Config.User}}", &name]).unwrap();
    let user = String::from_utf8_lossy(&user.stdout).trim().to_string();
    assert!(!user.is_empty() && user != "root" && user != "0", "{user}");
    let stop = docker(&["stop", "-t", "20", &name]).unwrap();
    assert!(stop.status.success());
    let code = docker(&["inspect", "--format", "{{.State.ExitCode}}", &name]).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&code.stdout).trim(),
        "0",
        "exits 0 on SIGTERM"
    );
    let logs = docker(&["logs", &name]).unwrap();
    assert!(String::from_utf8_lossy(&logs.stderr).contains("path=/ja/ status=200"));
}

#[test]
fn the_pages_workflow_builds_the_site_for_its_sub_path() {
    let text = std::fs::read_to_string(repo().join("docs/deploy-pages.yml")).unwrap();
    let wf: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let steps = wf["jobs"]["build"]["steps"].as_sequence().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    for action in [
        "actions/checkout@",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
    ] {
        assert!(uses.iter().any(|u| u.starts_with(action)), "{action}");
    }
    assert!(
        wf["jobs"]["deploy"]["steps"][0]["uses"]
            .as_str()
            .unwrap()
            .starts_with("actions/deploy-pages@")
    );
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let check = runs.iter().find(|r| r.contains("regnav check")).unwrap();
    let build = runs.iter().find(|r| r.contains("regnav build")).unwrap();
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.contains("upload-pages"))
        })
        .unwrap();
    let published = upload["with"]["path"].as_str().unwrap();

    // The steps as the runner runs them, on a copy of the fixture knowledge
    // base, with the URL `configure-pages` gives for a project site.
    let kb = tempfile::tempdir().unwrap();
    let fixture = repo().join("tests/fixtures/valid/basic");
    for item in walkdir::WalkDir::new(&fixture) {
        let item = item.unwrap();
        let to = kb.path().join(item.path().strip_prefix(&fixture).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(item.path(), &to).unwrap();
        }
    }
    let bin = env!("CARGO_BIN_EXE_regnav");
    for step in [check, build] {
        let line = step.replace("./target/release/regnav", bin).replace(
            "${{ steps.pages.outputs.base_url }}",
            "https://owner.github.io/repo",
        );
        let st = Command::new("sh")
            .args(["-c", &line])
            .current_dir(kb.path())
            .status()
            .unwrap();
        assert!(st.success(), "{line}");
    }
    let site = kb.path().join(published);
    let home = std::fs::read_to_string(site.join("en/index.html")).unwrap();
    assert!(
        home.contains("&#x2f;repo&#x2f;assets&#x2f;style."),
        "assets under /repo/"
    );
    let root = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(root.contains("url=/repo/ja/"));
}
