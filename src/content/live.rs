//! A library kept up to date file by file: the dev server's loader.
//!
//! [`LiveLibrary::load`] is the whole load (`regnav check` and `build` use it
//! once, through [`super::load`]). [`LiveLibrary::update`] brings it up to
//! date after files changed, doing only what those files can affect: the
//! changed files are parsed again, the entries of their ids assembled again
//! and put in place with [`Library::replace`], and validated again together
//! with the entries whose checks look at them (what references them, a
//! market's requirements, a requirement's market). Every diagnostic is kept
//! with the file or entry it comes from, so the whole list is the same as a
//! full load would give — the tests compare the two.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use super::ids::{EntryId, Kind};
use super::library::Library;
use super::load::{LoadOptions, Loaded, assemble};
use super::model::Entry;
use super::parse::{ParsedFile, classify, parse_file_limited};
use super::validate;
use crate::config::{CONFIG_FILE, Config};
use crate::diag::{self, Diagnostic};
use crate::kb::KbFiles;

/// One file of `content/` as last read.
#[derive(Debug)]
struct FileState {
    /// Enough of its bytes to tell whether it changed (the text itself is
    /// in `parsed`; a copy of every file would double the memory of a load).
    /// `None` for a load that is never updated ([`LiveLibrary::load_owned`]):
    /// hashing every file cost a second of CPU at 100k entries for nothing.
    seen: Option<Fingerprint>,
    parsed: Result<ParsedFile, Diagnostic>,
}

/// A file's length and a 128-bit hash of its bytes (SHA-256, cut): what
/// [`LiveLibrary::update`] compares to find the files that changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    hash: [u8; 16],
}

impl Fingerprint {
    fn of(bytes: &[u8]) -> Fingerprint {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(bytes);
        let mut hash = [0u8; 16];
        hash.copy_from_slice(&digest[..16]);
        Fingerprint {
            len: bytes.len(),
            hash,
        }
    }

    /// Whether `bytes` are (as far as a 128-bit hash tells) the ones seen.
    fn matches(&self, bytes: &[u8]) -> bool {
        self.len == bytes.len() && *self == Fingerprint::of(bytes)
    }
}

impl FileState {
    fn read(rel: &str, bytes: &[u8], config: &Config) -> FileState {
        FileState {
            seen: Some(Fingerprint::of(bytes)),
            ..FileState::read_once(rel, bytes, config)
        }
    }

    /// [`FileState::read`] without the fingerprint: never compared again.
    fn read_once(rel: &str, bytes: &[u8], config: &Config) -> FileState {
        FileState {
            seen: None,
            parsed: parse_file_limited(rel, bytes, &config.languages, &config.limits),
        }
    }
}

/// An id's entry (if any), what pairing its files found wrong, and those of
/// its files that failed to parse.
type Made = (
    EntryId,
    Option<Entry>,
    Vec<Diagnostic>,
    Vec<(String, FileState)>,
);

/// What a load for `build` releases as it goes: the bodies beyond
/// `held_bytes` are read again from their files under `root` when rendered
/// and indexed, so the memory of a build does not grow with its bodies.
#[derive(Debug, Clone)]
pub struct Release {
    /// The knowledge base's root.
    pub root: std::path::PathBuf,
    /// How many bytes of bodies stay in memory.
    pub held_bytes: usize,
    /// Called as bodies are released: the library is too large to hold
    /// them (`build` then returns freed memory to the system at once).
    pub on_release: fn(),
}

/// An id's entry made from its files' parse (`group`), what pairing them
/// found wrong, and those of the files that failed to parse.
fn make(id: EntryId, group: Vec<(String, FileState)>, config: &Config, opts: LoadOptions) -> Made {
    let langs = &config.languages;
    let original = group
        .iter()
        .find(|(rel, _)| matches!(classify(rel, langs), Ok((_, None))))
        .map(|(_, f)| &f.parsed);
    let translations: Vec<&ParsedFile> = group
        .iter()
        .filter_map(|(_, f)| f.parsed.as_ref().ok())
        .filter(|f| f.translation.is_some())
        .collect();
    let (entry, diags) = assemble(&id, original, &translations, config, opts);
    let failed: Vec<(String, FileState)> = group
        .into_iter()
        .filter(|(_, f)| f.parsed.is_err())
        .collect();
    (id, entry, diags, failed)
}

/// A loaded knowledge base that can be brought up to date cheaply.
#[derive(Debug)]
pub struct LiveLibrary {
    opts: LoadOptions,
    library: Library,
    /// Every file, by path relative to `content/`.
    files: HashMap<String, FileState>,
    /// The files of each id (its original and translations), by path.
    by_id: BTreeMap<EntryId, BTreeSet<String>>,
    /// Ids whose original exists but did not parse.
    broken: BTreeSet<EntryId>,
    /// Files that could not be read.
    unreadable: Vec<Diagnostic>,
    /// What pairing each id's files found wrong.
    assembled: HashMap<EntryId, Vec<Diagnostic>>,
    /// What each entry's checks found.
    checked: HashMap<EntryId, Vec<Diagnostic>>,
    /// `depends_on` cycles.
    cycles: Vec<Diagnostic>,
}

impl LiveLibrary {
    /// Loads and validates a whole knowledge base. Fails only when
    /// `regnav.yaml` itself is unusable.
    pub fn load(kb: &KbFiles, opts: LoadOptions) -> Result<LiveLibrary, crate::Error> {
        let config = Config::parse(CONFIG_FILE, &kb.config)
            .map_err(|d| crate::Error::Config(Box::new(d)))?;
        let t0 = std::time::Instant::now();
        let files: HashMap<String, FileState> = kb
            .files
            .par_iter()
            .map(|f| (f.rel.clone(), FileState::read(&f.rel, &f.bytes, &config)))
            .collect();
        Self::from_files(config, files, kb.unreadable.clone(), opts, t0)
    }

    /// [`LiveLibrary::load`] taking the files, for `build` and the one-shot
    /// commands, which do not read the files again and never update this
    /// library: the files of each entry are parsed, made into the entry and
    /// dropped together, so that the knowledge base is never held twice
    /// (its bytes, its parse, its entries); only files that failed to parse
    /// are kept (their errors are diagnostics). With `release`, bodies
    /// beyond its budget are released as their entries are made, to be
    /// read again from their files when needed ([`Body::release`]).
    ///
    /// [`Body::release`]: super::model::Body::release
    pub fn load_owned(
        kb: KbFiles,
        opts: LoadOptions,
        release: Option<&Release>,
    ) -> Result<LiveLibrary, crate::Error> {
        let config = Config::parse(CONFIG_FILE, &kb.config)
            .map_err(|d| crate::Error::Config(Box::new(d)))?;
        let t0 = std::time::Instant::now();
        // Files only listed are read here, each as it is parsed.
        let unread = match (&kb.origin, kb.deferred) {
            (crate::kb::Origin::Dir(root), true) => Some(root.clone()),
            _ => None,
        };
        let bytes = |f: crate::kb::RawFile| -> Result<(String, Vec<u8>), Diagnostic> {
            match &unread {
                Some(root) => {
                    let b = crate::kb::read_content_file(root, &f.rel)?;
                    Ok((f.rel, b))
                }
                None => Ok((f.rel, f.bytes)),
            }
        };
        let mut live = LiveLibrary::empty(config, opts, kb.unreadable);
        let langs = live.library.config.languages.clone();
        let mut groups: BTreeMap<EntryId, Vec<crate::kb::RawFile>> = BTreeMap::new();
        for f in kb.files {
            match classify(&f.rel, &langs) {
                Ok((id, _)) => {
                    live.by_id
                        .entry(id.clone())
                        .or_default()
                        .insert(f.rel.clone());
                    groups.entry(id).or_default().push(f);
                }
                Err(_) => match bytes(f) {
                    Ok((rel, b)) => {
                        let state = FileState::read_once(&rel, &b, &live.library.config);
                        live.files.insert(rel, state);
                    }
                    Err(d) => live.unreadable.push(d),
                },
            }
        }
        let held = std::sync::atomic::AtomicUsize::new(0);
        let rereads = live.library.rereads.clone();
        let (config, opts) = (&live.library.config, live.opts);
        let made: Vec<(Made, Vec<Diagnostic>)> = groups
            .into_par_iter()
            .map(|(id, files)| {
                let mut unreadable = Vec::new();
                let group = files
                    .into_iter()
                    .filter_map(|f| match bytes(f) {
                        Ok((rel, b)) => {
                            let state = FileState::read_once(&rel, &b, config);
                            Some((rel, state))
                        }
                        Err(d) => {
                            unreadable.push(d);
                            None
                        }
                    })
                    .collect();
                let mut made = make(id, group, config, opts);
                if let (Some(entry), Some(r)) = (&mut made.1, release) {
                    let size = entry.body_bytes_held();
                    let before = held.fetch_add(size, std::sync::atomic::Ordering::Relaxed);
                    if before + size > r.held_bytes {
                        (r.on_release)();
                        entry.release_bodies(&r.root, &rereads);
                    }
                }
                (made, unreadable)
            })
            .collect();
        let mut entries = Vec::with_capacity(made.len());
        for (made, unreadable) in made {
            live.unreadable.extend(unreadable);
            entries.push(made);
        }
        live.finish(entries, t0)
    }

    fn empty(config: Config, opts: LoadOptions, unreadable: Vec<Diagnostic>) -> LiveLibrary {
        LiveLibrary {
            opts,
            library: Library::new(config, BTreeMap::new()),
            by_id: BTreeMap::new(),
            files: HashMap::new(),
            broken: BTreeSet::new(),
            unreadable,
            assembled: HashMap::new(),
            checked: HashMap::new(),
            cycles: Vec::new(),
        }
    }

    fn from_files(
        config: Config,
        files: HashMap<String, FileState>,
        unreadable: Vec<Diagnostic>,
        opts: LoadOptions,
        t0: std::time::Instant,
    ) -> Result<LiveLibrary, crate::Error> {
        let mut live = LiveLibrary::empty(config, opts, unreadable);
        live.files = files;
        for rel in live.files.keys() {
            if let Ok((id, _)) = classify(rel, &live.library.config.languages) {
                live.by_id.entry(id).or_default().insert(rel.clone());
            }
        }
        let ids: Vec<&EntryId> = live.by_id.keys().collect();
        let assembled: Vec<Made> = ids
            .par_iter()
            .map(|id| {
                let (entry, diags) = live.assemble(id);
                ((*id).clone(), entry, diags, Vec::new())
            })
            .collect();
        live.finish(assembled, t0)
    }

    /// Puts the entries made in the library, with what making them found
    /// (failed files go back among the files), and checks them all.
    fn finish(
        mut self,
        made: Vec<Made>,
        t0: std::time::Instant,
    ) -> Result<LiveLibrary, crate::Error> {
        let timing = std::env::var_os("REGNAV_TIMINGS").is_some();
        let mut entries = Vec::with_capacity(made.len());
        for (id, entry, diags, failed) in made {
            self.files.extend(failed);
            if !diags.is_empty() {
                self.assembled.insert(id.clone(), diags);
            }
            if let Some(e) = entry {
                entries.push((id, e));
            }
        }
        // Built at once from the list, the map's nodes are full; inserted one
        // by one in order, they would be half empty (an entry is ~600 bytes).
        let entries: BTreeMap<EntryId, Entry> = entries.into_iter().collect();
        if timing {
            eprintln!(
                "timing: load: entries built {:?}{}",
                t0.elapsed(),
                crate::rss_note()
            );
        }
        self.broken = self
            .by_id
            .keys()
            .filter(|id| self.original_failed(id))
            .cloned()
            .collect();
        let config = self.library.config.clone();
        let rereads = self.library.rereads.clone();
        self.library = Library::new(config, entries);
        self.library.rereads = rereads;
        let all: Vec<EntryId> = self.library.entries.keys().cloned().collect();
        self.check(&all);
        if timing {
            eprintln!(
                "timing: load: validated {:?}{}",
                t0.elapsed(),
                crate::rss_note()
            );
        }
        Ok(self)
    }

    /// The library as it is now (which may have errors: see [`Self::errors`]).
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The library and every diagnostic, sorted.
    pub fn into_loaded(self) -> Loaded {
        let diagnostics = self.diagnostics(|_| true);
        Loaded {
            library: self.library,
            diagnostics,
        }
    }

    /// The diagnostics that `keep` selects, sorted.
    pub fn diagnostics(&self, keep: impl Fn(&Diagnostic) -> bool) -> Vec<Diagnostic> {
        let parse_errors = self.files.values().filter_map(|f| f.parsed.as_ref().err());
        let mut out: Vec<Diagnostic> = self
            .unreadable
            .iter()
            .chain(parse_errors)
            .chain(self.assembled.values().flatten())
            .chain(self.checked.values().flatten())
            .chain(&self.cycles)
            .filter(|d| keep(d))
            .cloned()
            .collect();
        diag::sort(&mut out);
        out
    }

    /// The errors, sorted.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.diagnostics(Diagnostic::is_error)
    }

    /// Brings the library up to date with `kb` (same `regnav.yaml`): the
    /// files named in `hint` (paths relative to `content/`) or, without a
    /// hint, every file whose bytes differ. Returns each changed id with the
    /// entry it had before (`None`: it did not exist).
    pub fn update(
        &mut self,
        kb: &KbFiles,
        hint: Option<&[String]>,
    ) -> Vec<(EntryId, Option<Entry>)> {
        let langs = self.library.config.languages.clone();
        let limits = self.library.config.limits;
        let current = |rel: &str| -> Option<&[u8]> {
            kb.files
                .binary_search_by(|f| f.rel.as_str().cmp(rel))
                .ok()
                .map(|i| kb.files[i].bytes.as_slice())
        };
        let candidates: BTreeSet<&str> = match hint {
            Some(rels) => rels.iter().map(String::as_str).collect(),
            None => kb
                .files
                .iter()
                .map(|f| f.rel.as_str())
                .chain(self.files.keys().map(String::as_str))
                .collect(),
        };
        let changed: Vec<(String, Option<&[u8]>)> = candidates
            .into_iter()
            .filter_map(|rel| {
                let now = current(rel);
                let same = match (now, self.files.get(rel)) {
                    (Some(b), Some(f)) => f.seen.is_some_and(|s| s.matches(b)),
                    (None, None) => true,
                    _ => false,
                };
                (!same).then(|| (rel.to_string(), now))
            })
            .collect();
        let parsed: Vec<(String, Option<FileState>)> = changed
            .into_par_iter()
            .map(|(rel, bytes)| {
                let state = bytes.map(|b| FileState {
                    seen: Some(Fingerprint::of(b)),
                    parsed: parse_file_limited(&rel, b, &langs, &limits),
                });
                (rel, state)
            })
            .collect();
        self.unreadable = kb.unreadable.clone();
        let mut ids: BTreeSet<EntryId> = BTreeSet::new();
        for (rel, state) in parsed {
            let id = classify(&rel, &langs).ok().map(|(id, _)| id);
            match state {
                Some(s) => {
                    self.files.insert(rel.clone(), s);
                    if let Some(id) = &id {
                        self.by_id.entry(id.clone()).or_default().insert(rel);
                    }
                }
                None => {
                    self.files.remove(&rel);
                    if let Some(id) = &id
                        && let Some(set) = self.by_id.get_mut(id)
                    {
                        set.remove(&rel);
                        if set.is_empty() {
                            self.by_id.remove(id);
                        }
                    }
                }
            }
            ids.extend(id);
        }
        let mut before = Vec::new();
        for id in &ids {
            if self.original_failed(id) {
                self.broken.insert(id.clone());
            } else {
                self.broken.remove(id);
            }
            let (entry, diags) = self.assemble(id);
            if diags.is_empty() {
                self.assembled.remove(id);
            } else {
                self.assembled.insert(id.clone(), diags);
            }
            before.push((id.clone(), self.library.replace(id, entry)));
        }
        if !ids.is_empty() {
            let again = self.to_check_again(&ids);
            self.check(&again);
        }
        before
    }

    /// The entries whose checks look at the changed ones: themselves, what
    /// references or links to them, a market's requirements (their classes)
    /// and a requirement's market (its routes), and every entry that had an
    /// error (its "did you mean" may have changed).
    fn to_check_again(&self, changed: &BTreeSet<EntryId>) -> Vec<EntryId> {
        let lib = &self.library;
        let mut out: BTreeSet<EntryId> = changed.clone();
        for id in changed {
            out.extend(lib.backlinks.get(id).into_iter().flatten().cloned());
            let code = id.scope().and_then(|s| super::ids::Code::parse(s).ok());
            match (id.kind(), code) {
                (Kind::Jurisdiction, Some(code)) => {
                    out.extend(lib.requirements_of(&code).map(|e| e.id.clone()));
                }
                (Kind::Requirement, Some(code)) => {
                    out.extend(EntryId::parse(&format!("jurisdictions/{code}")).ok());
                }
                _ => {}
            }
        }
        for (id, found) in &self.checked {
            if found.iter().any(Diagnostic::is_error) {
                out.insert(id.clone());
            }
        }
        // A term's checks read which entries say it and the other terms'
        // forms: any change may touch them, and there are few.
        out.extend(lib.glossary.terms().iter().cloned());
        out.into_iter().collect()
    }

    /// Runs the per-entry checks of `ids` (those that exist) and the cycle check.
    fn check(&mut self, ids: &[EntryId]) {
        let lib = &self.library;
        let results: Vec<(EntryId, Option<Vec<Diagnostic>>)> = ids
            .par_iter()
            .map(|id| {
                let found = lib
                    .get(id)
                    .map(|e| validate::check_entry(lib, &self.broken, self.opts, e));
                (id.clone(), found)
            })
            .collect();
        for (id, found) in results {
            match found {
                Some(f) if !f.is_empty() => {
                    self.checked.insert(id, f);
                }
                _ => {
                    self.checked.remove(&id);
                }
            }
        }
        self.cycles = validate::cycles(&lib.entries, &self.broken, &lib.config, self.opts);
    }

    /// Whether the id's original file exists and failed to parse.
    fn original_failed(&self, id: &EntryId) -> bool {
        self.original(id).is_some_and(|p| p.is_err())
    }

    /// The parse of the id's original file (the one without a language suffix).
    fn original(&self, id: &EntryId) -> Option<&Result<ParsedFile, Diagnostic>> {
        let langs = &self.library.config.languages;
        self.by_id
            .get(id)?
            .iter()
            .find(|rel| matches!(classify(rel, langs), Ok((_, None))))
            .and_then(|rel| self.files.get(rel))
            .map(|f| &f.parsed)
    }

    fn assemble(&self, id: &EntryId) -> (Option<Entry>, Vec<Diagnostic>) {
        let translations: Vec<&ParsedFile> = self
            .by_id
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|rel| self.files.get(rel))
            .filter_map(|f| f.parsed.as_ref().ok())
            .filter(|f| f.translation.is_some())
            .collect();
        assemble(
            id,
            self.original(id),
            &translations,
            &self.library.config,
            self.opts,
        )
    }
}
