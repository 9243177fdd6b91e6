//! The lenient query layer: any string becomes a query (never an error).
//!
//! The query is normalised (NFKC, lower case, control characters dropped,
//! length capped); phrases from the synonym list become "any of the group"
//! units; every other word becomes a unit of its analysed terms searched in
//! title, aliases, summary and body with boosts (CJK bigrams need ~75 % of
//! their bigrams, long Latin words also match with one typo). All units are
//! required; if that finds nothing, any unit may match (ranked by how many).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};
use unicode_normalization::UnicodeNormalization;

use super::analyzer::{self, is_cjk};
use super::document::IVD_ONLY;
use super::excerpt::{excerpt, html_escape};
use super::index::SearchIndex;
use super::understand::{Analysis, Unit, analyse};
use crate::content::ids::Lang;

/// A search.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// What the user typed.
    pub query: String,
    /// Only this language (default: both, each entry once).
    pub lang: Option<Lang>,
    /// Only these jurisdictions.
    pub jurisdictions: Vec<String>,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only entries about this class (local or GHTF).
    pub class: Option<String>,
    /// How many hits.
    pub limit: usize,
}

/// The answer, exactly as `regnav search --format json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// Entries matched.
    pub total: usize,
    /// What was understood of the query (markets, classes, topics, markets
    /// not covered, what was searched).
    pub analysis: Analysis,
    /// The query is a glossary term: its definition, shown before the hits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<super::understand::lexicon::Definition>,
    /// The best hits.
    pub hits: Vec<Hit>,
    /// With no hits: shorter searches that find something.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
}

/// A search to try instead.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The query.
    pub query: String,
    /// Entries it finds.
    pub total: usize,
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// Entry id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Jurisdiction or country code.
    pub jurisdiction: Option<String>,
    /// Title in the hit's language.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Relevance.
    pub score: f32,
    /// Excerpt with `<b>` around matches (HTML-escaped otherwise).
    pub snippet: String,
}

const MAX_QUERY_CHARS: usize = 256;

/// Score of an entry of a market the question names (a title match of one
/// word scores about 10).
const MARKET_SCORE: f32 = 30.0;
/// Score of an entry of a category the question names.
const TOPIC_SCORE: f32 = 15.0;
/// The weight of the part of a topic typed (認証 of registration), beside
/// that of the topic's words (0.2).
const SAID_BOOST: f32 = 0.5;
/// Score of an entry about a class the question names.
const CLASS_SCORE: f32 = 3.0;

/// How strictly a tier requires the units.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tier {
    /// Every unit.
    All,
    /// The markets, and half of the rest.
    Most,
    /// The markets alone (for a market not covered: its contacts).
    Markets,
}

/// The synonym groups, normalised.
pub fn synonyms() -> &'static Vec<Vec<String>> {
    static S: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    S.get_or_init(|| {
        let groups: Vec<Vec<String>> =
            serde_yaml::from_str(include_str!("synonyms.yaml")).unwrap_or_default();
        groups
            .into_iter()
            .map(|g| g.into_iter().map(|p| normalize(&p)).collect())
            .collect()
    })
}

/// NFKC, lower case, no control characters, at most 256 characters.
pub fn normalize(q: &str) -> String {
    q.chars()
        .take(MAX_QUERY_CHARS * 4)
        .collect::<String>()
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_QUERY_CHARS)
        .collect()
}

/// Whether the query is Japanese (has kana or kanji).
pub fn query_lang(q: &str) -> Lang {
    if normalize(q).chars().any(is_cjk) {
        Lang::Ja
    } else {
        Lang::En
    }
}

impl SearchIndex {
    fn terms_query(&self, terms: &[String], fuzzy: bool) -> Box<dyn Query> {
        let f = &self.f;
        let fields: [(Field, f32); 4] = [
            (f.title, 4.0),
            (f.aliases, 3.0),
            (f.summary, 2.0),
            (f.body, 1.0),
        ];
        let per_term: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (field, boost) in fields {
                    let term = Term::from_field_text(field, t);
                    alts.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                            boost,
                        )),
                    ));
                    if fuzzy && fuzzable(t) {
                        alts.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(
                                Box::new(FuzzyTermQuery::new(term, 1, true)),
                                boost * 0.5,
                            )),
                        ));
                    }
                }
                (
                    Occur::Should,
                    Box::new(BooleanQuery::new(alts)) as Box<dyn Query>,
                )
            })
            .collect();
        let n = per_term.len();
        let cjk = terms.iter().any(|t| t.chars().any(is_cjk));
        let min = if cjk {
            n.saturating_mul(3).div_ceil(4).max(1)
        } else {
            n
        };
        if n == 1 {
            return per_term
                .into_iter()
                .next()
                .map(|(_, q)| q)
                .unwrap_or_else(|| Box::new(BooleanQuery::new(vec![])));
        }
        Box::new(BooleanQuery::with_minimum_required_clauses(per_term, min))
    }

    fn text_query(&self, phrases: &[String], fuzzy: bool) -> Option<Box<dyn Query>> {
        let alts: Vec<Vec<String>> = phrases
            .iter()
            .map(|p| analyzer::terms(p))
            .filter(|t| !t.is_empty())
            .collect();
        match alts.len() {
            0 => None,
            1 => Some(self.terms_query(&alts[0], fuzzy)),
            // The best alternative counts (a page saying five words for
            // "fee" is not five times about fees).
            _ => Some(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                alts.iter().map(|t| self.terms_query(t, fuzzy)).collect(),
                0.1,
            ))),
        }
    }

    fn unit_query(&self, u: &Unit, a: &Analysis, fuzzy: bool) -> Box<dyn Query> {
        let exact = |field: Field, v: &str, score: f32| -> (Occur, Box<dyn Query>) {
            (
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, v),
                        IndexRecordOption::Basic,
                    )),
                    score,
                )),
            )
        };
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        match u {
            Unit::Class { labels } => {
                // The route the answer names is about the class (Hong Kong's
                // class I: its classification page, no class I listing).
                if let Some(id) = super::understand::route_asked(a) {
                    any.push(exact(self.f.id, id, CLASS_SCORE));
                }
                // A question that does not say IVD is about a general
                // device: an IVD-only route of the class counts half.
                let ivd = a.device_types.iter().any(|t| t == "ivd");
                for l in labels {
                    if ivd {
                        any.push(exact(self.f.class, l, CLASS_SCORE));
                        continue;
                    }
                    any.push(exact(self.f.class, l, CLASS_SCORE / 2.0));
                    let general = BooleanQuery::new(vec![
                        (
                            Occur::Must,
                            Box::new(TermQuery::new(
                                Term::from_field_text(self.f.class, l),
                                IndexRecordOption::Basic,
                            )) as Box<dyn Query>,
                        ),
                        (
                            Occur::MustNot,
                            Box::new(TermQuery::new(
                                Term::from_field_text(self.f.class, IVD_ONLY),
                                IndexRecordOption::Basic,
                            )),
                        ),
                    ]);
                    any.push((
                        Occur::Should,
                        Box::new(ConstScoreQuery::new(Box::new(general), CLASS_SCORE / 2.0)),
                    ));
                }
            }
            Unit::Terms { phrases } => {
                if let Some(q) = self.text_query(phrases, fuzzy) {
                    return q;
                }
            }
            Unit::Topic {
                category,
                phrases,
                said,
            } => {
                // Within a market named, its entries of the category first;
                // across all markets, a lighter hand.
                let score = if a.markets.is_empty() {
                    TOPIC_SCORE / 4.0
                } else {
                    TOPIC_SCORE
                };
                any.push(exact(self.f.category, category, score));
                // The category's entries first; other entries by their words.
                if let Some(q) = self.text_query(phrases, fuzzy) {
                    any.push((Occur::Should, Box::new(BoostQuery::new(q, 0.2))));
                }
                // Of those, the entries saying the part of the topic typed
                // (認証 of registration) first.
                if let Some(q) = self.text_query(said, fuzzy) {
                    any.push((Occur::Should, Box::new(BoostQuery::new(q, SAID_BOOST))));
                }
            }
            Unit::Market { code, said, .. } => {
                // A filter more than a score: the market's entries alike (its
                // own page a little first), then entries that name it.
                let term = |field: Field, v: &str| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, v),
                        IndexRecordOption::Basic,
                    ))
                };
                any.push(exact(self.f.jurisdiction, code, MARKET_SCORE));
                any.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Must, term(self.f.jurisdiction, code)),
                            (Occur::Must, term(self.f.kind, "jurisdiction")),
                        ])),
                        MARKET_SCORE / 3.0,
                    )),
                ));
                // Contacts elsewhere that serve it (an embassy desk covering
                // several countries).
                any.push((
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(
                        Box::new(BooleanQuery::new(vec![
                            (Occur::Must, term(self.f.covers, code)),
                            (Occur::MustNot, term(self.f.jurisdiction, code)),
                        ])),
                        MARKET_SCORE / 2.0,
                    )),
                ));
                // Other entries that name it, unless they belong to a market
                // the question does not name (インド in an Indonesian page).
                let names = self
                    .lexicon()
                    .markets
                    .get(code)
                    .map(|m| m.names.clone())
                    .unwrap_or_default();
                if let Some(q) = self.text_query(&names, false) {
                    let mut clauses = vec![
                        (Occur::Must, q),
                        (Occur::MustNot, term(self.f.jurisdiction, code)),
                    ];
                    for other in self.lexicon().covered() {
                        if other != code && !a.markets.iter().any(|m| m == other) {
                            clauses.push((Occur::MustNot, term(self.f.jurisdiction, other)));
                        }
                    }
                    any.push((
                        Occur::Should,
                        Box::new(ConstScoreQuery::new(
                            Box::new(BooleanQuery::new(clauses)),
                            MARKET_SCORE / 15.0,
                        )),
                    ));
                }
                // Of those, the entries saying the other name the question
                // used (HSA, Izin Edar) first.
                if let Some(q) = self.text_query(said, false) {
                    return Box::new(BooleanQuery::new(vec![
                        (Occur::Must, Box::new(BooleanQuery::new(any))),
                        (Occur::Should, Box::new(BoostQuery::new(q, 0.5))),
                    ]));
                }
            }
        }
        Box::new(BooleanQuery::new(any))
    }

    fn filters(&self, req: &SearchRequest) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.f;
        let term = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(l) = req.lang {
            out.push((Occur::Must, term(f.lang, l.as_str())));
        }
        if !req.jurisdictions.is_empty() {
            out.push((
                Occur::Must,
                Box::new(BooleanQuery::new(
                    req.jurisdictions
                        .iter()
                        .map(|j| (Occur::Should, term(f.jurisdiction, &j.to_lowercase())))
                        .collect(),
                )),
            ));
        }
        if let Some(k) = &req.kind {
            out.push((Occur::Must, term(f.kind, &k.to_lowercase())));
        }
        if let Some(c) = &req.category {
            out.push((Occur::Must, term(f.category, &c.to_lowercase())));
        }
        if let Some(c) = &req.class {
            out.push((Occur::Must, term(f.class, &c.to_lowercase())));
        }
        out
    }

    /// Runs a search. Never fails on any query string; index errors give an
    /// empty answer.
    pub fn search(&self, req: &SearchRequest) -> SearchResponse {
        self.try_search(req).unwrap_or_else(|_| {
            let analysis = analyse(&self.lexicon(), &req.query);
            SearchResponse {
                query: req.query.clone(),
                total: 0,
                definition: self.definition(req, &analysis),
                analysis,
                hits: vec![],
                suggestions: vec![],
            }
        })
    }

    /// The definition of the glossary term the question is, in the
    /// answer's language.
    fn definition(
        &self,
        req: &SearchRequest,
        a: &Analysis,
    ) -> Option<super::understand::lexicon::Definition> {
        let lang = req.lang.unwrap_or_else(|| query_lang(&req.query));
        let id = a.term.as_ref()?;
        self.lexicon()
            .definitions
            .get(id)?
            .get(lang.as_str())
            .cloned()
    }

    /// Searches to try when a question finds nothing: the markets named
    /// with each other thing asked, then each thing alone; those that find
    /// something, at most five.
    pub fn suggestions(&self, req: &SearchRequest, a: &Analysis) -> Vec<Suggestion> {
        let lang = req.lang.unwrap_or_else(|| query_lang(&req.query));
        let ja = lang == Lang::Ja;
        let pick = |phrases: &[String]| -> Option<String> {
            phrases
                .iter()
                .find(|p| p.chars().any(is_cjk) == ja)
                .or(phrases.first())
                .cloned()
        };
        let markets: Vec<String> = a
            .units
            .iter()
            .filter_map(|u| match u {
                Unit::Market { code, .. } => self
                    .lexicon()
                    .markets
                    .get(code)
                    .map(|m| if ja { m.ja.clone() } else { m.en.clone() }),
                _ => None,
            })
            .collect();
        let rest: Vec<String> = a
            .units
            .iter()
            .filter_map(|u| match u {
                Unit::Market { .. } => None,
                Unit::Class { labels } => labels.first().map(|l| {
                    format!(
                        "{}{}",
                        if ja { "クラス" } else { "class " },
                        l.to_uppercase()
                    )
                }),
                Unit::Topic { phrases, .. } | Unit::Terms { phrases } => pick(phrases),
            })
            .collect();
        let mut tries: Vec<String> = Vec::new();
        let prefix = markets.join(" ");
        for r in &rest {
            if !prefix.is_empty() {
                tries.push(format!("{prefix} {r}"));
            }
        }
        if !prefix.is_empty() {
            tries.push(prefix.clone());
        }
        tries.extend(rest.iter().cloned());
        let mut out = Vec::new();
        for q in tries {
            if out.len() >= 5 || q.trim() == req.query.trim() {
                continue;
            }
            let r = self.search(&SearchRequest {
                query: q.clone(),
                limit: 1,
                ..req.clone()
            });
            if r.total > 0 && !out.iter().any(|s: &Suggestion| s.query == q) {
                out.push(Suggestion {
                    query: q,
                    total: r.total,
                });
            }
        }
        out
    }

    fn try_search(&self, req: &SearchRequest) -> super::index::Result<SearchResponse> {
        let analysis = analyse(&self.lexicon(), &req.query);
        let units = &analysis.units;
        let limit = req.limit.clamp(1, 100);
        let prefer = req.lang.unwrap_or_else(|| query_lang(&req.query));
        let searcher = self.reader.searcher();
        let is_market = |u: &Unit| matches!(u, Unit::Market { .. });
        let others = units.iter().filter(|u| !is_market(u)).count();
        // Without a language, the query's own language is searched first (every
        // entry has a document in each language, so each entry comes once);
        // the other language only adds entries when that found too little.
        let codes: Vec<&str> = units
            .iter()
            .filter_map(|u| match u {
                Unit::Market { code, .. } => Some(code.as_str()),
                _ => None,
            })
            .collect();
        let build = |tier: Tier, fuzzy: bool, lang: Option<Lang>, members: bool| -> BooleanQuery {
            let mut clauses = self.filters(&SearchRequest {
                lang: req.lang.or(lang),
                ..req.clone()
            });
            if members {
                let mut of: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for code in &codes {
                    for field in [self.f.jurisdiction, self.f.covers] {
                        of.push((
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(field, code),
                                IndexRecordOption::Basic,
                            )),
                        ));
                    }
                }
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(of))));
            }
            if units.is_empty() {
                clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
            }
            let mut loose: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for u in units {
                let q = self.unit_query(u, &analysis, fuzzy);
                match tier {
                    Tier::All => clauses.push((Occur::Must, q)),
                    _ if is_market(u) => clauses.push((Occur::Must, q)),
                    Tier::Most => loose.push((Occur::Should, q)),
                    Tier::Markets => {}
                }
            }
            if !loose.is_empty() {
                // At least half of the other units: never every entry.
                let min = loose.len().div_ceil(2);
                clauses.push((
                    Occur::Must,
                    Box::new(BooleanQuery::with_minimum_required_clauses(loose, min)),
                ));
            }
            BooleanQuery::new(clauses)
        };
        // Tiers, each run only while the ones before found too little: every
        // unit as typed; then with one typo allowed in long Latin words
        // (walking the term dictionary with an automaton is most of a query's
        // cost, so it is not paid when the words are found as typed); then
        // the markets named and half of the rest; then the other language;
        // for a market not covered, its contacts alone.
        let typos = units.iter().any(|u| match u {
            Unit::Terms { phrases } | Unit::Topic { phrases, .. } => phrases
                .iter()
                .flat_map(|p| analyzer::terms(p))
                .any(|t| fuzzable(&t)),
            _ => false,
        });
        let mut tiers = vec![(Tier::All, false)];
        if typos {
            tiers.push((Tier::All, true));
        }
        if others > 1 {
            tiers.push((Tier::Most, typos));
        }
        let loosest = tiers.last().copied().unwrap_or((Tier::All, false));
        let mut plan: Vec<(Tier, bool, Option<Lang>)> = tiers
            .into_iter()
            .map(|(o, f)| (o, f, Some(prefer)))
            .collect();
        if req.lang.is_none() {
            plan.push((loosest.0, loosest.1, None));
        }
        if !analysis.not_covered.is_empty() && others > 0 {
            plan.push((Tier::Markets, false, req.lang));
        }
        // With markets named, each tier gives their entries (and the contacts
        // serving them) before the entries that merely name them.
        let plan: Vec<(Tier, bool, Option<Lang>, bool)> = plan
            .into_iter()
            .flat_map(|(t, f, l)| {
                let first = (!codes.is_empty()).then_some((t, f, l, true));
                first.into_iter().chain([(t, f, l, false)])
            })
            .collect();
        // Candidates are told apart by the id fast field; only the hits shown
        // open their stored document.
        let ids = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().str(super::index::ID))
            .collect::<super::index::Result<Vec<_>>>()?;
        let mut best: BTreeMap<String, (f32, usize, tantivy::DocAddress)> = BTreeMap::new();
        let mut last = build(Tier::All, false, Some(prefer), false);
        for (tier, (mode, fuzzy, lang, members)) in plan.into_iter().enumerate() {
            if (best.len() >= limit && tier > 0) || (mode == Tier::Markets && !best.is_empty()) {
                break;
            }
            let query = build(mode, fuzzy, lang, members);
            for (score, addr) in searcher.search(
                &query,
                &TopDocs::with_limit(limit * 2 + 10).order_by_score(),
            )? {
                let Some(Some(col)) = ids.get(addr.segment_ord as usize) else {
                    continue;
                };
                let mut id = String::new();
                if let Some(ord) = col.term_ords(addr.doc_id).next() {
                    col.ord_to_str(ord, &mut id)?;
                }
                best.entry(id).or_insert((score, tier, addr));
            }
            if lang.is_some() && !members {
                last = query;
            }
        }
        // The total counts the entries the loosest tier run matches in the
        // preferred language (a count needs no scores, so it is cheap).
        let total = searcher.search(&last, &Count)?.max(best.len().min(limit));
        let phrases: Vec<String> = units
            .iter()
            .flat_map(|u| match u {
                Unit::Terms { phrases } | Unit::Topic { phrases, .. } => phrases.clone(),
                Unit::Market { code, .. } => self
                    .lexicon()
                    .markets
                    .get(code)
                    .map(|m| m.names.clone())
                    .unwrap_or_default(),
                Unit::Class { .. } => Vec::new(),
            })
            .collect();
        let excerpt_of = |text: &str| {
            let words = marked_words(&phrases, text);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            excerpt(text, &words, SNIPPET_CHARS)
        };
        let mut ranked: Vec<(String, f32, usize, tantivy::DocAddress)> = best
            .into_iter()
            .map(|(id, (score, tier, addr))| (id, score, tier, addr))
            .collect();
        // Glossary terms after the entries of their tier: a term asked for
        // is answered by its definition, above the hits.
        let term = |id: &str| id.starts_with("glossary/");
        // The route the answer card names first of its tier.
        let route = super::understand::route_asked(&analysis);
        let other = |id: &str| route != Some(id);
        ranked.sort_by(|a, b| {
            a.2.cmp(&b.2)
                .then(other(&a.0).cmp(&other(&b.0)))
                .then(term(&a.0).cmp(&term(&b.0)))
                .then(b.1.total_cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        ranked.truncate(limit);
        let mut hits = Vec::with_capacity(ranked.len());
        for (id, score, _, addr) in ranked {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let get = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let snippet = excerpt_of(&get(self.f.body))
                .or_else(|| excerpt_of(&get(self.f.summary)))
                .unwrap_or_else(|| html_escape(&get(self.f.summary)));
            hits.push(Hit {
                id,
                kind: get(self.f.kind),
                jurisdiction: Some(get(self.f.jurisdiction)).filter(|s| !s.is_empty()),
                title: get(self.f.title),
                url: get(self.f.url),
                score,
                snippet,
            });
        }
        let suggestions = if hits.is_empty() && !units.is_empty() {
            self.suggestions(req, &analysis)
        } else {
            Vec::new()
        };
        Ok(SearchResponse {
            query: req.query.clone(),
            total: total.max(hits.len()),
            definition: self.definition(req, &analysis),
            analysis,
            hits,
            suggestions,
        })
    }
}

/// Characters of an excerpt.
const SNIPPET_CHARS: usize = 180;

/// Whether a term may match with a typo: Latin words of five characters or more.
fn fuzzable(t: &str) -> bool {
    t.chars().count() >= 5 && t.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The words an excerpt of `text` marks for the question's phrases: a
/// Japanese phrase whole where the text has it (インド, not the イン of
/// オンライン), else its bigrams; a Latin phrase by its stemmed words, short
/// ones left out ("to", "eu" inside other words are noise).
fn marked_words(phrases: &[String], text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for p in phrases {
        let whole = normalize(p);
        if whole.chars().any(is_cjk) && whole.chars().count() > 1 && lower.contains(&whole) {
            out.push(whole);
            continue;
        }
        out.extend(
            analyzer::terms(p)
                .into_iter()
                .filter(|t| t.len() > 2 || t.chars().any(is_cjk)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_caps_and_cleans() {
        assert_eq!(normalize("ＭＤＳＡＰ\u{0}"), "mdsap ");
        assert_eq!(normalize(&"x".repeat(10_000)).len(), MAX_QUERY_CHARS);
    }
}
