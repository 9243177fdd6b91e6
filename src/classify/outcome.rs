//! The answer of the assistant: the class and the rule that decided it
//! (paraphrase, quoted phrase, source), the other rules that fired, then the
//! class in each market through its `class_map` with the local name, the
//! route for that class, how the market's data departs from GHTF, and its
//! own classification entry. The page's `classify.js` builds the same JSON.

use serde::Serialize;

use super::engine::{self, Answers};
use crate::content::Library;
use crate::content::classification::{Rule, RuleSet};
use crate::content::ids::{Attr, Category, Code, DeviceType, GhtfClass, Kind, Lang, Scheme};
use crate::content::model::{Entry, Jurisdiction};

/// What the assistant answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The rule set's id (`classification/general`).
    pub rules: String,
    /// Its title.
    pub title: String,
    /// `ghtf` or `samd`.
    pub scheme: Scheme,
    /// `general` or `ivd`.
    #[serde(rename = "type")]
    pub device_type: DeviceType,
    /// Language of the words.
    pub lang: Lang,
    /// The questions asked and the answers given, in order.
    pub answers: Vec<AnswerView>,
    /// The class (A–D) or SaMD category (I–IV).
    pub class: String,
    /// The rule that decided it.
    pub decided_by: RuleView,
    /// The other rules that fired.
    pub also: Vec<RuleView>,
    /// The class in each market.
    pub markets: Vec<MarketClass>,
    /// The checklist page's query for this device (`class=C&attr=implantable`).
    pub checklist: String,
    /// That this is guidance, not a determination.
    pub notice: String,
}

/// A question asked and what was answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerView {
    /// Question id.
    pub question: String,
    /// The question.
    pub text: String,
    /// The answers chosen: `[id, text]`.
    pub chosen: Vec<(String, String)>,
}

/// A rule in the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleView {
    /// Rule id.
    pub id: String,
    /// Its number in the source.
    pub rule: String,
    /// The class it gives.
    pub class: String,
    /// The paraphrase.
    pub text: String,
    /// The quoted phrase, if any.
    pub quote: Option<String>,
    /// The source's title.
    pub source_title: String,
    /// The source's address.
    pub source_url: String,
}

/// The class in one market.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketClass {
    /// Jurisdiction code.
    pub code: String,
    /// Its name.
    pub title: String,
    /// The local class, if the market's class map gives one.
    pub class: Option<String>,
    /// The local class as named there (`クラスII（管理医療機器）`, `Class IIb`).
    pub name: String,
    /// The routes the market's data gives for that class.
    pub routes: Vec<String>,
    /// Where the market's data departs from GHTF for this device.
    pub notes: Vec<String>,
    /// The market's own classification entry: `[id, title, summary]`.
    pub classification: Vec<(String, String, String)>,
}

/// The sentences of an answer, `(key, ja, en)`: one table for the CLI and
/// the page (shipped in its data), `{classes}` and `{class}` filled in.
pub const WORDS: &[(&str, &str, &str)] = &[
    (
        "notice",
        "これはGHTF/IMDRFの分類ルールに沿った目安であり、クラス分類の判断ではない。各国の規制当局または認証機関（ノーティファイドボディ等）の判断が優先する。",
        "This is guidance that follows the GHTF/IMDRF rules, not a classification: the regulator's or the notified body's determination governs.",
    ),
    (
        "samd",
        "IMDRFのSaMDカテゴリーは規制上のクラスではない。各市場のクラスは一般医療機器のルールで判断する。",
        " An IMDRF SaMD category is not a regulatory class: each market's class follows from the general device rules.",
    ),
    (
        "no_map",
        "この市場のGHTFクラス対応表（class_map）はナレッジベースにない",
        "The knowledge base has no GHTF class map for this market",
    ),
    (
        "merged",
        "この市場ではGHTFの{classes}がいずれもクラス{class}になる",
        "Here GHTF {classes} are all class {class}",
    ),
    (
        "ivd_fallback",
        "IVDの別のクラス表が登録されていないため、一般医療機器の対応表を使った",
        "No separate IVD classes are recorded for this market: its general class map was used",
    ),
];

fn l(lang: Lang, key: &str) -> String {
    WORDS
        .iter()
        .find(|(k, ..)| *k == key)
        .map(|&(_, ja, en)| if lang == Lang::Ja { ja } else { en })
        .unwrap_or_default()
        .to_string()
}

/// A local class as the market names it.
pub fn local_name(j: &Jurisdiction, class: &str, lang: Lang) -> String {
    let label = j
        .class_labels
        .iter()
        .find(|(c, _)| c.0 == class)
        .map(|(_, t)| t.or_any(lang).to_string());
    match (label, lang) {
        (Some(t), Lang::Ja) => format!("クラス{class}（{t}）"),
        (Some(t), _) => format!("Class {class} ({t})"),
        (None, Lang::Ja) => format!("クラス{class}"),
        (None, _) => format!("Class {class}"),
    }
}

/// The class of a device of `ghtf` class in one market, with its words.
pub fn market_class(
    lib: &Library,
    e: &Entry,
    ghtf: GhtfClass,
    device_type: DeviceType,
    lang: Lang,
) -> Option<MarketClass> {
    let j = e.jurisdiction()?;
    let ivd = device_type == DeviceType::Ivd;
    let map = if ivd && !j.ivd_class_map.is_empty() {
        &j.ivd_class_map
    } else {
        &j.class_map
    };
    let class = j.map_class(ghtf, ivd).map(|c| c.0.clone());
    let mut notes = Vec::new();
    match &class {
        None => notes.push(l(lang, "no_map")),
        Some(c) => {
            let same: Vec<&str> = map
                .iter()
                .filter(|(_, local)| &local.0 == c)
                .map(|(g, _)| g.as_str())
                .collect();
            if same.len() > 1 {
                let sep = if lang == Lang::Ja { "・" } else { ", " };
                notes.push(
                    l(lang, "merged")
                        .replace("{classes}", &same.join(sep))
                        .replace("{class}", c),
                );
            }
        }
    }
    if ivd && j.ivd_class_map.is_empty() && !j.class_map.is_empty() {
        notes.push(l(lang, "ivd_fallback"));
    }
    let routes = match &class {
        Some(c) => j
            .routes
            .iter()
            .filter(|r| r.classes.iter().any(|x| &x.0 == c))
            .filter(|r| r.device_type.is_none_or(|t| t == device_type))
            .map(|r| r.name.or_any(lang).to_string())
            .collect(),
        None => vec![],
    };
    let classification = lib
        .requirements_of(&j.code)
        .filter(|r| {
            r.requirement()
                .is_some_and(|x| x.category == Category::Classification)
        })
        .map(|r| {
            (
                r.id.to_string(),
                r.title.or_any(lang).to_string(),
                r.summary.or_any(lang).to_string(),
            )
        })
        .collect();
    Some(MarketClass {
        code: j.code.to_string(),
        title: e.title.or_any(lang).to_string(),
        name: class
            .as_deref()
            .map_or_else(|| "—".to_string(), |c| local_name(j, c, lang)),
        class,
        routes,
        notes,
        classification,
    })
}

fn rule_view(e: &Entry, r: &Rule, lang: Lang) -> RuleView {
    let source = e.sources.get(r.source);
    RuleView {
        id: r.id.clone(),
        rule: r.rule.clone(),
        class: r.class.clone(),
        text: r.text.or_any(lang).to_string(),
        quote: r.quote.clone(),
        source_title: source
            .map(|s| s.title.localize(e.lang).or_any(lang).to_string())
            .unwrap_or_default(),
        source_url: source.map(|s| s.url.to_string()).unwrap_or_default(),
    }
}

/// The notice every answer carries.
pub fn notice(scheme: Scheme, lang: Lang) -> String {
    let base = l(lang, "notice");
    match scheme {
        Scheme::Ghtf => base,
        Scheme::Samd => base + &l(lang, "samd"),
    }
}

/// The checklist page's query for the device: markets, class, type and the
/// attributes the answers imply (in the order the checklist lists them).
pub fn checklist_query(
    to: &[Code],
    class: Option<&str>,
    device_type: DeviceType,
    attrs: &[Attr],
) -> String {
    let mut q: Vec<String> = Vec::new();
    if !to.is_empty() {
        q.push(format!(
            "to={}",
            to.iter().map(Code::as_str).collect::<Vec<_>>().join(",")
        ));
    }
    if let Some(c) = class {
        q.push(format!("class={c}"));
    }
    if device_type == DeviceType::Ivd {
        q.push("type=ivd".to_string());
    }
    let mut attrs = attrs.to_vec();
    attrs.sort();
    attrs.dedup();
    if !attrs.is_empty() {
        q.push(format!(
            "attr={}",
            attrs
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(",")
        ));
    }
    q.join("&")
}

/// The answer for complete answers (see [`engine::walk`]); `None` when a
/// question is still open or no rule fires.
pub fn outcome(
    lib: &Library,
    e: &Entry,
    set: &RuleSet,
    answers: &Answers,
    to: &[Code],
    lang: Lang,
) -> Option<Outcome> {
    let walk = engine::walk(set, answers);
    if walk.next.is_some() {
        return None;
    }
    let fired = engine::fired(set, &walk.facts);
    let decided = engine::decide(set, &fired)?;
    let mut attrs: Vec<Attr> = Vec::new();
    let views: Vec<AnswerView> = walk
        .asked
        .iter()
        .filter_map(|qid| {
            let q = set.question(qid)?;
            let chosen = answers.get(qid)?;
            let mut pairs = Vec::new();
            for o in &q.options {
                if chosen.contains(&o.id) {
                    attrs.extend(o.attrs.iter().copied());
                    pairs.push((o.id.clone(), o.text.or_any(lang).to_string()));
                }
            }
            Some(AnswerView {
                question: q.id.clone(),
                text: q.text.or_any(lang).to_string(),
                chosen: pairs,
            })
        })
        .collect();
    let ghtf = match set.scheme {
        Scheme::Ghtf => GhtfClass::parse(&decided.class),
        Scheme::Samd => None,
    };
    let markets: Vec<MarketClass> = match ghtf {
        None => vec![],
        Some(g) if to.is_empty() => lib
            .of_kind(Kind::Jurisdiction)
            .filter_map(|j| market_class(lib, j, g, set.device_type, lang))
            .filter(|m| m.class.is_some())
            .collect(),
        Some(g) => to
            .iter()
            .filter_map(|c| lib.jurisdiction(c))
            .filter_map(|j| market_class(lib, j, g, set.device_type, lang))
            .collect(),
    };
    Some(Outcome {
        rules: e.id.to_string(),
        title: e.title.or_any(lang).to_string(),
        scheme: set.scheme,
        device_type: set.device_type,
        lang,
        answers: views,
        class: decided.class.clone(),
        decided_by: rule_view(e, decided, lang),
        also: fired
            .iter()
            .filter(|r| r.id != decided.id)
            .map(|r| rule_view(e, r, lang))
            .collect(),
        markets,
        checklist: checklist_query(to, ghtf.map(GhtfClass::as_str), set.device_type, &attrs),
        notice: notice(set.scheme, lang),
    })
}
