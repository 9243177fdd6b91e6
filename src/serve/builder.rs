//! The builder thread: owns the knowledge base in memory and the parse
//! cache, turns each batch of file changes into a rebuild through the same
//! pipeline as `regnav build`, and tells open pages what happened.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use serde_json::json;

use super::watch::{Change, classify};
use super::{Event, Shared};
use crate::Error;
use crate::content::ids::EntryId;
use crate::content::{Library, LoadOptions, ParseCache, load_cached};
use crate::diag::{self, Diagnostic};
use crate::kb::{KbFiles, Origin};
use crate::search::SearchIndex;
use crate::search::document::{document, documents};

/// Rebuilds on change.
pub(super) struct Builder {
    origin: Origin,
    kb: KbFiles,
    cache: ParseCache,
    library: Option<Library>,
    shared: Arc<Shared>,
    out_base: PathBuf,
    version: u64,
    drafts: bool,
}

/// Keeps the watcher alive; removes the served folders when dropped.
pub(super) struct WatchHandle {
    _debouncer: Option<
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    >,
    out_base: PathBuf,
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.out_base);
    }
}

impl Builder {
    /// Loads and builds once; the site is served even if this first build fails
    /// (a page that shows the errors).
    pub(super) fn start(origin: Origin, drafts: bool) -> Result<(Builder, Arc<Shared>), Error> {
        let kb = KbFiles::read(&origin)?;
        let out_base = std::env::temp_dir().join(format!("regnav-serve-{}", std::process::id()));
        std::fs::create_dir_all(&out_base).map_err(|e| Error::Io(out_base.clone(), e))?;
        let placeholder = out_base.join("v0");
        let _ = std::fs::create_dir_all(&placeholder);
        let _ = std::fs::write(
            placeholder.join("index.html"),
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>regnav</title></head><body><h1>The knowledge base has errors</h1><p>Fix them and this page reloads.</p></body></html>",
        );
        let (events, _) = tokio::sync::broadcast::channel(64);
        let index =
            SearchIndex::in_ram(&[]).map_err(|e| Error::Usage(format!("search index: {e}")))?;
        let shared = Arc::new(Shared {
            site: RwLock::new(placeholder),
            index: RwLock::new(Arc::new(index)),
            events,
            last_error: RwLock::new(None),
        });
        let mut b = Builder {
            origin,
            kb,
            cache: ParseCache::default(),
            library: None,
            shared: shared.clone(),
            out_base,
            version: 0,
            drafts,
        };
        b.rebuild(&Change::Config);
        Ok((b, shared))
    }

    /// Starts watching (for a knowledge base on disk) on a thread of its own.
    pub(super) fn watch(mut self, debounce: Duration) -> WatchHandle {
        let out_base = self.out_base.clone();
        let Some(root) = self.origin.dir().map(Path::to_path_buf) else {
            return WatchHandle {
                _debouncer: None,
                out_base,
            };
        };
        let (tx, rx) = mpsc::channel();
        let debouncer = notify_debouncer_full::new_debouncer(debounce, None, tx)
            .ok()
            .and_then(|mut d| d.watch(&root, RecursiveMode::Recursive).ok().map(|_| d));
        if debouncer.is_none() {
            eprintln!(
                "warning: cannot watch {}; live reload is off",
                root.display()
            );
        }
        std::thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batch = vec![first];
                // A save storm: take everything that is already waiting.
                while let Ok(more) = rx.try_recv() {
                    batch.push(more);
                }
                let paths: Vec<PathBuf> = batch
                    .into_iter()
                    .filter_map(Result::ok)
                    .flatten()
                    .filter(|e| !matches!(e.event.kind, notify::EventKind::Access(_)))
                    .flat_map(|e| e.event.paths.clone())
                    .collect();
                let change = classify(&root, &paths);
                if change != Change::Nothing {
                    self.rebuild(&change);
                }
            }
        });
        WatchHandle {
            _debouncer: debouncer,
            out_base,
        }
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
        let refreshed = match change {
            Change::Content(paths) => self.kb.refresh(paths),
            Change::Config => self
                .kb
                .refresh_config()
                .and_then(|_| self.kb.refresh(&[PathBuf::from("/")])),
            Change::Templates | Change::Nothing => Ok(()),
        };
        if let Err(e) = refreshed {
            eprintln!("regnav: cannot read the knowledge base: {e}");
            return;
        }
        let loaded = match load_cached(
            &self.kb,
            LoadOptions {
                drafts: self.drafts,
                ..LoadOptions::now()
            },
            &mut self.cache,
        ) {
            Ok(l) => l,
            Err(Error::Config(d)) => return self.failed(vec![*d], vec![]),
            Err(e) => {
                eprintln!("regnav: {e}");
                return;
            }
        };
        let changed_files: Vec<String> = match change {
            Change::Content(paths) => paths
                .iter()
                .filter_map(|p| self.origin.dir().and_then(|r| p.strip_prefix(r).ok()))
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect(),
            _ => Vec::new(),
        };
        let is_changed = |d: &Diagnostic| changed_files.iter().any(|f| f == &d.file);
        let warnings: Vec<Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| !d.is_error() && is_changed(d))
            .cloned()
            .collect();
        let errors: Vec<Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if !errors.is_empty() {
            return self.failed(errors, warnings);
        }
        self.version += 1;
        let dir = self.out_base.join(format!("v{}", self.version));
        let opts = crate::site::BuildOptions {
            out: dir.clone(),
            base_url: Some("/".into()),
            root: self.origin.dir().map(Path::to_path_buf),
            today: LoadOptions::now().today,
            progress: false,
        };
        match crate::site::build(&loaded.library, &opts) {
            Ok(_) => {}
            Err(crate::site::BuildError::Templates(d)) => return self.failed(d, warnings),
            Err(crate::site::BuildError::Io(e)) => {
                eprintln!("regnav: {e}");
                return;
            }
        }
        let previous = self
            .shared
            .site
            .write()
            .map(|mut s| std::mem::replace(&mut *s, dir))
            .ok();
        // Keep the previous folder for requests in flight; drop older ones.
        if let Some(prev) = previous {
            let keep = prev.file_name().map(|n| n.to_os_string());
            if let Ok(list) = std::fs::read_dir(&self.out_base) {
                for item in list.flatten() {
                    let name = item.file_name();
                    if Some(&name) != keep.as_ref()
                        && name != std::ffi::OsString::from(format!("v{}", self.version))
                    {
                        let _ = std::fs::remove_dir_all(item.path());
                    }
                }
            }
        }
        let ids = self.changed_ids(&loaded.library, change);
        self.update_index(&loaded.library, change, &ids);
        let paths: Vec<String> = match change {
            Change::Content(_)
                if !ids.is_empty()
                    && ids.iter().all(|id| loaded.library.entries.contains_key(id)) =>
            {
                loaded
                    .library
                    .config
                    .languages
                    .iter()
                    .flat_map(|l| ids.iter().map(move |id| format!("/{l}/{id}/")))
                    .collect()
            }
            _ => vec!["*".to_string()],
        };
        let ms = started.elapsed().as_millis();
        eprintln!(
            "rebuilt in {ms} ms ({} page(s) changed)",
            if paths == ["*"] {
                "all".to_string()
            } else {
                paths.len().to_string()
            }
        );
        self.send(
            "reload",
            json!({"paths": paths, "build_ms": ms, "warnings": warnings}),
        );
        self.library = Some(loaded.library);
    }

    fn failed(&self, errors: Vec<Diagnostic>, warnings: Vec<Diagnostic>) {
        let mut all = errors.clone();
        diag::sort(&mut all);
        eprint!("{}", diag::render_human(&all, false));
        eprintln!(
            "{} error(s): the previous version is still served",
            errors.len()
        );
        self.send("error", json!({"errors": errors, "warnings": warnings}));
    }

    /// Entries whose files changed (by id), comparing with the last library.
    fn changed_ids(&self, lib: &Library, change: &Change) -> Vec<EntryId> {
        let Change::Content(paths) = change else {
            return Vec::new();
        };
        let mut ids: Vec<EntryId> = paths
            .iter()
            .filter_map(|p| {
                self.origin
                    .dir()
                    .and_then(|r| p.strip_prefix(r.join("content")).ok())
            })
            .filter_map(|rel| {
                crate::content::parse::classify(
                    &rel.to_string_lossy().replace('\\', "/"),
                    &lib.config.languages,
                )
                .ok()
            })
            .map(|(id, _)| id)
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    fn update_index(&self, lib: &Library, change: &Change, ids: &[EntryId]) {
        let full = !matches!(change, Change::Content(_)) || self.library.is_none();
        let result = if full {
            SearchIndex::in_ram(&documents(lib)).map(Arc::new).map(|i| {
                if let Ok(mut slot) = self.shared.index.write() {
                    *slot = i;
                }
            })
        } else {
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
            let index = self.shared.index.read().map(|i| i.clone());
            match index {
                Ok(i) => i.update(
                    &affected.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
                    &docs,
                ),
                Err(_) => Ok(()),
            }
        };
        if let Err(e) = result {
            eprintln!("regnav: search index: {e}");
        }
    }
}
