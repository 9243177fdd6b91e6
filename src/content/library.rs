//! The loaded knowledge base: every entry by id, and the indexes the site,
//! search and checklist read (requirements per market, contacts per country
//! served, which markets ask for each document, backlinks).

use std::collections::{BTreeMap, BTreeSet};

use super::ids::{Code, EntryId, Kind};
use super::model::{Entry, EntryData};
use crate::config::Config;

/// Every entry, validated, with indexes.
#[derive(Debug, Clone)]
pub struct Library {
    /// The configuration.
    pub config: Config,
    /// Entries by id (sorted: deterministic everywhere).
    pub entries: BTreeMap<EntryId, Entry>,
    /// Requirement ids per jurisdiction code, sorted by (step, id).
    pub requirements_by_jurisdiction: BTreeMap<Code, Vec<EntryId>>,
    /// Contact ids per country/region code they serve.
    pub contacts_by_code: BTreeMap<Code, Vec<EntryId>>,
    /// Jurisdiction codes whose requirements list each document.
    pub document_markets: BTreeMap<EntryId, BTreeSet<Code>>,
    /// Entries that link to or reference each entry.
    pub backlinks: BTreeMap<EntryId, BTreeSet<EntryId>>,
}

impl Library {
    /// Builds the indexes over `entries`.
    pub fn new(config: Config, entries: BTreeMap<EntryId, Entry>) -> Library {
        let mut lib = Library {
            config,
            entries,
            requirements_by_jurisdiction: BTreeMap::new(),
            contacts_by_code: BTreeMap::new(),
            document_markets: BTreeMap::new(),
            backlinks: BTreeMap::new(),
        };
        lib.index();
        lib
    }

    fn index(&mut self) {
        for (id, e) in &self.entries {
            match &e.data {
                EntryData::Requirement(r) => {
                    self.requirements_by_jurisdiction
                        .entry(r.jurisdiction.clone())
                        .or_default()
                        .push(id.clone());
                    for d in &r.documents {
                        self.document_markets
                            .entry(d.clone())
                            .or_default()
                            .insert(r.jurisdiction.clone());
                    }
                    for target in r.documents.iter().chain(&r.contacts).chain(&r.depends_on) {
                        self.backlinks
                            .entry(target.clone())
                            .or_default()
                            .insert(id.clone());
                    }
                }
                EntryData::Contact(c) => {
                    for code in &c.covers {
                        self.contacts_by_code
                            .entry(code.clone())
                            .or_default()
                            .push(id.clone());
                    }
                }
                EntryData::Guide(g) => {
                    for j in &g.jurisdictions {
                        self.backlinks
                            .entry(j.clone())
                            .or_default()
                            .insert(id.clone());
                    }
                }
                _ => {}
            }
            for body in e.bodies.values() {
                for link in &body.links {
                    if let Ok(target) = EntryId::parse(&link.id) {
                        self.backlinks.entry(target).or_default().insert(id.clone());
                    }
                }
            }
        }
        let entries = &self.entries;
        for ids in self.requirements_by_jurisdiction.values_mut() {
            ids.sort_by_key(|id| {
                (
                    entries[id]
                        .requirement()
                        .and_then(|r| r.step)
                        .unwrap_or(u32::MAX),
                    id.clone(),
                )
            });
        }
    }

    /// The entry with this id.
    pub fn get(&self, id: &EntryId) -> Option<&Entry> {
        self.entries.get(id)
    }

    /// The entries of one kind, in id order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Entry> {
        self.entries.values().filter(move |e| e.kind == kind)
    }

    /// The jurisdiction entry for a code.
    pub fn jurisdiction(&self, code: &Code) -> Option<&Entry> {
        EntryId::parse(&format!("jurisdictions/{code}"))
            .ok()
            .and_then(|id| self.entries.get(&id))
    }

    /// The requirements of a jurisdiction, in (step, id) order.
    pub fn requirements_of(&self, code: &Code) -> impl Iterator<Item = &Entry> {
        self.requirements_by_jurisdiction
            .get(code)
            .into_iter()
            .flatten()
            .filter_map(|id| self.entries.get(id))
    }

    /// The contacts that serve a code.
    pub fn contacts_for(&self, code: &Code) -> impl Iterator<Item = &Entry> {
        self.contacts_by_code
            .get(code)
            .into_iter()
            .flatten()
            .filter_map(|id| self.entries.get(id))
    }
}
