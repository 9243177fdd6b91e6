//! What keeps the dev server up whatever its clients do: its own accept
//! loop (axum's `serve` has no header-read timeout and no connection cap),
//! so a slow or idle client is dropped after [`HEADER_TIMEOUT`], at most
//! [`MAX_CONNECTIONS`] connections are served at once (later ones wait to be
//! accepted, never turning into failed file reads in a rebuild), and the
//! soft limit on open files is raised to the hard one at start.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;

use crate::Error;

/// A client must send a request's headers within this time (also the idle
/// time of a kept-alive connection).
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections served at once; the rest wait in the kernel's backlog.
pub(super) const MAX_CONNECTIONS: usize = 512;

/// Raises the soft limit on open files to the hard limit (where allowed):
/// pages, event streams and a rebuild's file reads share it.
pub(super) fn raise_open_files() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{Resource, getrlimit, setrlimit};
        let mut l = getrlimit(Resource::Nofile);
        if l.current < l.maximum {
            l.current = l.maximum;
            let _ = setrlimit(Resource::Nofile, l);
        }
    }
}

/// Serves `app` on `listener` until the future is dropped.
pub(super) async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: axum::Router,
) -> Result<(), Error> {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let permit = slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| Error::Io(PathBuf::from("server"), std::io::Error::other(e)))?;
        let (stream, _) = match listener.accept().await {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors or a reset connection: wait a little, go on.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut builder = auto::Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let _ = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}
