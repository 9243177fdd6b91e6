//! The static search (the site searching itself in the browser): relevance
//! of the JavaScript searcher over the index `build` writes, measured with
//! node on the same question set as the embedded index.

mod common;

/// Runs the page's search code in node (`tests/static_search.js ARGS…`) and
/// returns what it printed, as JSON.
fn node(root: &std::path::Path, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let res = Command::new("node")
        .arg(root.join("tests/static_search.js"))
        .args(args)
        .output()
        .expect("node (.ci/run installs nodejs)");
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    serde_json::from_slice(&res.stdout).unwrap()
}

use std::process::Command;

use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    q: String,
    lang: String,
    expect: Vec<String>,
}

#[test]
fn static_search_relevance() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, site) = common::build_site(root, None);
    let cases: Vec<Case> = serde_yaml::from_str(
        &std::fs::read_to_string(root.join("tests/data/relevance.yaml")).unwrap(),
    )
    .unwrap();
    let queries: Vec<_> = cases
        .iter()
        .map(|c| serde_json::json!({"q": c.q, "lang": c.lang}))
        .collect();
    let qfile = out.path().join("q.json");
    std::fs::write(&qfile, serde_json::to_vec(&queries).unwrap()).unwrap();
    let results: Vec<Vec<String>> =
        serde_json::from_value(node(root, &[site.as_os_str(), qfile.as_os_str()])).unwrap();
    let mut figures = common::Relevance::default();
    for (c, ids) in cases.iter().zip(&results) {
        figures.add(&c.q, &c.lang, &c.expect, ids);
    }
    figures.print("static search relevance");
    let (mrr, recall, _) = figures.overall();
    let top5 = figures.worst_top5();
    assert!(
        mrr >= 0.88 && recall >= 0.82 && top5 >= 0.95,
        "MRR {mrr:.3}, recall@5 {recall:.3}, worst top-5 {top5:.3}"
    );
}

/// The page reads questions exactly as `regnav search` does: the same
/// analysis (markets, classes, topics, romaji, stop words, units) for every
/// question of the relevance set and the issue's examples.
#[test]
fn analysis_parity_with_the_embedded_index() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, site) = common::build_site(root, None);
    let lib = common::load_dir(root).unwrap().library;
    let lex = regnav::search::understand::Lexicon::new(&lib);
    let cases: Vec<Case> = serde_yaml::from_str(
        &std::fs::read_to_string(root.join("tests/data/relevance.yaml")).unwrap(),
    )
    .unwrap();
    let mut queries: Vec<String> = cases.iter().map(|c| c.q.clone()).collect();
    queries.extend(
        [
            "",
            "can you help us register a device in Malaysia",
            "US agent",
            "WHO 事前認証",
            "who can help",
            "shōnin ninsho todokede",
            "betonaamu",
            "constructor toString __proto__",
            "盤谷日本人商工会議所 日本",
            "ＩＳＯ１３４８５ 認証書",
            "Thailand class IIb クラスⅢ class 3 classification",
            "Thailand class III",
            "Japan class III",
            "İstanbul ΣΑΣ ß ﬁ",
            "サウジアラビア 医療機器",
            "Germany CE marked device",
            // An alias of another market beside a market's name: a word.
            "Philippines FDA CMDR",
            "Taiwan TFDA registration class 2",
            "TFDA クラス2 台湾",
            "EU MDR Swissmedic",
            "how to",
            // A phrase of several words with one mistyped, and what is not.
            "quality managment system Japan",
            "notifed  body",
            "clincal evalution",
            "Notifed Body2",
        ]
        .map(String::from),
    );
    let qfile = out.path().join("a.json");
    std::fs::write(&qfile, serde_json::to_vec(&queries).unwrap()).unwrap();
    let js: Vec<serde_json::Value> = serde_json::from_value(node(
        root,
        &["--analyse".as_ref(), site.as_os_str(), qfile.as_os_str()],
    ))
    .unwrap();
    assert_eq!(js.len(), queries.len());
    for (q, j) in queries.iter().zip(&js) {
        let rust = serde_json::to_value(regnav::search::understand::analyse(&lex, q)).unwrap();
        assert_eq!(&rust, j, "{q}");
    }
}

/// The page names a market it lacks and offers searches when nothing is
/// found (issue #18, items 8 and 9); marks cover whole words.
#[test]
fn the_page_names_markets_not_covered_and_suggests() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, site) = common::build_site(root, None);
    let page = |lang: &str, q: &str| -> serde_json::Value {
        node(
            root,
            &[
                "--page".as_ref(),
                site.as_os_str(),
                lang.as_ref(),
                q.as_ref(),
            ],
        )
    };
    let r = page("ja", "ペルー 医療機器 登録");
    assert_eq!(r["not_covered"][0]["ja"], "ペルー", "{r}");
    let r = page("en", "Panama medical device registration");
    assert_eq!(r["not_covered"][0]["en"], "Panama", "{r}");
    assert!(
        r["ids"][0].as_str().unwrap().starts_with("contacts/pa/"),
        "{r}"
    );
    let r = page("ja", "タイ xqzvw");
    assert_eq!(r["total"], 0, "{r}");
    assert!(
        r["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["query"] == "タイ"),
        "{r}"
    );
    let r = page("en", "xqzvw blorf");
    assert_eq!(r["total"], 0, "{r}");
    let r = page("ja", "ベトナム 登録");
    let snippets = r["snippets"].to_string();
    assert!(!snippets.contains("</mark><mark>"), "{snippets}");
    // A name is marked whole, never a piece of another word: not the イン of
    // オンライン, not the "to" of Bluetooth (from "licence to sell").
    let r = page("ja", "インド 登録");
    let snippets = r["snippets"].to_string();
    assert!(snippets.contains("<mark>インド</mark>"), "{snippets}");
    assert!(snippets.contains("オンライン"), "{snippets}");
    assert!(!snippets.contains("<mark>イン</mark>"), "{snippets}");
    assert!(!snippets.contains("<mark>to</mark>"), "{snippets}");
}

/// Reads one index file (`RegnavSearch.chunk("<lang>/<key>", DATA);`) as JSON.
fn chunk_data(file: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(file).unwrap();
    let start = text.find(',').unwrap() + 1;
    let end = text.rfind(");").unwrap();
    serde_json::from_str(&text[start..end]).unwrap()
}

/// Issue #21: a first query does not fetch every entry's facets (352 KB per
/// language at 100k entries, more than a whole first query may cost): it
/// reads the documents of the facet values the question or a filter names
/// (a market, a topic, a class) from their own small files. The counts
/// beside the filters are fetched apart, and each agrees with what filtering
/// by that value finds.
#[test]
fn a_first_query_fetches_only_the_facet_values_it_names() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_out, site) = common::build_site(root, None);
    let bytes = |lang: &str, q: &str, filters: &str, counts: bool| -> serde_json::Value {
        let dir = site.join("search").join(lang);
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "--bytes".as_ref(),
            dir.as_os_str(),
            lang.as_ref(),
            q.as_ref(),
            filters.as_ref(),
        ];
        if counts {
            args.push("--counts".as_ref());
        }
        node(root, &args)
    };
    let meta = chunk_data(&site.join("search/en/meta.js"));
    let number = |facet: &str, value: &str| -> usize {
        meta[facet]
            .as_array()
            .unwrap()
            .iter()
            .position(|v| v == value)
            .unwrap_or_else(|| panic!("{facet} {value}"))
    };
    let th = format!("en/fj{}", number("jurisdictions", "th"));
    let vn = format!("en/fj{}", number("jurisdictions", "vn"));
    // One market alone, or with a topic and a class: its page, scored at
    // build time (mk<j>-<c>.js).
    let th_page = format!("en/mk{}-x", number("jurisdictions", "th"));
    let th_registration = format!(
        "en/mk{}-{}",
        number("jurisdictions", "th"),
        number("categories", "registration")
    );
    let registration = number("categories", "registration");
    let registration_scores = format!("en/ut{registration}");
    // A topic alone is answered by its page, scored at build time.
    let registration_page = format!("en/tp{registration}");
    for (lang, q, filters, want) in [
        ("en", "device", "{}", vec![]),
        ("ja", "医療機器", "{}", vec![]),
        ("en", "registration", "{}", vec![registration_page]),
        ("en", "Thailand", "{}", vec![th_page]),
        (
            "en",
            "Thailand class B registration",
            "{}",
            vec![th_registration],
        ),
        // Two markets: their entries, each from its own file.
        ("en", "Thailand Vietnam", "{}", vec![th.clone(), vn]),
        // A topic with a word: the topic's scores, written by the build
        // (ut<c>.js), with a market too (the repo's topics score too few
        // documents for files per market, mt<j>-<c>.js).
        (
            "en",
            "registration software",
            "{}",
            vec![registration_scores.clone()],
        ),
        (
            "en",
            "Thailand software registration",
            "{}",
            vec![th.clone(), registration_scores],
        ),
        (
            "en",
            "",
            r#"{"jurisdiction":"th","kind":"contact"}"#,
            vec![th.clone()],
        ),
    ] {
        let r = bytes(lang, q, filters, false);
        let keys: Vec<&str> = r["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert!(r["total"].as_u64().unwrap() > 0, "{q}: {r}");
        assert!(
            !keys.iter().any(|k| k.ends_with("/facets")),
            "{q}: {keys:?}"
        );
        for w in &want {
            assert!(keys.contains(&w.as_str()), "{q}: {w} not in {keys:?}");
        }
        // A plain word names no facet value: only a topic, a market, a
        // class or a filter fetches one.
        if want.is_empty() {
            let values: Vec<&&str> = keys
                .iter()
                .filter(|k| k.split('/').nth(1).is_some_and(|f| f.starts_with('f')))
                .collect();
            assert!(values.is_empty(), "{q}: {values:?}");
        }
    }
    // The counts: fetched with facets.js, and each is the total that
    // filtering by its value finds.
    let q = "Thailand class B registration";
    let r = bytes("en", q, "{}", true);
    assert!(r["counts_bytes"].as_u64().unwrap() > 0, "{r}");
    let counts = r["counts"].as_object().unwrap();
    let mut checked = 0;
    for facet in ["kind", "jurisdiction", "category", "cls"] {
        for (value, n) in counts[facet].as_object().unwrap().iter().take(3) {
            let filters = serde_json::json!({ facet: value }).to_string();
            let f = bytes("en", q, &filters, false);
            assert_eq!(&f["total"], n, "{facet}={value}: {f}");
            checked += 1;
        }
    }
    assert!(checked >= 8, "{counts:?}");
}

/// Issue #21, item 2: a first query for a word found in most documents reads
/// the word's impact-ordered head (`h<k>.js`), not its postings; the first
/// page it gives is the first page of scoring every result — the same
/// documents in the same order with the same scores — for many questions on
/// a generated knowledge base whose heads are cut short.
#[test]
fn the_first_page_from_the_heads_is_that_of_scoring_every_result() {
    use regnav::content::ids::Lang;
    use regnav::search::static_index::{Docs, Source, static_terms, write_source};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir_all(&kb).unwrap();
    let lib = regnav::synth::generated_library(&kb, 400).unwrap();
    let lexicon = regnav::search::understand::Lexicon::new(&lib);
    let search = dir.path().join("search");
    let inline = dir.path().join("search-inline");
    let mut queries: Vec<serde_json::Value> = Vec::new();
    for lang in [Lang::En, Lang::Ja] {
        let docs: Vec<_> = lib
            .entries
            .values()
            .map(|e| regnav::search::document::document(&lib, e, lang))
            .collect();
        // Documents of rare words (more than a shard's worth), so that some
        // shard holds only such words: its heads are the shard itself
        // (written as `1`).
        let rare: Vec<_> = (0..16)
            .map(|i| regnav::search::document::SearchDoc {
                id: format!("guides/rare-{i}"),
                lang,
                kind: "guide",
                jurisdiction: None,
                category: None,
                covers: Vec::new(),
                classes: Vec::new(),
                title: format!("Rare words {i}"),
                aliases: String::new(),
                summary: String::new(),
                body: (0..100)
                    .map(|w: u32| {
                        // Letters only (digits would be words apart).
                        let n = i * 100 + w;
                        let letter = |x: u32| char::from(b'a' + (x % 26) as u8);
                        format!("zzq{}{}{}", letter(n / 676), letter(n / 26), letter(n))
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                url: format!("/{}/guides/rare-{i}/", lang.as_str()),
            })
            .collect();
        let refs: Vec<_> = docs.iter().chain(&rare).collect();
        // The shards' first terms in files of four (b<g>.js), and, to
        // compare, all in meta.js.
        for (dir, bound_group) in [(&search, 4), (&inline, usize::MAX)] {
            let out = dir.join(lang.as_str());
            std::fs::create_dir_all(&out).unwrap();
            let source = Source {
                lang: lang.as_str(),
                docs: Docs::Made(&refs),
                lexicon: &lexicon,
                head_docs: 24,
                within_docs: 60,
                bound_group,
            };
            write_source(&source, &|name: &str, text: String| {
                std::fs::write(out.join(name), text)
            })
            .unwrap();
        }
        // Questions: the words of titles and summaries alone, in pairs and
        // begun (search as you type), whole titles, and common words.
        let mut qs: Vec<String> = [
            "device",
            "devices",
            "medical device",
            "registration",
            "udi",
            "labelling",
            "quality system",
            "clinical evaluation",
            "registraton",
            "dev",
            "re",
            "regi",
            "labe",
            "医療機器",
            "登録",
            "医療",
            "機器",
            "申請",
            "品質",
            "ラベル",
            "認証 申請",
            "承認",
            "approval",
            "marketing authorization",
            // Synonym groups and device types, by any of their phrases.
            "notified body",
            "認証機関",
            "510(k)",
            "premarket notification",
            "CE marking",
            "IVD",
            "体外診断用医療機器",
            "SaMD",
            "software as a medical device",
            // Markets the knowledge base may not cover, and no document
            // may name.
            "Brazil registration",
            "ブラジル",
            "Kazakhstan Thailand",
            "Mongolia",
            "quality management system",
            "xqzvw",
        ]
        .map(String::from)
        .to_vec();
        // Every topic, by two of its phrases (some of whose words the index
        // lacks, read by what they begin or one typo away).
        for (key, phrases) in &lexicon.groups {
            if key.starts_with("topic:") {
                qs.extend(phrases.iter().take(2).cloned());
            }
        }
        // Markets: alone, with a topic, a class or both, in several orders
        // (a topic asked first of three is not a page the build wrote).
        let covered = lexicon.markets.values().filter(|m| m.covered).take(6);
        for (i, m) in covered.enumerate() {
            let name = if lang == Lang::Ja { &m.ja } else { &m.en };
            let local = m.classes.first().cloned().unwrap_or_default();
            qs.push(name.clone());
            qs.push(format!("{name} registration"));
            qs.push(format!("{name} 登録"));
            qs.push(format!("labelling {name}"));
            qs.push(format!("{name} class {local}"));
            // Two markets, or a market and a word: scored from the
            // postings, each market's unit from the documents naming it.
            let other = if lang == Lang::Ja {
                "タイ"
            } else {
                "Vietnam"
            };
            qs.push(format!("{name} {other}"));
            qs.push(format!("{name} {other} labelling"));
            qs.push(format!("{name} device"));
            // A market with a group, a topic and words: the topic's and
            // the group's scores read from within the market (mt, mg).
            qs.push(format!("{name} notified body"));
            qs.push(format!("{name} 510(k) registration"));
            qs.push(format!("{name} registration device"));
            qs.push(format!("認証機関 {name} 品質"));
            for letter in ["A", "B", "C", "D"].iter().skip(i % 3).take(2) {
                qs.push(format!("{name} class {letter} registration"));
                qs.push(format!("class {letter} {name} quality system"));
                qs.push(format!("registration {name} class {letter}"));
                qs.push(format!("{name} クラス{letter} 登録"));
                qs.push(format!("notified body {name} class {letter}"));
            }
        }
        for d in docs.iter().step_by(11).take(30) {
            let words = static_terms(&format!("{} {}", d.title, d.summary));
            qs.push(d.title.clone());
            for (i, w) in words.iter().enumerate().take(8) {
                qs.push(w.clone());
                if let Some(next) = words.get(i + 1) {
                    qs.push(format!("{w} {next}"));
                }
                if w.len() > 4 && w.is_ascii() {
                    qs.push(w[..4].to_string());
                }
            }
        }
        qs.sort();
        qs.dedup();
        queries.extend(
            qs.into_iter()
                .map(|q| serde_json::json!({"q": q, "lang": lang.as_str()})),
        );
    }
    // Both kinds of head file are there: heads, and shards that are their
    // own heads (nothing cut, nothing gathered from the next shards).
    let kinds: std::collections::BTreeSet<bool> = ["en", "ja"]
        .iter()
        .flat_map(|lang| std::fs::read_dir(search.join(lang)).unwrap())
        .map(|f| f.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('h'))
        .map(|p| chunk_data(&p) == serde_json::json!(1))
        .collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    let qfile = dir.path().join("q.json");
    std::fs::write(&qfile, serde_json::to_vec(&queries).unwrap()).unwrap();
    let r = node(
        root,
        &["--heads".as_ref(), search.as_os_str(), qfile.as_os_str()],
    );
    eprintln!(
        "{} pages: {} from the heads, {} of them cut, {} with a topic's category heads, {} topic, {} market and {} group pages written by the build, {} read a unit's scores within a market and {} for every document",
        r["checked"],
        r["heads"],
        r["cut"],
        r["topic"],
        r["page"],
        r["market"],
        r["group"],
        r["within"],
        r["unit"]
    );
    assert_eq!(r["differ"], serde_json::json!([]), "{r}");
    // The comparison means something: many pages came from heads that were
    // cut (and some questions still needed every posting).
    let (checked, heads, cut) = (
        r["checked"].as_u64().unwrap(),
        r["heads"].as_u64().unwrap(),
        r["cut"].as_u64().unwrap(),
    );
    assert!(cut >= 50 && heads < checked, "{r}");
    // Topics ("registration", 登録, "labelling") decided among their
    // category's entries by its heads (`hg<c>.js`), not by every posting.
    assert!(r["topic"].as_u64().unwrap() >= 4, "{r}");
    // And, with the topic pages the build wrote (`tp<c>.js`), from them:
    // the same hits, scores and totals as scoring every result.
    assert!(r["page"].as_u64().unwrap() >= 8, "{r}");
    assert!(r["market"].as_u64().unwrap() >= 100, "{r}");
    assert!(r["group"].as_u64().unwrap() >= 12, "{r}");
    // A topic or group asked with a market, scored from its scores within
    // the market, and the same as from every posting.
    assert!(r["within"].as_u64().unwrap() >= 60, "{r}");
    // And asked with no market, from its scores for every document.
    assert!(r["unit"].as_u64().unwrap() >= 80, "{r}");
    // Their idfs are node's own `Math.log` (src/search/js_log.rs): no page
    // was read in vain.
    assert_eq!(r["page_refused"], serde_json::json!([]), "{r}");
    // The shards' first terms read from their files (b<g>.js) find the
    // same shards as from meta.js: every page the same.
    assert!(search.join("en/b1.js").exists());
    assert!(
        chunk_data(&search.join("en/meta.js"))
            .get("bounds")
            .is_none()
    );
    let whole = node(
        root,
        &["--heads".as_ref(), inline.as_os_str(), qfile.as_os_str()],
    );
    assert_eq!(whole["digest"], r["digest"], "{whole}");
    assert_eq!(whole["differ"], serde_json::json!([]), "{whole}");
}

/// A class question that does not say IVD is about a general device: in both
/// engines the market's general route of that class comes before its IVD-only
/// route, and saying IVD turns the order round.
#[test]
fn a_class_question_ranks_general_routes_before_ivd_only_ones() {
    first_hits_in_both_engines(&[
        (
            "Korea class C registration",
            "en",
            "requirements/kr/class-3-4-approval",
        ),
        (
            "China class III registration",
            "en",
            "requirements/cn/registration-class-3",
        ),
        (
            "India class C registration",
            "en",
            "requirements/in/import-licence-class-c-d",
        ),
        (
            "韓国 クラス3 登録",
            "ja",
            "requirements/kr/class-3-4-approval",
        ),
        (
            "Korea IVD class 3 approval",
            "en",
            "requirements/kr/ivd-class-3-4-approval",
        ),
        (
            "China IVD class III registration",
            "en",
            "requirements/cn/ivd-registration-class-3",
        ),
    ]);
}

/// A topic's part typed (認証, not 承認, of registration) ranks the entries
/// saying it first, in both engines.
#[test]
fn the_part_of_a_topic_typed_ranks_first() {
    first_hits_in_both_engines(&[
        ("日本 認証 クラスII", "ja", "requirements/jp/certification"),
        ("日本 承認 クラスII", "ja", "requirements/jp/approval"),
        ("認証基準", "ja", "requirements/jp/certification"),
        (
            "clinical evaluation report",
            "en",
            "documents/clinical-evaluation-report",
        ),
    ]);
}

/// A market and a class (perhaps "registration") rank first the route the
/// answer card names, in both engines: the hits agree with the card. A
/// route whose entry names no class is about the class all the same (Hong
/// Kong's class I has no listing: its classification page).
#[test]
fn a_market_and_a_class_rank_the_route_answered_first() {
    first_hits_in_both_engines(&[
        ("Thailand class IIb", "en", "requirements/th/notification"),
        ("タイ クラスB 登録", "ja", "requirements/th/notification"),
        (
            "United States class II",
            "en",
            "requirements/us/premarket-notification-510k",
        ),
        (
            "EU class IIa registration",
            "en",
            "requirements/eu/conformity-assessment-routes",
        ),
        ("Hong Kong class I", "en", "requirements/hk/classification"),
        (
            "中国 クラスII",
            "ja",
            "requirements/cn/registration-class-2",
        ),
        // A part of registration typed is not the route answered.
        ("日本 承認 クラスII", "ja", "requirements/jp/approval"),
    ]);
}

/// Each question's first hit, in `regnav search` and on the page.
fn first_hits_in_both_engines(cases: &[(&str, &str, &str)]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (out, site) = common::build_site(root, None);
    let lib = common::load_dir(root).unwrap().library;
    let index = regnav::search::SearchIndex::in_ram(&regnav::search::document::documents(&lib))
        .unwrap()
        .with_lexicon(&lib);
    let queries: Vec<_> = cases
        .iter()
        .map(|(q, lang, _)| serde_json::json!({"q": q, "lang": lang}))
        .collect();
    let qfile = out.path().join("first.json");
    std::fs::write(&qfile, serde_json::to_vec(&queries).unwrap()).unwrap();
    let page: Vec<Vec<String>> =
        serde_json::from_value(node(root, &[site.as_os_str(), qfile.as_os_str()])).unwrap();
    for ((q, lang, first), js) in cases.iter().zip(&page) {
        let cli = index.search(&regnav::search::SearchRequest {
            query: q.to_string(),
            lang: Some(lang.parse().unwrap()),
            limit: 5,
            ..Default::default()
        });
        assert_eq!(
            cli.hits.first().map(|h| h.id.as_str()),
            Some(*first),
            "regnav search: {q}"
        );
        assert_eq!(
            js.first().map(String::as_str),
            Some(*first),
            "page: {q} → {js:?}"
        );
    }
}
