//! The static site: a pure pipeline from a validated [`Library`] to files.
//!
//! `views` turns entries into per-language template data once; `pages` lists
//! every route with its context; `render` compiles the theme; `data` writes
//! the machine-readable files (open data, feeds, sitemap); `sink` is where
//! the files go (a folder or memory). `build` renders in
//! parallel into a temporary folder beside the output and swaps it in only
//! when everything succeeded, so a failed build leaves the old site intact.
//! Nothing here knows about HTTP: the dev server calls this same `build`.

pub mod calendar;
pub mod data;
pub mod glossary;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod render;
pub mod sink;
pub mod views;

pub use sink::{Blob, DiskSink, MemorySink, Sink, write};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::Error;
use crate::content::Library;
use crate::content::ids::Date;
use crate::diag::Diagnostic;

/// Options of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Output folder (replaced atomically).
    pub out: PathBuf,
    /// Overrides `base_url` of regnav.yaml.
    pub base_url: Option<String>,
    /// Knowledge-base root, for theme overrides in `templates/`.
    pub root: Option<PathBuf>,
    /// "Today" for stale flags.
    pub today: Date,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML and XML pages written.
    pub pages: usize,
    /// All files written.
    pub files: usize,
    /// Milliseconds.
    pub millis: u128,
    /// Version tag of the static search index in the output.
    pub search_version: String,
    /// Every page of the site, when this render listed them all (a full
    /// render, or entries came or went): a partial render's caller drops
    /// the pages that are not among them.
    pub all_pages: Option<Vec<String>>,
}

/// A build failure: template errors are diagnostics, the rest I/O.
#[derive(Debug)]
pub enum BuildError {
    /// Template problems, with file and line.
    Templates(Vec<Diagnostic>),
    /// Writing failed.
    Io(Error),
    /// Files changed (or went) after they were checked, so the pages made
    /// from them would not match the checked knowledge base: one error per
    /// file. Nothing was published.
    Changed(Vec<Diagnostic>),
}

impl From<Error> for BuildError {
    fn from(e: Error) -> Self {
        BuildError::Io(e)
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |e| BuildError::Io(Error::Io(path.to_path_buf(), e))
}

/// How many bytes of bodies `build` keeps in memory; the rest are read again
/// from their files when rendered and indexed ([`Library::release_texts`]).
/// 10k entries' bodies (~40 MB) stay held; at 100k, ~345 MB are not.
pub const HELD_BODY_BYTES: usize = 48 << 20;

/// A build whose released bodies could not all be read again as they were
/// checked (a file changed or went meanwhile) is not published.
fn reread_failures(lib: &Library) -> Result<(), BuildError> {
    let failures = lib.rereads.failures();
    if failures.is_empty() {
        return Ok(());
    }
    Err(BuildError::Changed(failures))
}

/// Builds the site of `lib` into `opts.out`.
///
/// The new site is written into a work folder beside the output and swapped
/// in only when complete, so a failed build leaves the old site intact. The
/// work folder is the site of the build before last, kept hidden beside the
/// output (`.site.previous`): files whose bytes did not change are left as
/// they are, the rest overwritten, the leftovers removed. Rewriting a tree
/// of 20k folders from scratch cost seconds of file-system time per build
/// (measured: creating 20k folders and files 6–13 s, overwriting them 1.4 s,
/// comparing them 0.3 s), so reusing it is most of a rebuild's speed.
pub fn build(lib: &Library, opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let work = spare(&opts.out);
    std::fs::create_dir_all(&work).map_err(io(&work))?;
    let sink = DiskSink::reusing(work.clone());
    let result = render_site(lib, opts, &sink, &Scope::All).and_then(|report| {
        reread_failures(lib)?;
        let info = output::SiteInfo {
            base_url: site_base_url(lib, opts),
            search_version: report.search_version.clone(),
        };
        sink.put(output::MARKER, info.marker().as_bytes())?;
        let t_swap = Instant::now();
        sink.prune()?;
        swap(&work, &opts.out)?;
        if work.exists() && !work.join(output::MARKER).exists() {
            // What was there was not regnav's (an empty folder, or one the
            // user chose to replace with --force): not kept for reuse.
            std::fs::remove_dir_all(&work).map_err(io(&work))?;
        }
        if std::env::var_os("REGNAV_TIMINGS").is_some() {
            eprintln!("timing: prune and swap {:?}", t_swap.elapsed());
        }
        Ok(report)
    });
    match result {
        Err(BuildError::Io(e)) => {
            // Writing failed (a full disk, most often): the half-written work
            // folder would only keep the disk full, so it goes.
            let written = sink.bytes_written();
            let _ = std::fs::remove_dir_all(&work);
            let needed = dir_size(&opts.out);
            Err(BuildError::Io(Error::Io(
                opts.out.clone(),
                std::io::Error::other(format!(
                    "{e}\nthe build stopped after writing {} and removed its work folder {}; the published site is unchanged{}",
                    human_bytes(written),
                    work.display(),
                    if needed > 0 {
                        format!(
                            " (the last complete site takes {}; a build needs about that much free space)",
                            human_bytes(needed)
                        )
                    } else {
                        String::new()
                    }
                )),
            )))
        }
        other => other,
    }
}

/// The total size of the files under a folder (0 when absent).
fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.len())
        .sum()
}

/// `12.3 MB`.
fn human_bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / f64::from(1u32 << 20))
    } else {
        format!("{:.1} KB", n as f64 / 1024.0)
    }
}

/// Which pages a render writes.
#[derive(Debug, Clone)]
pub enum Scope {
    /// Everything: every page, the static search index, the data.
    All,
    /// The pages of these entries (changed, added or removed, and those that
    /// show them), the list pages that show entries of the kinds of `lists`,
    /// and the data; the static search index only when `search_version` is
    /// `None` (otherwise the one in place, with that version tag, is kept).
    Entries {
        /// Entries whose pages, views and open data are made again.
        ids: std::collections::BTreeSet<crate::content::ids::EntryId>,
        /// Those of them whose place in lists may have changed (added,
        /// removed, or front matter edited: a body alone shows in no list).
        lists: std::collections::BTreeSet<crate::content::ids::EntryId>,
        /// Version tag of the static search index already in place.
        search_version: Option<String>,
    },
}

/// What the dev server keeps from one render to the next, so that a partial
/// render redoes only what changed: the compiled theme, every entry's view
/// (with its rendered body) and its open data.
#[derive(Default)]
pub struct RenderCache {
    theme: Option<Theme>,
    views: Option<views::Views>,
    open_data: std::collections::BTreeMap<crate::content::ids::EntryId, Arc<str>>,
    /// What the checklist data holds of each entry: the pieces of
    /// `api/checklist.json`, and how a render tells whether a change touched
    /// it (editing prose does not).
    checklist: std::collections::BTreeMap<crate::content::ids::EntryId, Arc<str>>,
    /// The updates list as last rendered.
    updates_order: Vec<crate::content::ids::EntryId>,
    /// The version of the static search index the search pages name.
    search_version: Option<String>,
    /// A build's render, not kept for a next one: the open data is written
    /// as it is made rather than kept.
    one_shot: bool,
}

/// The pieces of `api/entries.json` (see [`data::entries_json`]).
type OpenData = Vec<Arc<str>>;

struct Theme {
    env: minijinja::Environment<'static>,
    labels: Value,
    assets: serde_json::Map<String, Value>,
}

/// Renders the site of `lib` into `sink`: everything, or for
/// [`Scope::Entries`] the pages that show those entries.
pub fn render_site(
    lib: &Library,
    opts: &BuildOptions,
    sink: &dyn Sink,
    scope: &Scope,
) -> Result<BuildReport, BuildError> {
    let mut cache = RenderCache {
        one_shot: true,
        ..RenderCache::default()
    };
    render_cached(lib, opts, sink, scope, &mut cache)
}

/// [`render_site`] reusing (and updating) what `cache` kept from the last render.
pub fn render_cached(
    lib: &Library,
    opts: &BuildOptions,
    sink: &dyn Sink,
    scope: &Scope,
    cache: &mut RenderCache,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let timing = std::env::var_os("REGNAV_TIMINGS").is_some();
    let base_url = site_base_url(lib, opts);
    let urls = views::Urls {
        base: base_path(&base_url),
    };
    let changed: Option<&std::collections::BTreeSet<crate::content::ids::EntryId>> = match scope {
        Scope::All => None,
        Scope::Entries { ids, .. } => Some(ids),
    };
    let mut theme = match (changed, cache.theme.take()) {
        (Some(_), Some(t)) => t,
        _ => load_theme(opts, &urls, sink)?,
    };

    // The checklist planner's data: open JSON, and the same as a script so the
    // page works from any static host and even from file://. Made again only
    // when what it holds of a changed entry changed.
    let checklist_of = |id: &crate::content::ids::EntryId| -> Option<Arc<str>> {
        lib.get(id).map(|e| {
            crate::checklist::data::entry_data(lib, e)
                .to_string()
                .into()
        })
    };
    let checklist_changed = match changed {
        None => {
            cache.checklist = lib
                .entries
                .par_iter()
                .filter_map(|(id, _)| checklist_of(id).map(|d| (id.clone(), d)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect();
            true
        }
        Some(ids) => ids.iter().fold(false, |any, id| {
            let now = checklist_of(id);
            let differs = cache.checklist.get(id) != now.as_ref();
            match now {
                Some(d) => cache.checklist.insert(id.clone(), d),
                None => cache.checklist.remove(id),
            };
            any || differs
        }),
    };
    if checklist_changed || !theme.assets.contains_key("checklist-data") {
        let checklist = crate::checklist::data::checklist_json_parts(lib, &cache.checklist);
        let mut script: Vec<Arc<str>> = Vec::with_capacity(checklist.len() + 2);
        script.push(Arc::from("window.REGNAV_CHECKLIST = "));
        script.extend(checklist.iter().cloned());
        script.push(Arc::from(";\n"));
        let mut hash = Sha256::new();
        for p in &script {
            hash.update(p.as_bytes());
        }
        let digest = short_digest(hash);
        let checklist_name = format!("api/checklist-data.{digest}.js");
        sink.put_parts("api/checklist.json", checklist)?;
        sink.put_parts(&checklist_name, script)?;
        theme.assets.insert(
            "checklist-data".to_string(),
            json!(urls.path(&checklist_name)),
        );
    }
    if cache.one_shot {
        // Written; kept only for a next render.
        cache.checklist.clear();
    }

    // The static search index and the open data depend only on the library:
    // they are made while the views are built. Not so in a library too large
    // to hold its bodies: there the index's postings and the views' cards,
    // the largest things a build makes, made side by side were the peak
    // (~110 MB more at 100k entries), so the index is made first, alone.
    let t_views = Instant::now();
    let search = || -> Result<String, BuildError> {
        let version = static_search(lib, sink, scope)?;
        if timing {
            eprintln!(
                "timing: static search {:?}{}",
                t_views.elapsed(),
                crate::rss_note()
            );
        }
        Ok(version)
    };
    let made_first = if lib.holds_every_body() {
        None
    } else {
        Some(search()?)
    };
    let old_views = cache.views.take();
    // Entries that came or went change the set of pages (and the sitemap).
    let pages_changed = changed.is_none_or(|ids| {
        ids.iter()
            .any(|id| lib.get(id).is_some() != cache.open_data.contains_key(id))
    });
    let open_data = &mut cache.open_data;
    let one_shot = cache.one_shot && changed.is_none();
    let (search_and_data, views) = rayon::join(
        || -> Result<(String, Option<OpenData>), BuildError> {
            let version = match made_first {
                Some(v) => v,
                None => search()?,
            };
            if one_shot {
                data::stream_open_data(lib, &urls, sink)?;
                return Ok((version, None));
            }
            data::update_open_data(lib, &urls, open_data, changed);
            Ok((version, Some(data::entries_json(lib, open_data))))
        },
        || match (old_views, changed) {
            (Some(mut v), Some(ids)) => {
                views::update(&mut v, lib, &urls, opts.today, ids);
                v
            }
            // Without bodies: each is rendered with its page (`entry_context`).
            _ => {
                let v = views::build(lib, &urls, opts.today);
                if timing {
                    eprintln!("timing: views {:?}{}", t_views.elapsed(), crate::rss_note());
                }
                v
            }
        },
    );
    let (search_version, entries_json) = search_and_data?;
    if timing {
        eprintln!(
            "timing: before views {:?}; views, static search and open data {:?}{}",
            t_views.duration_since(started),
            t_views.elapsed(),
            crate::rss_note()
        );
    }
    theme
        .assets
        .insert("search-index".to_string(), json!(urls.path("search/")));
    theme
        .assets
        .insert("search-version".to_string(), json!(search_version));
    // The updates list moves only when an entry came, went or has a new date.
    let (order, updates_redo) = match scope {
        Scope::Entries { lists, .. } if lists.is_empty() && !pages_changed => {
            (std::mem::take(&mut cache.updates_order), Default::default())
        }
        Scope::Entries { lists, .. } => {
            let order = pages::updates_order(lib);
            let redo = pages::updates_to_redo(&cache.updates_order, &order, lists);
            (order, redo)
        }
        Scope::All => (pages::updates_order(lib), Default::default()),
    };
    // A partial render lists only the pages of the entries it redoes, unless
    // the set of pages changed.
    let listed = if pages_changed { None } else { changed };
    let pages = pages::pages(lib, &views, &urls, &order, listed);
    let needed = |p: &pages::Page| match (&p.deps, scope) {
        (_, Scope::All) => true,
        (pages::Deps::Entry(id), Scope::Entries { ids, .. }) => ids.contains(id),
        (pages::Deps::Kinds(kinds), Scope::Entries { lists, .. }) => {
            lists.iter().any(|i| kinds.contains(&i.kind()))
        }
        (pages::Deps::Checklist(kinds), Scope::Entries { lists, .. }) => {
            checklist_changed || lists.iter().any(|i| kinds.contains(&i.kind()))
        }
        (pages::Deps::SearchIndex, Scope::Entries { .. }) => {
            cache.search_version.as_deref() != Some(search_version.as_str())
        }
        (pages::Deps::Updates(k), Scope::Entries { .. }) => updates_redo.contains(k),
        (pages::Deps::Prefix(prefix), Scope::Entries { lists, .. }) => lists
            .iter()
            .any(|i| i.as_str().starts_with(prefix.as_str())),
        (pages::Deps::Theme, Scope::Entries { .. }) => false,
    };
    if timing {
        eprintln!(
            "timing: pages listed {:?}{}",
            t_views.elapsed(),
            crate::rss_note()
        );
    }
    let t_render = Instant::now();
    let todo: Vec<&pages::Page> = pages.iter().filter(|p| needed(p)).collect();
    let progress = progress_bar(opts.progress, todo.len());
    // What every page of a language shares, converted for the templates once.
    let shared: std::collections::BTreeMap<crate::content::ids::Lang, minijinja::Value> = lib
        .config
        .languages
        .iter()
        .map(|&lang| {
            let v = json!({
                "lang": lang.as_str(),
                "t": theme.labels.get(lang.as_str()).cloned().unwrap_or(Value::Null),
                "site": {"title": lib.config.title.localize(lib.config.default_language).or_any(lang), "base": urls.base, "base_url": base_url},
                "assets": theme.assets,
                "today": opts.today.to_string(),
            });
            (lang, minijinja::Value::from(minijinja::value::Serde(&v)))
        })
        .collect();
    let env = &theme.env;
    todo.par_iter().try_for_each(|p| {
        let t_page = Instant::now();
        let own = json!({
            "langs": p.alternates.iter().map(|(l, url)| json!({"lang": l.as_str(), "url": url})).collect::<Vec<_>>(),
            "page_url": p.alternates.get(&p.lang).cloned().unwrap_or_default(),
        });
        let page_ctx = match &p.ctx {
            pages::Ctx::Ready(v) => minijinja::Value::from(minijinja::value::Serde(v)),
            pages::Ctx::Lazy(f) => minijinja::Value::from(minijinja::value::Serde(&f())),
            pages::Ctx::Entry(id) => pages::entry_context(lib, &views, &urls, p.lang, id),
        };
        let ctx = minijinja::context! {
            ..page_ctx,
            ..minijinja::Value::from(minijinja::value::Serde(&own)),
            ..shared[&p.lang].clone()
        };
        let tmpl = env
            .get_template(p.template)
            .map_err(|e| BuildError::Templates(vec![render::template_error(p.template, &e)]))?;
        let html = tmpl
            .render(ctx)
            .map_err(|e| BuildError::Templates(vec![render::template_error(p.template, &e)]))?;
        sink.put(&p.path, html.as_bytes())?;
        if timing && t_page.elapsed().as_millis() >= 10 {
            eprintln!("timing: page {} {:?}", p.path, t_page.elapsed());
        }
        if let Some(pb) = &progress {
            pb.inc(1);
        }
        Ok::<(), BuildError>(())
    })?;
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if timing {
        eprintln!(
            "timing: render {} pages {:?}{}",
            todo.len(),
            t_render.elapsed(),
            crate::rss_note()
        );
    }
    let t_data = Instant::now();
    let sitemap = pages_changed.then_some(pages.as_slice());
    let extra = data::write_all(lib, &urls, &base_url, sink, sitemap, entries_json)?;
    if timing {
        eprintln!("timing: data {:?}{}", t_data.elapsed(), crate::rss_note());
    }
    let rendered = todo.len();
    let written = pages.len() + extra + theme.assets.len();
    let all_pages = pages_changed.then(|| pages.iter().map(|p| p.path.clone()).collect());
    drop(pages);
    cache.updates_order = order;
    cache.search_version = Some(search_version.clone());
    cache.views = Some(views);
    cache.theme = Some(theme);

    Ok(BuildReport {
        all_pages,
        search_version: search_version.clone(),
        pages: rendered,
        files: written,
        millis: started.elapsed().as_millis(),
    })
}

/// The base URL a render writes links for: `--base-url`, else the
/// configuration's, ending in `/`.
fn site_base_url(lib: &Library, opts: &BuildOptions) -> String {
    let base_url = opts
        .base_url
        .clone()
        .unwrap_or_else(|| lib.config.base_url.clone());
    if base_url.ends_with('/') {
        base_url
    } else {
        format!("{base_url}/")
    }
}

/// The first ten hex digits of a SHA-256: content-hashed names, version tags.
fn short_hash(bytes: &[u8]) -> String {
    short_digest(Sha256::new_with_prefix(bytes))
}

/// The first ten hex digits of a hash: the version tags and asset names.
fn short_digest(hash: Sha256) -> String {
    hash.finalize()
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compiles the theme and writes its assets under content-hashed names.
fn load_theme(
    opts: &BuildOptions,
    urls: &views::Urls,
    sink: &dyn Sink,
) -> Result<Theme, BuildError> {
    let files = render::theme_files(opts.root.as_deref());
    let env = render::environment(&files).map_err(BuildError::Templates)?;
    let labels: Value = files
        .iter()
        .find(|f| f.path == "i18n.json")
        .and_then(|f| serde_json::from_slice(&f.bytes).ok())
        .unwrap_or(Value::Null);
    let mut assets = serde_json::Map::new();
    for f in files.iter().filter(|f| f.path.starts_with("assets/")) {
        let bytes = if f.path.ends_with(".js") {
            without_comment_lines(&f.bytes)
        } else {
            std::borrow::Cow::Borrowed(&f.bytes[..])
        };
        let hash = short_hash(&bytes);
        let name = match f.path.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
            None => format!("{}.{hash}", f.path),
        };
        sink.put(&name, &bytes)?;
        assets.insert(
            f.path.trim_start_matches("assets/").to_string(),
            json!(urls.path(&name)),
        );
    }
    Ok(Theme {
        env,
        labels,
        assets,
    })
}

/// A script without its lines of `//` comments (a sixth of `search.js`,
/// which every first query downloads). Left whole when a line could be
/// inside a string: a template literal (a backtick outside the comments) or
/// a line continued with `\`, or when it is not UTF-8.
fn without_comment_lines(js: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let Ok(text) = std::str::from_utf8(js) else {
        return std::borrow::Cow::Borrowed(js);
    };
    let comment = |l: &str| l.trim_start().starts_with("//");
    let code = || text.lines().filter(|l| !comment(l));
    if code().any(|l| l.contains('`') || l.ends_with('\\')) {
        return std::borrow::Cow::Borrowed(js);
    }
    let mut out = String::with_capacity(text.len());
    for line in code() {
        out.push_str(line);
        out.push('\n');
    }
    std::borrow::Cow::Owned(out.into_bytes())
}

/// Writes the static search index of every language; returns its version tag
/// (or keeps the one in place, for a partial render that asks so).
fn static_search(lib: &Library, sink: &dyn Sink, scope: &Scope) -> Result<String, BuildError> {
    if let Scope::Entries {
        search_version: Some(v),
        ..
    } = scope
    {
        return Ok(v.clone());
    }
    static_search_index(lib, sink)
}

/// Writes the site's static search index (`search/<lang>/…`) into `sink`
/// and returns its version tag. The dev server makes it on a thread of its
/// own and hands the result to a render with `search_version` set.
pub fn static_search_index(lib: &Library, sink: &dyn Sink) -> Result<String, BuildError> {
    let mut search_hash = Sha256::new();
    let lexicon = crate::search::understand::Lexicon::new(lib);
    let entries: Vec<&crate::content::model::Entry> = lib.entries.values().collect();
    for lang in &lib.config.languages {
        // One language's documents at a time (in the order of `documents`),
        // each made when indexed and its body dropped after.
        let make = |i: usize| crate::search::document::document(lib, entries[i], *lang);
        let put =
            |name: &str, text: String| sink.put(&format!("search/{lang}/{name}"), text.as_bytes());
        let hash = crate::search::static_index::write_made(
            lang.as_str(),
            entries.len(),
            &make,
            &lexicon,
            &put,
        )?;
        search_hash.update(hash);
    }
    Ok(short_digest(search_hash))
}

fn progress_bar(enabled: bool, len: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(len as u64);
    pb.set_style(
        indicatif::ProgressStyle::with_template("rendering {bar:40} {pos}/{len} pages")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(pb)
}

/// The path part of a base URL (`https://e.org/sub/` → `/sub/`).
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    match after_scheme.find('/') {
        Some(i) => {
            let p = &after_scheme[i..];
            if p.ends_with('/') {
                p.to_string()
            } else {
                format!("{p}/")
            }
        }
        None => "/".to_string(),
    }
}

/// The hidden folder beside `out` that keeps the build before last.
pub(crate) fn spare(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.previous"))
}

/// Puts the complete site in `work` at `out`, and the old one in `work`. On
/// Linux one atomic exchange: a reader of `out` sees the old site or the new,
/// never neither.
fn swap(work: &Path, out: &Path) -> Result<(), BuildError> {
    if !out.exists() {
        return std::fs::rename(work, out).map_err(io(out));
    }
    #[cfg(target_os = "linux")]
    if rustix::fs::renameat_with(
        rustix::fs::CWD,
        work,
        rustix::fs::CWD,
        out,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .is_ok()
    {
        return Ok(());
    }
    let held = out.with_file_name(format!(
        ".{}.swapping-{}",
        out.file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::rename(out, &held).map_err(io(out))?;
    if let Err(e) = std::fs::rename(work, out) {
        let _ = std::fs::rename(&held, out);
        return Err(io(out)(e));
    }
    std::fs::rename(&held, work).map_err(io(work))
}

#[cfg(test)]
mod tests {
    use super::without_comment_lines;

    #[test]
    fn scripts_lose_their_comment_lines_only() {
        let js = b"// a comment\nvar u = 'https://x'; // kept\n  // indented\nf();\n";
        assert_eq!(
            &*without_comment_lines(js),
            b"var u = 'https://x'; // kept\nf();\n"
        );
        // A template literal or a continued line could hold a `//` line.
        for js in [
            &b"var s = `\n// inside\n`;\n"[..],
            b"var s = 'a\\\n// inside';\n",
        ] {
            assert_eq!(&*without_comment_lines(js), js);
        }
        // Every shipped script is left with code only, and is as long as
        // its code.
        for f in ["search.js", "checklist.js", "site.js"] {
            let text = std::fs::read(format!(
                "{}/templates/assets/{f}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            let out = without_comment_lines(&text);
            assert!(out.len() < text.len(), "{f}");
            assert!(
                !String::from_utf8_lossy(&out)
                    .lines()
                    .any(|l| l.trim_start().starts_with("//"))
            );
        }
    }
}
