//! What keeps the servers up whatever their clients do: one accept loop
//! (axum's `serve` has no header-read timeout and no connection cap), so a
//! slow or idle client is dropped after [`HEADER_TIMEOUT`], a request's head
//! may take at most [`MAX_HEAD_BYTES`], at most [`MAX_CONNECTIONS`]
//! connections are served at once (later ones wait to be accepted, never
//! turning into failed file reads in a rebuild), shutting down lets the
//! requests in flight finish, and the soft limit on open files is raised to
//! the hard one at start.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;

use crate::Error;

/// A client must send a request's headers within this time (also the idle
/// time of a kept-alive connection).
pub(super) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections served at once; the rest wait in the kernel's backlog.
pub(super) const MAX_CONNECTIONS: usize = 512;

/// The most a request line and headers may take (hyper's buffer): a longer
/// one is answered 431 and the connection closed.
pub(super) const MAX_HEAD_BYTES: usize = 64 * 1024;

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

/// Serves `app` on `listener` until `shutdown` completes; then stops
/// accepting, lets the requests in flight finish (idle connections are
/// closed at once) for at most `grace`, and returns.
pub(super) async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    shutdown: impl std::future::Future<Output = ()>,
    grace: Duration,
) -> Result<(), Error> {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => p
                .map_err(|e| Error::Io(PathBuf::from("server"), std::io::Error::other(e)))?,
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((s, _)) => s,
                Err(_) => {
                    // Out of file descriptors or a reset connection: wait a little, go on.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .max_buf_size(MAX_HEAD_BYTES);
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    if !grace.is_zero() {
        tokio::select! {
            () = graceful.shutdown() => {}
            () = tokio::time::sleep(grace) => {}
        }
    }
    Ok(())
}

/// Completes on ctrl-c or, on Unix, SIGTERM (what `docker stop` and
/// Kubernetes send).
pub(super) async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
