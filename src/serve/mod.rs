//! `regnav serve`: the editor's dev server.
//!
//! The same pipeline as `build` (`site::render_cached`), with a memory sink
//! instead of a folder, run by a builder thread once the files have been
//! quiet for a few milliseconds: the library is brought up to date entry by
//! entry (`content::LiveLibrary`: changed files parsed again, their entries
//! and what looks at them checked again), and only the pages that show
//! something of the changed entries are rendered again (a body alone: its
//! own pages; front matter: the lists of its kind too). The served site is
//! patched under a lock, so the last good site keeps being served when a
//! save breaks something; errors are reported once the files stay quiet
//! (editors pass through broken states). The static search index is
//! refreshed after a quiet period.
//! Open pages hear about it over Server-Sent Events
//! (`/_regnav/events`): `reload` with the changed pages, or `error` with the
//! diagnostics for the overlay. `http` serves the current folder (nothing
//! outside it), injects the live-reload script into HTML responses only, and
//! answers `/api/search` from the in-memory index, which is updated by entry.
//! Warnings are counted on a badge in every page, and each page offers to
//! open its file in the editor (`editor`).
//! `/mcp` serves `regnav mcp`'s tools over MCP's streamable HTTP transport,
//! answering from the library as it is after the last good rebuild (`mcp`).

mod access_log;
mod builder;
mod editor;
mod http;
mod limits;
mod mcp;
pub mod production;
pub mod watch;

pub use access_log::LogFormat;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::Error;
use crate::search::SearchIndex;

/// The default port (documented in the README).
pub const DEFAULT_PORT: u16 = 7878;

/// Options of `regnav serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Knowledge-base root.
    pub root: Option<PathBuf>,
    /// Address to bind (default 127.0.0.1).
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Open a browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Debounce delay of file events, in milliseconds.
    pub debounce_ms: u64,
}

/// An event for open pages.
#[derive(Debug, Clone)]
pub struct Event {
    /// `reload` or `error`.
    pub name: &'static str,
    /// JSON payload.
    pub data: String,
}

/// A built site in memory: site path (`ja/index.html`) → its file.
pub type SiteFiles = std::collections::BTreeMap<String, crate::site::Blob>;

/// What the HTTP side and the builder share.
pub struct Shared {
    /// The last good site.
    pub site: RwLock<Arc<SiteFiles>>,
    /// The search index of the last good content.
    pub index: RwLock<Arc<SearchIndex>>,
    /// Events to open pages.
    pub events: tokio::sync::broadcast::Sender<Event>,
    /// The current error event, if the last build failed (sent to new pages).
    pub last_error: RwLock<Option<Event>>,
    /// The current `warnings` event (sent to new pages).
    pub last_warnings: RwLock<Option<Event>>,
    /// Every warning of the knowledge base as last loaded, sorted.
    warnings: RwLock<Arc<Vec<crate::diag::Diagnostic>>>,
    /// "Edit this file" links as `editor_url` says.
    editor: RwLock<editor::EditorLinks>,
    /// What `/mcp` answers from: the library, copied from the builder when a
    /// request finds it older than the last good build (see `mcp`).
    library: mcp::LibrarySlot,
}

/// Runs the dev server until interrupted.
pub fn serve(opts: ServeOptions) -> Result<(), Error> {
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the dev server reachable from other machines",
            opts.bind
        );
    }
    limits::raise_open_files();
    let origin = crate::kb::Origin::resolve(opts.root.as_deref())?;
    eprintln!("{}", origin.describe());
    let (builder, shared) = builder::Builder::start(origin, opts.drafts)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Io(PathBuf::from("tokio"), e))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
            .await
            .map_err(|e| Error::Io(PathBuf::from(format!("{}:{}", opts.bind, opts.port)), e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Io(PathBuf::from("socket"), e))?;
        let host = if addr.ip().is_unspecified() {
            IpAddr::from([127, 0, 0, 1])
        } else {
            addr.ip()
        };
        // Watching starts before the address is announced, so that an edit
        // made the moment `Serving on` appears is seen.
        let watcher = builder.watch(Duration::from_millis(opts.debounce_ms));
        let app = http::router(shared, http::Guard::new(opts.bind, addr.port()));
        println!("Serving on http://{}/", SocketAddr::new(host, addr.port()));
        if opts.open {
            let _ = std::process::Command::new("xdg-open")
                .arg(format!("http://{}/", SocketAddr::new(host, addr.port())))
                .spawn();
        }
        // Live-reload streams never end: the dev server stops at once.
        let result =
            limits::accept_loop(listener, app, limits::shutdown_signal(), Duration::ZERO).await;
        drop(watcher);
        result
    })
}
