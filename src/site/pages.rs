//! Routes: the list of pages a build writes, each with its template and
//! context. A pure function of the library and the views, so `build` and
//! the dev server agree on what exists.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::views::{Urls, Views, link};
use crate::content::Library;
use crate::content::ids::{Category, ContactType, EntryId, Kind, Lang, Region};

/// What a page shows: a list's context, ready; or an entry, whose context
/// is made while rendering (in parallel, and without keeping a copy of
/// every entry's view in memory).
pub enum Ctx<'a> {
    /// The context itself.
    Ready(Value),
    /// The page of this entry.
    Entry(EntryId),
    /// A list's context, made when rendered.
    Lazy(Box<dyn Fn() -> Value + Send + Sync + 'a>),
}

/// What a page shows, so a partial render knows whether to render it again.
#[derive(Debug, Clone)]
pub enum Deps {
    /// The page of this entry (and what it shows of related entries).
    Entry(EntryId),
    /// A list of entries of these kinds.
    Kinds(&'static [Kind]),
    /// The checklist planner: entries of these kinds, and the planner's data.
    Checklist(&'static [Kind]),
    /// Page `k` (from 0) of the updates list.
    Updates(usize),
    /// A list of the entries whose ids start with this (a country's contacts).
    Prefix(String),
    /// The static search index (its version is in the page).
    SearchIndex,
    /// Nothing but the theme.
    Theme,
}

/// The context of an entry's page: its view and, for a jurisdiction, its market.
pub fn entry_context(
    lib: &Library,
    views: &Views,
    urls: &Urls,
    lang: Lang,
    id: &EntryId,
) -> minijinja::Value {
    use minijinja::value::Serde;
    let view = &*views.full(lib, urls, lang, id);
    let (body, fallback) = lib
        .get(id)
        .map(|e| super::views::body(lib, e, lang, urls))
        .unwrap_or_default();
    let entry = &super::views::WithBody {
        view,
        body,
        fallback,
    };
    if id.kind() == Kind::Jurisdiction {
        let market = market(lib, views, urls, lang, id);
        minijinja::context! { entry => Serde(entry), market => Serde(&market) }
    } else {
        minijinja::context! { entry => Serde(entry) }
    }
}

/// One page to render.
pub struct Page<'a> {
    /// Output path relative to the site root (`ja/matrix/index.html`).
    pub path: String,
    /// Template name.
    pub template: &'static str,
    /// Its context (merged with the language's common context).
    pub ctx: Ctx<'a>,
    /// What it shows.
    pub deps: Deps,
    /// Language of the page.
    pub lang: Lang,
    /// Site path of the same page in each language (for the switcher and hreflang).
    pub alternates: BTreeMap<Lang, String>,
}

impl Page<'_> {
    fn deps(mut self, deps: Deps) -> Self {
        self.deps = deps;
        self
    }
}

fn page<'a>(
    lib: &Library,
    urls: &Urls,
    lang: Lang,
    rel: &str,
    template: &'static str,
    ctx: impl Into<Ctx<'a>>,
) -> Page<'a> {
    let alternates = lib
        .config
        .languages
        .iter()
        .map(|l| (*l, urls.path(&format!("{l}/{rel}"))))
        .collect();
    let path = if rel.is_empty() {
        format!("{lang}/index.html")
    } else if rel.ends_with(".html") || rel.ends_with(".xml") {
        format!("{lang}/{rel}")
    } else {
        format!("{lang}/{rel}index.html")
    };
    Page {
        path,
        template,
        ctx: ctx.into(),
        deps: Deps::Theme,
        lang,
        alternates,
    }
}

/// Every page of the site (its context made only when it is rendered); of
/// the entries' pages, only those of `entries` when given.
pub fn pages<'a>(
    lib: &'a Library,
    views: &'a Views,
    urls: &'a Urls,
    order: &'a [EntryId],
    entries: Option<&std::collections::BTreeSet<EntryId>>,
) -> Vec<Page<'a>> {
    let mut out = Vec::new();
    let listed: Vec<&crate::content::model::Entry> = match entries {
        Some(ids) => ids.iter().filter_map(|id| lib.get(id)).collect(),
        None => lib.entries.values().collect(),
    };
    for &lang in &lib.config.languages {
        let v = &views.by_lang[&lang];
        for e in listed.iter().copied() {
            let rel = format!("{}/", e.id);
            let template = match e.kind {
                Kind::Jurisdiction => "jurisdiction.html",
                _ => "entry.html",
            };
            out.push(
                page(lib, urls, lang, &rel, template, Ctx::Entry(e.id.clone()))
                    .deps(Deps::Entry(e.id.clone())),
            );
        }
        let jurisdictions = move || -> Vec<&'a Value> {
            lib.of_kind(Kind::Jurisdiction).map(|e| &v[&e.id]).collect()
        };
        let cards = move |kind: Kind| -> Vec<Value> {
            lib.of_kind(kind).map(|e| views.card(lang, &e.id)).collect()
        };
        // Most recently reviewed first (`order`).
        let recent = move |from: usize, n: usize| -> Vec<Value> {
            order
                .iter()
                .skip(from)
                .take(n)
                .map(|id| views.card(lang, id))
                .collect()
        };
        const ALL: &[Kind] = Kind::ALL;
        const MARKETS: &[Kind] = &[Kind::Jurisdiction, Kind::Requirement];
        out.push(
            page(
                lib,
                urls,
                lang,
                "",
                "home.html",
                lazy(move || {
                    let js = jurisdictions();
                    let regions: Vec<Value> = Region::ALL
                        .iter()
                        .filter_map(|r| {
                            let list: Vec<&Value> = js
                                .iter()
                                .copied()
                                .filter(|j| j["region"] == r.as_str())
                                .collect();
                            (!list.is_empty())
                                .then(|| json!({"region": r.as_str(), "jurisdictions": list}))
                        })
                        .collect();
                    json!({"regions": regions, "updates": recent(0, 12), "guides": cards(Kind::Guide)})
                }),
            )
            .deps(Deps::Kinds(ALL)),
        );
        out.push(
            page(lib, urls, lang, "matrix/", "matrix.html", lazy(move || {
                let js = jurisdictions();
                json!({"jurisdictions": js, "markets": js.iter().map(|j| market_summary(lib, j, lang)).collect::<Vec<_>>()})
            }))
            .deps(Deps::Kinds(MARKETS)),
        );
        for (rel, kind, deps) in [
            ("jurisdictions/", Kind::Jurisdiction, MARKETS),
            ("documents/", Kind::Document, &[Kind::Document][..]),
            ("guides/", Kind::Guide, &[Kind::Guide][..]),
        ] {
            out.push(
                page(
                    lib,
                    urls,
                    lang,
                    rel,
                    "list.html",
                    lazy(move || json!({"kind": kind.as_str(), "items": cards(kind)})),
                )
                .deps(Deps::Kinds(deps)),
            );
        }
        const TERMS: &[Kind] = &[Kind::Term];
        out.push(
            page(
                lib,
                urls,
                lang,
                "glossary/",
                "glossary.html",
                lazy(move || json!({"groups": super::glossary::index(lib, v, lang)})),
            )
            .deps(Deps::Kinds(TERMS)),
        );
        let pages = order.len().div_ceil(UPDATES_PER_PAGE).max(1);
        for k in 0..pages {
            let link = |p: usize| urls.path(&format!("{lang}/{}", updates_path(p)));
            let (prev, next) = (
                k.checked_sub(1).map(link),
                (k + 1 < pages).then(|| link(k + 1)),
            );
            out.push(
                page(lib, urls, lang, &updates_path(k), "updates.html", lazy(move || {
                    json!({"items": recent(k * UPDATES_PER_PAGE, UPDATES_PER_PAGE), "page": k + 1, "prev": prev, "next": next})
                }))
                .deps(Deps::Updates(k)),
            );
        }
        out.push(
            page(
                lib,
                urls,
                lang,
                "atom.xml",
                "atom.xml",
                lazy(move || json!({"items": recent(0, 50)})),
            )
            .deps(Deps::Kinds(ALL)),
        );
        out.push(
            page(lib, urls, lang, "calendar/", "calendar.html", lazy(move || {
                let rows = super::calendar::rows(lib, urls, lang);
                let mut markets: Vec<(String, String)> = rows
                    .iter()
                    .filter_map(|r| Some((r["market"].as_str()?.to_string(), r["market_title"].as_str().unwrap_or_default().to_string())))
                    .collect();
                markets.sort();
                markets.dedup();
                let mut topics: Vec<String> = rows.iter().filter_map(|r| r["category"].as_str().map(str::to_string)).collect();
                topics.sort();
                topics.dedup();
                json!({"events": rows, "markets": markets.into_iter().map(|(c, t)| json!({"code": c, "title": t})).collect::<Vec<_>>(), "topics": topics})
            }))
            .deps(Deps::Kinds(ALL)),
        );
        out.push(page(lib, urls, lang, "404.html", "404.html", json!({})).deps(Deps::Theme));
        out.push(
            page(lib, urls, lang, "search/", "search.html", json!({})).deps(Deps::SearchIndex),
        );
        out.push(
            page(lib, urls, lang, "checklist/", "checklist.html", lazy(move || {
                let words = crate::checklist::words::Words::new(lib);
                let refs = crate::checklist::data::reference_codes(lib);
                let ref_names: serde_json::Map<String, Value> = refs.iter().map(|r| (r.clone(), json!(words.place_name(r, lang)))).collect();
                let schemes: Vec<Value> = [("EU", "eu"), ("US", "us"), ("Japan", "jp")]
                    .iter()
                    .map(|(name, prefix)| {
                        let options: Vec<Value> = crate::checklist::schemes::converter_rows()
                            .into_iter()
                            .filter(|(scheme, ..)| scheme == name)
                            .map(|(_, label, ghtf)| json!({"value": format!("{prefix}:{label}"), "label": label, "ghtf": ghtf.as_str()}))
                            .collect();
                        json!({"name": if lang == Lang::Ja && *name == "Japan" { "日本" } else { name }, "options": options})
                    })
                    .collect();
                let documents: Vec<Value> = lib.of_kind(Kind::Document).map(|e| json!({"id": e.id.as_str(), "title": e.title.or_any(lang)})).collect();
                json!({"jurisdictions": jurisdictions(), "attrs": crate::content::ids::Attr::names().collect::<Vec<_>>(), "refs": refs, "ref_names": ref_names, "schemes": schemes, "documents": documents})
            }))
            .deps(Deps::Checklist(&[Kind::Jurisdiction, Kind::Document])),
        );
        const CLASSIFY: &[Kind] = &[Kind::Classification, Kind::Jurisdiction, Kind::Requirement];
        out.push(
            page(lib, urls, lang, "classify/", "classify.html", lazy(move || {
                let sets: Vec<Value> = crate::classify::input::rule_sets(lib)
                    .into_iter()
                    .map(|(e, _)| json!({"name": e.id.name(), "title": e.title.or_any(lang), "summary": e.summary.or_any(lang)}))
                    .collect();
                json!({"sets": sets, "data": crate::classify::data::page_data(lib), "notice": crate::classify::outcome::notice(crate::content::ids::Scheme::Ghtf, lang)})
            }))
            .deps(Deps::Kinds(CLASSIFY)),
        );
        let mut countries: Vec<String> = lib
            .of_kind(Kind::Contact)
            .filter_map(|e| e.contact().map(|c| c.country.to_string()))
            .collect();
        countries.dedup();
        const CONTACTS: &[Kind] = &[Kind::Contact];
        let all_countries = countries.clone();
        out.push(
            page(lib, urls, lang, "contacts/", "contacts.html", lazy(move || {
                json!({"contacts": cards(Kind::Contact), "countries": all_countries, "types": ContactType::names().collect::<Vec<_>>()})
            }))
            .deps(Deps::Kinds(CONTACTS)),
        );
        for country in countries {
            let rel = format!("contacts/{country}/");
            let prefix = rel.clone();
            out.push(
                page(
                    lib,
                    urls,
                    lang,
                    &rel,
                    "contact-group.html",
                    lazy(move || {
                        let list: Vec<Value> = cards(Kind::Contact)
                            .into_iter()
                            .filter(|c| c["country"].as_str() == Some(country.as_str()))
                            .collect();
                        json!({"country": country, "contacts": list})
                    }),
                )
                .deps(Deps::Prefix(prefix)),
            );
        }
    }
    out
}

/// Entries per page of the updates list.
pub const UPDATES_PER_PAGE: usize = 100;

/// Site path (under the language) of page `k` (from 0) of the updates list.
fn updates_path(k: usize) -> String {
    if k == 0 {
        "updates/".to_string()
    } else {
        format!("updates/page/{}/", k + 1)
    }
}

/// Every entry, most recently reviewed first, then by id: the updates list
/// (glossary terms apart: a definition is not news of a market).
pub fn updates_order(lib: &Library) -> Vec<EntryId> {
    let mut order: Vec<&crate::content::model::Entry> = lib
        .entries
        .values()
        .filter(|e| e.kind != Kind::Term)
        .collect();
    order.sort_by(|a, b| b.last_reviewed.cmp(&a.last_reviewed).then(a.id.cmp(&b.id)));
    order.into_iter().map(|e| e.id.clone()).collect()
}

/// The pages of the updates list a partial render must write again: those
/// whose entries moved or changed, and the last pages when their number did.
pub fn updates_to_redo(
    old: &[EntryId],
    new: &[EntryId],
    changed: &std::collections::BTreeSet<EntryId>,
) -> std::collections::BTreeSet<usize> {
    let pages = |o: &[EntryId]| o.len().div_ceil(UPDATES_PER_PAGE).max(1);
    let (before, after) = (pages(old), pages(new));
    let slice = |o: &[EntryId], k: usize| -> Vec<EntryId> {
        o.iter()
            .skip(k * UPDATES_PER_PAGE)
            .take(UPDATES_PER_PAGE)
            .cloned()
            .collect()
    };
    let mut out: std::collections::BTreeSet<usize> = (0..after)
        .filter(|&k| {
            let now = slice(new, k);
            now != slice(old, k) || now.iter().any(|id| changed.contains(id))
        })
        .collect();
    if before != after {
        out.insert(before.min(after) - 1);
        out.insert(after - 1);
    }
    out
}

fn lazy<'a>(f: impl Fn() -> Value + Send + Sync + 'a) -> Ctx<'a> {
    Ctx::Lazy(Box::new(f))
}

impl From<Value> for Ctx<'_> {
    fn from(v: Value) -> Self {
        Ctx::Ready(v)
    }
}

/// Everything a jurisdiction page shows besides the entry itself.
fn market(lib: &Library, views: &Views, urls: &Urls, lang: Lang, id: &EntryId) -> Value {
    let v = &views.by_lang[&lang];
    let Some(code) = lib
        .get(id)
        .and_then(|e| e.jurisdiction())
        .map(|j| j.code.clone())
    else {
        return json!({});
    };
    let mut by_category: BTreeMap<usize, (Category, Vec<Value>)> = BTreeMap::new();
    let mut documents: BTreeMap<EntryId, Value> = BTreeMap::new();
    for r in lib.requirements_of(&code) {
        if let Some(req) = r.requirement() {
            let pos = Category::ALL
                .iter()
                .position(|c| *c == req.category)
                .unwrap_or(usize::MAX);
            by_category
                .entry(pos)
                .or_insert((req.category, Vec::new()))
                .1
                .push(views.card(lang, &r.id));
            for d in &req.documents {
                documents.insert(d.clone(), link(lib, d, lang, urls));
            }
        }
    }
    let mut ask: Vec<Value> = Vec::new();
    for &t in ContactType::ALL {
        for c in lib
            .contacts_for(&code)
            .filter(|c| c.contact().is_some_and(|c| c.contact_type == t))
        {
            ask.push(views.card(lang, &c.id));
        }
    }
    let guides: Vec<&Value> = lib
        .backlinks
        .get(id)
        .into_iter()
        .flatten()
        .filter(|b| b.kind() == Kind::Guide)
        .map(|b| &v[b])
        .collect();
    json!({
        "categories": by_category.into_values().map(|(c, list)| json!({"category": c.as_str(), "requirements": list})).collect::<Vec<_>>(),
        "documents": documents.into_values().collect::<Vec<_>>(),
        "ask": ask,
        "guides": guides,
        "registration": registration_facts(lib, &code, lang),
    })
}

/// Typical time and fees of the registration steps, for the key facts and the matrix.
fn registration_facts(lib: &Library, code: &crate::content::ids::Code, lang: Lang) -> Value {
    let regs: Vec<_> = lib
        .requirements_of(code)
        .filter_map(|e| e.requirement())
        .filter(|r| matches!(r.category, Category::Registration | Category::Reliance))
        .collect();
    let min = regs
        .iter()
        .filter_map(|r| r.duration_days)
        .map(|d| d.min)
        .min();
    let max = regs
        .iter()
        .filter_map(|r| r.duration_days)
        .map(|d| d.max)
        .max();
    let mut fees: Vec<Value> = regs
        .iter()
        .flat_map(|r| r.fees.iter())
        .map(|f| json!({"label": f.label.as_ref().map(|l| l.or_any(lang).to_string()), "display": super::views::money(f.amount, f.amount_max, f.currency.as_str()), "amount": f.amount, "amount_max": f.amount_max, "currency": f.currency.as_str(), "as_of": f.as_of.to_string()}))
        .collect();
    fees.sort_by_key(|a| a.to_string());
    fees.dedup();
    json!({"days_min": min, "days_max": max, "fees": fees})
}

/// A matrix row: the market's card and its registration time and fees.
fn market_summary(lib: &Library, j: &Value, lang: Lang) -> Value {
    let facts = crate::content::ids::Code::parse(j["code"].as_str().unwrap_or_default())
        .map(|c| registration_facts(lib, &c, lang))
        .unwrap_or(Value::Null);
    json!({"j": j, "facts": facts})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<EntryId> {
        (0..n)
            .map(|i| EntryId::parse(&format!("guides/g{i:04}")).expect("id"))
            .collect()
    }

    #[test]
    fn only_the_updates_pages_that_changed_are_redone() {
        let old = ids(250); // pages 0, 1, 2
        let none = std::collections::BTreeSet::new();
        assert!(updates_to_redo(&old, &old, &none).is_empty());
        // An entry edited in place: its page only.
        let one: std::collections::BTreeSet<EntryId> = [old[150].clone()].into();
        assert_eq!(updates_to_redo(&old, &old, &one), [1].into());
        // An entry moved from page 2 to the top: every page in between.
        let mut moved = old.clone();
        let e = moved.remove(220);
        moved.insert(0, e);
        assert_eq!(updates_to_redo(&old, &moved, &none), [0, 1, 2].into());
        // One more page: the old last page (now with a link to it) and the new one.
        let grown = ids(301);
        assert_eq!(updates_to_redo(&old, &grown, &none), [2, 3].into());
    }
}
