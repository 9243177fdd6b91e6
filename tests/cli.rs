//! The binary as a user runs it: exit codes, JSON shape, `new` and `schema`.

mod common;

use std::process::Command;

fn regnav() -> Command {
    Command::new(env!("CARGO_BIN_EXE_regnav"))
}

#[test]
fn check_exit_codes_and_json_shape() {
    let good = common::kb_with_overlay(None);
    let out = regnav()
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-26",
            "--root",
        ])
        .arg(good.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);

    let bad = common::kb_with_overlay(Some(&common::fixtures().join("invalid/unknown-field")));
    let out = regnav()
        .args(["check", "--format", "json", "--root"])
        .arg(bad.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &v["errors"][0];
    assert_eq!(e["file"], "content/requirements/th/broken.md");
    assert_eq!(e["line"], 5);
    assert_eq!(e["column"], 1);
    assert_eq!(e["code"], "unknown-field");

    let human = regnav()
        .args(["check", "--root"])
        .arg(bad.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stderr);
    assert!(
        text.contains("content/requirements/th/broken.md:5:1"),
        "{text}"
    );
    assert!(text.contains("did you mean `category`?"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    let out = regnav()
        .args(["check", "--root", "/nonexistent/kb"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = regnav().args(["check", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn new_writes_a_skeleton_and_refuses_to_overwrite() {
    let kb = common::kb_with_overlay(None);
    let ok = regnav()
        .args(["new", "requirement", "th/import-licence", "--root"])
        .arg(kb.path())
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let text = std::fs::read_to_string(kb.path().join("content/requirements/th/import-licence.md"))
        .unwrap();
    assert!(text.contains("category:") && text.contains("last_reviewed:"));
    let again = regnav()
        .args(["new", "requirement", "th/import-licence", "--root"])
        .arg(kb.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));

    // licence.md is written in English: an English "translation" is refused.
    let t = regnav()
        .args([
            "new",
            "--translation",
            "requirements/th/licence",
            "en",
            "--root",
        ])
        .arg(kb.path())
        .output()
        .unwrap();
    assert_eq!(t.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&t.stderr).contains("itself written in en"));
}

#[test]
fn translation_skeleton_hash_matches_check() {
    let kb = common::kb_with_overlay(None);
    std::fs::remove_file(kb.path().join("content/guides/overview.en.md")).unwrap();
    let out = regnav()
        .args(["new", "--translation", "guides/overview", "en", "--root"])
        .arg(kb.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let path = kb.path().join("content/guides/overview.en.md");
    let t = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{t}An overview.\n")).unwrap();
    let loaded = common::load_dir(kb.path()).unwrap();
    assert!(
        !loaded
            .diagnostics
            .iter()
            .any(|d| d.code == "translation-behind"),
        "{:?}",
        loaded.diagnostics
    );
}

#[test]
fn schema_is_json_with_every_kind() {
    let out = regnav().arg("schema").output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in [
        "jurisdiction",
        "requirement",
        "document",
        "contact",
        "guide",
        "translation",
        "config",
    ] {
        assert!(v["$defs"][k].is_object(), "{k}");
    }
    assert_eq!(v["$defs"]["requirement"]["additionalProperties"], false);
}
