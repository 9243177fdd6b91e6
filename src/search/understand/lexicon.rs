//! The lexicon: every phrase the analyser recognises, built from the
//! knowledge base (each jurisdiction's title, aliases and class map) and the
//! data files beside this one. It is serialised whole into the static index
//! (`search/<lang>/lexicon.js`), so the browser analyses questions with the
//! same data as `regnav search`.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::romaji;
use crate::content::Library;
use crate::content::ids::GhtfClass;

/// What a recognised phrase is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A requirement category's name (value: the category).
    Topic,
    /// A device type (value: `ivd`, `samd`, `ai`).
    Device,
    /// A synonym group or a reading (value: its key in [`Lexicon::groups`]).
    Syn,
    /// A market's name (value: its code).
    Market,
    /// Another name of a market: its regulator, a law (value: its code,
    /// or the codes of the markets that share it, space-separated); the
    /// market, and the phrase searched as words.
    Alias,
    /// A word that is a market's name or a stop word by case and context
    /// (value: its number in [`Lexicon::ambiguous`]).
    Amb,
    /// A stop word or question scaffolding.
    Stop,
}

/// One recognisable phrase: normalised text (NFKC, lower case), kind, value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phrase(pub String, pub Kind, pub String);

/// A market the lexicon knows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Market {
    /// Japanese name.
    pub ja: String,
    /// English name.
    pub en: String,
    /// Whether the knowledge base has its jurisdiction file (shipped only
    /// when it has: most of the world's markets are not covered, and every
    /// first search reads the lexicon).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub covered: bool,
    /// Its names, normalised (searched as text).
    pub names: Vec<String>,
    /// Its other names (regulator, laws), normalised (in the phrases
    /// already, so not shipped twice).
    #[serde(skip)]
    pub aliases: Vec<String>,
    /// Local classes, lower case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
    /// GHTF class (`A`…) → local class, lower case (IVD map after the
    /// general one, used when the general one lacks the class).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub class_map: BTreeMap<String, String>,
    /// Its routes to market by class (for the answer card).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RouteCard>,
}

/// A route to market: what the answer card shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RouteCard {
    /// Name in Japanese.
    pub ja: String,
    /// Name in English.
    pub en: String,
    /// Local classes it serves, as written.
    pub classes: Vec<String>,
    /// IVDs only (`true`), general devices only (`false`), or both.
    pub ivd: Option<bool>,
    /// The requirement that describes it.
    pub requirement: Option<String>,
    /// Typical duration in days (shortest, longest).
    pub days: Option<[u32; 2]>,
    /// Its fees, as written on the site (`12,345 THB`).
    pub fees: Vec<String>,
}

/// A word read by case and context (see `words.yaml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ambiguous {
    /// The word, lower case.
    pub word: String,
    /// The market it names, if any.
    #[serde(default)]
    pub market: Option<String>,
    /// Whether it is kept as a plain word (rather than a market).
    #[serde(default)]
    pub term: bool,
    /// Words before it that make it the market/term.
    #[serde(default)]
    pub before: Vec<String>,
    /// Words after it that make it the market/term.
    #[serde(default)]
    pub after: Vec<String>,
}

/// Everything the analyser knows (shipped to the browser as is).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lexicon {
    /// Phrases, longest first (then by kind and text): the order in which
    /// the analyser takes them.
    pub phrases: Vec<Phrase>,
    /// Folded romaji ([`romaji::fold`]) → the index of a kana phrase.
    pub romaji: BTreeMap<String, usize>,
    /// Markets by code (covered or not).
    pub markets: BTreeMap<String, Market>,
    /// Phrases searched for each topic, device type, synonym group and
    /// reading (keys `topic:…`, `device:…`, `syn:…`, `read:…`).
    pub groups: BTreeMap<String, Vec<String>>,
    /// Class label of any scheme → GHTF class.
    pub class_labels: BTreeMap<String, String>,
    /// The same, where a question in Japanese reads a label otherwise
    /// (クラスIII is Japan's, C).
    pub class_labels_ja: BTreeMap<String, String>,
    /// Words read by case and context.
    pub ambiguous: Vec<Ambiguous>,
    /// Hiragana runs dropped between words.
    pub particles: Vec<String>,
    /// An alias several markets share → the market it means when the
    /// question names none ("FDA" alone is the US FDA).
    pub alias_defaults: BTreeMap<String, String>,
    /// Glossary terms by each form, headword and keyword, folded ([`super::fold`]):
    /// a question that is one of them gets the term's definition first.
    pub terms: BTreeMap<String, String>,
    /// The definitions, per term id and language. Not in the page's
    /// lexicon: the page loads its language's (`glossary.js`) only when a
    /// question names a term.
    #[serde(skip)]
    pub definitions: BTreeMap<String, BTreeMap<String, Definition>>,
}

/// A glossary term's definition, as the card above the results shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Definition {
    /// Term id (`glossary/510k`).
    pub id: String,
    /// The headword in this language.
    pub title: String,
    /// The definition in this language.
    pub definition: String,
    /// The markets it belongs to, by name (empty: the whole field).
    pub markets: Vec<String>,
    /// Its page (relative to the site root, e.g. `/ja/glossary/510k/`).
    pub url: String,
}

#[derive(Deserialize)]
struct Words {
    topics: BTreeMap<String, Vec<String>>,
    devices: BTreeMap<String, Vec<String>>,
    stop: BTreeMap<String, Vec<String>>,
    readings: BTreeMap<String, String>,
    particles: Vec<String>,
    ambiguous: Vec<Ambiguous>,
    class_labels: BTreeMap<String, String>,
    #[serde(default)]
    alias_defaults: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CountryItem {
    Name(String),
    In {
        #[serde(rename = "in")]
        within: String,
    },
}

/// Normalises a phrase as the analyser normalises queries (NFKC, lower case).
pub fn norm(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .map(super::lower)
        .collect::<String>()
        .trim()
        .to_string()
}

impl Lexicon {
    /// The lexicon of a knowledge base.
    pub fn new(lib: &Library) -> Lexicon {
        let words: Words = serde_yaml::from_str(include_str!("words.yaml")).unwrap_or_else(|e| {
            debug_assert!(false, "words.yaml: {e}");
            Words {
                topics: BTreeMap::new(),
                devices: BTreeMap::new(),
                stop: BTreeMap::new(),
                readings: BTreeMap::new(),
                particles: vec![],
                ambiguous: vec![],
                class_labels: BTreeMap::new(),
                alias_defaults: BTreeMap::new(),
            }
        });
        let countries: BTreeMap<String, Vec<CountryItem>> =
            serde_yaml::from_str(include_str!("countries.yaml")).unwrap_or_default();
        // Roman-numeral labels (I, IIa, IIb, III, IV) as the checklist reads
        // them; in a question written in Japanese, Japan's own where it differs.
        let mut class_labels = words.class_labels;
        let schemes = crate::checklist::schemes::labels;
        for (label, ghtf) in schemes("") {
            class_labels.insert(label.to_lowercase(), ghtf.as_str().to_string());
        }
        let class_labels_ja = schemes("jp")
            .map(|(label, ghtf)| (label.to_lowercase(), ghtf.as_str().to_string()))
            .filter(|(label, ghtf)| class_labels.get(label) != Some(ghtf))
            .collect();
        let mut lex = Lexicon {
            class_labels,
            class_labels_ja,
            ambiguous: words.ambiguous,
            particles: words.particles,
            alias_defaults: words
                .alias_defaults
                .iter()
                .map(|(alias, code)| (norm(alias), code.clone()))
                .collect(),
            ..Lexicon::default()
        };
        // Candidates: (text, kind, value); the first kind given a text keeps it.
        let mut cands: Vec<(String, Kind, String)> = Vec::new();
        for (cat, ps) in &words.topics {
            let key = format!("topic:{cat}");
            for p in ps {
                cands.push((norm(p), Kind::Topic, cat.clone()));
            }
            lex.groups.insert(key, ps.iter().map(|p| norm(p)).collect());
        }
        for (d, ps) in &words.devices {
            for p in ps {
                cands.push((norm(p), Kind::Device, d.clone()));
            }
            lex.groups
                .insert(format!("device:{d}"), ps.iter().map(|p| norm(p)).collect());
        }
        for (g, ps) in crate::search::query::synonyms().iter().enumerate() {
            for p in ps {
                cands.push((p.clone(), Kind::Syn, format!("syn:{g}")));
            }
            lex.groups.insert(format!("syn:{g}"), ps.clone());
        }
        for (kana, word) in &words.readings {
            let key = format!("read:{word}");
            cands.push((norm(kana), Kind::Syn, key.clone()));
            lex.groups.insert(key, vec![norm(word), norm(kana)]);
        }
        // Markets: the knowledge base's jurisdictions, then the country table.
        for e in lib.entries.values() {
            let Some(j) = e.jurisdiction() else { continue };
            let code = j.code.to_string();
            let mut m = Market {
                ja: e.title.or_any(crate::content::ids::Lang::Ja).to_string(),
                en: e.title.or_any(crate::content::ids::Lang::En).to_string(),
                covered: true,
                ..Market::default()
            };
            let mut names: Vec<String> = e.title.0.values().cloned().collect();
            // "欧州連合（EU）": the name and its bracketed part too.
            for t in e.title.0.values() {
                if let Some(i) = t.find(['（', '(']) {
                    names.push(t[..i].to_string());
                    let inner = t[i..].trim_start_matches(['（', '(']);
                    names.push(inner.trim_end_matches(['）', ')']).to_string());
                }
            }
            m.names = names
                .iter()
                .map(|n| norm(n))
                .filter(|n| !n.is_empty())
                .collect();
            for a in j.aliases.iter().map(|a| norm(a)) {
                if !a.is_empty() && !m.names.contains(&a) {
                    m.aliases.push(a);
                }
            }
            m.classes = j.all_classes().map(|c| c.0.to_lowercase()).collect();
            m.routes = j
                .routes
                .iter()
                .map(|r| {
                    let req = r
                        .requirement
                        .as_ref()
                        .and_then(|id| lib.entries.get(id))
                        .and_then(|e| e.requirement());
                    RouteCard {
                        ja: r.name.or_any(crate::content::ids::Lang::Ja).to_string(),
                        en: r.name.or_any(crate::content::ids::Lang::En).to_string(),
                        classes: r.classes.iter().map(|c| c.0.clone()).collect(),
                        ivd: r
                            .device_type
                            .map(|t| t == crate::content::ids::DeviceType::Ivd),
                        requirement: r.requirement.as_ref().map(|id| id.to_string()),
                        days: req
                            .and_then(|q| q.duration_days.as_ref())
                            .map(|d| [d.min, d.max]),
                        fees: req
                            .map(|q| {
                                q.fees
                                    .iter()
                                    .map(|f| {
                                        crate::site::views::money(
                                            f.amount,
                                            f.amount_max,
                                            &f.currency.to_string(),
                                        )
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    }
                })
                .collect();
            for g in GhtfClass::ALL {
                if let Some(c) = j.class_map.get(g).or_else(|| j.ivd_class_map.get(g)) {
                    m.class_map
                        .insert(g.as_str().to_string(), c.0.to_lowercase());
                }
            }
            lex.markets.insert(code, m);
        }
        for (code, items) in &countries {
            let mut names: Vec<String> = Vec::new();
            let mut within = None;
            for it in items {
                match it {
                    CountryItem::Name(n) => names.push(n.clone()),
                    CountryItem::In { within: w } => within = Some(w.clone()),
                }
            }
            // A member state of a covered union names that union's market.
            let target = within
                .filter(|w| lex.markets.get(w).is_some_and(|m| m.covered))
                .unwrap_or_else(|| code.clone());
            let m = lex.markets.entry(target.clone()).or_insert_with(|| Market {
                ja: names.first().cloned().unwrap_or_default(),
                en: names.get(1).cloned().unwrap_or_default(),
                ..Market::default()
            });
            for n in names.iter().map(|n| norm(n)) {
                m.aliases.retain(|a| *a != n);
                if !m.names.contains(&n) {
                    m.names.push(n);
                }
            }
        }
        // Every other ISO 3166 country by its English short name (from the
        // standard, so no country is read as another market's).
        for c in rust_iso3166::ALL {
            let code = c.alpha2.to_ascii_lowercase();
            if lex.markets.contains_key(&code)
                || countries.contains_key(&code)
                || c.name.contains([',', '('])
            {
                continue;
            }
            lex.markets.insert(
                code,
                Market {
                    // No Japanese name in the table: the English one.
                    ja: c.name.to_string(),
                    en: c.name.to_string(),
                    names: vec![norm(c.name)],
                    ..Market::default()
                },
            );
        }
        for (code, m) in &lex.markets {
            for n in &m.names {
                cands.push((n.clone(), Kind::Market, code.clone()));
            }
        }
        // An alias of several markets (TFDA: Thailand's and Taiwan's FDA)
        // names them all, space-separated: the question decides.
        let mut aliases: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (code, m) in &lex.markets {
            for n in &m.aliases {
                aliases.entry(n).or_default().push(code);
            }
        }
        for (n, codes) in aliases {
            cands.push((n.to_string(), Kind::Alias, codes.join(" ")));
        }
        for (i, a) in lex.ambiguous.iter().enumerate() {
            cands.push((a.word.clone(), Kind::Amb, i.to_string()));
        }
        for ps in words.stop.values() {
            for p in ps {
                cands.push((norm(p), Kind::Stop, String::new()));
            }
        }
        // An alias read as a market when the question names none is that
        // alias, even where a synonym says the same ("FDA"); where no market
        // has it, it stays the synonym.
        let defaulted: BTreeSet<String> = cands
            .iter()
            .filter(|(t, k, _)| *k == Kind::Alias && lex.alias_defaults.contains_key(t))
            .map(|(t, ..)| t.clone())
            .collect();
        cands.retain(|(t, k, _)| *k == Kind::Alias || !defaulted.contains(t));
        // One kind per text: the first (topics, devices, synonyms, markets,
        // ambiguous words, stop words); a market name is not also a stop word.
        let mut seen = BTreeSet::new();
        let mut phrases: Vec<Phrase> = cands
            .into_iter()
            .filter(|(t, ..)| !t.is_empty() && seen.insert(t.clone()))
            .map(|(t, k, v)| Phrase(t, k, v))
            .collect();
        // Ambiguous words are decided by context, not by the phrase table.
        let amb: BTreeSet<&str> = lex.ambiguous.iter().map(|a| a.word.as_str()).collect();
        phrases.retain(|p| p.1 == Kind::Amb || !amb.contains(p.0.as_str()));
        phrases.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.1.cmp(&b.1))
                .then(a.0.cmp(&b.0))
        });
        for (i, p) in phrases.iter().enumerate() {
            if matches!(p.1, Kind::Stop | Kind::Amb) {
                continue;
            }
            if let Some(key) = romaji::key_of_kana(&p.0) {
                lex.romaji.entry(key).or_insert(i);
            }
        }
        lex.phrases = phrases;
        let words = crate::checklist::words::Words::new(lib);
        for e in lib.terms() {
            let Some(t) = e.term() else { continue };
            let id = e.id.to_string();
            // Its forms, headwords and keywords (names searched for but not
            // linked in texts, such as a bare acronym that means other
            // things in other markets).
            for key in t
                .forms
                .iter()
                .chain(e.title.0.values())
                .chain(&e.keywords)
                .map(|s| super::fold(s))
                .filter(|k| !k.is_empty())
            {
                lex.terms.entry(key).or_insert_with(|| id.clone());
            }
            let cards = lib
                .config
                .languages
                .iter()
                .map(|&lang| {
                    let card = Definition {
                        id: id.clone(),
                        title: e.title.or_any(lang).to_string(),
                        definition: e.summary.or_any(lang).to_string(),
                        markets: t
                            .markets
                            .iter()
                            .map(|c| words.place_name(c.as_str(), lang))
                            .collect(),
                        url: format!("/{lang}/{id}/"),
                    };
                    (lang.as_str().to_string(), card)
                })
                .collect();
            lex.definitions.insert(id, cards);
        }
        lex
    }

    /// Codes of the covered markets.
    pub fn covered(&self) -> impl Iterator<Item = &str> {
        self.markets
            .iter()
            .filter(|(_, m)| m.covered)
            .map(|(c, _)| c.as_str())
    }
}
