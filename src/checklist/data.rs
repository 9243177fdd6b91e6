//! The checklist data the web page's planner reads (`api/checklist.json`):
//! exactly what `plan` needs, in both languages.

use serde_json::{Value, json};

use std::sync::Arc;

use crate::content::Library;
use crate::content::ids::{EntryId, Kind};
use crate::content::model::{Entry, EntryData};

/// A text in every site language, as the pages' scripts read it
/// (`{"ja": …, "en": …}`); shared with the classification page's data.
pub(crate) fn text(lib: &Library, l: &crate::content::text::Localized) -> Value {
    Value::Object(
        lib.config
            .languages
            .iter()
            .map(|lang| (lang.as_str().to_string(), json!(l.or_any(*lang))))
            .collect(),
    )
}

/// An entry's dated rules, for plans.
fn deadlines(lib: &Library, e: &Entry) -> Vec<Value> {
    e.deadlines
        .iter()
        .map(|d| json!({"date": d.date.to_string(), "what": text(lib, &d.what.localize(e.lang)), "applies": d.applies}))
        .collect()
}

/// What the planner knows of one entry: a market, a step, or the title of a
/// document or contact (guides and glossary terms: nothing).
pub fn entry_data(lib: &Library, e: &Entry) -> Value {
    match &e.data {
        EntryData::Jurisdiction(j) => json!({
            "title": text(lib, &e.title),
            "classes": j.classes, "ivd_classes": j.ivd_classes,
            "class_map": j.class_map, "ivd_class_map": j.ivd_class_map,
            "accepts_reference": j.accepts_reference,
            "requirements": lib.requirements_by_jurisdiction.get(&j.code).cloned().unwrap_or_default(),
            "deadlines": deadlines(lib, e),
            "contacts": lib.contacts_by_code.get(&j.code).cloned().unwrap_or_default(),
        }),
        EntryData::Requirement(r) => json!({
            "title": text(lib, &e.title), "category": r.category, "applies": r.applies, "step": r.step,
            "depends_on": r.depends_on, "duration_days": r.duration_days,
            "duration_by": r.duration_by.iter().map(|(a, d)| json!({"applies": a, "min": d.min, "max": d.max})).collect::<Vec<_>>(),
            "fees": r.fees.iter().map(|f| json!({"label": f.label.as_ref().map(|l| text(lib, l)), "amount": f.amount, "amount_max": f.amount_max, "currency": f.currency, "as_of": f.as_of, "applies": f.applies, "only_if": f.only_if.as_ref().map(|w| text(lib, w)), "source": e.sources.get(f.source).map(|s| s.url.as_str())})).collect::<Vec<_>>(),
            "sources": e.sources.iter().map(|s| s.url.as_str()).collect::<Vec<_>>(),
            "deadlines": deadlines(lib, e),
            "documents": r.documents, "document_conditions": r.document_conditions, "contacts": r.contacts, "outcome": r.outcome,
        }),
        EntryData::Document(d) => {
            json!({"title": text(lib, &e.title), "type": null, "applies": d.applies, "approval_of": d.approval_of})
        }
        EntryData::Contact(_) => {
            json!({"title": text(lib, &e.title), "type": e.contact().map(|c| c.contact_type.as_str())})
        }
        EntryData::Guide(_) | EntryData::Term(_) | EntryData::Classification(_) => Value::Null,
    }
}

/// The data, as JSON.
pub fn checklist_data(lib: &Library) -> Value {
    let jurisdictions: serde_json::Map<String, Value> = lib
        .of_kind(Kind::Jurisdiction)
        .filter_map(|e| {
            e.jurisdiction()
                .map(|j| (j.code.to_string(), entry_data(lib, e)))
        })
        .collect();
    let by_id = |kind: Kind| -> serde_json::Map<String, Value> {
        lib.of_kind(kind)
            .map(|e| (e.id.to_string(), entry_data(lib, e)))
            .collect()
    };
    json!({"words": super::words::Words::new(lib).to_json(), "schemes": super::schemes::to_json(), "languages": lib.config.languages, "attrs": crate::content::ids::Attr::names().collect::<Vec<_>>(), "refs": reference_codes(lib), "reviewed": latest_review(lib), "jurisdictions": jurisdictions, "requirements": by_id(Kind::Requirement), "documents": by_id(Kind::Document), "contacts": by_id(Kind::Contact)})
}

/// The latest `last_reviewed` of the knowledge base (for exports' covers).
pub fn latest_review(lib: &Library) -> Option<String> {
    lib.entries
        .values()
        .map(|e| e.last_reviewed.to_string())
        .max()
}

/// The JSON text of [`checklist_data`] (the same bytes) as pieces: the
/// pieces of each entry are `per_entry` (its [`entry_data`], serialised), so
/// that the dev server serialises again only the entries that changed.
pub fn checklist_json_parts(
    lib: &Library,
    per_entry: &std::collections::BTreeMap<EntryId, Arc<str>>,
) -> Vec<Arc<str>> {
    let json = |v: &dyn erased::Json| -> Arc<str> { v.to_json().into() };
    let mut out: Vec<Arc<str>> = Vec::with_capacity(per_entry.len() * 2 + 16);
    let attrs: Vec<&str> = crate::content::ids::Attr::names().collect();
    out.push(format!("{{\"attrs\":{},", json(&attrs)).into());
    // Keys in the order serde_json writes them (sorted).
    let section = |name: &str, kind: Kind, out: &mut Vec<Arc<str>>| {
        out.push(format!("\"{name}\":{{").into());
        let mut first = true;
        for e in lib.of_kind(kind) {
            let key = match (kind, e.jurisdiction()) {
                (Kind::Jurisdiction, Some(j)) => j.code.to_string(),
                (Kind::Jurisdiction, None) => continue,
                _ => e.id.to_string(),
            };
            let Some(data) = per_entry.get(&e.id) else {
                continue;
            };
            out.push(format!("{}{}:", if first { "" } else { "," }, json(&key)).into());
            out.push(data.clone());
            first = false;
        }
        out.push(Arc::from("},"));
    };
    section("contacts", Kind::Contact, &mut out);
    section("documents", Kind::Document, &mut out);
    section("jurisdictions", Kind::Jurisdiction, &mut out);
    out.push(
        format!(
            "\"languages\":{},\"refs\":{},",
            json(&lib.config.languages),
            json(&reference_codes(lib))
        )
        .into(),
    );
    section("requirements", Kind::Requirement, &mut out);
    out.push(
        format!(
            "\"reviewed\":{},\"schemes\":{},",
            json(&latest_review(lib)),
            json(&super::schemes::to_json())
        )
        .into(),
    );
    out.push(
        format!(
            "\"words\":{}}}",
            json(&super::words::Words::new(lib).to_json())
        )
        .into(),
    );
    out
}

mod erased {
    /// Anything serde can write, as a trait object.
    pub(super) trait Json {
        fn to_json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

/// and every `ref:` fact used by a requirement, sorted.
pub fn reference_codes(lib: &Library) -> Vec<String> {
    let mut codes: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for e in lib.entries.values() {
        if let Some(j) = e.jurisdiction() {
            codes.extend(j.accepts_reference.iter().map(|c| c.to_string()));
        }
        if let Some(r) = e.requirement() {
            for f in r
                .applies
                .all
                .iter()
                .chain(&r.applies.any)
                .chain(&r.applies.none)
            {
                if let crate::content::ids::Fact::Ref(c) = f {
                    codes.insert(c.to_string());
                }
            }
        }
    }
    codes.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pieces_make_the_same_json_as_the_whole() {
        let kb = crate::kb::KbFiles::read(&crate::kb::Origin::Embedded).expect("kb");
        let lib = crate::content::load(&kb, crate::content::LoadOptions::now())
            .expect("load")
            .library;
        let per_entry = lib
            .entries
            .values()
            .map(|e| (e.id.clone(), Arc::from(entry_data(&lib, e).to_string())))
            .collect();
        let joined: String = checklist_json_parts(&lib, &per_entry)
            .iter()
            .map(|p| &**p)
            .collect();
        let whole = serde_json::to_string(&checklist_data(&lib)).expect("json");
        assert!(joined.len() > 10_000);
        assert_eq!(joined, whole);
    }
}
