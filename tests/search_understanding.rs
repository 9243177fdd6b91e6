//! Question understanding (issue #18), one test per item, on the repo's own
//! content through the embedded index: what the analyser recognises
//! (`analysis` in `regnav search --format json`) and what that does to the
//! hits. Each of these failed before the analyser existed.

mod common;

use std::sync::OnceLock;

use regnav::search::understand::Unit;
use regnav::search::{SearchIndex, SearchRequest, SearchResponse};

fn index() -> &'static SearchIndex {
    static I: OnceLock<SearchIndex> = OnceLock::new();
    I.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let lib = common::load_dir(root).unwrap().library;
        SearchIndex::in_ram(&regnav::search::document::documents(&lib))
            .unwrap()
            .with_lexicon(&lib)
    })
}

fn search(q: &str) -> SearchResponse {
    index().search(&SearchRequest {
        query: q.into(),
        limit: 10,
        ..Default::default()
    })
}

fn ids(r: &SearchResponse) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

fn top(r: &SearchResponse, n: usize) -> Vec<&str> {
    ids(r).into_iter().take(n).collect()
}

/// The first hit of `q` is `id`.
fn first_is(q: &str, id: &str) {
    let r = search(q);
    assert_eq!(top(&r, 1), [id], "{q}: {:?}", ids(&r));
}

#[test]
fn item1_india_is_not_indonesia() {
    let r = search("インド 医療機器 規制");
    assert_eq!(r.analysis.markets, ["in"]);
    assert!(!r.hits.is_empty());
    assert!(
        r.hits
            .iter()
            .all(|h| h.jurisdiction.as_deref() != Some("id")),
        "{:?}",
        ids(&r)
    );
    assert_eq!(search("インドネシア 登録").analysis.markets, ["id"]);
    assert_eq!(search("India registration").analysis.markets, ["in"]);
}

#[test]
fn item2_country_and_topic_rank_by_topic_with_stop_words_dropped() {
    let r = search("ベトナム 審査 何日かかる");
    assert_eq!(r.analysis.markets, ["vn"]);
    assert!(
        r.analysis.topics.contains(&"fees".to_string()),
        "{:?}",
        r.analysis
    );
    assert_eq!(top(&r, 1), ["requirements/vn/fees-timelines"]);
    for q in [
        "ベトナムでクラスCの医療機器を販売するには",
        "how do I sell a class C medical device in Vietnam",
    ] {
        let r = search(q);
        assert_eq!(r.analysis.markets, ["vn"], "{q}");
        assert!(
            top(&r, 3).contains(&"requirements/vn/registration"),
            "{q}: {:?}",
            ids(&r)
        );
        assert!(!r.analysis.dropped.is_empty(), "{q}");
        assert!(
            r.analysis
                .units
                .iter()
                .all(|u| !matches!(u, Unit::Terms { phrases } if phrases.iter().any(|p| ["how", "i", "で", "するには", "医療機器", "medical device"].contains(&p.as_str())))),
            "{q}: {:?}",
            r.analysis.units
        );
    }
}

#[test]
fn item3_concepts_in_other_words() {
    let r = search("CE marked device Thailand faster route");
    assert_eq!(r.analysis.markets, ["th"]);
    assert!(
        top(&r, 3).contains(&"requirements/th/abridged-route"),
        "{:?}",
        ids(&r)
    );
}

#[test]
fn item4_classes_of_another_scheme() {
    for (q, market, local) in [
        ("Singapore class 3 device registration", "sg", "c"),
        ("Thailand class IIb", "th", "3"),
        ("タイ クラスIII 申請", "th", "3"),
        // In English, III is the US/EU class III (GHTF D), as the checklist reads it.
        ("Thailand class III", "th", "4"),
        ("ベトナム クラスII", "vn", "b"),
    ] {
        let r = search(q);
        let c = r.analysis.classes.first().unwrap_or_else(|| panic!("{q}"));
        assert_eq!(c.local.get(market).map(String::as_str), Some(local), "{q}");
        assert!(!r.hits.is_empty(), "{q}");
        assert!(
            r.hits
                .iter()
                .all(|h| h.jurisdiction.as_deref().is_none_or(|j| j == market)),
            "{q}: {:?}",
            ids(&r)
        );
        assert_eq!(r.hits[0].jurisdiction.as_deref(), Some(market), "{q}");
    }
    assert!(
        top(&search("Thailand class IIb"), 3).contains(&"requirements/th/notification"),
        "{:?}",
        ids(&search("Thailand class IIb"))
    );
}

#[test]
fn item5_us_the_pronoun() {
    let r = search("can you help us register a device in Malaysia");
    assert_eq!(r.analysis.markets, ["my"]);
    assert!(
        top(&r, 1).iter().all(|id| id.contains("/my/")),
        "{:?}",
        ids(&r)
    );
    assert_eq!(search("US agent").analysis.markets, ["us"]);
    assert_eq!(search("registration in the us").analysis.markets, ["us"]);
    assert_eq!(search("米国 510k").analysis.markets, ["us"]);
}

#[test]
fn item6_nonsense_finds_nothing() {
    for q in ["xqzvw blorf", "xqzvw blorf glimp"] {
        let r = search(q);
        assert_eq!((r.total, r.hits.len()), (0, 0), "{q}: {:?}", ids(&r));
    }
}

#[test]
fn item7_romaji() {
    let r = search("betonamu");
    assert_eq!(r.analysis.markets, ["vn"]);
    assert_eq!(top(&r, 1), ["jurisdictions/vn"]);
    assert_eq!(search("betonaamu").analysis.markets, ["vn"]);
    let r = search("shonin ninsho todokede");
    assert_eq!(r.analysis.romaji.len(), 3, "{:?}", r.analysis);
    assert!(
        ids(&r).iter().any(|id| id.starts_with("requirements/jp/")),
        "{:?}",
        ids(&r)
    );
    assert_eq!(
        search("shounin").analysis.units,
        search("shonin").analysis.units
    );
}

#[test]
fn item8_markets_not_covered_are_named() {
    let r = search("ペルー 医療機器 登録");
    assert_eq!(r.analysis.not_covered.len(), 1);
    assert_eq!(r.analysis.not_covered[0].code, "pe");
    assert_eq!(r.analysis.not_covered[0].ja, "ペルー");
    // Nothing of other markets: only the officers whose coverage includes Peru.
    assert!(!r.hits.is_empty());
    assert!(
        r.hits
            .iter()
            .all(|h| h.kind == "contact" && h.id.contains("cross-border-economic-officer")),
        "{:?}",
        ids(&r)
    );
    // Related: the contacts serving the country, nothing else.
    for (q, code) in [
        ("Panama medical device registration", "pa"),
        ("パナマ 医療機器", "pa"),
    ] {
        let r = search(q);
        assert_eq!(r.analysis.not_covered[0].code, code, "{q}");
        assert!(!r.hits.is_empty(), "{q}");
        assert!(
            r.hits
                .iter()
                .all(|h| h.kind == "contact" || h.jurisdiction.is_none()),
            "{q}: {:?}",
            ids(&r)
        );
        assert!(
            r.hits[0].id.starts_with(&format!("contacts/{code}/")),
            "{q}: {:?}",
            ids(&r)
        );
    }
    // A member state names the union's market.
    assert_eq!(search("Germany medical device").analysis.markets, ["eu"]);
    // Every country has its Japanese name, and a word that only begins
    // with one (シリアル, serial) is not the country.
    for (q, code, ja) in [
        ("ノルウェー 医療機器", "no", "ノルウェー"),
        ("シリア 医療機器", "sy", "シリア"),
        ("ジョージア 医療機器 登録", "ge", "ジョージア"),
        ("アイスランド", "is", "アイスランド"),
    ] {
        let r = search(q);
        assert_eq!(r.analysis.not_covered.len(), 1, "{q}");
        assert_eq!(
            (
                r.analysis.not_covered[0].code.as_str(),
                r.analysis.not_covered[0].ja.as_str()
            ),
            (code, ja)
        );
    }
    assert!(search("シリアル番号").analysis.not_covered.is_empty());
}

#[test]
fn analysis_is_in_the_json() {
    let v = serde_json::to_value(search("Thailand class IIb")).unwrap();
    for k in ["markets", "classes", "topics", "not_covered", "units"] {
        assert!(v["analysis"].get(k).is_some(), "{k}: {v}");
    }
}

#[test]
fn item9_no_hits_come_with_suggestions() {
    let r = search("タイ xqzvw");
    assert!(r.hits.is_empty());
    assert!(
        r.suggestions
            .iter()
            .any(|s| s.query == "タイ" && s.total > 0),
        "{:?}",
        r.suggestions
    );
    // Bigrams mark whole words, not ベト and ナム.
    let r = search("ベトナム 登録");
    assert!(
        r.hits.iter().all(|h| !h.snippet.contains("</b><b>")),
        "{:?}",
        r.hits.iter().map(|h| &h.snippet).collect::<Vec<_>>()
    );
    // A name is marked whole, never a piece of another word (the イン of
    // オンライン, the ンド of ウィンドウ).
    let r = search("インド 登録");
    let snippets: Vec<&str> = r.hits.iter().map(|h| h.snippet.as_str()).collect();
    assert!(
        snippets.iter().any(|s| s.contains("<b>インド</b>")),
        "{snippets:?}"
    );
    assert!(
        snippets.iter().any(|s| s.contains("オンライン")),
        "{snippets:?}"
    );
    assert!(
        snippets
            .iter()
            .all(|s| !s.contains("<b>イン</b>") && !s.contains("<b>ンド</b>")),
        "{snippets:?}"
    );
}

#[test]
fn market_and_class_get_a_direct_answer() {
    let a = search("how do I sell a class C medical device in Vietnam")
        .analysis
        .answer
        .expect("answer");
    assert_eq!((a.market.as_str(), a.class.as_str()), ("vn", "C"));
    assert_eq!(
        a.route.requirement.as_deref(),
        Some("requirements/vn/registration")
    );
    assert_eq!(a.checklist, "checklist/?to=vn&class=vn%3DC");
    let a = search("Thailand class IIb")
        .analysis
        .answer
        .expect("answer");
    assert_eq!(
        a.route.requirement.as_deref(),
        Some("requirements/th/notification")
    );
    assert!(!a.route.fees.is_empty());
    // Two markets, or no class: no single answer.
    assert!(search("タイ ベトナム クラスC").analysis.answer.is_none());
    assert!(search("タイ 登録").analysis.answer.is_none());
    // An IVD never gets a route for general devices only (Egypt's IVD
    // route is for its classes A–D, IIb is a general device's); a market's
    // IVD route, it does.
    assert!(search("Egypt IVD class IIb").analysis.answer.is_none());
    let a = search("日本 IVD クラスII").analysis.answer.unwrap();
    assert_eq!(a.route.ivd, Some(true));
    assert_eq!(
        a.route.requirement.as_deref(),
        Some("requirements/jp/ivd-route")
    );
    let a = search("Korea IVD class 3").analysis.answer.unwrap();
    assert_eq!(
        a.route.requirement.as_deref(),
        Some("requirements/kr/ivd-class-3-4-approval")
    );
}

#[test]
fn letters_run_into_digits_read_as_the_standard_or_form_they_name() {
    // A phrase of the lexicon typed without its space: the topic.
    let r = search("ISO13485");
    assert_eq!(r.analysis.topics, ["quality-system"]);
    assert!(
        top(&r, 5)
            .iter()
            .any(|id| id.ends_with("quality-system") || id.ends_with("quality-management-system")),
        "{:?}",
        ids(&r)
    );
    // A plain word: searched as typed and as its parts ("iec 62304").
    let r = search("IEC62304");
    assert!(r.analysis.units.contains(&Unit::Terms {
        phrases: vec!["iec62304".into(), "iec 62304".into()]
    }));
    assert_eq!(top(&r, 1), ["documents/software-lifecycle-documentation"]);
    // Words with no digits, or no letters, are left as they are.
    assert!(search("udi").analysis.units.iter().all(|u| match u {
        Unit::Terms { phrases } => phrases.len() == 1 || phrases.iter().all(|p| !p.contains(' ')),
        _ => true,
    }));
}

#[test]
fn a_certificate_is_a_document_not_the_certification_route() {
    // 認証書 is a certificate: not the registration topic (認証) and a
    // dropped 書.
    let r = search("ISO 13485 認証書");
    assert_eq!(r.analysis.topics, ["quality-system"]);
    assert!(r.analysis.dropped.is_empty(), "{:?}", r.analysis.dropped);
    assert!(
        top(&r, 3).contains(&"documents/iso-13485-certificate"),
        "{:?}",
        ids(&r)
    );
}

#[test]
fn whom_to_ask_words_find_a_markets_contacts() {
    // 相談窓口 is in no Singapore entry: the desk, the officer and the
    // regulator say 窓口 or are contacts.
    let r = search("シンガポール 相談窓口");
    assert!(
        top(&r, 3).iter().all(|id| id.starts_with("contacts/sg/")),
        "{:?}",
        ids(&r)
    );
    // A contact's kind is searchable: the regulator, the chamber.
    first_is(
        "Vietnam regulator contact",
        "contacts/vn/moh-medical-equipment",
    );
    first_is("Thailand chamber of commerce", "contacts/th/jcc-bangkok");
}

#[test]
fn numbers_and_scripts_are_read_as_the_index_reads_them() {
    // 政令98号: the word 政令, the number 98, and 号 a counter, not a word.
    let r = search("ベトナム 政令98号");
    assert_eq!(r.analysis.markets, ["vn"]);
    assert_eq!(r.analysis.dropped, ["号"]);
    assert!(
        top(&r, 3).contains(&"requirements/vn/regulator-legal-basis"),
        "{:?}",
        ids(&r)
    );
    // A synonym written without a space ("ceマーク") typed with one.
    let r = search("CE マーク");
    assert!(
        r.analysis.units.iter().any(|u| matches!(u,
            Unit::Terms { phrases } if phrases.iter().any(|p| p == "ce marking"))),
        "{:?}",
        r.analysis.units
    );
}

#[test]
fn a_mistyped_market_or_topic_is_read_as_it_and_says_so() {
    let r = search("Singapor registraton");
    assert_eq!(r.analysis.markets, ["sg"]);
    assert_eq!(r.analysis.topics, ["registration"]);
    assert_eq!(
        r.analysis.corrected,
        [
            ["singapor".to_string(), "singapore".to_string()],
            ["registraton".to_string(), "registration".to_string()]
        ]
    );
    // The same hits as spelled right.
    assert_eq!(top(&r, 5), top(&search("Singapore registration"), 5));
    // Two edits in a long name; a swap of neighbours is one.
    assert_eq!(search("Phillipines CMDR").analysis.markets, ["ph"]);
    assert_eq!(search("Veitnam import").analysis.markets, ["vn"]);
    // Short words and words further away are left as they are.
    let r = search("child importer");
    assert!(
        r.analysis.markets.is_empty() && r.analysis.corrected.is_empty(),
        "{:?}",
        r.analysis
    );
}

#[test]
fn a_phrase_of_several_words_with_one_mistyped_is_read_as_the_phrase() {
    // The stemmer reads "notifed" as "notif" (notification): without the
    // phrase, an importer's page came first.
    let r = search("notifed body MDR certificate");
    assert_eq!(
        r.analysis.corrected,
        [["notifed body".to_string(), "notified body".to_string()]]
    );
    assert_eq!(
        top(&r, 1),
        ["requirements/eu/notified-body"],
        "{:?}",
        ids(&r)
    );
    let r = search("quality managment system");
    assert_eq!(r.analysis.topics, ["quality-system"]);
    // Two words mistyped, or a short one: left as typed.
    for q in ["clincal evalution", "notifd body"] {
        assert!(search(q).analysis.corrected.is_empty(), "{q}");
    }
}

#[test]
fn the_part_of_a_topic_typed_is_said() {
    // 認証 is registration, and the part of it asked for; 登録, the topic's
    // first Japanese phrase, names the whole.
    let said = |q: &str| -> Vec<String> {
        search(q)
            .analysis
            .units
            .into_iter()
            .find_map(|u| match u {
                Unit::Topic { said, .. } => Some(said),
                _ => None,
            })
            .unwrap_or_default()
    };
    assert_eq!(said("日本 認証 クラスII"), ["認証"]);
    assert_eq!(said("承認 認証 届出"), ["承認", "認証", "届出"]);
    assert!(said("タイ 登録").is_empty());
    assert!(said("Thailand registration").is_empty());
    assert_eq!(said("Japan approval"), ["approval"]);
}

#[test]
fn exporting_to_a_market_asks_for_the_market() {
    // A maker exports to enter the market: the word is scaffolding, as
    // "device" is (機器), and the question is the market's, never empty.
    let r = search("サウジアラビアに輸出するには何が必要");
    assert_eq!(r.analysis.markets, ["sa"]);
    assert!(r.analysis.dropped.iter().any(|d| d == "輸出"));
    assert_eq!(top(&r, 1), ["jurisdictions/sa"], "{:?}", ids(&r));
    // With a class: the route for it.
    first_is(
        "ベトナムにクラスCの機器を輸出したい",
        "requirements/vn/registration",
    );
    // An importer-exporter and an export certificate are still words.
    first_is("ミャンマー 輸出入業者登録", "requirements/mm/importer");
    first_is("輸出証明書", "documents/free-sale-certificate");
}

#[test]
fn fda_alone_is_the_us_fda_and_with_a_market_that_markets() {
    // Thailand's, the Philippines' and Myanmar's regulators are FDAs too:
    // the market named decides; none named, the US.
    let r = search("FDA registration");
    assert_eq!(r.analysis.markets, ["us"]);
    assert!(
        top(&r, 5).iter().all(|id| id.contains("/us/")),
        "{:?}",
        ids(&r)
    );
    assert_eq!(search("AI 医療機器 FDA").analysis.markets, ["us"]);
    assert_eq!(search("Philippines FDA").analysis.markets, ["ph"]);
    assert_eq!(search("ミャンマー FDA 登録").analysis.markets, ["mm"]);
    // A market not covered named: not the US either.
    assert!(search("Peru FDA").analysis.markets.is_empty());
}

#[test]
fn a_compound_with_a_suffix_also_finds_its_stem() {
    // 変更届 (a change notification) is in no Mexican entry; 変更 is.
    let r = search("メキシコ 変更届");
    assert!(r.analysis.units.contains(&Unit::Terms {
        phrases: vec!["変更届".into(), "変更".into()]
    }));
    assert!(
        !r.hits.is_empty()
            && r.hits
                .iter()
                .all(|h| h.jurisdiction.as_deref() == Some("mx")),
        "{:?}",
        ids(&r)
    );
}

#[test]
fn the_classification_rule_sets_are_about_classification() {
    // The rule sets (GHTF, IVD, SaMD) rank with the classification topic.
    let r = search("classification rules");
    assert_eq!(r.analysis.topics, ["classification"]);
    assert!(
        top(&r, 2)
            .iter()
            .all(|id| id.starts_with("classification/")),
        "{:?}",
        ids(&r)
    );
    assert_eq!(
        top(&search("SaMD classification"), 1),
        ["classification/samd"]
    );
}
