//! The first pages of a market's questions, worked out at build time
//! (`mk<j>-<c>.js`; issue #21, item 2): "Thailand", "タイ 登録", "Thailand
//! class B registration" — one market, with or without one topic and one
//! class, and nothing else.
//!
//! Such a question ranks the same for every reader, as a topic alone does
//! ([`super::static_topics`]): a market's unit scores are fixed weights
//! (its entries, contacts serving it, entries of no market that name it), a
//! class's too (the entries of that class, half for IVD-only ones), and a
//! topic's are its text scores, the same as for the topic alone. At 100k
//! entries the searcher read a topic's every posting for them (1.8 MB for
//! "Thailand registration"); now it reads one file of a few KB.
//!
//! The file `mk<j>-<c>.js` is for market `meta.jurisdictions[j]` and topic
//! `meta.categories[c]` (`x`: no topic): `{"pages": [{"idf": …, "by":
//! {class: {"total": results, "hits": [[document, score], …]}, …}}, …]}`,
//! a page per logarithm as for topics (with no topic, one page and no
//! idf), and per class — `""` for none, else the market's own class label
//! as the question analyser gives it. Scores are summed market, class,
//! topic, as `search.js` sums its units in the order asked: the same sums
//! when the topic is not asked first of three; for a topic asked first the
//! file also has `<class>/tmc` and `<class>/tcm` (topic, market, class;
//! topic, class, market) where those sums rank the hits otherwise.

use rustc_hash::FxHashMap;
use serde_json::{Value, json};

use super::document::SearchDoc;
use super::static_index::{doc_list, push_varint};
use super::static_topics::{Scored, TOPIC, TOPIC_PAGE, UnitScore, topic_score};

/// `search.js`'s market weight (`MARKET`): its own entries score this, a
/// third more for its jurisdiction page, half for contacts serving it, a
/// quarter for entries of no market that name it.
const MARKET: f64 = 30.0;
/// `search.js`'s class weight (`CLASS`), half for an IVD-only route's entries.
const CLASS: f64 = 20.0;

/// What a market's questions are ranked over.
pub struct Market {
    /// Its number in `meta.jurisdictions`.
    pub j: usize,
    /// Its local classes (lower case), each with a page.
    pub classes: Vec<String>,
    /// Its documents: (document, market score, its own or serving it).
    docs: Vec<(u32, f64, bool)>,
    /// Per document of `docs`: its classes, lower case.
    doc_classes: Vec<Vec<String>>,
    /// Per local class, the document of its route's requirement (a general
    /// device's): ranked first of its tier, and about the class, when the
    /// question asks for the route (`understand::route_asked`).
    routes: FxHashMap<String, u32>,
    /// Every document a question naming it can rank (its own, those
    /// serving it, those naming it, whatever other market the question
    /// names), sorted: what `mt`/`mg` files hold a unit's scores for.
    reach: Vec<u32>,
}

impl Market {
    /// Market `code` (number `j`) of `docs`, with `names`: which documents
    /// match its names as text (`textScores` of them).
    pub fn new(
        j: usize,
        code: &str,
        classes: &[String],
        docs: &[SearchDoc],
        names: &[bool],
        routes: FxHashMap<String, u32>,
    ) -> Market {
        let mut scored: Vec<(u32, f64, bool)> = Vec::new();
        let mut reach = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            let own = doc.jurisdiction.as_deref() == Some(code);
            let serving = doc.covers.iter().any(|c| c == code);
            let naming = names.get(d).copied().unwrap_or(false);
            if own || serving || naming {
                reach.push(d as u32);
            }
            // search.js adds half the text score of an alias typed; these
            // pages are for a market named without one.
            let score = if own {
                let page = if doc.kind == "jurisdiction" {
                    MARKET / 3.0
                } else {
                    0.0
                };
                Some((MARKET + page, true))
            } else if serving {
                Some((MARKET / 2.0, true))
            } else if doc.jurisdiction.is_none() && naming {
                // Of no market and naming this one (or of this one: own).
                Some((MARKET / 4.0, false))
            } else {
                None
            };
            if let Some((s, member)) = score {
                scored.push((d as u32, s, member));
            }
        }
        let doc_classes = scored
            .iter()
            .map(|x| {
                docs[x.0 as usize]
                    .classes
                    .iter()
                    .map(|c| c.to_lowercase())
                    .collect()
            })
            .collect();
        Market {
            j,
            classes: classes.to_vec(),
            docs: scored,
            doc_classes,
            routes,
            reach,
        }
    }
}

/// The contents of `mt<j>-<c>.js` or `mg<j>-<g>.js`: a topic's or a
/// synonym group's unit scores for the documents `market` reaches (a
/// question naming the market ranks no other, so the searcher reads these
/// instead of the unit's postings, whatever else is asked). See
/// [`unit_scores`].
pub fn within(
    market: &Market,
    scored: &[Scored],
    score: &UnitScore<'_>,
    category: Option<&[bool]>,
) -> Value {
    unit_scores(&market.reach, scored, score, category)
}

/// A unit's scores (`score`, of the text scores and a document) for
/// `docs`, per logarithm, as `{"docs": doc list, "at": "value numbers…",
/// "pages": [{"idf", "values": [score, …]}]}`: the documents scored, and in
/// their order (varints) the number of each one's score in every page's
/// `values` — numbered by the scores under every logarithm, the most
/// common first, so that most take one digit; for a topic (`category`:
/// per document), `"category"`: its category's documents among `docs`.
/// `mt`/`mg` files hold a market's documents, `ut<c>.js`/`ug<g>.js` every
/// document.
pub fn unit_scores(
    docs: &[u32],
    scored: &[Scored],
    score: &UnitScore<'_>,
    category: Option<&[bool]>,
) -> Value {
    let mut out = scores_of(docs, scored, score);
    // A topic's category among them: the searcher adds the topic's weight,
    // which depends on whether the question names a market.
    if let Some(member) = category {
        let inside: Vec<u32> = docs
            .iter()
            .copied()
            .filter(|&d| member.get(d as usize).copied().unwrap_or(false))
            .collect();
        out["category"] = Value::String(doc_list(&inside));
    }
    out
}

/// [`unit_scores`] but the category.
fn scores_of(docs: &[u32], scored: &[Scored], score: &UnitScore<'_>) -> Value {
    // Per document scored, its score under each logarithm.
    let mut hits: Vec<(u32, Vec<u64>)> = Vec::new();
    for &d in docs {
        let per: Vec<Option<f64>> = scored.iter().map(|s| score(&s.text, d as usize)).collect();
        if let Some(all) = per.iter().copied().collect::<Option<Vec<f64>>>() {
            hits.push((d, all.iter().map(|x| x.to_bits()).collect()));
        }
    }
    // None scored: the same (empty) for any logarithm.
    if hits.is_empty() {
        return json!({"docs": "", "at": "", "pages": [{"idf": [], "values": []}]});
    }
    let mut count: FxHashMap<&[u64], (usize, usize)> = FxHashMap::default();
    for (first, (_, v)) in hits.iter().enumerate() {
        count.entry(v).or_insert((0, first)).0 += 1;
    }
    let mut order: Vec<(&[u64], (usize, usize))> = count.into_iter().collect();
    order.sort_unstable_by_key(|&(_, (n, first))| (std::cmp::Reverse(n), first));
    let number: FxHashMap<&[u64], u32> = order
        .iter()
        .enumerate()
        .map(|(i, (v, _))| (*v, i as u32))
        .collect();
    let mut at = String::new();
    for (_, v) in &hits {
        push_varint(&mut at, number[v.as_slice()]);
    }
    let list: Vec<u32> = hits.iter().map(|h| h.0).collect();
    let pages: Vec<Value> = scored
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let values: Vec<f64> = order.iter().map(|(v, _)| f64::from_bits(v[k])).collect();
            json!({"idf": s.idf, "values": values})
        })
        .collect();
    json!({"docs": doc_list(&list), "at": at, "pages": pages})
}

/// The contents of `mk<j>-<c>.js`: the market's pages with the topic whose
/// text scores and category are given, or none; `route`: whether the
/// question asks for the route of a class (no topic, or registration).
pub fn file(
    market: &Market,
    topic: Option<(&[Scored], &[bool])>,
    route: bool,
    is_term: &[bool],
) -> Value {
    let labels: Vec<Option<&str>> = std::iter::once(None)
        .chain(market.classes.iter().map(|c| Some(c.as_str())))
        .collect();
    let by = |text: Option<(&[Option<f64>], &[bool])>| -> Value {
        let mut pages = serde_json::Map::new();
        for label in &labels {
            let key = label.unwrap_or_default();
            let (total, hits) = ranked(
                market,
                text,
                *label,
                Order::MarketClassTopic,
                route,
                is_term,
            );
            // Asked topic first of three, the sums differ in the last bit
            // for some documents: those pages, where their hits differ.
            if label.is_some() && text.is_some() {
                for (order, suffix) in [
                    (Order::TopicMarketClass, "/tmc"),
                    (Order::TopicClassMarket, "/tcm"),
                ] {
                    let (_, other) = ranked(market, text, *label, order, route, is_term);
                    if other != hits {
                        pages.insert(
                            format!("{key}{suffix}"),
                            json!({"total": total, "hits": other}),
                        );
                    }
                }
            }
            pages.insert(key.to_string(), json!({"total": total, "hits": hits}));
        }
        Value::Object(pages)
    };
    let pages: Vec<Value> = match topic {
        None => vec![json!({"idf": [], "by": by(None)})],
        Some((scored, member)) => scored
            .iter()
            .map(|s| json!({"idf": s.idf, "by": by(Some((&s.text, member)))}))
            .collect(),
    };
    json!({ "pages": pages })
}

/// The number of results of the market's question (with the topic's text
/// scores and category, and class `label`, if asked) and its first
/// [`TOPIC_PAGE`] hits as `[document, score]`, as `search.js`'s `run`
/// ranks them: by tier (every unit asked, or half of them), glossary terms
/// last, the class's route first (when `route`: the question asks for it),
/// the market's own and serving documents first, then by the number of
/// units, score and document.
fn ranked(
    market: &Market,
    topic: Option<(&[Option<f64>], &[bool])>,
    label: Option<&str>,
    order: Order,
    route: bool,
    is_term: &[bool],
) -> (usize, Vec<Value>) {
    let others = usize::from(label.is_some()) + usize::from(topic.is_some());
    let answer = label
        .filter(|_| route)
        .and_then(|l| market.routes.get(l))
        .copied();
    // (tier, not the route, glossary term, member, units, score, document)
    let mut hits: Vec<(u8, bool, bool, bool, usize, f64, u32)> = Vec::new();
    for (i, &(d, m, member)) in market.docs.iter().enumerate() {
        let class = label.and_then(|l| {
            let has = &market.doc_classes[i];
            let about = has.iter().any(|c| c == l);
            if about && has.iter().any(|c| c == IVD_ONLY) {
                Some(CLASS / 2.0)
            } else {
                // The route of the class is about it.
                (about || answer == Some(d)).then_some(CLASS)
            }
        });
        let text = topic.and_then(|(text, category)| {
            let d = d as usize;
            topic_score(text[d], category.get(d).copied().unwrap_or(false), TOPIC)
        });
        let asked = usize::from(class.is_some()) + usize::from(text.is_some());
        let tier = if asked == others {
            0
        } else if others > 1 && asked >= others.div_ceil(2) {
            1
        } else {
            continue;
        };
        // Summed as search.js sums the units, in the order asked.
        let summed = match order {
            Order::MarketClassTopic => [Some(m), class, text],
            Order::TopicMarketClass => [text, Some(m), class],
            Order::TopicClassMarket => [text, class, Some(m)],
        };
        let score = summed.into_iter().flatten().fold(0.0, |sum, s| sum + s);
        let term = is_term.get(d as usize).copied().unwrap_or(false);
        hits.push((tier, answer != Some(d), term, member, asked, score, d));
    }
    let total = hits.len();
    hits.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(b.3.cmp(&a.3))
            .then(b.4.cmp(&a.4))
            .then(b.5.total_cmp(&a.5))
            .then(a.6.cmp(&b.6))
    });
    hits.truncate(TOPIC_PAGE);
    (total, hits.into_iter().map(|h| json!([h.6, h.5])).collect())
}

/// The order in which a question's units are summed: the market's, the
/// class's and the topic's in the order asked; the market before the topic
/// and the class in any order give the same sums.
#[derive(Clone, Copy)]
enum Order {
    MarketClassTopic,
    TopicMarketClass,
    TopicClassMarket,
}

/// The class of an IVD-only route's entries (`search.js`: `IVD_ONLY`).
const IVD_ONLY: &str = "ivd-only";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::static_topics::Scored;

    fn doc(
        jurisdiction: Option<&str>,
        kind: &'static str,
        covers: &[&str],
        classes: &[&str],
    ) -> SearchDoc {
        SearchDoc {
            id: String::new(),
            lang: crate::content::ids::Lang::En,
            kind,
            jurisdiction: jurisdiction.map(String::from),
            category: None,
            covers: covers.iter().map(|c| c.to_string()).collect(),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            title: String::new(),
            aliases: String::new(),
            summary: String::new(),
            body: String::new(),
            url: String::new(),
        }
    }

    /// Asked for a class's route (no topic, or registration), the route's
    /// requirement ranks first of its tier and is about the class, even
    /// when its entry names no class (another topic: not).
    #[test]
    fn a_class_route_asked_ranks_first() {
        let docs = [
            doc(Some("hk"), "requirement", &[], &["2"]), // 0
            doc(Some("hk"), "requirement", &[], &[]),    // 1: the route of class 1
            doc(Some("hk"), "requirement", &[], &["1"]), // 2
        ];
        let routes = FxHashMap::from_iter([("1".to_string(), 1)]);
        let m = Market::new(
            7,
            "hk",
            &["1".into(), "2".into()],
            &docs,
            &[false; 3],
            routes,
        );
        let asked = file(&m, None, true, &[false; 3]);
        let class = &asked["pages"][0]["by"]["1"];
        assert_eq!(class["hits"], json!([[1, 50.0], [2, 50.0]]));
        let other = file(&m, None, false, &[false; 3]);
        assert_eq!(other["pages"][0]["by"]["1"]["hits"], json!([[2, 50.0]]));
    }

    /// A market's own entries (its page a third more), contacts serving it,
    /// entries of no market that name it; with a class and a topic: both
    /// first, then either (tier 1); glossary terms after the entries.
    #[test]
    fn a_market_ranks_its_own_then_those_serving_and_naming_it() {
        let docs = [
            doc(Some("th"), "requirement", &[], &["2"]), // 0
            doc(Some("th"), "jurisdiction", &[], &[]),   // 1
            doc(Some("vn"), "requirement", &[], &["2"]), // 2: another market
            doc(None, "contact", &["th"], &[]),          // 3: serving
            doc(None, "requirement", &[], &[]),          // 4: names it
            doc(None, "term", &[], &[]),                 // 5: a term naming it
            doc(Some("th"), "requirement", &[], &["2", "IVD-only"]), // 6
            doc(None, "requirement", &[], &[]),          // 7: does not name it
        ];
        let names = [false, false, true, false, true, true, false, false];
        let m = Market::new(
            3,
            "th",
            &["1".into(), "2".into()],
            &docs,
            &names,
            FxHashMap::default(),
        );
        let alone = file(
            &m,
            None,
            true,
            &[false, false, false, false, false, true, false, false],
        );
        let page = &alone["pages"][0]["by"][""];
        assert_eq!(page["total"], 6);
        assert_eq!(
            page["hits"],
            json!([
                [1, 40.0],
                [0, 30.0],
                [6, 30.0],
                [3, 15.0],
                [4, 7.5],
                [5, 7.5]
            ])
        );
        // Class 2: the market's entries of that class, half for IVD-only.
        let class = &alone["pages"][0]["by"]["2"];
        assert_eq!(class["hits"], json!([[0, 50.0], [6, 40.0]]));
        // With a topic (text scores 1.0 and 2.0, document 4 in its category):
        // both units first, then either one.
        let text = vec![
            Some(1.0),
            None,
            Some(9.0),
            None,
            Some(2.0),
            None,
            None,
            None,
        ];
        let scored = [Scored {
            idf: json!([]),
            text,
        }];
        let category = [false, false, false, false, true, false, false, false];
        let f = file(&m, Some((&scored, &category)), true, &[false; 8]);
        let both = &f["pages"][0]["by"]["2"];
        assert_eq!(both["total"], 3);
        assert_eq!(
            both["hits"],
            json!([
                [0, 30.0 + 20.0 + 0.2],
                [6, 40.0],
                [4, 7.5 + (2.0 * 0.2 + 60.0)]
            ])
        );
        let topic = &f["pages"][0]["by"][""];
        // Its own entries first, then by score.
        assert_eq!(topic["hits"], json!([[0, 30.0 + 0.2], [4, 7.5 + 60.4]]));
        // Asked topic first ("registration Thailand class 2"), a sum can
        // round otherwise: that page is written too.
        let x = 9.686_927_448_195_258;
        let scored = [Scored {
            idf: json!([]),
            text: vec![Some(x), None, None, None, None, None, None, None],
        }];
        let f = file(&m, Some((&scored, &[false; 8])), true, &[false; 8]);
        let by = &f["pages"][0]["by"];
        let t = x * 0.2;
        assert_ne!((t + 30.0) + 20.0, (30.0 + 20.0) + t);
        assert_eq!(by["2"]["hits"][0], json!([0, (30.0 + 20.0) + t]));
        assert_eq!(by["2/tmc"]["hits"][0], json!([0, (t + 30.0) + 20.0]));
        assert_eq!(by["2/tmc"]["total"], by["2"]["total"]);
        assert!(by.get("/tmc").is_none(), "no class: two units, one sum");
    }

    /// `(document, score)` pairs of a unit file's page `k`, decoded as
    /// `search.js` does.
    fn unpack(f: &Value, k: usize) -> Vec<(u32, f64)> {
        use crate::search::static_heads::{digit_values, read_varint};
        let varints = |s: &str| {
            let (value, bytes, mut i) = (digit_values(), s.as_bytes(), 0);
            let mut out = Vec::new();
            while i < bytes.len() {
                out.push(read_varint(bytes, &mut i, &value));
            }
            out
        };
        let runs = varints(f["docs"].as_str().unwrap());
        let mut docs = Vec::new();
        let mut end = 0;
        for r in runs.chunks(2) {
            let start = end + r[0];
            docs.extend(start..=start + r[1]);
            end = start + r[1] + 1;
        }
        let values = f["pages"][k]["values"].as_array().unwrap();
        docs.into_iter()
            .zip(varints(f["at"].as_str().unwrap()))
            .map(|(d, i)| (d, values[i as usize].as_f64().unwrap()))
            .collect()
    }

    /// A unit's scores within a market: for every document a question
    /// naming it may rank — its own, those serving it, and those naming it
    /// whatever their market — and no other.
    #[test]
    fn a_units_scores_within_a_market_are_those_of_the_documents_it_reaches() {
        let docs = [
            doc(Some("th"), "requirement", &[], &[]), // 0: own
            doc(Some("vn"), "requirement", &[], &[]), // 1: names it
            doc(Some("vn"), "requirement", &[], &[]), // 2: does not
            doc(None, "contact", &["th"], &[]),       // 3: serving
            doc(None, "requirement", &[], &[]),       // 4: does not name it
            doc(Some("th"), "requirement", &[], &[]), // 5: own, no score
        ];
        let names = [false, true, false, false, false, false];
        let m = Market::new(0, "th", &[], &docs, &names, FxHashMap::default());
        let text = vec![Some(2.5), Some(1.0), Some(4.0), Some(2.5), Some(3.0), None];
        let scored = [
            Scored {
                idf: json!([["w", 3, 0.5]]),
                text: text.clone(),
            },
            Scored {
                idf: json!([["w", 3, 0.25]]),
                text: text.iter().map(|t| t.map(|x| x * 2.0)).collect(),
            },
        ];
        let f = within(&m, &scored, &|text, d| text[d], None);
        let pages = f["pages"].as_array().unwrap();
        assert_eq!(pages.len(), 2, "a page per logarithm");
        assert_eq!(pages[0]["idf"], json!([["w", 3, 0.5]]));
        assert_eq!(unpack(&f, 0), [(0, 2.5), (1, 1.0), (3, 2.5)]);
        // Each score once, the most common first (one digit each).
        assert_eq!(pages[0]["values"], json!([2.5, 1.0]));
        assert_eq!(f["at"], "ABA");
        assert_eq!(unpack(&f, 1), [(0, 5.0), (1, 2.0), (3, 5.0)]);
        // A topic's category among the documents reached (document 2 is not).
        let member = [true, false, true, true, false, true];
        let f = within(&m, &scored, &|text, d| text[d], Some(&member));
        assert_eq!(f["category"], doc_list(&[0, 3, 5]));
        // Nothing scored within it: one empty page, whatever the logarithm.
        let none = vec![None, None, Some(1.0), None, Some(1.0), None];
        let scored = [Scored {
            idf: json!([["w", 2, 0.5]]),
            text: none,
        }];
        let f = within(&m, &scored, &|text, d| text[d], None);
        assert_eq!(
            f,
            json!({"docs": "", "at": "", "pages": [{"idf": [], "values": []}]})
        );
    }
}
