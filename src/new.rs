//! `regnav new`: skeletons for each kind of entry and for translations.
//!
//! A skeleton has every required field, today's date and a comment on each
//! field, and never overwrites an existing file.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::content::ids::{Date, EntryId, Kind, Lang};
use crate::content::parse::{body_hash, split};

/// What to create.
#[derive(Debug, Clone)]
pub enum NewWhat {
    /// A new entry of `kind` with `id` (full id, or without the kind folder).
    Entry {
        /// The kind.
        kind: Kind,
        /// `th/listing` or `requirements/th/listing`.
        id: String,
    },
    /// A translation of an existing entry.
    Translation {
        /// The original's id.
        id: String,
        /// The translation's language.
        lang: Lang,
    },
}

/// Writes the skeleton under `root` and returns its path.
pub fn create(root: &Path, what: &NewWhat, today: Date) -> Result<PathBuf, Error> {
    let (path, text) = match what {
        NewWhat::Entry { kind, id } => {
            let full = if id.starts_with(&format!("{}/", kind.folder())) {
                id.clone()
            } else {
                format!("{}/{id}", kind.folder())
            };
            let id = EntryId::parse(&full).map_err(Error::Usage)?;
            if id.kind() != *kind {
                return Err(Error::Usage(format!("`{id}` is not a {kind} id")));
            }
            (
                root.join("content").join(format!("{id}.md")),
                skeleton(*kind, &id, today),
            )
        }
        NewWhat::Translation { id, lang } => {
            let id = EntryId::parse(id).map_err(Error::Usage)?;
            let original = root.join("content").join(format!("{id}.md"));
            let bytes = std::fs::read(&original).map_err(|e| Error::Io(original.clone(), e))?;
            let file = split(&format!("content/{id}.md"), &bytes)
                .map_err(|d| Error::Usage(format!("{}:{}: {}", d.file, d.line, d.message)))?;
            let original_lang = original_language(root, &id, &bytes)?;
            if original_lang == *lang {
                return Err(Error::Usage(format!(
                    "`{id}` is itself written in {lang}: translate it into another language"
                )));
            }
            let text = format!(
                "---\n# Translation of {id} into {lang}: only title, summary and the body.\n# title: …      # optional when the original's title already has {lang}\n# summary: …\ntranslated_from: {}   # hash of the original body this translation matches\n---\n\n",
                body_hash(&file.body)
            );
            (root.join("content").join(format!("{id}.{lang}.md")), text)
        }
    };
    if path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; regnav new never overwrites",
            path.display()
        )));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
    }
    std::fs::write(&path, text).map_err(|e| Error::Io(path.clone(), e))?;
    Ok(path)
}

/// The language of an original's body: its `lang`, else the default language.
fn original_language(root: &Path, id: &EntryId, bytes: &[u8]) -> Result<Lang, Error> {
    let rel = format!("{id}.md");
    let parsed = crate::content::parse::parse_file(&rel, bytes, Lang::ALL)
        .map_err(|d| Error::Usage(format!("{}:{}: {}", d.file, d.line, d.message)))?;
    if let crate::content::parse::ParsedContent::Original(front) = parsed.content
        && let Some(l) = front.common().lang
    {
        return Ok(l);
    }
    let config_path = root.join(crate::config::CONFIG_FILE);
    let text = std::fs::read_to_string(&config_path).map_err(|e| Error::Io(config_path, e))?;
    let config = crate::config::Config::parse(crate::config::CONFIG_FILE, &text)
        .map_err(|d| Error::Config(Box::new(d)))?;
    Ok(config.default_language)
}

fn skeleton(kind: Kind, id: &EntryId, today: Date) -> String {
    let common = format!(
        "title: {{ja: \"\", en: \"\"}}          # title in every site language\n\
         summary: {{ja: \"\", en: \"\"}}        # one or two sentences\n\
         lang: ja                            # language of the body below\n\
         sources:                            # where the facts come from (title, url, accessed)\n\
         \x20 - {{title: \"\", url: \"https://\", accessed: {today}}}\n\
         last_reviewed: {today}              # the day you checked it against the sources\n"
    );
    let specific = match kind {
        Kind::Jurisdiction => "region: asia                        # asia, europe, north-america, latin-america, middle-east, africa, oceania, global\n\
regulator:\n  name: {ja: \"\", en: \"\", local: \"\"}   # the regulator's names\n  acronym: \"\"\n  url: \"https://\"\n\
legal_basis:                        # laws and regulations\n  - {title: {en: \"\"}, url: \"https://\"}\n\
classes: [\"1\", \"2\", \"3\", \"4\"]        # local classes, lowest risk first\n\
class_map: {A: \"1\", B: \"2\", C: \"3\", D: \"4\"}   # GHTF/IMDRF class -> local class\n\
routes: []                          # {name: {ja, en}, classes: [...], requirement: requirements/<code>/<name>}\n\
local_representative: required      # required | not-required | conditional\n\
labelling_languages: [en]           # languages labels and IFU must use\n\
accepts_reference: []               # codes whose approvals unlock reliance routes (us, eu, jp …)\n\
aliases: []                         # names people search for (Japanese, English, local, acronyms)\n".to_string(),
        Kind::Requirement => format!("category: registration              # see CONTENT.md for the list\n\
applies: {{}}                         # {{all: [\"class:2\"], any: [...], none: [\"ref:us\"]}}; empty = always\n\
step: 1                             # order among this market's steps\n\
depends_on: []                      # requirements/{}/<name> that come first\n\
# duration_days: {{min: 30, max: 90}}   # only when a source states it\n\
# fees: [{{amount: 0, currency: USD, as_of: {today}, source: 0}}]\n\
documents: []                       # documents/<name>\n\
contacts: []                        # contacts/<country>/<name>\n", id.scope().unwrap_or("xx")),
        Kind::Document => "standards: []                       # e.g. \"ISO 13485:2016\"\n# issued_by: {ja: \"\", en: \"\"}\n".to_string(),
        Kind::Contact => format!("type: regulator                     # embassy-business-desk, cross-border-economic-officer, jetro-office, regulator, industry-association, other\n\
organisation: {{ja: \"\", en: \"\"}}\n\
helps_with: {{ja: \"\", en: \"\"}}\n\
covers: [{}]                        # countries served\n\
url: \"https://\"                     # the official page\n\
# phone / email / address: only when a listed source states them, with contact_source: <index>\n", id.scope().unwrap_or("xx")),
        Kind::Guide => "jurisdictions: []                   # jurisdictions/<code> the guide is about\n".to_string(),
        Kind::Term => "forms: []                           # how texts write it: acronym, expansion, Japanese, local name\n\
# reading: \"\"                       # kana reading of the Japanese headword when it starts with kanji\n\
markets: []                         # jurisdiction codes it belongs to (us, eu, jp …); empty for the whole field\n\
see_also: []                        # related terms: glossary/<name>\n".to_string(),
        Kind::Classification => "scheme: ghtf                        # ghtf (class A–D) or samd (IMDRF SaMD category I–IV)\n\
type: general                       # general or ivd: which class_map a GHTF class goes through\n\
questions:                          # asked in this order; ask_if: {all: [question=answer]} to ask only on earlier answers\n\
\x20 - {id: q1, text: {ja: \"\", en: \"\"}, options: [{id: yes, text: {ja: はい, en: \"Yes\"}}, {id: no, text: {ja: いいえ, en: \"No\"}}]}\n\
rules:                              # the class each rule gives and when; source: index into sources\n\
\x20 - {id: rule-1, rule: \"1\", class: A, when: {all: [q1=yes]}, text: {ja: \"\", en: \"\"}, source: 0}\n\
\x20 - {id: rule-2, rule: \"2\", class: B, when: {all: [q1=no]}, text: {ja: \"\", en: \"\"}, source: 0}\n".to_string(),
    };
    format!("---\n{common}{specific}---\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::parse::parse_file;

    #[test]
    fn skeletons_parse() {
        let today = Date::parse("2026-01-02").unwrap();
        for (kind, id) in [
            (Kind::Jurisdiction, "jurisdictions/th"),
            (Kind::Requirement, "requirements/th/x"),
            (Kind::Document, "documents/x"),
            (Kind::Contact, "contacts/th/x"),
            (Kind::Guide, "guides/x"),
            (Kind::Term, "glossary/x"),
        ] {
            let text = skeleton(kind, &EntryId::parse(id).unwrap(), today);
            let rel = format!("{}.md", id);
            // Placeholders like "https://" are not valid URLs on purpose: the
            // skeleton must be filled in. Everything else must parse.
            let filled = text.replace("\"https://\"", "\"https://example.org/\"");
            parse_file(&rel, filled.as_bytes(), &[Lang::Ja, Lang::En])
                .unwrap_or_else(|d| panic!("{kind}: {d:?}"));
        }
    }
}
