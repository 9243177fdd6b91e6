//! Load test of `regnav serve --production` on the bundled knowledge base:
//! the site is built, the server started (the bench profile's binary), and
//! 64 concurrent clients, each on its own kept-alive connection, send
//! requests for 30 s — `/api/search` (twelve questions in Japanese and
//! English, some filtered, one with a typo) on a server that keeps no
//! answers (`--search-cache 0`: every request is a search), then on one that
//! does (the default), then pages (every page of the sitemap, with the
//! assets a browser fetches), all asking for gzip/br.
//! Prints requests/s, p50, p99 and max latency, bytes and errors; any error
//! (a transport failure or a status other than 200) fails the bench.
//!
//! Run: `cargo bench --bench production`
//! (`REGNAV_LOAD_SECS`, `REGNAV_LOAD_CLIENTS` change the 30 s and 64 clients).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

const QUERIES: &[&str] = &[
    "q=%E3%82%BF%E3%82%A4%20%E3%82%AF%E3%83%A9%E3%82%B9B%20%E7%99%BB%E9%8C%B2",
    "q=EU%20MDR%20notified%20body",
    "q=510k%20clearance&lang=en",
    "q=%E3%83%99%E3%83%88%E3%83%8A%E3%83%A0%20%E5%8C%BB%E7%99%82%E6%A9%9F%E5%99%A8",
    "q=registraton%20fee",
    "q=who%20prequalification%20ivd",
    "q=embassy%20desk&kind=contact",
    "q=labelling&jurisdiction=th,vn",
    "q=%E6%89%8B%E6%95%B0%E6%96%99&lang=ja",
    "q=singapore%20class%20C",
    "q=quality%20management%20system",
    "q=%E8%96%AC%E6%A9%9F%E6%B3%95",
];

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Phase {
    name: &'static str,
    requests: u64,
    errors: u64,
    bytes: u64,
    secs: f64,
    latencies_ms: Vec<f64>,
}

fn main() {
    let secs = env_or("REGNAV_LOAD_SECS", 30);
    let clients = env_or("REGNAV_LOAD_CLIENTS", 64) as usize;
    let bin = env!("CARGO_BIN_EXE_regnav");
    let root = env!("CARGO_MANIFEST_DIR");
    let tmp = tempfile::tempdir().expect("temp");
    let site = tmp.path().join("site");
    let st = Command::new(bin)
        .args([
            "build",
            "--quiet",
            "--base-url",
            "http://127.0.0.1/",
            "--root",
            root,
        ])
        .arg("--out")
        .arg(&site)
        .status()
        .expect("build");
    assert!(st.success(), "regnav build");
    let start = |extra: &[&str]| -> (std::process::Child, String) {
        let mut child = Command::new(bin)
            .args(["serve", "--production", "--port", "0", "--root", root])
            .arg("--out")
            .arg(&site)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve --production");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("line");
        let base = line.trim().trim_start_matches("Serving on ");
        (child, base.trim_end_matches('/').to_string())
    };
    // Every page of the sitemap, and the assets its pages name.
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).expect("sitemap");
    let mut paths: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(|u| u.trim_start_matches("http://127.0.0.1").to_string())
        .collect();
    for dir in ["assets"] {
        for e in std::fs::read_dir(site.join(dir)).expect("assets").flatten() {
            paths.push(format!("/{dir}/{}", e.file_name().to_string_lossy()));
        }
    }
    let searches: Vec<String> = QUERIES.iter().map(|q| format!("/api/search?{q}")).collect();

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let mut phases = Vec::new();
    let mut peaks = Vec::new();
    for (cache, runs) in [
        (
            "0",
            vec![("/api/search, every answer computed", searches.clone())],
        ),
        (
            "32",
            vec![
                ("/api/search, answers kept (default)", searches),
                ("pages and assets", paths),
            ],
        ),
    ] {
        let (mut child, base) = start(&["--search-cache", cache]);
        for (name, list) in runs {
            phases.push(rt.block_on(load(name, &base, list, clients, secs)));
        }
        peaks.push(peak_rss(child.id()));
        let _ = child.kill();
        let _ = child.wait();
    }
    let rss = peaks.join(", ");
    println!(
        "\n{clients} clients, {secs} s each, gzip/br accepted; server peak RSS {rss} (without and with the cache)\n\n| requests | count | requests/s | p50 | p99 | max | MB sent | errors |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    let mut failed = false;
    for mut p in phases {
        p.latencies_ms.sort_by(f64::total_cmp);
        let at = |q: f64| {
            p.latencies_ms
                .get(((p.latencies_ms.len() as f64 - 1.0) * q).round() as usize)
                .copied()
                .unwrap_or(0.0)
        };
        println!(
            "| {} | {} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} | {} |",
            p.name,
            p.requests,
            p.requests as f64 / p.secs,
            at(0.5),
            at(0.99),
            at(1.0),
            p.bytes as f64 / 1e6,
            p.errors
        );
        failed |= p.errors > 0 || p.requests == 0;
    }
    assert!(!failed, "the load test had errors");
}

/// The peak resident memory of a process (`VmHWM`).
fn peak_rss(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_default()
}

/// `clients` tasks request `list` round-robin for `secs` seconds.
async fn load(
    name: &'static str,
    base: &str,
    list: Vec<String>,
    clients: usize,
    secs: u64,
) -> Phase {
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(clients)
        .build_http();
    let list = Arc::new(list);
    let errors = Arc::new(AtomicU64::new(0));
    let bytes = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let until = started + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, list, errors, bytes) =
            (client.clone(), list.clone(), errors.clone(), bytes.clone());
        let base = base.to_string();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = c * 7;
            while Instant::now() < until {
                let uri = format!("{base}{}", list[i % list.len()]);
                i += 1;
                let req = hyper::Request::get(uri.as_str())
                    .header("accept-encoding", "br, gzip")
                    .body(Empty::new())
                    .expect("request");
                let t = Instant::now();
                let ok = match client.request(req).await {
                    Ok(res) => {
                        let status = res.status();
                        match res.into_body().collect().await {
                            Ok(b) => {
                                bytes.fetch_add(b.to_bytes().len() as u64, Ordering::Relaxed);
                                status == 200
                            }
                            Err(_) => false,
                        }
                    }
                    Err(_) => false,
                };
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    errors.fetch_add(1, Ordering::Relaxed);
                    eprintln!("error: {uri}");
                }
            }
            latencies
        }));
    }
    let mut latencies_ms = Vec::new();
    for t in tasks {
        latencies_ms.extend(t.await.expect("client task"));
    }
    Phase {
        name,
        requests: latencies_ms.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        bytes: bytes.load(Ordering::Relaxed),
        secs: started.elapsed().as_secs_f64(),
        latencies_ms,
    }
}
