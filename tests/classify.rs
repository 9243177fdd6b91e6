//! The classification assistant: devices with a documented class
//! (tests/data/classify_cases.yaml) get that GHTF class and that local class
//! in US, EU, JP, TH, VN, SG and MY; the CLI's answers and errors; and the
//! page's `classify.js` gives the same answers as the Rust engine (needs node).

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::Rng;
use regnav::classify::ClassifyArgs;
use regnav::classify::engine::{self, Answers};
use regnav::content::Library;
use regnav::content::ids::{Code, Lang};

fn repo() -> Library {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::load_dir(root).unwrap().library
}

#[derive(Debug, serde::Deserialize)]
struct Cases {
    cases: Vec<Case>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    device: String,
    rules: String,
    answers: BTreeMap<String, String>,
    ghtf: String,
    source: String,
    local: BTreeMap<String, String>,
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/classify_cases.yaml"),
    )
    .unwrap();
    serde_yaml::from_str::<Cases>(&text).unwrap().cases
}

fn args(rules: &str, answers: &BTreeMap<String, String>, to: &[&str]) -> ClassifyArgs {
    ClassifyArgs {
        rules: Some(rules.to_string()),
        answers: answers.iter().map(|(q, a)| format!("{q}={a}")).collect(),
        answers_file: None,
        to: to.iter().map(|s| s.to_string()).collect(),
        lang: Some(Lang::En),
    }
}

const MARKETS: &[&str] = &["us", "eu", "jp", "th", "vn", "sg", "my"];

#[test]
fn documented_devices_get_their_documented_classes() {
    let lib = repo();
    let all = cases();
    let mut full = 0;
    for c in &all {
        assert!(
            !c.source.is_empty(),
            "{}: cite the example's source",
            c.device
        );
        let o = regnav::cli::classify_answer(&lib, &args(&c.rules, &c.answers, MARKETS))
            .unwrap_or_else(|e| panic!("{}: {e}", c.device));
        assert_eq!(
            o.class, c.ghtf,
            "{}: GHTF class ({:?})",
            c.device, o.decided_by
        );
        for (code, expected) in &c.local {
            let m = o
                .markets
                .iter()
                .find(|m| &m.code == code)
                .unwrap_or_else(|| panic!("{}: no class for {code}", c.device));
            assert_eq!(
                m.class.as_deref(),
                Some(expected.as_str()),
                "{}: local class in {code}",
                c.device
            );
        }
        if MARKETS
            .iter()
            .filter(|m| **m != "jp" || c.rules != "ivd")
            .all(|m| c.local.contains_key(*m))
        {
            full += 1;
        }
        // The answer cites the rule's source and says it is guidance.
        assert!(
            o.decided_by.source_url.starts_with("https://"),
            "{}",
            c.device
        );
        assert!(o.notice.contains("determination governs"));
    }
    assert!(full >= 20, "only {full} cases give every market's class");
}

#[test]
fn the_answer_names_the_local_class_and_how_markets_depart_from_ghtf() {
    let lib = repo();
    let mut a = BTreeMap::new();
    for (q, v) in [
        ("invasive", "non-invasive"),
        ("contact", "other"),
        ("active", "substances"),
        ("substances", "hazardous"),
        ("special", "none"),
    ] {
        a.insert(q.to_string(), v.to_string());
    }
    let mut ja = args("general", &a, &["jp", "us", "th"]);
    ja.lang = Some(Lang::Ja);
    let o = regnav::cli::classify_answer(&lib, &ja).unwrap();
    assert_eq!(o.class, "C");
    let jp = &o.markets[0];
    assert_eq!(jp.name, "クラスIII（高度管理医療機器）");
    let us = &o.markets[1];
    assert_eq!(us.class.as_deref(), Some("II"));
    assert!(
        us.notes.iter().any(|n| n.contains("B・C")),
        "US class II takes GHTF B and C: {:?}",
        us.notes
    );
    assert!(
        us.classification
            .iter()
            .any(|(id, ..)| id == "requirements/us/classification")
    );
    assert_eq!(o.checklist, "to=jp,us,th&class=C&attr=active");
    // Without markets: every market whose class map gives a class.
    let all = regnav::cli::classify_answer(&lib, &args("general", &a, &[])).unwrap();
    assert!(all.markets.len() > 30, "{}", all.markets.len());
    assert_eq!(all.checklist, "class=C&attr=active");
}

#[test]
fn cli_prints_the_answer_and_explains_what_is_missing_or_wrong() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_regnav"))
            .args(["classify", "--lang", "en"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, out, _) = run(&[
        "--rules",
        "general",
        "--answer",
        "invasive=implantable,surgical=heart-cns,active=no,special=none",
        "--to",
        "jp,eu",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["class"], "D");
    assert_eq!(v["markets"][0]["class"], "IV");
    assert_eq!(v["markets"][1]["class"], "III");
    let (code, out, _) = run(&[
        "--rules",
        "samd",
        "--answer",
        "significance=drive,situation=critical",
    ]);
    assert_eq!(code, Some(0));
    assert!(out.contains("IMDRF SaMD category: III"), "{out}");
    assert!(out.contains("not a regulatory class"), "{out}");
    // An answers file gives the same answer as the flags.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.yaml");
    std::fs::write(
        &file,
        "rules: ivd\nanswers: {product: assay, purpose: [transfusion], user: professional}\nto: [th]\n",
    )
    .unwrap();
    let (code, out, err) = run(&["--answers-file", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["class"].as_str(), v["markets"][0]["class"].as_str()),
        (Some("D"), Some("4"))
    );
    // Unknown names: exit 2 with "did you mean".
    for (args, want) in [
        (vec!["--rules", "generl"], "did you mean `general`"),
        (
            vec!["--rules", "general", "--answer", "invasiv=surgical"],
            "did you mean `invasive`",
        ),
        (
            vec!["--rules", "general", "--answer", "invasive=surgicl"],
            "did you mean `surgical`",
        ),
        (
            vec![
                "--rules",
                "general",
                "--answer",
                "invasive=surgical",
                "--to",
                "thailand",
            ],
            "unknown market `thailand`",
        ),
        (
            vec!["--rules", "general", "--answer", "invasive=surgical"],
            "question `duration` is not answered",
        ),
        (
            vec![
                "--rules",
                "general",
                "--answer",
                "invasive=non-invasive,duration=transient",
            ],
            "`duration` is not asked",
        ),
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

/// Random complete (and some incomplete) answers, by walking each set's
/// questions and picking answers at random.
fn random_answers(lib: &Library, rng: &mut Rng) -> (String, Answers) {
    let sets = regnav::classify::input::rule_sets(lib);
    let (e, set) = sets[rng.below(sets.len())];
    let mut answers = Answers::new();
    loop {
        let w = engine::walk(set, &answers);
        let Some(next) = w.next else { break };
        if rng.below(25) == 0 {
            break; // leave it incomplete
        }
        let q = set.question(&next).unwrap();
        let chosen: Vec<String> = if q.multiple {
            q.options
                .iter()
                .filter(|_| rng.below(4) == 0)
                .map(|o| o.id.clone())
                .collect()
        } else {
            vec![q.options[rng.below(q.options.len())].id.clone()]
        };
        answers.insert(next, chosen);
    }
    (e.id.name().to_string(), answers)
}

#[test]
fn the_page_answers_as_the_cli_does() {
    let lib = repo();
    let data = regnav::classify::data::page_data(&lib);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("data.json"),
        serde_json::to_vec(&data).unwrap(),
    )
    .unwrap();
    let mut inputs: Vec<(String, Answers, Vec<Code>, Lang)> = Vec::new();
    for c in cases() {
        let req = args(&c.rules, &c.answers, MARKETS).request(&lib).unwrap();
        for lang in [Lang::Ja, Lang::En] {
            inputs.push((c.rules.clone(), req.answers.clone(), req.to.clone(), lang));
            inputs.push((c.rules.clone(), req.answers.clone(), vec![], lang));
        }
    }
    let mut rng = Rng(0x5eed_c1a5);
    let codes: Vec<Code> = MARKETS.iter().map(|c| Code::parse(c).unwrap()).collect();
    for i in 0..400 {
        let (rules, answers) = random_answers(&lib, &mut rng);
        let to = if i % 3 == 0 {
            vec![]
        } else {
            codes[..1 + rng.below(codes.len())].to_vec()
        };
        inputs.push((
            rules,
            answers,
            to,
            if i % 2 == 0 { Lang::Ja } else { Lang::En },
        ));
    }
    let json: Vec<serde_json::Value> = inputs
        .iter()
        .map(|(r, a, to, l)| serde_json::json!({"rules": r, "answers": a, "to": to, "lang": l}))
        .collect();
    std::fs::write(
        dir.path().join("cases.json"),
        serde_json::to_vec(&json).unwrap(),
    )
    .unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/classify_parity.js");
    let out = Command::new("node")
        .arg(script)
        .arg(dir.path().join("data.json"))
        .arg(dir.path().join("cases.json"))
        .output()
        .expect("node is installed (.ci/run installs nodejs)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let js: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(js.len(), inputs.len());
    let sets = regnav::classify::input::rule_sets(&lib);
    let mut complete = 0;
    for ((rules, answers, to, lang), js) in inputs.iter().zip(js) {
        let (e, set) = sets.iter().find(|(e, _)| e.id.name() == rules).unwrap();
        let w = engine::walk(set, answers);
        assert_eq!(
            serde_json::json!({"asked": w.asked, "next": w.next, "skipped": w.skipped}),
            js["walk"],
            "walk of {rules} {answers:?}"
        );
        let rust = regnav::classify::outcome(&lib, e, set, answers, to, *lang);
        complete += usize::from(rust.is_some());
        assert_eq!(
            serde_json::to_value(&rust).unwrap(),
            js["outcome"],
            "{rules} {answers:?} {to:?} {lang}"
        );
    }
    assert!(complete > 300, "{complete} complete answers compared");
}

#[test]
fn every_answer_path_of_the_bundled_rules_ends_in_a_class() {
    // `check` enumerates the paths (tests/fixtures/invalid/classification-*
    // show each error); the bundled sets pass it.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = regnav::kb::KbFiles::read(&regnav::kb::Origin::Dir(root.to_path_buf())).unwrap();
    let loaded = regnav::content::load(&files, regnav::content::LoadOptions::now()).unwrap();
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.file.starts_with("content/classification/"))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(regnav::classify::input::rule_sets(&loaded.library).len(), 3);
}
