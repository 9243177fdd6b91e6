//! Text fields: a plain string (in the file's language) or a language map
//! `{ja: …, en: …, local: …}`.

use litemap::LiteMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::ids::Lang;

/// A text field as written in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A string in the file's own language.
    Plain(String),
    /// A string per language key (`ja`, `en`, `local`).
    Map(LiteMap<String, String>),
}

/// The key of the local-language name in a text map.
pub const LOCAL: &str = "local";

impl Text {
    /// Resolves a plain string to the file's language.
    pub fn localize(&self, file_lang: Lang) -> Localized {
        match self {
            Text::Plain(s) => Localized::one(file_lang, s),
            Text::Map(m) => Localized(m.clone()),
        }
    }

    /// The keys of a map that are neither a known language nor `local`.
    pub fn unknown_keys(&self) -> Vec<&str> {
        match self {
            Text::Plain(_) => Vec::new(),
            Text::Map(m) => m
                .keys()
                .map(String::as_str)
                .filter(|k| *k != LOCAL && Lang::parse(k).is_none())
                .collect(),
        }
    }
}

/// A text resolved to languages: what templates and exports read.
///
/// A sorted vector, not a `BTreeMap`: an entry has a few of these with one
/// to three languages each, and a B-tree node per text was an eighth of a
/// 100k-entry build's memory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Localized(pub LiteMap<String, String>);

impl Localized {
    /// `text` in `lang` alone.
    pub fn one(lang: Lang, text: &str) -> Localized {
        Localized(LiteMap::from_iter([(
            lang.as_str().to_string(),
            text.to_string(),
        )]))
    }

    /// The text in `lang`, if written.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        self.0
            .get(lang.as_str())
            .map(String::as_str)
            .filter(|s| !s.trim().is_empty())
    }

    /// The text in `lang`, else in any site language, else the local name.
    pub fn or_any(&self, lang: Lang) -> &str {
        self.get(lang)
            .or_else(|| Lang::ALL.iter().find_map(|l| self.get(*l)))
            .or_else(|| self.0.get(LOCAL).map(String::as_str))
            .unwrap_or("")
    }

    /// The local-language name, if given.
    pub fn local(&self) -> Option<&str> {
        self.0.get(LOCAL).map(String::as_str)
    }

    /// Sets the text in `lang` when it is missing.
    pub fn fill(&mut self, lang: Lang, value: &str) {
        self.0
            .entry(lang.as_str().to_string())
            .or_insert_with(|| value.to_string());
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a language map such as {ja: …, en: …}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = LiteMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key != LOCAL && Lang::parse(&key).is_none() {
                        return Err(de::Error::custom(format!(
                            "unknown language `{key}` in a text map, expected one of `ja`, `en`, `local`"
                        )));
                    }
                    let value: String = map.next_value()?;
                    if out.insert(key.clone(), value).is_some() {
                        return Err(de::Error::custom(format!("duplicate language `{key}`")));
                    }
                }
                Ok(Text::Map(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Text::Plain(p) => s.serialize_str(p),
            Text::Map(m) => m.serialize(s),
        }
    }
}

impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A string in the file's language, or a map {ja, en, local}.",
            "oneOf": [
                {"type": "string"},
                {"type": "object", "additionalProperties": false,
                 "properties": {"ja": {"type": "string"}, "en": {"type": "string"}, "local": {"type": "string"}}}
            ]
        })
    }
}
