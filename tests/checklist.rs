//! The checklist: golden plans for the fixture, the exports, usage errors, and
//! parity between the Rust planner and the web page's JavaScript planner
//! over hundreds of random profiles (needs `node`; .ci/run installs it).

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::Rng;
use regnav::checklist::export::{Format, render};
use regnav::checklist::profile::{ClassSpec, ProfileInput};
use regnav::checklist::{Profile, plan};
use regnav::content::Library;
use regnav::content::ids::{Attr, Code, DeviceType, EntryId, GhtfClass, Kind, Lang};

fn fixture() -> (tempfile::TempDir, Library) {
    let kb = common::kb_with_overlay(None);
    let lib = common::load_dir(kb.path()).unwrap().library;
    (kb, lib)
}

fn repo() -> Library {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::load_dir(root).unwrap().library
}

fn input(to: &str, class: &str, ty: Option<&str>, attrs: &str, refs: &str) -> ProfileInput {
    let v = |s: &str| {
        if s.is_empty() {
            vec![]
        } else {
            vec![s.to_string()]
        }
    };
    ProfileInput {
        to: v(to),
        class: v(class),
        device_type: ty.map(str::to_string),
        attrs: v(attrs),
        refs: v(refs),
        have: vec![],
    }
}

fn ids(lib: &Library, i: &ProfileInput) -> Vec<String> {
    let p = Profile::parse(lib, i).unwrap();
    plan(lib, &p, Lang::En).markets[0]
        .steps
        .iter()
        .map(|s| s.id.clone())
        .collect()
}

#[test]
fn device_class_and_reliance_decide_the_steps() {
    let (_kb, lib) = fixture();
    // Class B maps to local class 2: the listing applies, the licence does not.
    assert_eq!(
        ids(&lib, &input("th", "B", None, "", "")),
        ["requirements/th/listing"]
    );
    // Class D → 4: licence, which depends on the listing... which does not apply to class 4.
    assert_eq!(
        ids(&lib, &input("th", "D", None, "", "")),
        ["requirements/th/licence"]
    );
    // An FDA approval drops the full licence route (`none: [ref:us]`).
    assert!(ids(&lib, &input("th", "D", None, "", "us")).is_empty());
    // Per-market local class overrides.
    assert_eq!(
        ids(&lib, &input("th", "th=1", None, "", "")),
        ["requirements/th/listing"]
    );
}

#[test]
fn an_empty_plan_says_why() {
    let (_kb, lib) = fixture();
    let p = Profile::parse(&lib, &input("th", "D", None, "", "us")).unwrap();
    let plan = plan(&lib, &p, Lang::En);
    assert!(
        plan.markets[0].notes[0].contains("no requirement in Thailand applies"),
        "{:?}",
        plan.markets[0].notes
    );
    let p = Profile::parse(&lib, &input("th", "", None, "", "")).unwrap();
    let plan = regnav::checklist::plan(&lib, &p, Lang::En);
    assert!(plan.markets[0].notes[0].contains("class unknown in Thailand"));
}

#[test]
fn golden_plans_of_the_fixture() {
    let (_kb, lib) = fixture();
    for (name, i, format) in [
        ("class-b-md", input("th", "B", None, "", ""), Format::Md),
        (
            "class-d-json",
            input("th", "D", Some("general"), "software,ai", ""),
            Format::Json,
        ),
        (
            "override-csv",
            input("th", "th=2", Some("ivd"), "", "eu"),
            Format::Csv,
        ),
    ] {
        let p = Profile::parse(&lib, &i).unwrap();
        let out = String::from_utf8(render(&plan(&lib, &p, Lang::En), format).unwrap()).unwrap();
        insta::assert_snapshot!(format!("checklist-{name}"), out);
    }
}

#[test]
fn golden_depends_on_chain_and_attributes() {
    let kb = common::kb_with_overlay(Some(&common::fixtures().join("valid/checklist-chain")));
    let lib = common::load_dir(kb.path()).unwrap().library;
    // The permit comes after the listing although its `step` is lower, starts
    // when the listing ends, and the software step appears only for software.
    let p = Profile::parse(&lib, &input("th", "B", None, "software", "")).unwrap();
    let pl = plan(&lib, &p, Lang::En);
    let ids: Vec<&str> = pl.markets[0].steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "requirements/th/listing",
            "requirements/th/import-permit",
            "requirements/th/software"
        ]
    );
    assert_eq!(pl.markets[0].steps[1].start_days.max, 60);
    assert_eq!(pl.markets[0].duration_days.max, 80);
    assert_eq!(pl.markets[0].fees_total[0].min, 1500.0);
    insta::assert_snapshot!(
        "checklist-chain-md",
        String::from_utf8(render(&pl, Format::Md).unwrap()).unwrap()
    );
    let without = Profile::parse(&lib, &input("th", "B", None, "", "")).unwrap();
    assert!(
        !plan(&lib, &without, Lang::En).markets[0]
            .steps
            .iter()
            .any(|s| s.id.ends_with("software"))
    );
}

#[test]
fn depends_on_orders_steps_and_builds_the_critical_path() {
    let (_kb, lib) = fixture();
    let p = Profile::parse(&lib, &input("th", "th=3", None, "", "")).unwrap();
    let pl = plan(&lib, &p, Lang::En);
    let m = &pl.markets[0];
    assert_eq!(m.steps.len(), 1);
    assert_eq!(m.duration_days.max, 240);
    let repo = repo();
    let p = Profile::parse(&repo, &input("th,vn,sg", "C", None, "software", "")).unwrap();
    let pl = plan(&repo, &p, Lang::Ja);
    for m in &pl.markets {
        let pos: BTreeMap<&str, usize> = m.steps.iter().map(|s| (s.id.as_str(), s.order)).collect();
        for s in &m.steps {
            for d in &s.depends_on {
                assert!(pos[d.as_str()] < s.order, "{} before {}", d, s.id);
            }
            let after: u32 = s
                .depends_on
                .iter()
                .map(|d| m.steps.iter().find(|x| &x.id == d).unwrap())
                .map(|d| d.start_days.max + d.duration_days.map(|x| x.max).unwrap_or(0))
                .max()
                .unwrap_or(0);
            assert_eq!(s.start_days.max, after);
        }
    }
    assert!(
        pl.documents.iter().any(|d| d.markets.len() >= 2),
        "documents shared across markets"
    );
}

#[test]
fn reliance_routes_appear_only_with_a_reference_approval() {
    let repo = repo();
    let reliance = |refs: &str| -> usize {
        let p = Profile::parse(&repo, &input("th,sg,my,vn", "C", None, "", refs)).unwrap();
        plan(&repo, &p, Lang::En)
            .markets
            .iter()
            .flat_map(|m| m.steps.iter())
            .filter(|s| s.category == "reliance" || s.why.iter().any(|w| w.starts_with("ref:")))
            .count()
    };
    assert_eq!(reliance(""), 0);
    assert!(reliance("us") >= 3, "FDA approval unlocks reliance routes");
    assert!(reliance("eu") >= 3, "CE marking unlocks reliance routes");
}

#[test]
fn exports_read_back() {
    let repo = repo();
    let p = Profile::parse(&repo, &input("th,vn", "B", None, "", "us")).unwrap();
    let pl = plan(&repo, &p, Lang::Ja);
    let csv_bytes = render(&pl, Format::Csv).unwrap();
    let csv_bytes = csv_bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a BOM");
    let mut rdr = csv::Reader::from_reader(csv_bytes);
    assert_eq!(rdr.headers().unwrap().get(0), Some("市場"));
    assert_eq!(rdr.headers().unwrap().get(4), Some("適用条件"));
    let rows: Vec<_> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        pl.markets.iter().map(|m| m.steps.len()).sum::<usize>()
    );
    let html = String::from_utf8(render(&pl, Format::Html).unwrap()).unwrap();
    assert!(
        !html.contains("<link") && !html.contains("src=\"http"),
        "self-contained"
    );
    // A timeline where some step is timed (China's class II registration is), none where none is.
    let timed = plan(
        &repo,
        &Profile::parse(&repo, &input("cn", "B", None, "", "")).unwrap(),
        Lang::Ja,
    );
    assert!(
        String::from_utf8(render(&timed, Format::Html).unwrap())
            .unwrap()
            .contains("<svg")
    );
    let any_timed = pl
        .markets
        .iter()
        .flat_map(|m| &m.steps)
        .any(|s| s.duration_days.is_some());
    assert_eq!(html.contains("<svg"), any_timed);
    let xlsx = render(&pl, Format::Xlsx).unwrap();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    use calamine::Reader;
    let names = wb.sheet_names();
    assert_eq!(
        names,
        ["表紙", "タイ", "ベトナム", "書類マトリクス", "相談先"]
    );
    let th = wb.worksheet_range("タイ").unwrap();
    assert_eq!(
        th.get_value((1, 1)).map(|v| v.to_string()),
        Some(pl.markets[0].steps[0].title.clone())
    );
}

#[test]
fn unknown_values_are_usage_errors_with_suggestions() {
    let out = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["checklist", "--to", "thailand,vn", "--class", "B"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown market `thailand`") && err.contains("valid:"),
        "{err}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args(["checklist", "--to", "th", "--attr", "sofware"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `software`"));
}

fn random_profile(lib: &Library, rng: &mut Rng) -> Profile {
    let codes: Vec<Code> = lib
        .of_kind(Kind::Jurisdiction)
        .filter_map(|e| e.jurisdiction())
        .map(|j| j.code.clone())
        .collect();
    let mut markets = Vec::new();
    for _ in 0..=rng.below(4) {
        let c = codes[rng.below(codes.len())].clone();
        if !markets.contains(&c) {
            markets.push(c);
        }
    }
    let mut class = ClassSpec::default();
    match rng.below(4) {
        0 => {}
        1 | 2 => class.global = Some(GhtfClass::ALL[rng.below(4)]),
        _ => {
            for m in &markets {
                let j = lib.jurisdiction(m).unwrap().jurisdiction().unwrap();
                let local: Vec<String> = j
                    .all_classes()
                    .map(|c| c.0.clone())
                    .chain(["B".to_string()])
                    .collect();
                class
                    .per_market
                    .insert(m.to_string(), local[rng.below(local.len())].clone());
            }
        }
    }
    let mut attrs: Vec<Attr> = (0..rng.below(4))
        .map(|_| Attr::ALL[rng.below(Attr::ALL.len())])
        .collect();
    attrs.sort();
    attrs.dedup();
    let pool = ["us", "eu", "jp", "au", "ca", "sg", "who-pq", "th"];
    let mut refs: Vec<Code> = (0..rng.below(3))
        .map(|_| Code::parse(pool[rng.below(pool.len())]).unwrap())
        .collect();
    refs.sort();
    refs.dedup();
    let held = [
        "iso-13485-certificate",
        "ce-certificate",
        "fda-510k-clearance-letter",
        "japan-marketing-approval",
        "eu-declaration-of-conformity",
        "instructions-for-use",
        "csdt",
    ];
    let mut have: Vec<EntryId> = (0..rng.below(4))
        .map(|_| EntryId::parse(&format!("documents/{}", held[rng.below(held.len())])).unwrap())
        .filter(|id| lib.get(id).is_some())
        .collect();
    have.sort();
    have.dedup();
    let have_refs = regnav::checklist::profile::approval_refs(lib, &have);
    Profile {
        markets,
        class,
        device_type: if rng.below(3) == 0 {
            DeviceType::Ivd
        } else {
            DeviceType::General
        },
        attrs,
        refs,
        have,
        have_refs,
    }
}

/// Numbers compared as f64 (Rust writes 1000.0 where JavaScript writes 1000).
fn normalize(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

/// A sheet's name and its non-empty cells as (row, col, value).
type SheetCells = (String, Vec<(u32, u32, String)>);

/// Every sheet of a workbook, empty cells left out.
fn workbook_cells(bytes: &[u8]) -> Vec<SheetCells> {
    use calamine::{Data, Reader};
    let mut wb: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let cells = range
                .used_cells()
                .filter_map(|(r, c, v)| {
                    let text = match v {
                        Data::Empty => return None,
                        Data::String(s) if s.is_empty() => return None,
                        Data::DateTime(d) => format!("date {}", d.as_f64()),
                        Data::Float(f) => format!("{f}"),
                        Data::Int(i) => format!("{i}"),
                        other => other.to_string(),
                    };
                    Some((
                        r as u32 + range.start().map_or(0, |s| s.0),
                        c as u32 + range.start().map_or(0, |s| s.1),
                        text,
                    ))
                })
                .collect();
            (name, cells)
        })
        .collect()
}

fn base64_decode(s: &str) -> Vec<u8> {
    let table = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let v: Vec<u32> = chunk.iter().map(|&c| u32::from(table(c))).collect();
        let n = v
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, x)| acc | (x << (18 - 6 * i)));
        for k in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * k)) as u8);
        }
    }
    out
}

fn parity(lib: &Library, n: usize, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let data = regnav::checklist::data::checklist_data(lib);
    std::fs::write(
        dir.path().join("data.json"),
        serde_json::to_vec(&data).unwrap(),
    )
    .unwrap();
    let mut rng = Rng(seed);
    let cases: Vec<(Profile, Lang)> = (0..n)
        .map(|_| {
            (
                random_profile(lib, &mut rng),
                if rng.below(2) == 0 {
                    Lang::Ja
                } else {
                    Lang::En
                },
            )
        })
        .collect();
    let input: Vec<_> = cases
        .iter()
        .map(|(p, l)| serde_json::json!({"profile": p, "lang": l}))
        .collect();
    let js = common::node_parity(
        "checklist_parity.js",
        dir.path(),
        "profiles.json",
        &serde_json::json!(input),
    );
    assert_eq!(js.len(), n);
    let mut compared_xlsx = 0;
    for ((p, l), js) in cases.iter().zip(js) {
        let rust_plan = plan(lib, p, *l);
        let rust = normalize(serde_json::to_value(&rust_plan).unwrap());
        assert_eq!(
            rust,
            normalize(js["plan"].clone()),
            "profile {}",
            serde_json::to_string(p).unwrap()
        );
        if let Some(b64) = js["xlsx"].as_str() {
            compared_xlsx += 1;
            let info = regnav::checklist::export::ExportInfo {
                generated: "2026-12-04".into(),
                kb_reviewed: regnav::checklist::data::latest_review(lib),
                base_url: "https://regnav.example.org/".into(),
            };
            let rust =
                regnav::checklist::export::render_with(&rust_plan, Format::Xlsx, &info).unwrap();
            assert_eq!(
                workbook_cells(&rust),
                workbook_cells(&base64_decode(b64)),
                "xlsx of profile {}",
                serde_json::to_string(p).unwrap()
            );
        }
        let csv =
            regnav::checklist::export::render(&rust_plan, regnav::checklist::export::Format::Csv)
                .unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            js["csv"].as_str().unwrap(),
            "CSV of profile {}",
            serde_json::to_string(p).unwrap()
        );
    }
    assert!(
        compared_xlsx > 0,
        "the page's workbook was compared with the CLI's"
    );
}

#[test]
fn javascript_planner_matches_rust_on_random_profiles() {
    parity(&repo(), 500, 0x1234_5678_9abc_def1);
    let (_kb, lib) = fixture();
    parity(&lib, 200, 42);
}

/// Regression (issue #14, item 8): a title that a spreadsheet would run as a
/// formula is written as text, by the CLI and by the page, identically.
#[test]
fn csv_cells_cannot_be_formulas() {
    let kb = common::kb_with_overlay(None);
    for (name, title) in [
        ("formula", "=HYPERLINK(\"http://x.example\",\"y\")"),
        ("at", "@SUM(A1)"),
        ("plus", "+1+2"),
        ("tab", "\tcmd"),
    ] {
        std::fs::write(
            kb.path().join(format!("content/requirements/th/{name}.md")),
            format!(
                "---\ntitle: {{ja: {t}, en: {t}}}\nsummary: {{ja: 要約, en: Summary}}\ncategory: other\nsources:\n  - {{title: S, url: https://example.org/s, accessed: 2026-11-01}}\nlast_reviewed: 2026-11-01\n---\nBody.\n",
                t = serde_json::to_string(title).unwrap()
            ),
        )
        .unwrap();
    }
    let lib = common::load_dir(kb.path()).unwrap().library;
    let pl = plan(
        &lib,
        &Profile::parse(&lib, &input("th", "B", None, "", "")).unwrap(),
        Lang::En,
    );
    let bytes = render(&pl, Format::Csv).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM first");
    let mut rdr = csv::Reader::from_reader(&bytes[3..]);
    let titles: Vec<String> = rdr.records().map(|r| r.unwrap()[2].to_string()).collect();
    for t in ["'=HYPERLINK", "'@SUM(A1)", "'+1+2", "'\tcmd"] {
        assert!(titles.iter().any(|x| x.starts_with(t)), "{t} in {titles:?}");
    }
    assert!(!titles.iter().any(|x| x.starts_with(['=', '@', '+', '\t'])));
    parity(&lib, 30, 9);
}

/// Classes in the user's own scheme (US, EU, Japan) are taken to their usual
/// GHTF class, and the plan says so in its language.
#[test]
fn classes_of_other_schemes_are_understood_and_said() {
    let (_kb, lib) = fixture();
    // EU IIb ≈ GHTF C → Thailand's class 3 (the fixture maps C → 3).
    let p = Profile::parse(&lib, &input("th", "IIb", None, "", "")).unwrap();
    assert_eq!(p.class.global, Some(GhtfClass::C));
    assert_eq!(p.class.converted[0].from, "EU IIb");
    let direct = Profile::parse(&lib, &input("th", "C", None, "", "")).unwrap();
    assert_eq!(
        ids(&lib, &input("th", "IIb", None, "", "")),
        plan(&lib, &direct, Lang::En).markets[0]
            .steps
            .iter()
            .map(|s| s.id.clone())
            .collect::<Vec<_>>()
    );
    // Japan's class III is GHTF C, unlike the US/EU class III (D).
    assert_eq!(
        Profile::parse(&lib, &input("th", "jp:III", None, "", ""))
            .unwrap()
            .class
            .global,
        Some(GhtfClass::C)
    );
    assert_eq!(
        Profile::parse(&lib, &input("th", "III", None, "", ""))
            .unwrap()
            .class
            .global,
        Some(GhtfClass::D)
    );
    // Per market too.
    let pm = Profile::parse(&lib, &input("th", "th=IIa", None, "", "")).unwrap();
    assert_eq!(pm.class.per_market["th"], "B");
    // The exports say it in the plan's language, with names instead of codes.
    let ja = String::from_utf8(render(&plan(&lib, &p, Lang::Ja), Format::Md).unwrap()).unwrap();
    assert!(ja.contains("EU IIbから換算"), "{ja}");
    let en = String::from_utf8(render(&plan(&lib, &p, Lang::En), Format::Md).unwrap()).unwrap();
    assert!(
        en.contains("from EU IIb") && en.contains("not a classification"),
        "{en}"
    );
    assert!(!en.contains("markets: th"), "{en}");
    // Unknown labels are usage errors that list what is understood.
    let err = Profile::parse(&lib, &input("th", "V", None, "", ""))
        .unwrap_err()
        .to_string();
    assert!(err.contains("IIb"), "{err}");
}

/// The workbook a consultant hands over: sheets in the plan's language, a
/// cover with real date cells, widths, hyperlinks, filters, frozen headers.
#[test]
fn the_workbook_is_client_ready() {
    use calamine::{Data, Reader, Xlsx};
    let repo = repo();
    let p = Profile::parse(&repo, &input("th,vn", "C", None, "", "us")).unwrap();
    let pl = plan(&repo, &p, Lang::Ja);
    let info = regnav::checklist::export::ExportInfo {
        generated: "2026-12-04".into(),
        kb_reviewed: Some("2026-11-26".into()),
        base_url: "https://regnav.example.org/".into(),
    };
    let bytes = regnav::checklist::export::render_with(&pl, Format::Xlsx, &info).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("表紙"));
    assert!(
        names.contains(&"タイ".to_string())
            && names.contains(&"書類マトリクス".to_string())
            && names.contains(&"相談先".to_string()),
        "{names:?}"
    );
    let cover = wb.worksheet_range("表紙").unwrap();
    let dates: Vec<&Data> = cover
        .used_cells()
        .map(|(_, _, c)| c)
        .filter(|c| matches!(c, Data::DateTime(_)))
        .collect();
    assert_eq!(
        dates.len(),
        2,
        "generation and knowledge-base dates are date cells"
    );
    let th = wb.worksheet_range("タイ").unwrap();
    let header: Vec<String> = th
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        header.contains(&"適用条件".to_string()) && header.contains(&"手数料".to_string()),
        "{header:?}"
    );
    let text: String = th
        .used_cells()
        .map(|(_, _, c)| c.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !text.contains("class:") && !text.contains("ref:"),
        "no rule syntax"
    );
    assert!(
        text.contains("登録") || text.contains("届出"),
        "categories in Japanese"
    );
    // Widths, filters, frozen panes and hyperlinks, read from the sheet XML.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains("<cols>") && xml.contains("customWidth"),
        "column widths"
    );
    assert!(
        xml.contains("<autoFilter") && xml.contains("<pane"),
        "filter and frozen header"
    );
    assert!(xml.contains("<hyperlink"), "links to pages and sources");
    let mut rels = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/_rels/sheet2.xml.rels").unwrap(),
        &mut rels,
    )
    .unwrap();
    assert!(
        rels.contains("https://regnav.example.org/ja/requirements/th/"),
        "{rels}"
    );
}

/// A plan in a few lines per step: what a consultant reviews (class, time,
/// fees with their conditions, documents), without the prose.
fn review_lines(p: &regnav::checklist::Plan) -> String {
    use std::fmt::Write as _;
    let mut s = format!("{}\n", p.summary);
    for m in &p.markets {
        let totals: Vec<String> = m
            .fees_total
            .iter()
            .map(|t| format!("{} {}–{}", t.currency, t.min, t.max))
            .collect();
        let _ = writeln!(
            s,
            "\n## {} class {} · {}–{} days · fees {}",
            m.title,
            m.class.as_deref().unwrap_or("?"),
            m.duration_days.min,
            m.duration_days.max,
            totals.join("; ")
        );
        for st in &m.steps {
            let days = st
                .duration_days
                .map(|d| format!(" [{}–{} d]", d.min, d.max))
                .unwrap_or_default();
            let _ = writeln!(s, "{}. {} ({}){days}", st.order, st.title, st.category);
            for f in &st.fees {
                let upto = f.amount_max.map(|x| format!("–{x}")).unwrap_or_default();
                let only = f
                    .only_if
                    .as_ref()
                    .map(|w| format!(" only if {w}"))
                    .unwrap_or_default();
                let label = f.label.as_deref().unwrap_or("fee");
                let _ = writeln!(s, "   fee {label}: {}{upto} {}{only}", f.amount, f.currency);
            }
            if !st.documents.is_empty() {
                let docs: Vec<&str> = st
                    .documents
                    .iter()
                    .map(|d| d.trim_start_matches("documents/"))
                    .collect();
                let _ = writeln!(s, "   documents: {}", docs.join(", "));
            }
        }
    }
    s
}

/// Six profiles on the bundled knowledge base, reviewed step by step against
/// the entries' sources; a change to any figure, condition or document shows
/// here. Whatever the content, information steps are never timed, and no
/// general device is asked for an IVD performance report, nor a non-sterile
/// one for sterilisation validation.
#[test]
fn golden_plans_of_the_bundled_knowledge_base() {
    let lib = repo();
    let profiles = [
        (
            "general-class-b",
            input("th,vn,id,my,sg,ph", "B", None, "", ""),
        ),
        (
            "class-c-with-us-approval",
            input("th,vn,id,my,sg,ph", "C", None, "", "us"),
        ),
        (
            "class-d-implantable",
            input("th,vn,my,sg,us,eu,jp", "D", None, "implantable,sterile", ""),
        ),
        (
            "ivd-class-c",
            input("th,vn,id,my,sg,ph", "C", Some("ivd"), "", ""),
        ),
        (
            "samd-with-ai",
            input("us,eu,jp,sg,kr,au", "B", None, "software,ai", ""),
        ),
        (
            "per-market-classes",
            input(
                "th,vn,sg,eu,jp",
                "th=3,vn=C,sg=C,eu=IIb,jp=III",
                None,
                "",
                "",
            ),
        ),
    ];
    for (name, i) in profiles {
        let p = Profile::parse(&lib, &i).unwrap();
        let plan = plan(&lib, &p, Lang::En);
        for m in &plan.markets {
            assert!(
                m.notes.is_empty() || !m.steps.is_empty(),
                "{name}: {} has no steps: {:?}",
                m.title,
                m.notes
            );
            for st in &m.steps {
                if ["fees", "renewal"].contains(&st.category.as_str()) {
                    assert!(
                        st.duration_days.is_none(),
                        "{name}: information step {} is timed",
                        st.id
                    );
                }
                if i.device_type.as_deref() != Some("ivd") {
                    assert!(
                        !st.documents
                            .iter()
                            .any(|d| d.contains("performance-evaluation")),
                        "{name}: {} asks a general device for an IVD report",
                        st.id
                    );
                }
                if !i.attrs.iter().any(|a| a.contains("sterile")) {
                    assert!(
                        !st.documents.iter().any(|d| d.contains("sterilisation")),
                        "{name}: {} asks a non-sterile device for sterilisation validation",
                        st.id
                    );
                }
            }
        }
        insta::assert_snapshot!(format!("golden-{name}"), review_lines(&plan));
    }
}

/// `--have` on the golden profiles: with documents held, a plan lists fewer
/// steps and documents than without; every step of the plan without them is
/// still there, or is satisfied because every document of its `outcome` is
/// held, or gave way to a reliance route because a held approval is the
/// `ref:` fact its rule excludes — never dropped otherwise; every satisfied
/// step names held documents that are its outcome; no held document is
/// listed as missing; and the page's planner agrees (the parity test draws
/// `have` too).
#[test]
fn documents_held_shorten_the_plan_and_never_drop_an_unsatisfied_step() {
    let lib = repo();
    let golden = [
        input("th,vn,id,my,sg,ph", "B", None, "", ""),
        input("th,vn,id,my,sg,ph", "C", None, "", "us"),
        input("th,vn,my,sg,us,eu,jp", "D", None, "implantable,sterile", ""),
        input("th,vn,id,my,sg,ph", "C", Some("ivd"), "", ""),
        input("us,eu,jp,sg,kr,au", "B", None, "software,ai", ""),
        input(
            "th,vn,sg,eu,jp",
            "th=3,vn=C,sg=C,eu=IIb,jp=III",
            None,
            "",
            "",
        ),
    ];
    let have_sets: [&[&str]; 4] = [
        &["iso-13485-certificate"],
        &[
            "iso-13485-certificate",
            "ce-certificate",
            "eu-declaration-of-conformity",
        ],
        &[
            "fda-510k-clearance-letter",
            "instructions-for-use",
            "labels",
        ],
        &[
            "japan-marketing-approval",
            "risk-management-file",
            "csdt",
            "iso-13485-certificate",
        ],
    ];
    let count = |p: &regnav::checklist::Plan| -> (usize, usize) {
        (
            p.markets.iter().map(|m| m.steps.len()).sum(),
            p.documents.len(),
        )
    };
    let mut shorter = 0;
    for g in &golden {
        let base = plan(&lib, &Profile::parse(&lib, g).unwrap(), Lang::En);
        for have in have_sets {
            let mut i = g.clone();
            i.have = have.iter().map(|s| s.to_string()).collect();
            let p = Profile::parse(&lib, &i).unwrap();
            let with = plan(&lib, &p, Lang::En);
            let held: Vec<String> = have.iter().map(|h| format!("documents/{h}")).collect();
            let approvals: Vec<String> = p.have_refs.iter().map(|c| format!("ref:{c}")).collect();
            for (m0, m1) in base.markets.iter().zip(&with.markets) {
                for st in &m0.steps {
                    if m1.steps.iter().any(|s| s.id == st.id) {
                        continue;
                    }
                    if let Some(s) = m1.satisfied.iter().find(|s| s.id == st.id) {
                        let r = lib
                            .get(&EntryId::parse(&s.id).unwrap())
                            .and_then(|e| e.requirement())
                            .unwrap();
                        assert!(
                            !r.outcome.is_empty(),
                            "{}: satisfied without an outcome",
                            s.id
                        );
                        for d in &r.outcome {
                            assert!(held.contains(&d.to_string()), "{}: {d} is not held", s.id);
                        }
                        assert_eq!(
                            s.by,
                            r.outcome.iter().map(|d| d.to_string()).collect::<Vec<_>>()
                        );
                        continue;
                    }
                    let r = lib
                        .get(&EntryId::parse(&st.id).unwrap())
                        .and_then(|e| e.requirement())
                        .unwrap();
                    let excluded = r
                        .applies
                        .none
                        .iter()
                        .any(|f| approvals.contains(&f.to_string()));
                    assert!(
                        excluded,
                        "{have:?} dropped {} from {} although nothing held satisfies it",
                        st.id, m0.jurisdiction
                    );
                }
                for st in &m1.steps {
                    assert!(
                        st.documents.iter().all(|d| !held.contains(d)),
                        "{}: a held document is listed as missing",
                        st.id
                    );
                    for d in &st.held {
                        assert!(held.contains(d), "{}: {d} marked held", st.id);
                    }
                }
            }
            assert!(with.documents.iter().all(|d| !held.contains(&d.id)));
            let (s0, d0) = count(&base);
            let (s1, d1) = count(&with);
            // Held documents alone only remove; a held approval may open a
            // reliance route that asks for documents of its own.
            if p.have_refs.is_empty() {
                assert!(
                    s1 <= s0 && d1 <= d0,
                    "{have:?}: {s1}/{d1} steps/documents > {s0}/{d0}"
                );
            }
            if s1 < s0 && d1 < d0 {
                shorter += 1;
            }
        }
    }
    assert!(
        shorter >= 6,
        "only {shorter} profile × have-set pairs got shorter"
    );
    // The ISO 13485 certificate satisfies the QMS steps whose outcome it is
    // (Thailand, Viet Nam, Indonesia), never Japan's QMS inspection.
    let mut i = input("th,vn,id,jp", "C", None, "", "");
    i.have = vec!["iso-13485-certificate".into()];
    let with = plan(&lib, &Profile::parse(&lib, &i).unwrap(), Lang::En);
    let satisfied: Vec<&str> = with
        .markets
        .iter()
        .flat_map(|m| m.satisfied.iter().map(|s| s.id.as_str()))
        .collect();
    assert_eq!(
        satisfied,
        [
            "requirements/th/quality-system",
            "requirements/vn/quality-system",
            "requirements/id/quality-system"
        ]
    );
    assert!(
        with.markets[3]
            .steps
            .iter()
            .any(|s| s.id == "requirements/jp/qms-ordinance")
    );
    // A held CE certificate is the fact ref:eu: it opens reliance routes.
    let mut i = input("th,sg", "C", None, "", "");
    i.have = vec!["ce-certificate".into()];
    let with = plan(&lib, &Profile::parse(&lib, &i).unwrap(), Lang::En);
    let opened: Vec<&str> = with
        .markets
        .iter()
        .flat_map(|m| m.steps.iter())
        .filter(|s| {
            s.opened_by
                .contains(&"documents/ce-certificate".to_string())
        })
        .map(|s| s.id.as_str())
        .collect();
    assert!(
        !opened.is_empty(),
        "a CE certificate opens a reliance route in TH or SG"
    );
    assert!(
        with.summary.contains("Documents held: CE certificate")
            || with.summary.contains("Documents held:"),
        "{}",
        with.summary
    );
    // Every export says what is held.
    for f in [Format::Md, Format::Csv, Format::Html] {
        let text = String::from_utf8(render(&with, f).unwrap()).unwrap();
        assert!(text.to_lowercase().contains("held"), "{f:?}: {text}");
    }
    // Unknown documents: a usage error with "did you mean".
    let out = Command::new(env!("CARGO_BIN_EXE_regnav"))
        .args([
            "checklist",
            "--to",
            "th",
            "--class",
            "B",
            "--have",
            "iso-13485-certficate",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `iso-13485-certificate`"));
}

/// An IVD in a market without an IVD map of its own is read through the
/// general map, but only to a class IVDs have there: Japan's IVD classes are
/// I–III, so a GHTF class D IVD is not "class IV" (its class is asked for),
/// while class C is class III and gets the IVD route.
#[test]
fn an_ivd_is_never_given_a_class_ivds_do_not_have() {
    let lib = repo();
    let market = |class: &str| {
        let p = Profile::parse(&lib, &input("jp", class, Some("ivd"), "", "")).unwrap();
        plan(&lib, &p, Lang::En).markets.remove(0)
    };
    let d = market("D");
    assert_eq!(d.class, None);
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("class unknown in Japan") && n.contains("local class (I, II, III)")),
        "{:?}",
        d.notes
    );
    // In Japanese, in words: no command-line syntax reaches the reader.
    let p = Profile::parse(&lib, &input("jp", "D", Some("ivd"), "", "")).unwrap();
    let ja = plan(&lib, &p, Lang::Ja).markets.remove(0).notes;
    assert!(
        ja.iter()
            .any(|n| n.starts_with("日本でのクラスが不明") && n.contains("（I、II、III）")),
        "{ja:?}"
    );
    assert!(
        ja.iter().all(|n| !n.contains("--") && !n.contains('<')),
        "{ja:?}"
    );
    let c = market("C");
    assert_eq!(c.class.as_deref(), Some("III"));
    assert!(c.steps.iter().any(|s| s.id == "requirements/jp/ivd-route"));
    // A general device of class D is class IV, as before.
    let p = Profile::parse(&lib, &input("jp", "D", None, "", "")).unwrap();
    assert_eq!(
        plan(&lib, &p, Lang::En).markets[0].class.as_deref(),
        Some("IV")
    );
}
