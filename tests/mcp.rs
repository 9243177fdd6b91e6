//! `regnav mcp` end to end: the real binary spoken to over stdio with
//! JSON-RPC, as an assistant's client would — tools listed with schemas,
//! search and entries answered with page URLs, sources and review dates,
//! the planner's plan identical to `regnav checklist --format json`,
//! resources and the cite-sources prompt, errors with "did you mean".

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

struct Client {
    child: std::process::Child,
    out: BufReader<std::process::ChildStdout>,
    next: u64,
}

impl Client {
    fn start(root: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_regnav"))
            .args(["mcp", "--root"])
            .arg(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        let mut c = Client {
            child,
            out,
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
        c.send(serde_json::json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        c
    }

    fn send(&mut self, v: serde_json::Value) {
        let stdin = self.child.stdin.as_mut().unwrap();
        writeln!(stdin, "{v}").unwrap();
        stdin.flush().unwrap();
    }

    fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        let id = self.next;
        self.next += 1;
        self.send(
            serde_json::json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        );
        loop {
            let mut line = String::new();
            assert!(
                self.out.read_line(&mut line).unwrap() > 0,
                "the server closed"
            );
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            if v["id"] == id {
                return v;
            }
        }
    }

    fn tool(&mut self, name: &str, args: serde_json::Value) -> serde_json::Value {
        let r = self.call(
            "tools/call",
            serde_json::json!({"name": name, "arguments": args}),
        );
        let text = r["result"]["content"][0]["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{r}"));
        serde_json::from_str(text).unwrap()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn an_assistant_can_search_read_plan_and_cite() {
    let kb = common::kb_with_overlay(None);
    let mut c = Client::start(kb.path());
    let tools = c.call("tools/list", serde_json::json!({}));
    let names: Vec<&str> = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    for t in [
        "search",
        "get_entry",
        "list_markets",
        "compare_markets",
        "checklist",
        "contacts",
    ] {
        assert!(names.contains(&t), "{names:?}");
    }
    let search = tools["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "search")
        .unwrap();
    assert_eq!(
        search["inputSchema"]["required"],
        serde_json::json!(["query"])
    );

    let hits = c.tool("search", serde_json::json!({"query": "タイ 届出"}));
    let first = &hits["hits"][0];
    assert!(
        first["url"].as_str().unwrap().starts_with("https://"),
        "{hits}"
    );

    let entry = c.tool(
        "get_entry",
        serde_json::json!({"id": "requirements/th/listing", "lang": "ja"}),
    );
    assert_eq!(entry["title"], "届出（クラス1・2）");
    assert!(
        entry["citation"]["url"]
            .as_str()
            .unwrap()
            .ends_with("/ja/requirements/th/listing/")
    );
    assert_eq!(
        entry["citation"]["sources"][0]["url"],
        "https://example.org/listing"
    );
    assert_eq!(entry["citation"]["last_reviewed"], "2026-11-01");
    assert!(
        entry["body_markdown"]
            .as_str()
            .unwrap()
            .contains("regulator")
    );

    // The planner's plan, identical to the CLI's JSON.
    let plan = c.tool(
        "checklist",
        serde_json::json!({"to": ["th"], "class": ["B"], "lang": "en"}),
    );
    let cli = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args([
            "checklist",
            "--to",
            "th",
            "--class",
            "B",
            "--lang",
            "en",
            "--format",
            "json",
            "--root",
        ])
        .arg(kb.path())
        .output()
        .unwrap();
    let cli: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(plan, cli);

    // Errors say what is wrong, with the CLI's suggestion.
    let bad = c.call(
        "tools/call",
        serde_json::json!({"name": "checklist", "arguments": {"to": ["thailand"]}}),
    );
    let msg = bad["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        msg.contains("unknown market `thailand`") && msg.contains("valid:"),
        "{bad}"
    );
    let missing = c.call(
        "tools/call",
        serde_json::json!({"name": "get_entry", "arguments": {"id": "requirements/th/listng"}}),
    );
    assert!(
        missing["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("did you mean"),
        "{missing}"
    );

    // Every entry is a resource, in both languages; the prompt asks to cite.
    let res = c.call("resources/list", serde_json::json!({}));
    assert!(
        res["result"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["uri"] == "regnav://entry/requirements/th/listing")
    );
    let read = c.call(
        "resources/read",
        serde_json::json!({"uri": "regnav://entry/requirements/th/listing"}),
    );
    let text = read["result"]["contents"][0]["text"].as_str().unwrap();
    assert!(text.contains("届出") && text.contains("Listing"));
    let prompt = c.call("prompts/get", serde_json::json!({"name": "cite-sources"}));
    assert!(
        prompt["result"]["messages"][0]["content"]["text"]
            .as_str()
            .unwrap()
            .contains("last_reviewed")
    );

    let markets = c.tool("contacts", serde_json::json!({"country": "th"}));
    assert!(!markets["contacts"].as_array().unwrap().is_empty());
}
