//! `/mcp`: `regnav mcp`'s tools, resources and prompt over MCP's streamable
//! HTTP transport (rmcp's `StreamableHttpService`), answering from the
//! library the dev server serves now (or, in `serve --production`, the one
//! loaded at start).
//!
//! Stateless: every POST is answered on its own, as JSON (no sessions to
//! keep or expire, no server-to-client stream; the tools need neither).
//! The Host/Origin guard of the rest of the server (`http::Guard`) applies
//! to `/mcp` too, so rmcp's own host check is off: one rule for the server.
//!
//! The library belongs to the builder thread, which changes it in place
//! entry by entry; copying it after every save would tax every rebuild for
//! an endpoint most editors never call. So a request that finds the last
//! copy older than the last good rebuild asks the builder for a new one
//! (made between rebuilds, so it is never half-updated) and waits for it.
//! While the knowledge base has errors, the last copy is served (the site
//! too stays at its last good build); before any good build there is none,
//! and the tools say so.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock, mpsc};

use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::Shared;
use super::builder::Msg;
use crate::content::Library;
use crate::mcp::{Kb, KbFuture, RegnavMcp, Source};

/// The copy of the library `/mcp` answers from.
#[derive(Default)]
pub(super) struct LibrarySlot {
    /// The copy and the builder's generation it was made at.
    copy: RwLock<Option<(u64, Arc<Library>)>>,
    /// The generation of the last good rebuild.
    good: AtomicU64,
    /// The builder thread's mailbox (unset when nothing is watched: the
    /// library never changes and the copy is made at start).
    builder: OnceLock<mpsc::Sender<Msg>>,
}

impl LibrarySlot {
    /// The builder: a rebuild of `generation` succeeded.
    pub(super) fn built(&self, generation: u64) {
        self.good.store(generation, Ordering::SeqCst);
    }

    /// The builder: where to ask for copies.
    pub(super) fn listen(&self, builder: mpsc::Sender<Msg>) {
        let _ = self.builder.set(builder);
    }

    /// The builder: `lib` is the good library of `generation`; copied
    /// unless the copy is of it already.
    pub(super) fn offer(&self, generation: u64, lib: &Library) {
        let current = self
            .copy
            .read()
            .map(|c| c.as_ref().is_some_and(|(g, _)| *g == generation))
            .unwrap_or(false);
        if !current && let Ok(mut slot) = self.copy.write() {
            *slot = Some((generation, Arc::new(lib.clone())));
        }
    }

    fn fresh(&self) -> bool {
        let good = self.good.load(Ordering::SeqCst);
        self.copy
            .read()
            .map(|c| c.as_ref().is_some_and(|(g, _)| *g == good))
            .unwrap_or(false)
    }

    fn get(&self) -> Option<Arc<Library>> {
        self.copy
            .read()
            .ok()
            .and_then(|c| c.as_ref().map(|(_, l)| l.clone()))
    }
}

/// The dev server's knowledge base, as a source for the MCP server.
struct Live(Arc<Shared>);

impl Live {
    async fn kb(&self) -> Result<Kb, String> {
        let slot = &self.0.library;
        if !slot.fresh()
            && let Some(builder) = slot.builder.get()
        {
            let (tx, rx) = tokio::sync::oneshot::channel();
            if builder.send(Msg::Copy(tx)).is_ok() {
                let _ = rx.await;
            }
        }
        let lib = slot.get().ok_or_else(|| {
            "the knowledge base has errors (see the terminal running `regnav serve`)".to_string()
        })?;
        let index = self
            .0
            .index
            .read()
            .map(|i| i.clone())
            .map_err(|_| "the search index is unavailable".to_string())?;
        Ok(Kb { lib, index })
    }
}

impl Source for Live {
    fn current(&self) -> KbFuture<'_> {
        Box::pin(self.kb())
    }
}

/// The dev server's knowledge base as `/mcp` answers from it.
pub(super) fn live(shared: Arc<Shared>) -> Arc<dyn Source> {
    Arc::new(Live(shared))
}

/// The `/mcp` service answering from `source` (the dev server's live
/// library, or the production server's fixed one).
pub(super) fn service(
    source: Arc<dyn Source>,
) -> StreamableHttpService<RegnavMcp, NeverSessionManager> {
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .disable_allowed_hosts();
    StreamableHttpService::new(
        move || Ok(RegnavMcp::new(source.clone())),
        Arc::new(NeverSessionManager::default()),
        config,
    )
}
