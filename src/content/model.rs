//! The domain: entries as the rest of regnav sees them, after validation.
//!
//! Texts are resolved to languages, translations merged in, the jurisdiction
//! or country taken from the path. Everything here serialises to the open data
//! (`api/entries.json`) as it is.

use std::collections::BTreeMap;

use serde::Serialize;

use super::ids::*;
use super::parse::FileText;
use super::raw::{Applies, Days, Deadline, Source};
use super::text::Localized;
use crate::diag::Diagnostic;

/// One entry of the knowledge base.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// `requirements/th/listing`.
    pub id: EntryId,
    /// Its kind.
    pub kind: Kind,
    /// Title per language.
    pub title: Localized,
    /// Summary per language.
    pub summary: Localized,
    /// Body per language.
    #[serde(skip)]
    pub bodies: litemap::LiteMap<Lang, Body>,
    /// Language of the original body.
    pub lang: Lang,
    /// Not published unless `--drafts`.
    pub draft: bool,
    /// Extra search terms.
    pub keywords: Vec<String>,
    /// Where the facts come from.
    pub sources: Vec<Source>,
    /// When last checked.
    pub last_reviewed: Date,
    /// Dated rules.
    pub deadlines: Vec<Deadline>,
    /// The fields of its kind.
    #[serde(flatten)]
    pub data: EntryData,
    /// The original file.
    #[serde(skip)]
    pub file: FileText,
}

/// A body in one language.
#[derive(Debug, Clone)]
pub struct Body {
    /// The Markdown (shared with the entry's [`FileText`]), or where to read
    /// it again once released (see [`Body::release`]).
    text: BodyText,
    /// File it comes from (relative to the root).
    pub path: String,
    /// 1-based line of its first line in that file.
    pub line: usize,
    /// Its `@id` links.
    pub links: Vec<super::markdown::EntryLink>,
    /// Its headings with anchors.
    pub headings: Vec<super::markdown::Heading>,
    /// Offsets of `*` that do not make emphasis next to CJK punctuation.
    pub emphasis_pitfalls: Vec<usize>,
}

#[derive(Debug, Clone)]
enum BodyText {
    Held(std::sync::Arc<str>),
    Released(std::sync::Arc<Released>),
}

/// Where a released body is read again, and how to tell it is the same.
#[derive(Debug)]
struct Released {
    file: std::path::PathBuf,
    hash: u64,
    failures: std::sync::Arc<Rereads>,
}

/// The bodies that could not be read again as they were loaded (the file
/// changed or went during the build): a build with any fails, as its pages
/// would not match the checked knowledge base.
#[derive(Debug, Default)]
pub struct Rereads(std::sync::Mutex<Vec<Diagnostic>>);

impl Rereads {
    /// One error per file that failed, sorted.
    pub fn failures(&self) -> Vec<Diagnostic> {
        let mut all = self.0.lock().map(|f| f.clone()).unwrap_or_default();
        all.sort_by(|a, b| a.file.cmp(&b.file));
        all.dedup_by(|a, b| a.file == b.file);
        all
    }

    fn push(&self, path: &str, why: String) {
        if let Ok(mut f) = self.0.lock() {
            f.push(
                Diagnostic::error(path, 1, 1, "changed-during-build", why)
                    .with_help("the site was not published; build again"),
            );
        }
    }
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

impl Body {
    /// The body of a file, with what was found in it.
    pub fn new(
        file: &FileText,
        links: Vec<super::markdown::EntryLink>,
        headings: Vec<super::markdown::Heading>,
        emphasis_pitfalls: Vec<usize>,
    ) -> Body {
        Body {
            text: BodyText::Held(file.body.clone()),
            path: file.path.clone(),
            line: file.body_line,
            links,
            headings,
            emphasis_pitfalls,
        }
    }

    /// Whether its text is in memory (not released).
    pub fn is_held(&self) -> bool {
        matches!(self.text, BodyText::Held(_))
    }

    /// The Markdown as loaded, for the checks that run while loading; empty
    /// once released. Everything after loading reads [`Body::text`].
    pub fn markdown(&self) -> &str {
        match &self.text {
            BodyText::Held(t) => t,
            BodyText::Released(_) => "",
        }
    }

    /// The Markdown: held, or read again from its file. A file that cannot
    /// be read, or no longer holds this body, gives an empty text and is
    /// recorded in the [`Rereads`] it was released with.
    pub fn text(&self) -> std::sync::Arc<str> {
        let r = match &self.text {
            BodyText::Held(t) => return t.clone(),
            BodyText::Released(r) => r,
        };
        let fail = |why: String| {
            r.failures.push(&self.path, why);
            std::sync::Arc::from("")
        };
        match std::fs::read(&r.file) {
            Ok(bytes) => match super::parse::split(&self.path, &bytes) {
                Ok(f) if text_hash(&f.body) == r.hash => f.body,
                Ok(_) => fail("changed during the build, after it was checked".into()),
                Err(d) => fail(format!("changed during the build: {}", d.message)),
            },
            Err(e) => fail(format!("cannot be read again during the build: {e}")),
        }
    }

    /// Drops what only the checks read (links, headings, emphasis
    /// pitfalls): rendering and indexing find them in the text again.
    pub fn release_checks(&mut self) {
        self.links = Vec::new();
        self.headings = Vec::new();
        self.emphasis_pitfalls = Vec::new();
    }

    /// Drops the held text: it is read again from `root`/[`Body::path`] when
    /// needed.
    pub fn release(&mut self, root: &std::path::Path, failures: &std::sync::Arc<Rereads>) {
        if let BodyText::Held(t) = &self.text {
            self.text = BodyText::Released(std::sync::Arc::new(Released {
                file: root.join(&self.path),
                hash: text_hash(t),
                failures: failures.clone(),
            }));
        }
    }
}

/// The fields that differ by kind.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum EntryData {
    /// A market or programme.
    Jurisdiction(Jurisdiction),
    /// One thing to do in a market.
    Requirement(Requirement),
    /// A dossier document.
    Document(Document),
    /// A place to ask.
    Contact(Contact),
    /// A longer article.
    Guide(Guide),
    /// A glossary term.
    Term(Term),
    /// A classification rule set.
    Classification(super::classification::RuleSet),
}

/// A market or programme.
#[derive(Debug, Clone, Serialize)]
pub struct Jurisdiction {
    /// Its code (`th`, `eu`, `who-pq`).
    pub code: Code,
    /// Region for grouping.
    pub region: Region,
    /// The regulator.
    pub regulator: Regulator,
    /// Laws.
    pub legal_basis: Vec<LegalAct>,
    /// Local classes.
    pub classes: Vec<ClassName>,
    /// GHTF → local.
    pub class_map: BTreeMap<GhtfClass, ClassName>,
    /// What local classes are called, where the law names them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub class_labels: BTreeMap<ClassName, Localized>,
    /// IVD classes (empty: same as `classes`).
    pub ivd_classes: Vec<ClassName>,
    /// GHTF → local, IVDs.
    pub ivd_class_map: BTreeMap<GhtfClass, ClassName>,
    /// Route per class.
    pub routes: Vec<Route>,
    /// Local representative.
    pub local_representative: LocalRep,
    /// Label languages.
    pub labelling_languages: Vec<LangCode>,
    /// Reference approvals accepted.
    pub accepts_reference: Vec<Code>,
    /// For a programme: the markets it binds.
    pub members: Vec<Code>,
    /// Search names.
    pub aliases: Vec<String>,
}

impl Jurisdiction {
    /// Every class name valid in `class:` facts here.
    pub fn all_classes(&self) -> impl Iterator<Item = &ClassName> {
        self.classes.iter().chain(
            self.ivd_classes
                .iter()
                .filter(|c| !self.classes.contains(c)),
        )
    }

    /// The local class for a GHTF class, by device type. An IVD with no
    /// IVD map of its own is read through the general one, but only to a
    /// class IVDs have: Japan's IVD classes are I–III, and a class D IVD is
    /// not "class IV" there (its class is unknown until given).
    pub fn map_class(&self, ghtf: GhtfClass, ivd: bool) -> Option<&ClassName> {
        if ivd && !self.ivd_class_map.is_empty() {
            return self.ivd_class_map.get(&ghtf);
        }
        // Every class is an IVD's when the market declares none of its own.
        self.class_map
            .get(&ghtf)
            .filter(|c| !ivd || self.ivd_classes.is_empty() || self.ivd_classes.contains(c))
    }
}

/// A regulator.
#[derive(Debug, Clone, Serialize)]
pub struct Regulator {
    /// ja/en/local names.
    pub name: Localized,
    /// Acronym.
    pub acronym: Option<String>,
    /// Web site.
    pub url: Url,
}

/// A law.
#[derive(Debug, Clone, Serialize)]
pub struct LegalAct {
    /// Title.
    pub title: Localized,
    /// Where to read it.
    pub url: Url,
}

/// A route to market.
#[derive(Debug, Clone, Serialize)]
pub struct Route {
    /// Name.
    pub name: Localized,
    /// Classes served.
    pub classes: Vec<ClassName>,
    /// General or IVD only.
    #[serde(rename = "type")]
    pub device_type: Option<DeviceType>,
    /// Describing requirement.
    pub requirement: Option<EntryId>,
}

/// One thing to do in a market.
#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    /// The market.
    pub jurisdiction: Code,
    /// What it is about.
    pub category: Category,
    /// When it applies.
    pub applies: Applies,
    /// Order hint.
    pub step: Option<u32>,
    /// Prerequisites.
    pub depends_on: Vec<EntryId>,
    /// Typical duration (for every device it applies to: the span of
    /// `duration_by`, when the time differs by device).
    pub duration_days: Option<Days>,
    /// Durations that differ by device, in order: the first that applies.
    pub duration_by: Vec<(Applies, Days)>,
    /// `duration_days: unknown`: no source states a time.
    pub duration_unknown: bool,
    /// Fees.
    pub fees: Vec<Fee>,
    /// Documents needed.
    pub documents: Vec<EntryId>,
    /// The documents of `documents` that only some devices need, and which.
    pub document_conditions: std::collections::BTreeMap<EntryId, Applies>,
    /// Whom to ask.
    pub contacts: Vec<EntryId>,
    /// Validity.
    pub validity_years: Option<f64>,
    /// What the step yields: holding all of these documents means it is done.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outcome: Vec<EntryId>,
}

/// A fee.
#[derive(Debug, Clone, Serialize)]
pub struct Fee {
    /// What for.
    pub label: Option<Localized>,
    /// Amount (lower bound).
    pub amount: f64,
    /// Upper bound.
    pub amount_max: Option<f64>,
    /// Currency.
    pub currency: Currency,
    /// Valid on.
    pub as_of: Date,
    /// Index into the entry's sources.
    pub source: usize,
    /// When someone last confirmed it is still in force.
    pub checked: Option<Date>,
    /// For which devices it is charged.
    pub applies: Applies,
    /// Charged only in the case it names (counted in upper bounds only).
    pub only_if: Option<Localized>,
}

/// A dossier document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Defining standards.
    pub standards: Vec<String>,
    /// Who issues it.
    pub issued_by: Option<Localized>,
    /// Which devices ever need it.
    pub applies: Applies,
    /// The jurisdiction whose approval this document is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval_of: Option<Code>,
}

/// A place to ask.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    /// Country the office is in.
    pub country: Code,
    /// What kind of place.
    #[serde(rename = "contact_type")]
    pub contact_type: ContactType,
    /// Organisation.
    pub organisation: Localized,
    /// What they help with.
    pub helps_with: Localized,
    /// Countries served.
    pub covers: Vec<Code>,
    /// Official page (`official_url` in the open data, where `url` is the entry's page).
    #[serde(rename = "official_url")]
    pub url: Url,
    /// Phone, only with a source.
    pub phone: Option<String>,
    /// E-mail, only with a source.
    pub email: Option<String>,
    /// Address, only with a source.
    pub address: Option<Localized>,
    /// Source of phone/e-mail/address.
    pub contact_source: Option<usize>,
}

/// A longer article.
#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    /// Markets it is about.
    pub jurisdictions: Vec<EntryId>,
}

/// A glossary term (its headword is the entry's title, its definition the summary).
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// Every form the term is written in (acronym, expansion, Japanese, local).
    pub forms: Vec<String>,
    /// Kana reading of the Japanese headword (五十音 order).
    pub reading: Option<String>,
    /// Markets and programmes it belongs to.
    pub markets: Vec<Code>,
    /// Related terms.
    pub see_also: Vec<EntryId>,
    /// Entries about it that do not say its forms.
    pub entries: Vec<EntryId>,
}

impl Entry {
    /// The glossary term data, if this is one.
    pub fn term(&self) -> Option<&Term> {
        match &self.data {
            EntryData::Term(t) => Some(t),
            _ => None,
        }
    }

    /// The requirement data, if this is one.
    pub fn requirement(&self) -> Option<&Requirement> {
        match &self.data {
            EntryData::Requirement(r) => Some(r),
            _ => None,
        }
    }

    /// The jurisdiction data, if this is one.
    pub fn jurisdiction(&self) -> Option<&Jurisdiction> {
        match &self.data {
            EntryData::Jurisdiction(j) => Some(j),
            _ => None,
        }
    }

    /// The contact data, if this is one.
    pub fn contact(&self) -> Option<&Contact> {
        match &self.data {
            EntryData::Contact(c) => Some(c),
            _ => None,
        }
    }

    /// The classification rule set, for those.
    pub fn classification(&self) -> Option<&super::classification::RuleSet> {
        match &self.data {
            EntryData::Classification(c) => Some(c),
            _ => None,
        }
    }

    /// The document data, for documents.
    pub fn document(&self) -> Option<&Document> {
        match &self.data {
            EntryData::Document(d) => Some(d),
            _ => None,
        }
    }

    /// The jurisdiction code an entry belongs to (requirements, jurisdictions)
    /// or the country a contact is in.
    pub fn jurisdiction_code(&self) -> Option<&Code> {
        match &self.data {
            EntryData::Jurisdiction(j) => Some(&j.code),
            EntryData::Requirement(r) => Some(&r.jurisdiction),
            EntryData::Contact(c) => Some(&c.country),
            _ => None,
        }
    }

    /// Bytes of its bodies held in memory (0 once released).
    pub fn body_bytes_held(&self) -> usize {
        self.bodies.values().map(|b| b.markdown().len()).sum()
    }

    /// Releases its bodies ([`Body::release`]) and its file's copy of the
    /// original body: they are read again from under `root` when needed.
    pub fn release_bodies(&mut self, root: &std::path::Path, failures: &std::sync::Arc<Rereads>) {
        for (_, b) in self.bodies.iter_mut() {
            b.release(root, failures);
        }
        self.file.release_body();
    }

    /// The body in `lang`, or in the original language as a fallback.
    pub fn body(&self, lang: Lang) -> Option<(&Body, bool)> {
        match self.bodies.get(&lang) {
            Some(b) => Some((b, false)),
            None => self
                .bodies
                .get(&self.lang)
                .or_else(|| self.bodies.values().next())
                .map(|b| (b, true)),
        }
    }
}
