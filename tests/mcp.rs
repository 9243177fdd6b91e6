//! `regnav mcp` end to end, driven as an assistant's client drives it: rmcp's
//! own client over the real binary's stdio. Tools, resources and the prompt
//! are listed; the tools' arguments are the CLI's flags (one type); every
//! tool answers as the CLI (or the built site's open data) does for the same
//! input, on the bundled knowledge base; bad arguments get MCP errors with
//! the CLI's messages; a thousand random calls leave the server answering;
//! `regnav serve` answers the same over HTTP at `/mcp`, refuses foreign
//! origins and hosts, and answers from the library after a live reload.

mod common;
#[path = "common/mcp.rs"]
mod mcp_client;

use std::collections::BTreeMap;
use std::time::Instant;

use clap::Args;
use mcp_client::{Answer, RawClient, bundled_cwd, call, cli_json, connect, post};
use serde_json::{Value, json};

/// The bundled knowledge base's `base_url` (hit URLs are made whole with it).
fn bundled_base_url() -> String {
    let files = regnav::kb::KbFiles::read(&regnav::kb::Origin::Embedded).unwrap();
    let loaded = regnav::content::load(&files, regnav::content::LoadOptions::now()).unwrap();
    loaded.library.config.base_url.clone()
}

#[tokio::test]
async fn an_assistant_lists_tools_resources_and_prompts() {
    let kb = common::kb_with_overlay(None);
    let client = connect(kb.path(), Some(kb.path())).await;
    let info = client.peer_info().unwrap();
    assert_eq!(info.server_info.as_ref().unwrap().name, "regnav");
    assert!(
        info.instructions
            .as_deref()
            .unwrap()
            .contains("last_reviewed")
    );

    let tools = client.list_all_tools().await.unwrap();
    let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "checklist",
            "classify",
            "compare_markets",
            "contacts",
            "get_entry",
            "list_markets",
            "search"
        ]
    );
    for t in &tools {
        assert!(
            t.description.as_deref().is_some_and(|d| d.len() > 40),
            "{t:?}"
        );
        assert_eq!(t.input_schema.get("type"), Some(&json!("object")), "{t:?}");
    }
    let schema = |name: &str| {
        Value::Object((*tools.iter().find(|t| t.name == name).unwrap().input_schema).clone())
    };
    assert_eq!(schema("search")["required"], json!(["query"]));
    assert_eq!(schema("checklist")["required"], json!(["to"]));
    assert_eq!(schema("get_entry")["required"], json!(["id"]));
    // Closed vocabularies are enums in the schema, so a client can offer them.
    let kinds = schema("search").to_string();
    assert!(kinds.contains("\"requirement\"") && kinds.contains("\"guide\""));

    let resources = client.list_all_resources().await.unwrap();
    assert_eq!(resources.len(), 6, "one per entry of the fixture");
    assert!(
        resources
            .iter()
            .any(|r| r.uri == "regnav://entry/requirements/th/listing")
    );
    let prompts = client.list_all_prompts().await.unwrap();
    assert_eq!(prompts.len(), 1);
    assert_eq!(prompts[0].name, "cite-sources");
    let prompt = client
        .get_prompt(rmcp::model::GetPromptRequestParams::new("cite-sources"))
        .await
        .unwrap();
    assert!(
        serde_json::to_string(&prompt)
            .unwrap()
            .contains("last_reviewed")
    );
    client.cancel().await.unwrap();
}

/// Whitespace collapsed and a final period dropped (clap drops it from help).
fn words(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_string()
}

#[tokio::test]
async fn tool_arguments_are_the_cli_flags() {
    let kb = common::kb_with_overlay(None);
    let client = connect(kb.path(), Some(kb.path())).await;
    let tools = client.list_all_tools().await.unwrap();
    let commands = [
        (
            "search",
            regnav::search::SearchArgs::augment_args(clap::Command::new("search")),
        ),
        (
            "checklist",
            regnav::checklist::profile::ChecklistArgs::augment_args(clap::Command::new(
                "checklist",
            )),
        ),
    ];
    for (tool, command) in commands {
        let schema = &tools.iter().find(|t| t.name == tool).unwrap().input_schema;
        let props = schema["properties"].as_object().unwrap();
        let mut seen = Vec::new();
        for arg in command.get_arguments() {
            let mut names: Vec<String> = arg.get_long().map(str::to_string).into_iter().collect();
            names.extend(
                arg.get_visible_aliases()
                    .unwrap_or_default()
                    .into_iter()
                    .map(str::to_string),
            );
            if arg.is_positional() {
                names.push(arg.get_id().to_string());
            }
            let Some(name) = names.iter().find(|n| props.contains_key(n.as_str())) else {
                panic!("--{names:?} of `regnav {tool}` is not an argument of the tool");
            };
            let description = props[name]["description"].as_str().unwrap_or_default();
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert_eq!(words(description), words(&help), "{tool} {name}");
            seen.push(name.clone());
        }
        seen.sort();
        let mut all: Vec<String> = props.keys().cloned().collect();
        all.sort();
        assert_eq!(seen, all, "{tool}: every argument is a flag");
    }
    client.cancel().await.unwrap();
}

/// `regnav search` flags for the tool's arguments.
fn search_flags(query: &str, args: &Value) -> Vec<String> {
    let mut v = vec!["search".to_string(), query.to_string()];
    if let Some(l) = args["lang"].as_str() {
        v.extend(["--lang".into(), l.into()]);
    }
    if let Some(m) = args["market"].as_array() {
        let m: Vec<&str> = m.iter().filter_map(Value::as_str).collect();
        v.extend(["--jurisdiction".into(), m.join(",")]);
    }
    for k in ["kind", "class"] {
        if let Some(x) = args[k].as_str() {
            v.extend([format!("--{k}"), x.into()]);
        }
    }
    if let Some(n) = args["limit"].as_u64() {
        v.extend(["--limit".into(), n.to_string()]);
    }
    v.extend(["--format".into(), "json".into()]);
    v
}

/// `regnav checklist` flags for the tool's arguments.
fn checklist_flags(args: &Value) -> Vec<String> {
    let mut v = vec!["checklist".to_string()];
    for (k, flag) in [
        ("to", "--to"),
        ("class", "--class"),
        ("attr", "--attr"),
        ("ref", "--ref"),
    ] {
        if let Some(a) = args[k].as_array() {
            let a: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
            v.extend([flag.to_string(), a.join(",")]);
        }
    }
    for k in ["type", "lang"] {
        if let Some(x) = args[k].as_str() {
            v.extend([format!("--{k}"), x.into()]);
        }
    }
    v.extend(["--format".into(), "json".into()]);
    v
}

#[tokio::test]
async fn search_and_checklist_answer_as_the_cli_does() {
    let cwd = bundled_cwd();
    let client = connect(cwd.path(), None).await;
    let base = bundled_base_url();
    let base = base.trim_end_matches('/');
    let searches = [
        ("タイ クラスB 登録", json!({})),
        ("EU MDR notified body", json!({"lang": "en"})),
        ("ベトナム 審査 期間", json!({"market": ["vn"]})),
        (
            "registration fee",
            json!({"kind": "requirement", "limit": 5}),
        ),
        (
            "labelling language",
            json!({"market": ["th", "vn"], "lang": "en"}),
        ),
        ("registration", json!({"class": "C", "market": ["sg"]})),
        ("registraton", json!({"lang": "en"})),
        ("ＰＭＤＡ　ｶﾞｲﾄﾞﾗｲﾝ", json!({})),
        ("xyzzy plugh", json!({})),
    ];
    for (query, args) in searches {
        let mut tool_args = args.clone();
        tool_args["query"] = json!(query);
        let answer = call(&client, "search", tool_args).await.json();
        let flags = search_flags(query, &args);
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        let mut cli = cli_json(cwd.path(), &flags);
        for h in cli["hits"].as_array_mut().unwrap() {
            h["url"] = json!(format!("{base}{}", h["url"].as_str().unwrap()));
        }
        assert_eq!(answer, cli, "search {query} {args}");
    }

    let profiles = [
        json!({"to": ["th"], "class": ["B"]}),
        json!({"to": ["th", "vn", "sg"], "class": ["C"], "ref": ["us"], "attr": ["software", "ai"], "lang": "en"}),
        json!({"to": ["eu"], "class": ["IIb"], "type": "general", "lang": "en"}),
        json!({"to": ["jp"], "class": ["jp:III"]}),
        json!({"to": ["th"], "type": "ivd", "class": ["D"], "lang": "en"}),
        json!({"to": ["th,vn"], "class": ["th=3", "vn=C"]}),
    ];
    for args in profiles {
        let answer = call(&client, "checklist", args.clone()).await.json();
        let flags = checklist_flags(&args);
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        assert_eq!(answer, cli_json(cwd.path(), &flags), "checklist {args}");
    }
    // A checklist with documents held, and the classification assistant.
    let args = json!({"to": ["th", "vn"], "class": ["C"], "have": ["iso-13485-certificate"], "lang": "en"});
    let answer = call(&client, "checklist", args).await.json();
    let cli = cli_json(
        cwd.path(),
        &[
            "checklist",
            "--format",
            "json",
            "--to",
            "th,vn",
            "--class",
            "C",
            "--have",
            "iso-13485-certificate",
            "--lang",
            "en",
        ],
    );
    assert_eq!(answer, cli);
    let args = json!({"rules": "general", "answer": ["invasive=implantable", "surgical=heart-cns", "active=no", "special=none"], "to": ["jp", "eu"], "lang": "en"});
    let answer = call(&client, "classify", args).await.json();
    let cli = cli_json(
        cwd.path(),
        &[
            "classify",
            "--format",
            "json",
            "--rules",
            "general",
            "--answer",
            "invasive=implantable,surgical=heart-cns,active=no,special=none",
            "--to",
            "jp,eu",
            "--lang",
            "en",
        ],
    );
    assert_eq!(answer, cli);
    assert_eq!(answer["class"], "D");
    client.cancel().await.unwrap();
}

/// The built site's `api/entries.json` of the bundled knowledge base, by id.
fn open_data(cwd: &std::path::Path) -> (tempfile::TempDir, BTreeMap<String, Value>) {
    let out = tempfile::tempdir().unwrap();
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["build", "--quiet", "--out"])
        .arg(out.path().join("site"))
        .current_dir(cwd)
        .status()
        .unwrap();
    assert!(st.success());
    let text = std::fs::read_to_string(out.path().join("site/api/entries.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let by_id = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_string(), e.clone()))
        .collect();
    (out, by_id)
}

/// A localised text of the open data in `lang`, else the other language.
fn text(v: &Value, lang: &str) -> Value {
    let other = if lang == "ja" { "en" } else { "ja" };
    [lang, other]
        .iter()
        .map(|l| &v[*l])
        .find(|t| t.is_string())
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn entries_markets_and_contacts_answer_as_the_open_data_says() {
    let cwd = bundled_cwd();
    let client = connect(cwd.path(), None).await;
    let (_site, entries) = open_data(cwd.path());
    let base = bundled_base_url();
    let base = base.trim_end_matches('/');
    for (id, e) in &entries {
        for lang in ["ja", "en"] {
            let got = call(&client, "get_entry", json!({"id": id, "lang": lang}))
                .await
                .json();
            assert_eq!(got["title"], text(&e["title"], lang), "{id} {lang}");
            assert_eq!(got["summary"], text(&e["summary"], lang), "{id} {lang}");
            assert_eq!(got["kind"], e["kind"]);
            let c = &got["citation"];
            assert_eq!(
                c["url"].as_str().unwrap(),
                format!("{base}{}", e["url"][lang].as_str().unwrap())
            );
            assert_eq!(c["last_reviewed"], e["last_reviewed"], "{id}");
            let urls = |s: &Value| -> Vec<(Value, Value)> {
                s.as_array()
                    .unwrap()
                    .iter()
                    .map(|x| (x["url"].clone(), x["accessed"].clone()))
                    .collect()
            };
            assert_eq!(urls(&c["sources"]), urls(&e["sources"]), "{id}");
            // The structured fields are those of the open data.
            for (k, v) in got["fields"].as_object().unwrap() {
                if let Some(open) = e.get(k) {
                    assert_eq!(v, open, "{id}: {k}");
                }
            }
        }
    }
    // Each entry's resource holds both languages' answers.
    let id = "requirements/th/notification";
    let read = client
        .read_resource(rmcp::model::ReadResourceRequestParams::new(format!(
            "regnav://entry/{id}"
        )))
        .await
        .unwrap();
    let read = serde_json::to_value(&read).unwrap();
    let both: Value = serde_json::from_str(read["contents"][0]["text"].as_str().unwrap()).unwrap();
    for lang in ["ja", "en"] {
        let one = call(&client, "get_entry", json!({"id": id, "lang": lang}))
            .await
            .json();
        assert_eq!(both[lang], one);
    }

    let markets: Vec<&Value> = entries
        .values()
        .filter(|e| e["kind"] == "jurisdiction")
        .collect();
    let listed = call(&client, "list_markets", json!({})).await.json();
    let listed = listed["markets"].as_array().unwrap();
    assert_eq!(listed.len(), markets.len());
    let codes: Vec<&str> = markets
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    for m in listed {
        let code = m["code"].as_str().unwrap();
        let e = &entries[&format!("jurisdictions/{code}")];
        assert_eq!(m["name"]["ja"], text(&e["title"], "ja"));
        assert_eq!(m["name"]["en"], text(&e["title"], "en"));
        assert_eq!(m["classes"], e["classes"]);
        let requirements = entries
            .values()
            .filter(|r| r["kind"] == "requirement" && r["jurisdiction"] == code)
            .count();
        assert_eq!(m["requirements"], json!(requirements), "{code}");
    }

    let rows = call(
        &client,
        "compare_markets",
        json!({"markets": codes, "lang": "en"}),
    )
    .await
    .json();
    let rows = rows["rows"].as_array().unwrap();
    assert_eq!(rows.len(), codes.len());
    for (row, code) in rows.iter().zip(&codes) {
        let e = &entries[&format!("jurisdictions/{code}")];
        assert_eq!(row["code"], json!(code));
        for k in [
            "classes",
            "class_map",
            "labelling_languages",
            "local_representative",
        ] {
            assert_eq!(row[k], e[k], "{code} {k}");
        }
        assert_eq!(row["regulator"], text(&e["regulator"]["name"], "en"));
        assert_eq!(
            row["routes"].as_array().unwrap().len(),
            e["routes"].as_array().unwrap().len()
        );
    }

    for code in &codes {
        let got = call(&client, "contacts", json!({"country": code}))
            .await
            .json();
        let mut got: Vec<&str> = got["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["citation"]["id"].as_str().unwrap())
            .collect();
        got.sort();
        let mut want: Vec<&str> = entries
            .values()
            .filter(|c| c["kind"] == "contact")
            .filter(|c| {
                c["covers"]
                    .as_array()
                    .is_some_and(|v| v.contains(&json!(code)))
            })
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        want.sort();
        assert_eq!(got, want, "contacts of {code}");
    }
    let regulators = call(
        &client,
        "contacts",
        json!({"country": "th", "type": "regulator"}),
    )
    .await
    .json();
    let regulators = regulators["contacts"].as_array().unwrap();
    assert!(!regulators.is_empty());
    assert!(regulators.iter().all(|c| c["type"] == "regulator"));
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn bad_arguments_get_mcp_errors_with_the_cli_messages() {
    let cwd = bundled_cwd();
    let client = connect(cwd.path(), None).await;
    let cases = [
        // (tool, arguments, what the message must say)
        ("search", json!({}), "missing field `query`"),
        ("search", json!({"query": 42}), "invalid type"),
        (
            "search",
            json!({"query": "x", "lang": "fr"}),
            "unknown variant `fr`",
        ),
        (
            "search",
            json!({"query": "x", "kind": "law"}),
            "unknown variant `law`",
        ),
        (
            "search",
            json!({"query": "x", "limit": -1}),
            "invalid value",
        ),
        (
            "get_entry",
            json!({"id": "requirements/th/notifcation"}),
            "did you mean `requirements/th/notification`",
        ),
        (
            "get_entry",
            json!({"id": "../../etc/passwd"}),
            "../../etc/passwd",
        ),
        ("get_entry", json!({}), "missing field `id`"),
        (
            "compare_markets",
            json!({"markets": ["thailand"]}),
            "unknown market `thailand`",
        ),
        (
            "compare_markets",
            json!({"markets": ["tha"]}),
            "did you mean `th`",
        ),
        ("compare_markets", json!({"markets": "th"}), "invalid type"),
        (
            "checklist",
            json!({"to": ["thailand"]}),
            "unknown market `thailand`",
        ),
        ("checklist", json!({"to": ["th"], "class": ["Z"]}), "class"),
        (
            "checklist",
            json!({"to": ["th"], "attr": ["sterle"]}),
            "did you mean `sterile`",
        ),
        ("checklist", json!({"to": ["th"], "type": "drug"}), "drug"),
        ("checklist", json!({"to": []}), "give at least one market"),
        ("checklist", json!({"class": ["B"]}), "missing field `to`"),
        ("contacts", json!({"country": "xx"}), "not a country code"),
        (
            "contacts",
            json!({"country": "th", "type": "embassy"}),
            "unknown variant `embassy`",
        ),
        (
            "no_such_tool",
            json!({}),
            "no tool `no_such_tool`; there are",
        ),
        ("serach", json!({"query": "x"}), "did you mean `search`"),
    ];
    for (tool, args, says) in cases {
        match call(&client, tool, args.clone()).await {
            Answer::Error(code, message) => {
                assert!(message.contains(says), "{tool} {args}: {message}");
                // JSON-RPC errors are invalid params (or not found); an
                // argument the schema refuses is a tool error the model reads.
                assert!(
                    matches!(code, None | Some(-32602) | Some(-32002)),
                    "{tool} {args}: code {code:?}"
                );
            }
            Answer::Json(v) => panic!("{tool} {args}: answered {v}"),
        }
    }
    let missing = client
        .read_resource(rmcp::model::ReadResourceRequestParams::new(
            "regnav://entry/requirements/th/nope",
        ))
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("no entry"), "{missing}");
    let prompt = client
        .get_prompt(rmcp::model::GetPromptRequestParams::new("summarise"))
        .await
        .unwrap_err();
    assert!(prompt.to_string().contains("cite-sources"), "{prompt}");
    // Still answering after all that.
    assert!(
        !call(&client, "list_markets", json!({})).await.json()["markets"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    client.cancel().await.unwrap();
}

const TOOLS: [&str; 6] = [
    "search",
    "get_entry",
    "list_markets",
    "compare_markets",
    "checklist",
    "contacts",
];

const KEYS: [&str; 15] = [
    "query",
    "lang",
    "market",
    "kind",
    "class",
    "limit",
    "id",
    "markets",
    "to",
    "type",
    "attr",
    "ref",
    "country",
    "jurisdiction",
    "_meta",
];

const TOKENS: [&str; 22] = [
    "th",
    "vn",
    "eu",
    "sg",
    "jp",
    "ja",
    "en",
    "B",
    "C",
    "IIb",
    "jp:III",
    "th=3",
    "ivd",
    "software",
    "regulator",
    "requirement",
    "requirements/th/notification",
    "regnav://entry/jurisdictions/th",
    "タイ 登録",
    "医療機器の登録",
    "registration fee",
    "",
];

/// A random string: a known token, random Unicode (controls, CJK, emoji,
/// combining and bidi marks), or rarely a huge one.
fn random_string(rng: &mut common::Rng) -> String {
    match rng.below(20) {
        0..=7 => TOKENS[rng.below(TOKENS.len())].to_string(),
        8 => TOKENS[rng.below(TOKENS.len())].repeat(50_000 + rng.below(200_000)),
        _ => {
            let ranges: [(u32, u32); 8] = [
                (0x20, 0x7e),
                (0x00, 0x1f),
                (0xa0, 0x24f),
                (0x3040, 0x30ff),
                (0x4e00, 0x9fff),
                (0x1f300, 0x1faff),
                (0x300, 0x36f),
                (0x200b, 0x202e),
            ];
            (0..rng.below(40))
                .filter_map(|_| {
                    let (lo, hi) = ranges[rng.below(ranges.len())];
                    char::from_u32(lo + rng.below((hi - lo + 1) as usize) as u32)
                })
                .collect()
        }
    }
}

fn random_value(rng: &mut common::Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 6 } else { 8 }) {
        0 | 1 => json!(random_string(rng)),
        2 => json!([i64::MIN, -1, 0, 7, 51, 1_000_000_000, i64::MAX][rng.below(7)]),
        3 => json!([0.5, -0.0, 1e308, -1e-308, 3.0][rng.below(5)]),
        4 => json!(rng.below(2) == 0),
        5 => Value::Null,
        6 => Value::Array(
            (0..rng.below(5))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(4))
                .map(|_| (random_string(rng), random_value(rng, depth + 1)))
                .collect(),
        ),
    }
}

/// Arguments of every shape: plausible ones, wrong types, not an object.
fn random_arguments(rng: &mut common::Rng) -> Option<Value> {
    match rng.below(10) {
        0 => None,
        1 => Some(random_value(rng, 0)),
        _ => {
            let mut o = serde_json::Map::new();
            for _ in 0..rng.below(6) {
                let key = if rng.below(8) == 0 {
                    random_string(rng)
                } else {
                    KEYS[rng.below(KEYS.len())].to_string()
                };
                let value = match rng.below(3) {
                    0 => json!(random_string(rng)),
                    1 => json!(
                        (0..rng.below(4))
                            .map(|_| random_string(rng))
                            .collect::<Vec<_>>()
                    ),
                    _ => random_value(rng, 0),
                };
                o.insert(key, value);
            }
            Some(Value::Object(o))
        }
    }
}

/// A well-formed answer to request `id`: a result, or an error with an
/// integer code and a message; a tool's result is text, JSON unless flagged
/// as an error.
fn assert_well_formed(v: &Value, id: u64, method: &str, request: &str) {
    let ctx = || {
        format!(
            "{method} {}…: {}",
            &request[..request.len().min(300)],
            &v.to_string()[..v.to_string().len().min(500)]
        )
    };
    assert_eq!(v["jsonrpc"], "2.0", "{}", ctx());
    // A request rmcp cannot read gets its error with a null id (see `answer_to_last`).
    assert!(
        v["id"] == id || (v["id"].is_null() && v.get("error").is_some()),
        "{}",
        ctx()
    );
    match (v.get("result"), v.get("error")) {
        (Some(r), None) => {
            if method == "tools/call" {
                let text = r["content"][0]["text"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{}", ctx()));
                if r["isError"] == true {
                    assert!(!text.is_empty(), "{}", ctx());
                } else {
                    assert!(serde_json::from_str::<Value>(text).is_ok(), "{}", ctx());
                }
            }
        }
        (None, Some(e)) => {
            assert!(e["code"].is_i64(), "{}", ctx());
            // rmcp's "method not found" message is the method's name, which may be "".
            let message = e["message"].as_str().unwrap_or_else(|| panic!("{}", ctx()));
            assert!(!message.is_empty() || e["code"] == -32601, "{}", ctx());
        }
        _ => panic!("neither result nor error: {}", ctx()),
    }
}

#[test]
fn a_thousand_random_calls_never_break_the_server() {
    let cwd = bundled_cwd();
    let mut c = RawClient::start(cwd.path(), None);
    let mut rng = common::Rng(0x0005_eed0_f3c9);
    let started = Instant::now();
    let mut errors = 0;
    for _ in 0..1000 {
        let (method, params) = match rng.below(20) {
            0 => (
                "resources/read".to_string(),
                json!({"uri": random_string(&mut rng)}),
            ),
            1 => (
                "prompts/get".to_string(),
                json!({"name": random_string(&mut rng)}),
            ),
            2 => (random_string(&mut rng), random_value(&mut rng, 0)),
            3 => ("tools/call".to_string(), random_value(&mut rng, 0)),
            _ => {
                let name = if rng.below(10) == 0 {
                    random_string(&mut rng)
                } else {
                    TOOLS[rng.below(TOOLS.len())].to_string()
                };
                let mut p = json!({"name": name});
                if let Some(a) = random_arguments(&mut rng) {
                    p["arguments"] = a;
                }
                ("tools/call".to_string(), p)
            }
        };
        let request = params.to_string();
        let id = c.request(&method, Some(params));
        let answer = c.answer_to_last(id);
        assert_well_formed(&answer, id, &method, &request);
        if answer.get("error").is_some() || answer["result"]["isError"] == true {
            errors += 1;
        }
    }
    assert!(c.child.try_wait().unwrap().is_none(), "the server exited");
    let ok = c.call(
        "tools/call",
        json!({"name": "search", "arguments": {"query": "タイ 届出"}}),
    );
    assert!(
        ok["result"]["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("hits")
    );
    let elapsed = started.elapsed();
    println!("1000 random calls: {errors} errors, {elapsed:?}");
    assert!(
        errors > 300 && errors < 1000,
        "{errors} errors: the mix is off"
    );
}

#[test]
fn serve_answers_mcp_over_http_from_the_live_library() {
    let kb = common::kb_with_overlay(None);
    let server = common::server::start(kb.path());
    let addr = server.addr.clone();
    let v = |body: &str| -> Value {
        serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
    };
    let rpc = |id: u64, method: &str, params: Value| -> Value {
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let (status, ct, text) = post(
            &addr,
            "/mcp",
            &[("MCP-Protocol-Version", "2025-06-18")],
            &body.to_string(),
        );
        assert_eq!((status, ct.as_str()), (200, "application/json"), "{text}");
        v(&text)
    };
    let tool = |name: &str, args: Value| -> Value {
        let r = rpc(9, "tools/call", json!({"name": name, "arguments": args}));
        serde_json::from_str(
            r["result"]["content"][0]["text"]
                .as_str()
                .unwrap_or_else(|| panic!("{r}")),
        )
        .unwrap()
    };

    // The handshake, as a client sends it (no session: every POST stands alone).
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}});
    let (status, _, text) = post(&addr, "/mcp", &[], &init.to_string());
    assert_eq!(status, 200, "{text}");
    let init = v(&text);
    assert_eq!(init["result"]["serverInfo"]["name"], "regnav");
    let (status, _, _) = post(
        &addr,
        "/mcp",
        &[],
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
    );
    assert_eq!(status, 202);
    let tools = rpc(2, "tools/list", json!({}));
    assert_eq!(tools["result"]["tools"].as_array().unwrap().len(), 7);

    // The same answers as `regnav mcp` over stdio and the CLI.
    let mut stdio = RawClient::start(kb.path(), Some(kb.path()));
    for (name, args) in [
        (
            "get_entry",
            json!({"id": "requirements/th/listing", "lang": "ja"}),
        ),
        ("search", json!({"query": "タイ 届出"})),
        ("list_markets", json!({})),
        ("contacts", json!({"country": "th"})),
    ] {
        let over_stdio = stdio.call("tools/call", json!({"name": name, "arguments": args}));
        let over_stdio: Value =
            serde_json::from_str(over_stdio["result"]["content"][0]["text"].as_str().unwrap())
                .unwrap();
        assert_eq!(tool(name, args.clone()), over_stdio, "{name} {args}");
    }
    let root = kb.path().to_str().unwrap();
    let cli = cli_json(
        kb.path(),
        &[
            "checklist",
            "--to",
            "th",
            "--class",
            "B",
            "--format",
            "json",
            "--root",
            root,
        ],
    );
    assert_eq!(
        tool("checklist", json!({"to": ["th"], "class": ["B"]})),
        cli
    );
    let bad = rpc(
        3,
        "tools/call",
        json!({"name": "checklist", "arguments": {"to": ["thailand"]}}),
    );
    assert!(
        bad["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown market `thailand`"),
        "{bad}"
    );

    // The dev server's guard: a page elsewhere cannot call the tools.
    let call = json!({"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": "list_markets", "arguments": {}}}).to_string();
    let (status, _, text) = post(&addr, "/mcp", &[("Origin", "http://evil.example")], &call);
    assert_eq!(status, 403, "{text}");
    assert!(!text.contains("jsonrpc"));
    let (status, _, _) = post(&addr, "/mcp", &[("Origin", "https://evil.example")], &call);
    assert_eq!(status, 403);
    let port = addr.rsplit(':').next().unwrap();
    let (status, _, _) = post(
        &addr,
        "/mcp",
        &[("Host", &format!("evil.example:{port}"))],
        &call,
    );
    assert_eq!(status, 421, "DNS rebinding is refused");
    let own = format!("http://{addr}");
    let (status, _, _) = post(
        &addr,
        "/mcp",
        &[
            ("Origin", own.as_str()),
            ("MCP-Protocol-Version", "2025-06-18"),
        ],
        &call,
    );
    assert_eq!(status, 200, "its own pages may");
    let (status, _) = common::server::request(&addr, "GET", "/mcp");
    assert_eq!(status, 405, "stateless: no stream to open");

    // A save: the tools answer from the rebuilt library as soon as pages hear of it.
    let events = common::server::subscribe(&addr);
    let file = kb.path().join("content/requirements/th/listing.md");
    let before = std::fs::read_to_string(&file).unwrap();
    let from = common::server::len(&events);
    std::fs::write(
        &file,
        before.replace(
            "en: Listing (classes 1–2)",
            "en: Quick listing (classes 1–2)",
        ),
    )
    .unwrap();
    common::server::wait_for(&events, from, "event: reload");
    let entry = tool(
        "get_entry",
        json!({"id": "requirements/th/listing", "lang": "en"}),
    );
    assert_eq!(entry["title"], "Quick listing (classes 1–2)");
    let hits = tool("search", json!({"query": "quick listing", "lang": "en"}));
    assert_eq!(
        hits["hits"][0]["title"], "Quick listing (classes 1–2)",
        "{hits}"
    );

    // A broken save: the last good library is still answered from.
    let from = common::server::len(&events);
    std::fs::write(&file, "---\ntitle: [unclosed\n---\n").unwrap();
    common::server::wait_for(&events, from, "event: error");
    let entry = tool(
        "get_entry",
        json!({"id": "requirements/th/listing", "lang": "en"}),
    );
    assert_eq!(entry["title"], "Quick listing (classes 1–2)");
}
