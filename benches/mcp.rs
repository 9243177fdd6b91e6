//! `tools/call search` latency of an MCP session on the bundled knowledge
//! base: the release binary's `regnav mcp` spoken to over its stdio (as an
//! assistant's client does: one JSON-RPC line out, one back), and the same
//! calls POSTed to `regnav serve`'s `/mcp`. Startup and the handshake are
//! excluded; 20 warm-up calls, then 200 timed calls cycling through ten
//! questions (Japanese, English, a typo, filters). Prints p50/p95/max.
//! Run: `cargo build --release && cargo bench --bench mcp`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CALLS: usize = 200;
const WARM_UP: usize = 20;

fn questions() -> Vec<Value> {
    [
        json!({"query": "タイ クラスB 登録"}),
        json!({"query": "EU MDR notified body", "lang": "en"}),
        json!({"query": "ベトナム 審査 期間"}),
        json!({"query": "registration fee", "kind": "requirement"}),
        json!({"query": "registraton", "lang": "en"}),
        json!({"query": "labelling language", "market": ["th", "vn"]}),
        json!({"query": "品質マネジメント ISO 13485"}),
        json!({"query": "software as a medical device", "limit": 20}),
        json!({"query": "シンガポール 現地代理人"}),
        json!({"query": "class C", "market": ["sg"]}),
    ]
    .into()
}

fn binary() -> std::path::PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("release/regnav")
}

/// Milliseconds: p50, p95, max.
fn summary(mut times: Vec<f64>) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    let at = |q: usize| times[(times.len() * q / 100).min(times.len() - 1)];
    (at(50), at(95), times[times.len() - 1])
}

fn call(id: usize, args: &Value) -> String {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {"name": "search", "arguments": args}})
        .to_string()
}

/// A `regnav mcp` child and its pipes.
struct Session {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    out: BufReader<std::process::ChildStdout>,
    line: String,
}

impl Session {
    fn send(&mut self, msg: &str) {
        writeln!(self.stdin, "{msg}").expect("write");
        self.stdin.flush().expect("flush");
    }

    /// Sends a request and reads its answer (the next line).
    fn roundtrip(&mut self, msg: &str) {
        self.send(msg);
        self.line.clear();
        self.out.read_line(&mut self.line).expect("read");
        assert!(self.line.contains("\"result\""), "{}", self.line);
    }
}

fn over_stdio(bin: &std::path::Path, cwd: &std::path::Path) -> Vec<f64> {
    let mut child = Command::new(bin)
        .arg("mcp")
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("regnav mcp");
    let stdin = child.stdin.take().expect("stdin");
    let out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut s = Session {
        child,
        stdin,
        out,
        line: String::new(),
    };
    s.roundtrip(
        &json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}).to_string(),
    );
    s.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}).to_string());
    let qs = questions();
    let mut times = Vec::new();
    for i in 0..WARM_UP + CALLS {
        let msg = call(i + 1, &qs[i % qs.len()]);
        let t = Instant::now();
        s.roundtrip(&msg);
        if i >= WARM_UP {
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let _ = s.child.kill();
    let _ = s.child.wait();
    times
}

fn post(addr: &str, body: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "POST /mcp HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2025-06-18\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("write");
    let mut raw = String::new();
    let _ = s.read_to_string(&mut raw);
    raw
}

fn over_http(bin: &std::path::Path, cwd: &std::path::Path) -> Vec<f64> {
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0"])
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("regnav serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("line");
    let addr = line
        .trim()
        .trim_start_matches("Serving on http://")
        .trim_end_matches('/')
        .to_string();
    let qs = questions();
    let mut times = Vec::new();
    for i in 0..WARM_UP + CALLS {
        let msg = call(i + 1, &qs[i % qs.len()]);
        let t = Instant::now();
        let answer = post(&addr, &msg);
        assert!(answer.contains("\"result\""), "{answer}");
        if i >= WARM_UP {
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    times
}

fn main() {
    let bin = binary();
    if !bin.exists() {
        eprintln!(
            "build the release binary first: cargo build --release ({} is missing)",
            bin.display()
        );
        return;
    }
    // No regnav.yaml here: both commands read the bundled knowledge base.
    let cwd = tempfile::tempdir().expect("temp");
    println!(
        "| transport | calls | `tools/call search` p50 (ms) | p95 (ms) | max (ms) |\n| --- | --- | --- | --- | --- |"
    );
    for (what, times) in [
        ("stdio (`regnav mcp`)", over_stdio(&bin, cwd.path())),
        ("HTTP (`regnav serve`, `/mcp`)", over_http(&bin, cwd.path())),
    ] {
        let (p50, p95, max) = summary(times);
        println!("| {what} | {CALLS} | {p50:.2} | {p95:.2} | {max:.2} |");
    }
}
