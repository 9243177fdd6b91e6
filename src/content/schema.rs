//! `regnav schema`: a JSON Schema of every kind's front matter and of
//! `regnav.yaml`, derived from the serde types the loader itself uses.

use serde_json::{Value, json};

use super::raw::*;

/// The JSON Schema document, with one definition per kind and a map from
/// file globs to definitions (for editors' YAML plug-ins).
pub fn json_schema() -> Value {
    let kinds = [
        (
            "jurisdiction",
            "content/jurisdictions/*.md",
            to_value(schemars::schema_for!(JurisdictionFront)),
        ),
        (
            "requirement",
            "content/requirements/*/*.md",
            to_value(schemars::schema_for!(RequirementFront)),
        ),
        (
            "document",
            "content/documents/*.md",
            to_value(schemars::schema_for!(DocumentFront)),
        ),
        (
            "contact",
            "content/contacts/*/*.md",
            to_value(schemars::schema_for!(ContactFront)),
        ),
        (
            "guide",
            "content/guides/*.md",
            to_value(schemars::schema_for!(GuideFront)),
        ),
        (
            "term",
            "content/glossary/*.md",
            to_value(schemars::schema_for!(TermFront)),
        ),
        (
            "classification",
            "content/classification/*.md",
            to_value(schemars::schema_for!(ClassificationFront)),
        ),
        (
            "translation",
            "content/**/*.{ja,en}.md",
            to_value(schemars::schema_for!(TranslationFront)),
        ),
    ];
    let mut defs = serde_json::Map::new();
    let mut files = serde_json::Map::new();
    for (name, glob, schema) in kinds {
        files.insert(glob.to_string(), json!(format!("#/$defs/{name}")));
        defs.insert(name.to_string(), schema);
    }
    defs.insert("config".to_string(), crate::config::Config::json_schema());
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "regnav front matter",
        "description": "Front matter of regnav knowledge-base entries, one definition per kind; `files` maps paths to definitions. See CONTENT.md.",
        "files": files,
        "$defs": defs,
    })
}

fn to_value(s: schemars::Schema) -> Value {
    serde_json::to_value(s).unwrap_or(Value::Null)
}
