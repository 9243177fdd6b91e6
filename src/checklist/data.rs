//! The checklist data the web page's planner reads (`api/checklist.json`):
//! exactly what `plan` needs, in both languages.

use serde_json::{Value, json};

use crate::content::Library;
use crate::content::ids::Kind;
use crate::content::model::{Entry, EntryData};

fn text(lib: &Library, l: &crate::content::text::Localized) -> Value {
    Value::Object(
        lib.config
            .languages
            .iter()
            .map(|lang| (lang.as_str().to_string(), json!(l.or_any(*lang))))
            .collect(),
    )
}

/// What the planner knows of one entry: a market, a step, or the title of a
/// document or contact (guides: nothing).
pub fn entry_data(lib: &Library, e: &Entry) -> Value {
    match &e.data {
        EntryData::Jurisdiction(j) => json!({
            "title": text(lib, &e.title),
            "classes": j.classes, "ivd_classes": j.ivd_classes,
            "class_map": j.class_map, "ivd_class_map": j.ivd_class_map,
            "accepts_reference": j.accepts_reference,
            "requirements": lib.requirements_by_jurisdiction.get(&j.code).cloned().unwrap_or_default(),
            "contacts": lib.contacts_by_code.get(&j.code).cloned().unwrap_or_default(),
        }),
        EntryData::Requirement(r) => json!({
            "title": text(lib, &e.title), "category": r.category, "applies": r.applies, "step": r.step,
            "depends_on": r.depends_on, "duration_days": r.duration_days,
            "fees": r.fees.iter().map(|f| json!({"label": f.label.as_ref().map(|l| text(lib, l)), "amount": f.amount, "amount_max": f.amount_max, "currency": f.currency, "as_of": f.as_of})).collect::<Vec<_>>(),
            "documents": r.documents, "contacts": r.contacts,
        }),
        EntryData::Document(_) | EntryData::Contact(_) => {
            json!({"title": text(lib, &e.title), "type": e.contact().map(|c| c.contact_type.as_str())})
        }
        EntryData::Guide(_) => Value::Null,
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
    json!({"languages": lib.config.languages, "attrs": crate::content::ids::Attr::names().collect::<Vec<_>>(), "refs": reference_codes(lib), "jurisdictions": jurisdictions, "requirements": by_id(Kind::Requirement), "documents": by_id(Kind::Document), "contacts": by_id(Kind::Contact)})
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
