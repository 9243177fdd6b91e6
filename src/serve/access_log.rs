//! The production server's access log: one `tracing` event per request,
//! target `access`, with the method, path (no query: searches stay out of
//! logs), status, bytes sent and duration — written when the response body
//! has been sent (or the client went away), so bytes and duration are what
//! the client got. Text (`key=value`) or JSON lines on stderr.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// `2026-11-30T10:00:00Z  INFO access: method=GET path=/ja/ status=200 bytes=5120 duration_ms=0.41`.
    #[default]
    Text,
    /// One JSON object per line (`{"timestamp":…,"level":"INFO","target":"access","method":"GET",…}`).
    Json,
}

/// Installs the log writer (stderr; the access log and the server's own
/// events at INFO, other crates' at WARN). A second call changes nothing.
pub(super) fn init(format: LogFormat) {
    use tracing::Level;
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    let filter = Targets::new()
        .with_target("access", Level::INFO)
        .with_target("regnav", Level::INFO)
        .with_default(Level::WARN);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false);
    let _ = match format {
        LogFormat::Text => tracing_subscriber::registry()
            .with(layer.with_filter(filter))
            .try_init(),
        LogFormat::Json => tracing_subscriber::registry()
            .with(
                layer
                    .json()
                    .flatten_event(true)
                    .with_current_span(false)
                    .with_filter(filter),
            )
            .try_init(),
    };
}

/// The middleware: passes the request on and logs once its response is sent.
pub(super) async fn log(req: Request, next: Next) -> Response {
    let line = Line {
        method: req.method().clone(),
        path: req.uri().path().to_string(),
        status: StatusCode::OK,
        started: Instant::now(),
        bytes: 0,
    };
    let res = next.run(req).await;
    let (parts, body) = res.into_parts();
    let line = Line {
        status: parts.status,
        ..line
    };
    Response::from_parts(
        parts,
        Body::new(Logged {
            inner: body,
            line: Some(line),
        }),
    )
}

/// What the log line says.
struct Line {
    method: Method,
    path: String,
    status: StatusCode,
    started: Instant,
    bytes: u64,
}

impl Line {
    fn write(&self, complete: bool) {
        tracing::info!(
            target: "access",
            method = %self.method,
            path = %self.path,
            status = self.status.as_u16(),
            bytes = self.bytes,
            duration_ms = (self.started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
            complete,
        );
    }
}

/// A response body that counts what is sent and logs at its end.
struct Logged {
    inner: Body,
    /// Taken when logged.
    line: Option<Line>,
}

impl HttpBody for Logged {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let (Some(data), Some(line)) = (frame.data_ref(), self.line.as_mut()) {
                    line.bytes += data.len() as u64;
                }
                if self.inner.is_end_stream()
                    && let Some(line) = self.line.take()
                {
                    line.write(true);
                }
            }
            Poll::Ready(None) => {
                if let Some(line) = self.line.take() {
                    line.write(true);
                }
            }
            Poll::Ready(Some(Err(_))) => {
                if let Some(line) = self.line.take() {
                    line.write(false);
                }
            }
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for Logged {
    fn drop(&mut self) {
        // An empty body that was never polled, or a client that went away.
        if let Some(line) = self.line.take() {
            line.write(self.inner.is_end_stream());
        }
    }
}
