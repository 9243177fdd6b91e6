//! The loaded knowledge base: every entry by id, and the indexes the site,
//! search and checklist read (requirements per market, contacts per country
//! served, which markets ask for each document, backlinks — including the
//! glossary terms each entry says, found by the glossary's matcher).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::glossary::Glossary;
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
    /// Entries that link to or reference each entry (and, for a glossary
    /// term, the entries that say it).
    pub backlinks: BTreeMap<EntryId, BTreeSet<EntryId>>,
    /// Every form of every glossary term, as a matcher.
    pub glossary: Arc<Glossary>,
    /// Released bodies that could not be read again (see
    /// [`Library::release_texts`]).
    pub rereads: Arc<super::model::Rereads>,
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
            glossary: Arc::new(Glossary::default()),
            rereads: Arc::default(),
        };
        lib.index();
        lib
    }

    fn index(&mut self) {
        use rayon::prelude::*;
        self.glossary = Arc::new(Glossary::new(self.entries.values()));
        let glossary = &self.glossary;
        // Finding the terms an entry says reads all its text: in parallel.
        let all: Vec<(&EntryId, Refs)> = self
            .entries
            .par_iter()
            .map(|(id, e)| (id, Refs::of(e, glossary)))
            .collect();
        for (id, refs) in &all {
            add(
                &mut self.requirements_by_jurisdiction,
                &mut self.contacts_by_code,
                &mut self.document_markets,
                &mut self.backlinks,
                id,
                refs,
            );
        }
        let codes: Vec<Code> = self.requirements_by_jurisdiction.keys().cloned().collect();
        for code in codes {
            self.sort_requirements(&code);
        }
    }

    /// Puts `entry` in the place of the entry with this id (or removes it),
    /// keeping the indexes as [`Library::new`] would make them; returns the
    /// entry that was there. The dev server's path: a save changes one or
    /// two entries, not the indexes over ten thousand.
    pub fn replace(&mut self, id: &EntryId, entry: Option<Entry>) -> Option<Entry> {
        if id.kind() == Kind::Term {
            // Which entries say which term may change everywhere: all anew.
            let old = match entry {
                Some(e) => self.entries.insert(id.clone(), e),
                None => self.entries.remove(id),
            };
            self.requirements_by_jurisdiction.clear();
            self.contacts_by_code.clear();
            self.document_markets.clear();
            self.backlinks.clear();
            self.index();
            return old;
        }
        let glossary = self.glossary.clone();
        let new_refs = entry.as_ref().map(|e| Refs::of(e, &glossary));
        let old = match entry {
            Some(e) => self.entries.insert(id.clone(), e),
            None => self.entries.remove(id),
        };
        let old_refs = old.as_ref().map(|e| Refs::of(e, &glossary));
        let mut codes: BTreeSet<Code> = BTreeSet::new();
        let mut documents: BTreeSet<EntryId> = BTreeSet::new();
        if let Some(r) = &old_refs {
            if let Some(code) = &r.jurisdiction {
                if let Some(list) = self.requirements_by_jurisdiction.get_mut(code) {
                    list.retain(|x| x != id);
                }
                codes.insert(code.clone());
            }
            for code in &r.covers {
                if let Some(list) = self.contacts_by_code.get_mut(code) {
                    list.retain(|x| x != id);
                    if list.is_empty() {
                        self.contacts_by_code.remove(code);
                    }
                }
            }
            for t in &r.targets {
                if let Some(set) = self.backlinks.get_mut(t) {
                    set.remove(id);
                    if set.is_empty() {
                        self.backlinks.remove(t);
                    }
                }
            }
            documents.extend(r.documents.iter().cloned());
        }
        if let Some(r) = &new_refs {
            if let Some(code) = &r.jurisdiction {
                codes.insert(code.clone());
            }
            documents.extend(r.documents.iter().cloned());
            add(
                &mut self.requirements_by_jurisdiction,
                &mut self.contacts_by_code,
                &mut BTreeMap::new(), // recounted below
                &mut self.backlinks,
                id,
                r,
            );
        }
        for code in &codes {
            if self
                .requirements_by_jurisdiction
                .get(code)
                .is_some_and(Vec::is_empty)
            {
                self.requirements_by_jurisdiction.remove(code);
            } else {
                self.sort_requirements(code);
            }
        }
        for list in self.contacts_by_code.values_mut() {
            if !list.is_sorted() {
                list.sort();
            }
        }
        // Several requirements of one market may list a document: count anew.
        for d in documents {
            let markets: BTreeSet<Code> = self
                .backlinks
                .get(&d)
                .into_iter()
                .flatten()
                .filter_map(|b| self.entries.get(b).and_then(Entry::requirement))
                .filter(|r| r.documents.contains(&d))
                .map(|r| r.jurisdiction.clone())
                .collect();
            if markets.is_empty() {
                self.document_markets.remove(&d);
            } else {
                self.document_markets.insert(d, markets);
            }
        }
        old
    }

    fn sort_requirements(&mut self, code: &Code) {
        let entries = &self.entries;
        if let Some(ids) = self.requirements_by_jurisdiction.get_mut(code) {
            ids.sort_by_key(|id| {
                (
                    entries
                        .get(id)
                        .and_then(Entry::requirement)
                        .and_then(|r| r.step)
                        .unwrap_or(u32::MAX),
                    id.clone(),
                )
            });
        }
    }

    /// Drops the texts that only the checks read, and the bodies beyond
    /// `held_bytes`: `build` calls this once the library is validated. The
    /// front matter's text only points diagnostics at a line, and a body's
    /// links, headings and emphasis pitfalls are found again in its text by
    /// the Markdown renderer (~100 MB at 100k entries); a released
    /// body is read again from its file under `root` when it is rendered or
    /// indexed, so the bodies a build holds stay within the budget however
    /// large the knowledge base. A library kept up to date by the dev server
    /// keeps everything, as its entries are checked again after every save.
    pub fn release_texts(&mut self, root: Option<&std::path::Path>, held_bytes: usize) {
        let mut held = 0;
        for e in self.entries.values_mut() {
            e.file.release_yaml();
            for (_, b) in e.bodies.iter_mut() {
                b.release_checks();
            }
            let Some(root) = root else { continue };
            let size = e.body_bytes_held();
            if held + size <= held_bytes {
                held += size;
                continue;
            }
            e.release_bodies(root, &self.rereads);
        }
    }

    /// Whether every body is held in memory: none was released to bound a
    /// large build's memory ([`Library::release_texts`]).
    pub fn holds_every_body(&self) -> bool {
        self.entries
            .values()
            .all(|e| e.bodies.values().all(super::model::Body::is_held))
    }

    /// The entry with this id.
    pub fn get(&self, id: &EntryId) -> Option<&Entry> {
        self.entries.get(id)
    }

    /// The glossary terms, in id order.
    pub fn terms(&self) -> impl Iterator<Item = &Entry> {
        self.glossary
            .terms()
            .iter()
            .filter_map(|id| self.entries.get(id))
    }

    /// The entries (not terms) that say a term or link to it, or that the
    /// term lists, in id order.
    pub fn term_users(&self, id: &EntryId) -> BTreeSet<&EntryId> {
        let listed = self
            .entries
            .get(id)
            .and_then(Entry::term)
            .map(|t| t.entries.as_slice())
            .unwrap_or_default();
        self.backlinks
            .get(id)
            .into_iter()
            .flatten()
            .chain(listed)
            .filter(|u| u.kind() != Kind::Term && self.entries.contains_key(*u))
            .collect()
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

/// What one entry contributes to the indexes.
struct Refs {
    /// A requirement's market.
    jurisdiction: Option<Code>,
    /// A requirement's documents.
    documents: Vec<EntryId>,
    /// A contact's codes served.
    covers: Vec<Code>,
    /// Everything it references or links to.
    targets: BTreeSet<EntryId>,
}

impl Refs {
    fn of(e: &Entry, glossary: &Glossary) -> Refs {
        let mut refs = Refs {
            jurisdiction: None,
            documents: Vec::new(),
            covers: Vec::new(),
            targets: BTreeSet::new(),
        };
        match &e.data {
            EntryData::Requirement(r) => {
                refs.jurisdiction = Some(r.jurisdiction.clone());
                refs.documents = r.documents.clone();
                refs.targets.extend(
                    r.documents
                        .iter()
                        .chain(&r.outcome)
                        .chain(&r.contacts)
                        .chain(&r.depends_on)
                        .cloned(),
                );
            }
            EntryData::Contact(c) => refs.covers = c.covers.clone(),
            EntryData::Guide(g) => refs.targets.extend(g.jurisdictions.iter().cloned()),
            EntryData::Term(t) => refs
                .targets
                .extend(t.see_also.iter().chain(&t.entries).cloned()),
            _ => {}
        }
        refs.targets.extend(glossary.used_by(e));
        for body in e.bodies.values() {
            refs.targets
                .extend(body.links.iter().filter_map(|l| EntryId::parse(&l.id).ok()));
        }
        refs
    }
}

/// Adds an entry's contributions (requirement lists are sorted afterwards).
fn add(
    requirements: &mut BTreeMap<Code, Vec<EntryId>>,
    contacts: &mut BTreeMap<Code, Vec<EntryId>>,
    documents: &mut BTreeMap<EntryId, BTreeSet<Code>>,
    backlinks: &mut BTreeMap<EntryId, BTreeSet<EntryId>>,
    id: &EntryId,
    refs: &Refs,
) {
    if let Some(code) = &refs.jurisdiction {
        requirements
            .entry(code.clone())
            .or_default()
            .push(id.clone());
        for d in &refs.documents {
            documents.entry(d.clone()).or_default().insert(code.clone());
        }
    }
    for code in &refs.covers {
        contacts.entry(code.clone()).or_default().push(id.clone());
    }
    for t in &refs.targets {
        backlinks.entry(t.clone()).or_default().insert(id.clone());
    }
}
