//! What templates see: every entry turned, per language, into a plain JSON
//! view (URL, texts in that language with fallbacks, resolved references,
//! rendered body). Built once per entry and language and shared by every
//! page that lists the entry; of most kinds only the card lists show is
//! kept, and an entry's page makes its full view (and body) when rendered.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::content::Library;
use crate::content::ids::{Code, EntryId, Kind, Lang};
use crate::content::model::{Entry, EntryData};
use crate::content::text::Localized;

/// URLs of the site, under its base path.
#[derive(Debug, Clone)]
pub struct Urls {
    /// Path prefix from the base URL (`/` or `/sub/`).
    pub base: String,
}

impl Urls {
    /// The page URL of an entry id in a language.
    pub fn entry(&self, id: &str, lang: Lang) -> String {
        format!("{}{lang}/{id}/", self.base)
    }

    /// A site path (`ja/matrix/`) under the base.
    pub fn path(&self, p: &str) -> String {
        format!("{}{p}", self.base)
    }
}

/// Per-language view of every entry, as lists need it: the whole view of
/// the kinds whose lists show it whole (jurisdictions, guides, glossary
/// terms: few), and only the card ([`card`]) of the others. An entry's page
/// makes its full view when it is rendered ([`Views::full`]) and drops it
/// after: holding every entry's full view took ~2 GB at 100k entries.
pub struct Views {
    /// (lang, id) → the whole view of an entry of a kind lists show whole.
    pub by_lang: BTreeMap<Lang, BTreeMap<EntryId, Value>>,
    /// (lang, id) → the card of any other entry, as JSON text: a card as a
    /// `Value` took ~3× the memory (~350 MB at 100k entries).
    cards: BTreeMap<Lang, BTreeMap<EntryId, Box<str>>>,
    /// "Today", for the stale flag of the views made at render time.
    today: crate::content::ids::Date,
}

impl Views {
    /// The whole view of an entry (without its body): the one kept, or one
    /// made now for an entry of which only the card is kept.
    pub fn full<'a>(
        &'a self,
        lib: &Library,
        urls: &Urls,
        lang: Lang,
        id: &EntryId,
    ) -> std::borrow::Cow<'a, Value> {
        match lib.get(id) {
            Some(e) if !kept_whole(e.kind) => {
                std::borrow::Cow::Owned(view(lib, e, lang, urls, self.today, false))
            }
            _ => std::borrow::Cow::Borrowed(&self.by_lang[&lang][id]),
        }
    }

    /// The card of an entry ([`card`]), `null` for an id without a view.
    pub fn card(&self, lang: Lang, id: &EntryId) -> Value {
        if let Some(text) = self.cards.get(&lang).and_then(|m| m.get(id)) {
            return serde_json::from_str(text).unwrap_or(Value::Null);
        }
        self.by_lang
            .get(&lang)
            .and_then(|m| m.get(id))
            .map(card)
            .unwrap_or(Value::Null)
    }

    /// Keeps what lists need of one entry's view (or forgets the entry).
    fn keep(&mut self, lang: Lang, id: EntryId, kept: Option<Kept>) {
        let whole = self.by_lang.entry(lang).or_default();
        let cards = self.cards.entry(lang).or_default();
        match kept {
            Some(Kept::Whole(v)) => {
                cards.remove(&id);
                whole.insert(id, v);
            }
            Some(Kept::Card(c)) => {
                whole.remove(&id);
                cards.insert(id, c);
            }
            None => {
                whole.remove(&id);
                cards.remove(&id);
            }
        }
    }
}

/// What [`Views`] keeps of one entry.
enum Kept {
    Whole(Value),
    Card(Box<str>),
}

/// Whether lists show entries of this kind whole (their views are kept).
fn kept_whole(kind: Kind) -> bool {
    matches!(kind, Kind::Jurisdiction | Kind::Guide | Kind::Term)
}

/// The few fields a list shows of an entry (lists never carry bodies).
pub fn card(v: &Value) -> Value {
    let mut out = serde_json::Map::new();
    if let Value::Object(o) = v {
        for k in [
            "id",
            "kind",
            "url",
            "title",
            "summary",
            "last_reviewed",
            "stale",
            "jurisdiction",
            "code",
            "region",
            "regulator",
            "classes",
            "ivd_classes",
            "routes",
            "accepts_reference",
            "local_representative",
            "labelling_languages",
            "country",
            "covers",
            "contact_type",
            "helps_with",
            "contact_url",
            "duration_days",
            "category",
        ] {
            if let Some(x) = o.get(k) {
                out.insert(k.to_string(), x.clone());
            }
        }
    }
    Value::Object(out)
}

fn text(l: &Localized, lang: Lang) -> String {
    l.or_any(lang).to_string()
}

/// What [`Views`] keeps of one entry: its view, or only its card.
fn kept(
    lib: &Library,
    e: &Entry,
    lang: Lang,
    urls: &Urls,
    today: crate::content::ids::Date,
) -> Kept {
    let v = view(lib, e, lang, urls, today, false);
    if kept_whole(e.kind) {
        Kept::Whole(v)
    } else {
        Kept::Card(card(&v).to_string().into())
    }
}

/// Builds the views of every entry in every site language (without bodies:
/// each is rendered with its page).
pub fn build(lib: &Library, urls: &Urls, today: crate::content::ids::Date) -> Views {
    let all: std::collections::BTreeSet<EntryId> = lib.entries.keys().cloned().collect();
    let langs = &lib.config.languages;
    let mut views = Views {
        by_lang: langs.iter().map(|&l| (l, BTreeMap::new())).collect(),
        cards: langs.iter().map(|&l| (l, BTreeMap::new())).collect(),
        today,
    };
    update(&mut views, lib, urls, today, &all);
    views
}

/// Brings `views` up to date for the entries `ids` (changed, added or
/// removed); every other view is kept.
pub fn update(
    views: &mut Views,
    lib: &Library,
    urls: &Urls,
    today: crate::content::ids::Date,
    ids: &std::collections::BTreeSet<EntryId>,
) {
    use rayon::prelude::*;
    views.today = today;
    for &lang in &lib.config.languages {
        let fresh: Vec<(EntryId, Option<Kept>)> = ids
            .par_iter()
            .map(|id| {
                (
                    id.clone(),
                    lib.get(id).map(|e| kept(lib, e, lang, urls, today)),
                )
            })
            .collect();
        for (id, v) in fresh {
            views.keep(lang, id, v);
        }
    }
}

/// A short reference to an entry: id, kind, title, url.
pub fn link(lib: &Library, id: &EntryId, lang: Lang, urls: &Urls) -> Value {
    match lib.get(id) {
        Some(e) => {
            json!({"id": id.as_str(), "kind": e.kind.as_str(), "title": text(&e.title, lang), "summary": text(&e.summary, lang), "url": urls.entry(id.as_str(), lang)})
        }
        None => json!({"id": id.as_str(), "title": id.as_str(), "url": Value::Null}),
    }
}

/// The rendered body of an entry in a language (glossary terms linked on
/// first use), and the language it falls back to when it has none of its own.
pub fn body(lib: &Library, e: &Entry, lang: Lang, urls: &Urls) -> (String, Option<&'static str>) {
    match e.body(lang) {
        Some((b, fallback)) => {
            let target = |i: usize| {
                let id = lib.glossary.term(i);
                lib.get(id)
                    .map(|t| (urls.entry(id.as_str(), lang), text(&t.summary, lang)))
            };
            let terms = super::markdown::TermLinks {
                glossary: &lib.glossary,
                target: &target,
                own: lib.glossary.index_of(&e.id),
            };
            (
                super::markdown::render_with_terms(
                    &b.text(),
                    lang,
                    &|id, l| {
                        EntryId::parse(id)
                            .ok()
                            .filter(|i| lib.entries.contains_key(i))
                            .map(|i| urls.entry(i.as_str(), l))
                    },
                    Some(&terms),
                ),
                fallback.then(|| e.lang.as_str()),
            )
        }
        None => (String::new(), None),
    }
}

/// A view (built without its body) with its `body` and `body_fallback`
/// filled in, for the one page that shows them: bodies are rendered when
/// their page is, and dropped with it, rather than all held at once.
pub struct WithBody<'a> {
    /// The view.
    pub view: &'a Value,
    /// Its rendered body.
    pub body: String,
    /// The language the body falls back to.
    pub fallback: Option<&'static str>,
}

impl serde::Serialize for WithBody<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Some(fields) = self.view.as_object() else {
            return self.view.serialize(s);
        };
        let mut map = s.serialize_map(Some(fields.len()))?;
        for (k, v) in fields {
            match k.as_str() {
                "body" => map.serialize_entry(k, &self.body)?,
                "body_fallback" => map.serialize_entry(k, &self.fallback)?,
                _ => map.serialize_entry(k, v)?,
            }
        }
        map.end()
    }
}

fn view(
    lib: &Library,
    e: &Entry,
    lang: Lang,
    urls: &Urls,
    today: crate::content::ids::Date,
    with_body: bool,
) -> Value {
    let age = (today.0 - e.last_reviewed.0).get_days();
    let stale = age > i32::try_from(lib.config.stale_after_days).unwrap_or(i32::MAX);
    let (body_html, body_fallback) = if with_body {
        body(lib, e, lang, urls)
    } else {
        (String::new(), None)
    };
    let sources: Vec<Value> = e
        .sources
        .iter()
        .map(|s| json!({"title": text(&s.title.localize(e.lang), lang), "url": s.url.as_str(), "accessed": s.accessed.to_string()}))
        .collect();
    let mut v = json!({
        "id": e.id.as_str(),
        "kind": e.kind.as_str(),
        "url": urls.entry(e.id.as_str(), lang),
        "title": text(&e.title, lang),
        "title_missing": e.title.get(lang).is_none(),
        "summary": text(&e.summary, lang),
        "body": body_html,
        "body_fallback": body_fallback,
        "sources": sources,
        "last_reviewed": e.last_reviewed.to_string(),
        "stale": stale,
        "keywords": e.keywords,
        "jurisdiction": e.jurisdiction_code().map(Code::as_str),
    });
    let extra = match &e.data {
        EntryData::Jurisdiction(j) => json!({
            "code": j.code.as_str(),
            "region": j.region.as_str(),
            "regulator": {"name": text(&j.regulator.name, lang), "local": j.regulator.name.local(), "acronym": j.regulator.acronym, "url": j.regulator.url.as_str()},
            "legal_basis": j.legal_basis.iter().map(|l| json!({"title": text(&l.title, lang), "url": l.url.as_str()})).collect::<Vec<_>>(),
            "classes": j.classes,
            "ivd_classes": j.ivd_classes,
            "class_map": j.class_map.iter().map(|(g, c)| json!({"ghtf": g.as_str(), "local": c.0})).collect::<Vec<_>>(),
            "ivd_class_map": j.ivd_class_map.iter().map(|(g, c)| json!({"ghtf": g.as_str(), "local": c.0})).collect::<Vec<_>>(),
            "routes": j.routes.iter().map(|r| json!({"name": text(&r.name, lang), "classes": r.classes, "type": r.device_type.map(|t| t.as_str()), "requirement": r.requirement.as_ref().map(|id| link(lib, id, lang, urls))})).collect::<Vec<_>>(),
            "local_representative": j.local_representative.as_str(),
            "labelling_languages": j.labelling_languages,
            "accepts_reference": j.accepts_reference,
            "accepts_reference_names": reference_names(lib, &j.accepts_reference, lang),
            "members": member_links(lib, &j.members, lang, urls),
            "member_of": programmes_of(lib, &j.code, lang, urls),
            "class_converter": crate::checklist::schemes::converter_rows()
                .into_iter()
                .map(|(scheme, label, ghtf)| json!({"scheme": if lang == Lang::Ja && scheme == "Japan" { "日本" } else { scheme }, "label": label, "ghtf": ghtf.as_str(), "local": j.map_class(ghtf, false).map(|c| c.0.clone())}))
                .collect::<Vec<_>>(),
            "aliases": j.aliases,
        }),
        EntryData::Requirement(r) => json!({
            "category": r.category.as_str(),
            "applies": r.applies,
            "applies_text": crate::checklist::words::Words::new(lib).rule(&r.applies, lang),
            "step": r.step,
            "depends_on": r.depends_on.iter().map(|id| link(lib, id, lang, urls)).collect::<Vec<_>>(),
            "duration_days": r.duration_days,
            "duration_by": r.duration_by.iter().map(|(a, d)| json!({"when": crate::checklist::words::Words::new(lib).rule(a, lang), "min": d.min, "max": d.max})).collect::<Vec<_>>(),
            "fees": r.fees.iter().map(|f| json!({"label": f.label.as_ref().map(|l| text(l, lang)), "display": money(f.amount, f.amount_max, f.currency.as_str()), "amount": f.amount, "amount_max": f.amount_max, "currency": f.currency.as_str(), "as_of": f.as_of.to_string(), "checked": f.checked.map(|c| c.to_string()), "when": (!f.applies.is_empty()).then(|| crate::checklist::words::Words::new(lib).rule(&f.applies, lang)), "only_if": f.only_if.as_ref().map(|w| text(w, lang)), "source": e.sources.get(f.source).map(|s| s.url.as_str())})).collect::<Vec<_>>(),
            "documents": r.documents.iter().map(|id| link(lib, id, lang, urls)).collect::<Vec<_>>(),
            "contacts": r.contacts.iter().map(|id| link(lib, id, lang, urls)).collect::<Vec<_>>(),
            "validity_years": r.validity_years,
            "jurisdiction_link": link(lib, &jid(&r.jurisdiction), lang, urls),
        }),
        EntryData::Document(d) => json!({
            "standards": d.standards,
            "issued_by": d.issued_by.as_ref().map(|l| text(l, lang)),
            "markets": lib.document_markets.get(&e.id).into_iter().flatten().map(|c| link(lib, &jid(c), lang, urls)).collect::<Vec<_>>(),
            "required_by": lib.backlinks.get(&e.id).into_iter().flatten().filter(|id| id.kind() == Kind::Requirement).map(|id| link(lib, id, lang, urls)).collect::<Vec<_>>(),
        }),
        EntryData::Contact(c) => json!({
            "country": c.country.as_str(),
            "contact_type": c.contact_type.as_str(),
            "organisation": text(&c.organisation, lang),
            "helps_with": text(&c.helps_with, lang),
            "covers": c.covers,
            "contact_url": c.url.as_str(),
            "phone": c.phone,
            "email": c.email,
            "address": c.address.as_ref().map(|a| text(a, lang)),
            "contact_source": c.contact_source.and_then(|i| e.sources.get(i)).map(|s| s.url.as_str()),
        }),
        EntryData::Classification(s) => json!({
            "scheme": s.scheme.as_str(),
            "rules": s.rules.iter().map(|r| json!({"id": r.id, "rule": r.rule, "class": r.class, "text": text(&r.text, lang), "quote": r.quote, "source": e.sources.get(r.source).map(|src| json!({"title": text(&src.title.localize(e.lang), lang), "url": src.url.as_str()}))})).collect::<Vec<_>>(),
            "questions": s.questions.iter().map(|q| json!({"id": q.id, "text": text(&q.text, lang), "options": q.options.iter().map(|o| text(&o.text, lang)).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        }),
        EntryData::Guide(g) => json!({
            "jurisdictions": g.jurisdictions.iter().map(|id| link(lib, id, lang, urls)).collect::<Vec<_>>(),
        }),
        EntryData::Term(t) => super::glossary::term_view(lib, e, t, lang, urls),
    };
    if let (Value::Object(a), Value::Object(b)) = (&mut v, extra) {
        a.extend(b);
    }
    v
}

/// The names of the jurisdictions whose approvals a market accepts.
fn reference_names(lib: &Library, codes: &[Code], lang: Lang) -> Vec<String> {
    let words = crate::checklist::words::Words::new(lib);
    codes
        .iter()
        .map(|c| words.place_name(c.as_str(), lang))
        .collect()
}

/// A programme's member markets, named, linked where the knowledge base has them.
fn member_links(lib: &Library, codes: &[Code], lang: Lang, urls: &Urls) -> Vec<Value> {
    let words = crate::checklist::words::Words::new(lib);
    codes
        .iter()
        .map(|c| {
            let url = lib.jurisdiction(c).map(|m| urls.entry(m.id.as_str(), lang));
            json!({"name": words.place_name(c.as_str(), lang), "url": url})
        })
        .collect()
}

/// The programmes (GCC, ASEAN, EAEU …) that list `code` among their members.
fn programmes_of(lib: &Library, code: &Code, lang: Lang, urls: &Urls) -> Vec<Value> {
    lib.of_kind(Kind::Jurisdiction)
        .filter(|p| matches!(&p.data, EntryData::Jurisdiction(pj) if pj.members.contains(code)))
        .map(|p| json!({"name": text(&p.title, lang), "url": urls.entry(p.id.as_str(), lang)}))
        .collect()
}

/// The id of a jurisdiction code.
pub fn jid(code: &Code) -> EntryId {
    EntryId::parse(&format!("jurisdictions/{code}"))
        .unwrap_or_else(|_| EntryId::parse("jurisdictions/eu").expect("valid id"))
}

/// `12,345 THB`, `1,000–2,000 USD`: amounts without spurious decimals.
pub fn money(amount: f64, max: Option<f64>, currency: &str) -> String {
    match max {
        Some(m) => format!("{}–{} {currency}", number(amount), number(m)),
        None => format!("{} {currency}", number(amount)),
    }
}

fn number(x: f64) -> String {
    let whole = x.trunc() as i64;
    let mut digits = whole.abs().to_string();
    let mut i = digits.len() as isize - 3;
    while i > 0 {
        digits.insert(i as usize, ',');
        i -= 3;
    }
    let sign = if whole < 0 { "-" } else { "" };
    let frac = x.fract().abs();
    if frac > 0.0 {
        format!(
            "{sign}{digits}{}",
            format!("{frac:.2}").trim_start_matches('0')
        )
    } else {
        format!("{sign}{digits}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_formats() {
        assert_eq!(super::money(1000.0, None, "THB"), "1,000 THB");
        assert_eq!(
            super::money(26067.0, Some(1234567.5), "USD"),
            "26,067–1,234,567.50 USD"
        );
    }
}
