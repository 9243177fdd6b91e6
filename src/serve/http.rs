//! HTTP: the built site (only files inside the current output folder), the
//! live-reload events and script, and `/api/search`.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::Shared;
use crate::content::ids::Lang;
use crate::search::SearchRequest;

const LIVE_JS: &str = include_str!("live.js");
const MAX_HTML: usize = 64 * 1024 * 1024;

pub(super) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/_regnav/events", get(events))
        .route(
            "/_regnav/live.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    LIVE_JS,
                )
            }),
        )
        .route("/api/search", get(search))
        .fallback(site)
        .with_state(shared)
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let first = shared.last_error.read().ok().and_then(|e| e.clone());
    let rx = shared.events.subscribe();
    let initial = tokio_stream::iter(
        first
            .into_iter()
            .map(|e| Ok::<_, Infallible>(SseEvent::default().event(e.name).data(e.data))),
    );
    let live = BroadcastStream::new(rx)
        .filter_map(|m| m.ok())
        .map(|e| Ok::<_, Infallible>(SseEvent::default().event(e.name).data(e.data)));
    Sse::new(initial.chain(live)).keep_alive(KeepAlive::default())
}

async fn search(State(shared): State<Arc<Shared>>, RawQuery(q): RawQuery) -> impl IntoResponse {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(q.as_deref().unwrap_or("")).unwrap_or_default();
    let mut req = SearchRequest {
        limit: 10,
        ..Default::default()
    };
    for (k, v) in pairs {
        match k.as_str() {
            "q" => req.query = v,
            "lang" => req.lang = Lang::parse(&v),
            "jurisdiction" => req
                .jurisdictions
                .extend(v.split(',').filter(|s| !s.is_empty()).map(str::to_string)),
            "kind" => req.kind = Some(v).filter(|s| !s.is_empty()),
            "category" => req.category = Some(v).filter(|s| !s.is_empty()),
            "class" => req.class = Some(v).filter(|s| !s.is_empty()),
            "limit" => req.limit = v.parse().unwrap_or(10),
            _ => {}
        }
    }
    let index = shared.index.read().map(|i| i.clone()).ok();
    let body = match index {
        Some(i) => tokio::task::spawn_blocking(move || i.search(&req))
            .await
            .ok(),
        None => None,
    };
    match body {
        Some(r) => (
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&r).unwrap_or_default(),
        )
            .into_response(),
        None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// A file of the current build, with the live-reload script in HTML pages
/// and the language's 404 page for anything missing.
async fn site(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let dir = match shared.site.read() {
        Ok(d) => d.clone(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let path = req.uri().path().to_string();
    let res = match ServeDir::new(&dir)
        .append_index_html_on_directories(true)
        .oneshot(req)
        .await
    {
        Ok(r) => r.map(Body::new),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if res.status() == StatusCode::NOT_FOUND {
        let lang = if path.starts_with("/en/") || path == "/en" {
            "en"
        } else {
            "ja"
        };
        let page = std::fs::read(dir.join(lang).join("404.html"))
            .or_else(|_| std::fs::read(dir.join("404.html")))
            .unwrap_or_else(|_| b"<!doctype html><title>404</title><h1>404</h1>".to_vec());
        let mut r = inject(page).into_response();
        *r.status_mut() = StatusCode::NOT_FOUND;
        return r;
    }
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || res.status() != StatusCode::OK {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_HTML).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let html = inject(bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Response::from_parts(parts, Body::from(html.1))
}

fn inject(page: Vec<u8>) -> ([(header::HeaderName, &'static str); 1], Vec<u8>) {
    let tag = b"<script src=\"/_regnav/live.js\"></script>";
    let mut out = page;
    match out
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
    {
        Some(i) => {
            out.splice(i..i, tag.iter().copied());
        }
        None => out.extend_from_slice(tag),
    }
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], out)
}
