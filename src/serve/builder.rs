//! The builder thread: owns the knowledge base in memory and the parse
//! cache, turns each batch of file changes into a rebuild through the same
//! pipeline as `regnav build` (into memory), and tells open pages what
//! happened.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use serde_json::json;

use super::watch::{Change, classify};
use super::{Event, Shared, SiteFiles};
use crate::Error;
use crate::content::ids::EntryId;
use crate::content::model::{Entry, EntryData};
use crate::content::{Library, LiveLibrary, LoadOptions};
use crate::diag::{self, Diagnostic};
use crate::kb::{KbFiles, Origin};
use crate::search::SearchIndex;
use crate::search::document::{document, documents};
use crate::site::{MemorySink, Scope};

/// How long the files must stay quiet before the static search index of the
/// served site is brought up to date after partial rebuilds.
const SEARCH_REFRESH_QUIET: Duration = Duration::from_secs(2);

/// How long the files must stay quiet before a failed rebuild is reported:
/// editors pass through broken states while saving (a file truncated before
/// it is written, renamed away before the new one is moved in); those are
/// rebuilt over at once and never shown.
const ERROR_QUIET: Duration = Duration::from_millis(150);

/// The longest a save storm is collected into one batch before rebuilding.
const MAX_BATCH: Duration = Duration::from_millis(100);

/// What the builder thread hears.
pub(super) enum Msg {
    /// A file event.
    Files(notify::Result<notify::Event>),
    /// A static search index made on another thread for the library of
    /// `generation` (`None`: making it failed).
    Search {
        generation: u64,
        made: Option<(String, SiteFiles)>,
    },
    /// `/mcp` wants a copy of the library as of the last good rebuild
    /// (answered once it is in `Shared::library`, or cannot be).
    Copy(tokio::sync::oneshot::Sender<()>),
}

/// Rebuilds on change.
pub(super) struct Builder {
    origin: Origin,
    kb: KbFiles,
    /// The knowledge base as last loaded (possibly with errors).
    live: Option<LiveLibrary>,
    /// Entries changed since the served site was rendered, as they were then.
    pending: std::collections::BTreeMap<EntryId, Option<Entry>>,
    /// Whether the served site was rendered from `live` (else the next
    /// successful rebuild renders everything).
    rendered: bool,
    shared: Arc<Shared>,
    drafts: bool,
    search_version: Option<String>,
    search_stale: bool,
    /// Whether a static search index is being made on another thread.
    search_running: bool,
    /// Counts the changes of the library's content (a search index made
    /// for an older one is dropped).
    generation: u64,
    render_cache: crate::site::RenderCache,
    /// The errors of the last rebuild, not reported yet (see [`ERROR_QUIET`]).
    held: Option<(Vec<Diagnostic>, Vec<Diagnostic>)>,
    /// Whether the search index holds `live` (but for `pending`).
    indexed: bool,
}

/// Keeps the watcher alive.
pub(super) struct WatchHandle {
    _watcher: Option<Arc<std::sync::Mutex<notify::RecommendedWatcher>>>,
}

/// Watches what regnav reads — `content/` and `templates/` recursively, the
/// root itself only for `regnav.yaml` and those folders appearing — and
/// nothing else (not `target/`, not `.regnav/`). Called again when a watched
/// folder is deleted and comes back.
fn watch_sources(d: &mut impl notify::Watcher, root: &Path) {
    let _ = d.watch(root, RecursiveMode::NonRecursive);
    for sub in ["content", "templates"] {
        let p = root.join(sub);
        if p.is_dir() {
            let _ = d.unwatch(&p);
            let _ = d.watch(&p, RecursiveMode::Recursive);
        }
    }
}

impl Builder {
    /// Loads and builds once; the site is served even if this first build fails
    /// (a page that says so, and the overlay shows the errors).
    pub(super) fn start(origin: Origin, drafts: bool) -> Result<(Builder, Arc<Shared>), Error> {
        let kb = KbFiles::read(&origin)?;
        let placeholder: SiteFiles = [(
            "index.html".to_string(),
            crate::site::Blob::Bytes(Arc::new(b"<!doctype html><html><head><meta charset=\"utf-8\"><title>regnav</title></head><body><h1>The knowledge base has errors</h1><p>Fix them and this page reloads.</p></body></html>".to_vec())),
        )]
        .into();
        let (events, _) = tokio::sync::broadcast::channel(64);
        let index =
            SearchIndex::in_ram(&[]).map_err(|e| Error::Usage(format!("search index: {e}")))?;
        let shared = Arc::new(Shared {
            site: RwLock::new(Arc::new(placeholder)),
            index: RwLock::new(Arc::new(index)),
            events,
            last_error: RwLock::new(None),
            last_warnings: RwLock::new(None),
            warnings: Default::default(),
            editor: Default::default(),
            library: Default::default(),
        });
        let mut b = Builder {
            origin,
            kb,
            live: None,
            pending: Default::default(),
            rendered: false,
            shared: shared.clone(),
            drafts,
            search_version: None,
            search_stale: false,
            search_running: false,
            generation: 0,
            render_cache: crate::site::RenderCache::default(),
            held: None,
            indexed: false,
        };
        b.rebuild(&Change::Config);
        b.report_failure();
        b.publish_warnings(true);
        Ok((b, shared))
    }

    /// Starts watching (for a knowledge base on disk) on a thread of its own.
    /// A batch of changes is rebuilt as soon as the files have been quiet for
    /// `quiet` (a few milliseconds: one save's events come together); a storm
    /// is cut into batches of at most [`MAX_BATCH`].
    pub(super) fn watch(mut self, quiet: Duration) -> WatchHandle {
        let Some(root) = self.origin.dir().map(Path::to_path_buf) else {
            // Nothing changes: the copy `/mcp` answers from is made now.
            self.offer_library();
            return WatchHandle { _watcher: None };
        };
        let (tx, rx) = mpsc::channel::<Msg>();
        self.shared.library.listen(tx.clone());
        let files_tx = tx.clone();
        let on_event = move |e| {
            let _ = files_tx.send(Msg::Files(e));
        };
        let watcher = notify::recommended_watcher(on_event).ok().map(|mut w| {
            watch_sources(&mut w, &root);
            Arc::new(std::sync::Mutex::new(w))
        });
        if watcher.is_none() {
            eprintln!(
                "warning: cannot watch {}; live reload is off",
                root.display()
            );
        }
        let rewatch = watcher.clone();
        std::thread::spawn(move || {
            loop {
                let wait = if self.held.is_some() {
                    ERROR_QUIET
                } else {
                    SEARCH_REFRESH_QUIET
                };
                let first = match rx.recv_timeout(wait) {
                    Ok(Msg::Files(first)) => first,
                    Ok(Msg::Search { generation, made }) => {
                        self.apply_search(generation, made);
                        continue;
                    }
                    Ok(Msg::Copy(reply)) => {
                        self.offer_library();
                        let _ = reply.send(());
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        if self.held.is_some() {
                            self.report_failure();
                        } else if self.search_stale && !self.search_running {
                            self.start_search_refresh(&tx);
                        }
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                };
                let mut batch = vec![first];
                let mut searches = Vec::new();
                let mut copies = Vec::new();
                let started = Instant::now();
                while started.elapsed() < MAX_BATCH {
                    match rx.recv_timeout(quiet) {
                        Ok(Msg::Files(more)) => batch.push(more),
                        Ok(Msg::Search { generation, made }) => searches.push((generation, made)),
                        // Answered after the rebuild: the copy is then of the library saved.
                        Ok(Msg::Copy(reply)) => copies.push(reply),
                        Err(_) => break,
                    }
                }
                let paths: Vec<PathBuf> = batch
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e: &notify::Event| !matches!(e.kind, notify::EventKind::Access(_)))
                    .flat_map(|e| e.paths)
                    .collect();
                // content/ or templates/ deleted and created again: watch them anew.
                if paths
                    .iter()
                    .any(|p| p == &root.join("content") || p == &root.join("templates"))
                    && let Some(w) = &rewatch
                    && let Ok(mut w) = w.lock()
                {
                    watch_sources(&mut *w, &root);
                }
                let change = classify(&root, &paths);
                if change != Change::Nothing {
                    self.rebuild(&change);
                    self.publish_warnings(change == Change::Config);
                }
                for (generation, made) in searches {
                    self.apply_search(generation, made);
                }
                if !copies.is_empty() {
                    self.offer_library();
                }
                for reply in copies {
                    let _ = reply.send(());
                }
            }
        });
        WatchHandle { _watcher: watcher }
    }

    fn send(&self, name: &'static str, data: serde_json::Value) {
        let e = Event {
            name,
            data: data.to_string(),
        };
        if let Ok(mut last) = self.shared.last_error.write() {
            *last = (name == "error").then(|| e.clone());
        }
        let _ = self.shared.events.send(e);
    }

    /// One rebuild: never panics, never leaves a half-built site served.
    fn rebuild(&mut self, change: &Change) {
        let started = Instant::now();
        self.held = None; // what failed before is superseded
        let refreshed = match change {
            Change::Content(paths) => self.kb.refresh(paths),
            // A path outside content/ makes `refresh` re-read everything.
            Change::Config => self
                .kb
                .refresh_config()
                .and_then(|_| self.kb.refresh(&[PathBuf::from("/")])),
            Change::Templates | Change::Nothing => Ok(Some(Vec::new())),
        };
        let hint = match refreshed {
            Ok(h) => h,
            Err(e) => {
                eprintln!("regnav: cannot read the knowledge base: {e}");
                return;
            }
        };
        let opts = LoadOptions {
            drafts: self.drafts,
            ..LoadOptions::now()
        };
        match (&mut self.live, change) {
            (Some(live), Change::Content(_)) => {
                for (id, before) in live.update(&self.kb, hint.as_deref()) {
                    self.pending.entry(id).or_insert(before);
                    self.generation += 1;
                }
            }
            (Some(_), Change::Templates | Change::Nothing) => {}
            _ => match LiveLibrary::load(&self.kb, opts) {
                Ok(live) => {
                    self.live = Some(live);
                    self.rendered = false;
                    self.indexed = false;
                    self.generation += 1;
                }
                Err(Error::Config(d)) => return self.failed(vec![*d], vec![]),
                Err(e) => {
                    eprintln!("regnav: {e}");
                    return;
                }
            },
        }
        let Some(live) = &self.live else { return };
        let changed_files: BTreeSet<String> = match change {
            Change::Content(paths) => paths
                .iter()
                .filter_map(|p| self.origin.dir().and_then(|r| p.strip_prefix(r).ok()))
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect(),
            _ => BTreeSet::new(),
        };
        let warnings = live.diagnostics(|d| !d.is_error() && changed_files.contains(&d.file));
        if !warnings.is_empty() {
            eprint!("{}", diag::render_human(&warnings, false));
        }
        let errors = live.errors();
        if !errors.is_empty() {
            return self.failed(errors, warnings);
        }
        let lib = live.library();
        let partial = matches!(change, Change::Content(_)) && self.rendered;
        let scope = match (&self.search_version, partial) {
            (Some(v), true) => {
                let (ids, lists) = affected(lib, &self.pending);
                Scope::Entries {
                    ids,
                    lists,
                    search_version: Some(v.clone()),
                }
            }
            _ => Scope::All,
        };
        let t_loaded = started.elapsed();
        let sink = MemorySink::default();
        let report = match crate::site::render_cached(
            lib,
            &self.render_options(),
            &sink,
            &scope,
            &mut self.render_cache,
        ) {
            Ok(r) => r,
            Err(crate::site::BuildError::Templates(d) | crate::site::BuildError::Changed(d)) => {
                return self.failed(d, warnings);
            }
            Err(crate::site::BuildError::Io(e)) => {
                eprintln!("regnav: {e}");
                return;
            }
        };
        let t_rendered = started.elapsed();
        let rendered = sink.files.into_inner().unwrap_or_default();
        let pages: Vec<String> = rendered
            .keys()
            .filter(|k| k.ends_with("index.html"))
            .map(|k| format!("/{}", k.trim_end_matches("index.html")))
            .collect();
        let changed: Vec<EntryId> = self.pending.keys().cloned().collect();
        if let Ok(mut slot) = self.shared.site.write() {
            if partial {
                // In place, unless a request still holds the current site.
                let site = Arc::make_mut(&mut slot);
                if let Some(all) = &report.all_pages {
                    // Entries came or went: so may have pages that list them.
                    let all: BTreeSet<&str> = all.iter().map(String::as_str).collect();
                    site.retain(|k, _| {
                        !(k.ends_with("index.html") && k.contains('/')) || all.contains(k.as_str())
                    });
                }
                site.extend(rendered);
            } else {
                *slot = Arc::new(rendered);
            }
        }
        let t_swapped = started.elapsed();
        self.search_version = Some(report.search_version);
        self.search_stale = partial;
        let mut paths: Vec<String> = if partial {
            // The saved entries first (the page to follow), then the rest.
            let mut first: Vec<String> = lib
                .config
                .languages
                .iter()
                .flat_map(|l| {
                    changed
                        .iter()
                        .filter(|id| lib.get(id).is_some())
                        .map(move |id| format!("/{l}/{id}/"))
                })
                .collect();
            first.extend(
                pages
                    .into_iter()
                    .filter(|p| !first.contains(p))
                    .collect::<Vec<_>>(),
            );
            first
        } else {
            vec!["*".to_string()]
        };
        if paths.is_empty() {
            paths.push("*".to_string());
        }
        let timing = std::env::var_os("REGNAV_TIMINGS").is_some();
        if timing {
            eprintln!(
                "timing: loaded {t_loaded:?}, rendered {t_rendered:?}, swapped {t_swapped:?}"
            );
        }
        let ms = started.elapsed().as_millis();
        eprintln!(
            "rebuilt in {ms} ms ({})",
            if partial {
                format!("{} page(s)", paths.len())
            } else {
                "full".to_string()
            }
        );
        // Before pages hear of it: an `/mcp` request made on `reload` finds
        // its copy stale and waits for this rebuild to end for a new one.
        self.shared.library.built(self.generation);
        if self.indexed {
            // Searches wait for the index while it takes in the changes.
            let index = self.shared.index.write();
            self.send(
                "reload",
                json!({"paths": paths, "build_ms": ms, "warnings": warnings}),
            );
            if let Ok(index) = index
                && !changed.is_empty()
            {
                update_index(&index, lib, &changed);
            }
        } else {
            self.send(
                "reload",
                json!({"paths": paths, "build_ms": ms, "warnings": warnings}),
            );
            match SearchIndex::in_ram(&documents(lib)) {
                Ok(i) => {
                    let i = i.with_lexicon(lib);
                    if let Ok(mut slot) = self.shared.index.write() {
                        *slot = Arc::new(i);
                    }
                    self.indexed = true;
                }
                Err(e) => eprintln!("regnav: search index: {e}"),
            }
        }
        if timing {
            eprintln!("timing: indexed {:?}", started.elapsed());
        }
        self.pending.clear();
        self.rendered = true;
    }

    /// Gives `/mcp` a copy of the library if it is good (rendered without
    /// errors, nothing pending) and the copy is older.
    fn offer_library(&self) {
        if let Some(live) = self
            .live
            .as_ref()
            .filter(|_| self.rendered && self.pending.is_empty())
        {
            self.shared.library.offer(self.generation, live.library());
        }
    }

    /// How the dev server renders: into memory, links from the site root.
    fn render_options(&self) -> crate::site::BuildOptions {
        crate::site::BuildOptions {
            out: PathBuf::new(),
            base_url: Some("/".into()),
            root: self.origin.dir().map(Path::to_path_buf),
            today: LoadOptions::now().today,
            progress: false,
        }
    }

    /// After partial rebuilds, once the files are quiet: the static search
    /// index of the library as it is, made on a thread of its own (at 10k
    /// entries it takes seconds, and a save must not wait for it).
    fn start_search_refresh(&mut self, tx: &mpsc::Sender<Msg>) {
        // Only a library that rendered (without errors) is searched.
        let Some(live) = self
            .live
            .as_ref()
            .filter(|_| self.rendered && self.pending.is_empty())
        else {
            return;
        };
        let lib = live.library().clone();
        let (tx, generation) = (tx.clone(), self.generation);
        self.search_running = true;
        std::thread::spawn(move || {
            // A pool of one thread of its own: the rebuild of a save made
            // meanwhile must not queue behind this work in rayon's pool.
            let sink = MemorySink::default();
            let made = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .ok()
                .and_then(|pool| {
                    pool.install(|| crate::site::static_search_index(&lib, &sink).ok())
                })
                .map(|version| (version, sink.files.into_inner().unwrap_or_default()));
            let _ = tx.send(Msg::Search { generation, made });
        });
    }

    /// A static search index made in the background: swapped in with the
    /// pages that name its version, unless the library changed meanwhile
    /// (then the next quiet period makes another).
    fn apply_search(&mut self, generation: u64, made: Option<(String, SiteFiles)>) {
        self.search_running = false;
        let Some((version, files)) = made else {
            eprintln!("regnav: the static search index could not be made");
            return;
        };
        let Some(live) = self
            .live
            .as_ref()
            .filter(|_| generation == self.generation && self.rendered && self.pending.is_empty())
        else {
            return;
        };
        let sink = MemorySink::default();
        let scope = Scope::Entries {
            ids: BTreeSet::new(),
            lists: BTreeSet::new(),
            search_version: Some(version.clone()),
        };
        let opts = self.render_options();
        if crate::site::render_cached(live.library(), &opts, &sink, &scope, &mut self.render_cache)
            .is_err()
        {
            return;
        }
        let rendered = sink.files.into_inner().unwrap_or_default();
        if let Ok(mut slot) = self.shared.site.write() {
            let site = Arc::make_mut(&mut slot);
            site.retain(|k, _| !k.starts_with("search/"));
            site.extend(files);
            site.extend(rendered);
        }
        self.search_version = Some(version);
        self.search_stale = false;
    }

    /// Holds the errors of a rebuild until the files are quiet.
    fn failed(&mut self, errors: Vec<Diagnostic>, warnings: Vec<Diagnostic>) {
        self.held = Some((errors, warnings));
    }

    /// Reports held errors: in the terminal and to open pages.
    fn report_failure(&mut self) {
        let Some((errors, warnings)) = self.held.take() else {
            return;
        };
        let mut all = errors.clone();
        diag::sort(&mut all);
        eprint!("{}", diag::render_human(&all, false));
        eprintln!(
            "{} error(s): the previous version is still served",
            errors.len()
        );
        let links = self.editor_links();
        self.send(
            "error",
            json!({"errors": links.annotate(&errors), "warnings": links.annotate(&warnings)}),
        );
    }

    /// "Edit this file" links as the knowledge base's `editor_url` says.
    fn editor_links(&self) -> super::editor::EditorLinks {
        let template = self
            .live
            .as_ref()
            .and_then(|l| l.library().config.editor_url.clone());
        super::editor::EditorLinks::new(template.as_deref(), self.origin.dir())
    }

    /// Publishes every warning of the knowledge base to open pages (the
    /// badge) when they changed; `full` (a first or whole load) also says
    /// in the terminal how many there are.
    fn publish_warnings(&self, full: bool) {
        let Some(live) = &self.live else { return };
        let started = Instant::now();
        let warnings = live.diagnostics(|d| !d.is_error());
        let links = self.editor_links();
        let data = links.warnings_event(&warnings).to_string();
        if full && !warnings.is_empty() {
            if warnings.len() <= 10 {
                eprint!("{}", diag::render_human(&warnings, false));
            }
            eprintln!(
                "{} warning(s) in the knowledge base: each page shows them on a badge; `regnav check` lists them all",
                warnings.len()
            );
        }
        if let Ok(mut e) = self.shared.editor.write() {
            *e = links;
        }
        if let Ok(mut w) = self.shared.warnings.write() {
            *w = Arc::new(warnings);
        }
        let event = Event {
            name: "warnings",
            data,
        };
        let changed = match self.shared.last_warnings.write() {
            Ok(mut last) => {
                let changed = last.as_ref().is_none_or(|l| l.data != event.data);
                *last = Some(event.clone());
                changed
            }
            Err(_) => false,
        };
        if changed {
            let _ = self.shared.events.send(event);
        }
        if std::env::var_os("REGNAV_TIMINGS").is_some() {
            eprintln!("timing: warnings published {:?}", started.elapsed());
        }
    }
}

/// Brings the search index up to date with the changed entries.
fn update_index(index: &SearchIndex, lib: &Library, ids: &[EntryId]) {
    // Market names, aliases and class maps may have changed.
    index.set_lexicon(lib);
    // A jurisdiction's aliases are part of its requirements' documents.
    let mut affected: Vec<EntryId> = ids.to_vec();
    for id in ids {
        if let Some(code) = lib
            .get(id)
            .and_then(|e| e.jurisdiction())
            .map(|j| j.code.clone())
        {
            affected.extend(lib.requirements_of(&code).map(|e| e.id.clone()));
        }
    }
    affected.sort();
    affected.dedup();
    let docs: Vec<_> = affected
        .iter()
        .filter_map(|id| lib.get(id))
        .flat_map(|e| {
            lib.config
                .languages
                .iter()
                .map(move |l| document(lib, e, *l))
        })
        .collect();
    let ids: Vec<String> = affected.iter().map(|i| i.to_string()).collect();
    if let Err(e) = index.update(&ids, &docs) {
        eprintln!("regnav: search index: {e}");
    }
}

/// What a partial render must redo after `pending` changed (each with the
/// entry as it was when last rendered): the pages of the changed entries;
/// when an entry's front matter or links changed (or it came or went), the
/// pages that show it or that it shows (links carry titles; "used by" lists,
/// a market's requirements, a contact's markets); and, as the second set, the
/// entries whose place in list pages may have changed. A body edited alone
/// changes no other page.
fn affected(
    lib: &Library,
    pending: &std::collections::BTreeMap<EntryId, Option<Entry>>,
) -> (BTreeSet<EntryId>, BTreeSet<EntryId>) {
    let mut pages: BTreeSet<EntryId> = BTreeSet::new();
    let mut lists: BTreeSet<EntryId> = BTreeSet::new();
    let front = |e: Option<&Entry>| e.map(|e| serde_json::to_string(e).unwrap_or_default());
    let links = |e: Option<&Entry>| -> BTreeSet<String> {
        e.into_iter()
            .flat_map(|e| e.bodies.values())
            .flat_map(|b| b.links.iter().map(|l| l.id.clone()))
            .collect()
    };
    for (id, before) in pending {
        let now = lib.get(id);
        pages.insert(id.clone());
        let front_changed = front(before.as_ref()) != front(now);
        if front_changed {
            lists.insert(id.clone());
        }
        if front_changed && id.kind() == crate::content::ids::Kind::Term {
            // Its forms, headword or definition: any page may link it.
            pages.extend(lib.entries.keys().cloned());
            continue;
        }
        // The glossary's pages list the entries that say a term.
        let said = |e: Option<&Entry>| e.map(|e| lib.glossary.used_by(e)).unwrap_or_default();
        let (said_before, said_now) = (said(before.as_ref()), said(now));
        if front_changed || said_before != said_now {
            for t in said_before.union(&said_now) {
                pages.insert(t.clone());
                lists.insert(t.clone());
            }
        }
        if !front_changed && links(before.as_ref()) == links(now) {
            continue;
        }
        pages.extend(lib.backlinks.get(id).into_iter().flatten().cloned());
        for e in before.iter().chain(now) {
            pages.extend(related(lib, e));
        }
    }
    (pages, lists)
}

/// The entries whose pages show something of `e` besides links to it.
fn related(lib: &Library, e: &Entry) -> Vec<EntryId> {
    let mut out = Vec::new();
    if let Some(code) = e.jurisdiction_code() {
        out.extend(EntryId::parse(&format!("jurisdictions/{code}")).ok());
    }
    match &e.data {
        EntryData::Requirement(r) => out.extend(
            r.documents
                .iter()
                .chain(&r.contacts)
                .chain(&r.depends_on)
                .cloned(),
        ),
        EntryData::Guide(g) => out.extend(g.jurisdictions.iter().cloned()),
        EntryData::Contact(c) => out.extend(
            c.covers
                .iter()
                .filter_map(|c| EntryId::parse(&format!("jurisdictions/{c}")).ok()),
        ),
        EntryData::Jurisdiction(j) => {
            out.extend(lib.requirements_of(&j.code).map(|r| r.id.clone()))
        }
        EntryData::Term(t) => out.extend(t.see_also.iter().chain(&t.entries).cloned()),
        EntryData::Document(_) | EntryData::Classification(_) => {}
    }
    for link in e.bodies.values().flat_map(|b| b.links.iter()) {
        out.extend(EntryId::parse(&link.id).ok());
    }
    out
}
