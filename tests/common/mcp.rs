//! Driving `regnav mcp` from tests: rmcp's own client over the real
//! binary's stdio (as an assistant's client does), a raw JSON-RPC line
//! client for what a real client never sends (the random calls), the CLI's
//! JSON for the same inputs, and plain HTTP POSTs to a dev server's `/mcp`.
#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use rmcp::model::CallToolRequestParams;
use rmcp::service::{RoleClient, RunningService, ServiceError};
use rmcp::transport::TokioChildProcess;
use rmcp::{ServiceExt, transport::ConfigureCommandExt};
use serde_json::Value;

/// A folder without `regnav.yaml`: commands run in it read the bundled
/// knowledge base (and cache its search index in the system temp folder).
pub fn bundled_cwd() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// `regnav mcp` in `cwd` (with `--root` if given), connected with rmcp's client.
pub async fn connect(cwd: &Path, root: Option<&Path>) -> RunningService<RoleClient, ()> {
    let cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_regnav")).configure(|c| {
        c.arg("mcp").current_dir(cwd);
        if let Some(r) = root {
            c.arg("--root").arg(r);
        }
    });
    let (transport, _) = TokioChildProcess::builder(cmd)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    ().serve(transport).await.unwrap()
}

/// What a tool call came to: the JSON of a successful answer, or the
/// message of an error — a JSON-RPC error (code, message) or a result
/// flagged `isError` (code `None`).
#[derive(Debug)]
pub enum Answer {
    /// The tool's JSON.
    Json(Value),
    /// An error: JSON-RPC code (or `None` for an `isError` result) and message.
    Error(Option<i32>, String),
}

impl Answer {
    pub fn json(self) -> Value {
        match self {
            Answer::Json(v) => v,
            Answer::Error(c, m) => panic!("error {c:?}: {m}"),
        }
    }

    pub fn error(self) -> (Option<i32>, String) {
        match self {
            Answer::Error(c, m) => (c, m),
            Answer::Json(v) => panic!("expected an error, got {v}"),
        }
    }
}

/// Calls `name` with `args` (a JSON object) through rmcp's client.
pub async fn call(client: &RunningService<RoleClient, ()>, name: &str, args: Value) -> Answer {
    let params = CallToolRequestParams::new(name.to_string())
        .with_arguments(args.as_object().cloned().unwrap_or_default());
    match client.call_tool(params).await {
        Ok(r) => {
            let v = serde_json::to_value(&r).unwrap();
            let text = v["content"][0]["text"].as_str().unwrap_or_default();
            if r.is_error == Some(true) {
                Answer::Error(None, text.to_string())
            } else {
                Answer::Json(serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}")))
            }
        }
        Err(ServiceError::McpError(e)) => Answer::Error(Some(e.code.0), e.message.to_string()),
        Err(e) => panic!("{name}: transport failure: {e}"),
    }
}

/// `regnav ARGS` in `cwd`, its stdout parsed as JSON.
pub fn cli_json(cwd: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "regnav {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The server's stdio spoken to line by line, for messages no real client
/// would send. Every wait is bounded: a server that stops answering fails
/// the test instead of hanging it.
pub struct RawClient {
    pub child: std::process::Child,
    lines: mpsc::Receiver<String>,
    next: u64,
}

impl RawClient {
    pub fn start(cwd: &Path, root: Option<&Path>) -> RawClient {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_regnav"));
        cmd.arg("mcp").current_dir(cwd);
        if let Some(r) = root {
            cmd.arg("--root").arg(r);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in out.lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut c = RawClient {
            child,
            lines,
            next: 1,
        };
        let init = c.call(
            "initialize",
            serde_json::json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}),
        );
        assert!(
            init["result"]["capabilities"]["tools"].is_object(),
            "{init}"
        );
        c.send_raw(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
        c
    }

    pub fn send_raw(&mut self, line: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
    }

    /// The next message from the server (panics after `wait`).
    pub fn recv(&mut self, wait: Duration) -> Value {
        let line = self.lines.recv_timeout(wait).unwrap_or_else(|e| {
            let status = self.child.try_wait().ok().flatten();
            panic!("no answer from the server ({e}); exited: {status:?}")
        });
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    }

    /// Sends a request with the next id; returns that id.
    pub fn request(&mut self, method: &str, params: Option<Value>) -> u64 {
        let id = self.next;
        self.next += 1;
        let mut msg = serde_json::json!({"jsonrpc": "2.0", "id": id, "method": method});
        if let Some(p) = params {
            msg["params"] = p;
        }
        self.send_raw(&msg.to_string());
        id
    }

    /// The answer to the request `id` (notifications and logs in between are skipped).
    pub fn answer(&mut self, id: u64) -> Value {
        loop {
            let v = self.recv(Duration::from_secs(30));
            if v["id"] == id {
                return v;
            }
        }
    }

    /// The answer to the last request sent, `id` being its id: rmcp answers
    /// a message it cannot read as a request (well-formed JSON of the wrong
    /// shape, e.g. `params: []`) with an error whose id is null, as JSON-RPC
    /// allows when the id "could not be detected".
    pub fn answer_to_last(&mut self, id: u64) -> Value {
        loop {
            let v = self.recv(Duration::from_secs(30));
            if v["id"] == id || (v["id"].is_null() && v.get("error").is_some()) {
                return v;
            }
        }
    }

    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.request(method, Some(params));
        self.answer(id)
    }
}

impl Drop for RawClient {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A POST to `addr` (`host:port`) with a JSON body and extra headers, as an
/// MCP streamable-HTTP client sends it: (status, content type, body).
pub fn post(addr: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nConnection: close\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let lower = head.to_ascii_lowercase();
    let content_type = lower
        .lines()
        .find_map(|l| l.strip_prefix("content-type:"))
        .unwrap_or("")
        .trim()
        .to_string();
    let body = if lower.contains("transfer-encoding: chunked") {
        crate::common::server::dechunk(body)
    } else {
        body.to_string()
    };
    (status, content_type, body)
}
