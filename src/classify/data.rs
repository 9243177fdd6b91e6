//! What the classification page's `classify.js` reads: every rule set and,
//! per market, exactly what [`super::outcome::market_class`] looks at — in
//! every site language, so the page answers as the CLI does.

use serde_json::{Value, json};

use crate::checklist::data::text;
use crate::content::Library;
use crate::content::ids::{Attr, Category, Kind};
use crate::content::text::Localized;

/// The page's data.
pub fn page_data(lib: &Library) -> Value {
    let sets: Vec<Value> = super::input::rule_sets(lib)
        .into_iter()
        .map(|(e, s)| {
            let opt = |l: &Option<Localized>| l.as_ref().map(|l| text(lib, l));
            json!({
                "id": e.id.as_str(),
                "name": e.id.name(),
                "title": text(lib, &e.title),
                "summary": text(lib, &e.summary),
                "scheme": s.scheme,
                "type": s.device_type,
                "classes": s.scheme.classes(),
                "questions": s.questions.iter().map(|q| json!({
                    "id": q.id, "text": text(lib, &q.text), "help": opt(&q.help),
                    "multiple": q.multiple, "ask_if": q.ask_if,
                    "options": q.options.iter().map(|o| json!({"id": o.id, "text": text(lib, &o.text), "help": opt(&o.help), "attrs": o.attrs})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "rules": s.rules.iter().map(|r| json!({
                    "id": r.id, "rule": r.rule, "class": r.class, "when": r.when,
                    "text": text(lib, &r.text), "quote": r.quote, "source": r.source,
                })).collect::<Vec<_>>(),
                "sources": e.sources.iter().map(|src| json!({"title": text(lib, &src.title.localize(e.lang)), "url": src.url.as_str()})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let jurisdictions: Vec<Value> = lib
        .of_kind(Kind::Jurisdiction)
        .filter_map(|e| {
            let j = e.jurisdiction()?;
            let classification: Vec<Value> = lib
                .requirements_of(&j.code)
                .filter(|r| {
                    r.requirement()
                        .is_some_and(|x| x.category == Category::Classification)
                })
                .map(|r| json!({"id": r.id.as_str(), "title": text(lib, &r.title), "summary": text(lib, &r.summary)}))
                .collect();
            Some(json!({
                "code": j.code.as_str(),
                "title": text(lib, &e.title),
                "class_map": j.class_map,
                "ivd_class_map": j.ivd_class_map,
                "ivd_classes": j.ivd_classes,
                "class_labels": j.class_labels.iter().map(|(c, t)| (c.0.clone(), text(lib, t))).collect::<serde_json::Map<String, Value>>(),
                "routes": j.routes.iter().map(|r| json!({"name": text(lib, &r.name), "classes": r.classes, "type": r.device_type})).collect::<Vec<_>>(),
                "classification": classification,
            }))
        })
        .collect();
    let words: serde_json::Map<String, Value> = super::outcome::WORDS
        .iter()
        .map(|(k, ja, en)| (k.to_string(), json!({"ja": ja, "en": en})))
        .collect();
    json!({
        "words": words,
        "attrs": Attr::names().collect::<Vec<_>>(),
        "sets": sets,
        "jurisdictions": jurisdictions,
    })
}
