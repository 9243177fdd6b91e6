//! Driving `regnav serve` from tests: start it on port 0, raw HTTP requests,
//! the event stream collected in the background.
#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(root: &std::path::Path) -> Server {
    start_in(None, root)
}

/// `regnav serve --root ROOT` with what it writes on stderr collected.
pub fn start_logged(root: &std::path::Path) -> (Server, Arc<Mutex<String>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["serve", "--port", "0", "--debounce", "20", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let mut stderr = child.stderr.take().unwrap();
    let l = log.clone();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stderr.read(&mut chunk) {
            if n == 0 {
                break;
            }
            l.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    });
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("Serving on http://")
        .and_then(|s| s.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    (Server { child, addr }, log)
}

/// `regnav serve --root ROOT` run in `cwd` (so ROOT may be relative).
pub fn start_in(cwd: Option<&std::path::Path>, root: &std::path::Path) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_regnav"));
    if let Some(c) = cwd {
        cmd.current_dir(c);
    }
    let mut child = cmd
        .args(["serve", "--port", "0", "--debounce", "20", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("Serving on http://")
        .and_then(|s| s.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{line}"))
        .to_string();
    assert!(
        addr.starts_with("127.0.0.1:"),
        "binds to loopback by default"
    );
    Server { child, addr }
}

/// (status, body) of a GET (or HEAD) with a raw path.
pub fn request(addr: &str, method: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, body)
}

pub fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// Opens the event stream and collects what arrives, raw, in the background.
pub fn stream(addr: &str) -> Arc<Mutex<String>> {
    let buf = Arc::new(Mutex::new(String::new()));
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /_regnav/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let b = buf.clone();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = s.read(&mut chunk) {
            if n == 0 {
                break;
            }
            b.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    });
    buf
}

/// Collects the raw SSE stream in the background, once it is open.
pub fn subscribe(addr: &str) -> Arc<Mutex<String>> {
    let buf = stream(addr);
    std::thread::sleep(Duration::from_millis(300));
    buf
}

pub fn wait_for(buf: &Arc<Mutex<String>>, from: usize, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let text = buf.lock().unwrap()[from..].to_string();
        if let Some(i) = text.find(needle) {
            return text[i..].lines().take(3).collect::<Vec<_>>().join("\n");
        }
        assert!(
            Instant::now() < deadline,
            "no `{needle}` event; got: {text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn len(buf: &Arc<Mutex<String>>) -> usize {
    buf.lock().unwrap().len()
}
