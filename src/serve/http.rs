//! HTTP: the built site from memory (nothing else can be reached: there is
//! no file system behind it), the live-reload events and script, and
//! `/api/search`, and `/mcp` (`super::mcp`), all behind one Host/Origin guard.

use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::{Shared, SiteFiles};
use crate::content::ids::Lang;
use crate::search::{SearchIndex, SearchRequest};

const LIVE_JS: &str = include_str!("live.js");

/// Which requests are let in: a `Host` naming this server (not a DNS name
/// that could be rebound to it), an `Origin` (when sent) of the same, and at
/// most [`MAX_EVENT_STREAMS`] live-reload streams at once.
#[derive(Debug, Clone)]
pub(super) struct Guard {
    loopback: bool,
    port: u16,
    streams: Arc<std::sync::atomic::AtomicUsize>,
}

/// Live-reload streams served at once (one per open tab; more is a runaway).
pub(super) const MAX_EVENT_STREAMS: usize = 256;

impl Guard {
    pub(super) fn new(bind: std::net::IpAddr, port: u16) -> Guard {
        Guard {
            loopback: bind.is_loopback(),
            port,
            streams: Arc::new(std::sync::atomic::AtomicUsize::new(0)),
        }
    }

    /// Whether `host` (`name[:port]`) names this server.
    fn host_ok(&self, host: &str) -> bool {
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !n.is_empty() && !p.contains(']') => (n, Some(p)),
            _ => (host, None),
        };
        if port.is_some_and(|p| p != self.port.to_string()) {
            return false;
        }
        let name = name.trim_start_matches('[').trim_end_matches(']');
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        match name.parse::<std::net::IpAddr>() {
            Ok(ip) => !self.loopback || ip.is_loopback(),
            Err(_) => false,
        }
    }

    fn origin_ok(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|h| self.host_ok(h.trim_end_matches('/')))
    }
}

async fn guard(State(g): State<Guard>, req: Request, next: axum::middleware::Next) -> Response {
    if let Some(refused) = refuse(&g, &req) {
        return refused;
    }
    next.run(req).await
}

fn refuse(g: &Guard, req: &Request) -> Option<Response> {
    let header = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let host = header(header::HOST).or(req.uri().authority().map(|a| a.as_str()));
    if !host.is_some_and(|h| g.host_ok(h)) {
        return Some(
            (
                StatusCode::MISDIRECTED_REQUEST,
                "regnav serve answers only requests addressed to it (localhost or its IP address)",
            )
                .into_response(),
        );
    }
    if header(header::ORIGIN).is_some_and(|o| !g.origin_ok(o)) {
        return Some(
            (
                StatusCode::FORBIDDEN,
                "cross-origin requests are not served",
            )
                .into_response(),
        );
    }
    None
}

pub(super) fn router(shared: Arc<Shared>, g: Guard) -> Router {
    let streams = g.streams.clone();
    let index_of = shared.clone();
    let index: IndexSource = Arc::new(move || index_of.index.read().ok().map(|i| i.clone()));
    Router::new()
        .route(
            "/_regnav/events",
            get(move |state| events(state, streams.clone())),
        )
        .route(
            "/_regnav/live.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    LIVE_JS,
                )
            }),
        )
        .route("/_regnav/page", get(super::editor::page_info))
        .merge(api(index, super::mcp::live(shared.clone()), "/", None))
        .fallback(site)
        .with_state(shared)
        .layer(axum::middleware::from_fn_with_state(g, guard))
}

/// Where `/api/search` finds its index: the dev server's current one (it
/// changes with every save), or the production server's, fixed at start.
pub(super) type IndexSource = Arc<dyn Fn() -> Option<Arc<SearchIndex>> + Send + Sync>;

/// Answers of `/api/search` kept by request (the production server's index
/// never changes, so an answer stays true): the JSON, weighed in bytes.
pub(super) type SearchCache = quick_cache::sync::Cache<String, Arc<str>, JsonBytes>;

/// Weighs a cached answer by its size.
#[derive(Debug, Clone, Copy)]
pub(super) struct JsonBytes;

impl quick_cache::Weighter<String, Arc<str>> for JsonBytes {
    fn weight(&self, key: &String, json: &Arc<str>) -> u64 {
        (key.len() + json.len()) as u64
    }
}

/// A cache of at most `bytes` of answers (`None` for 0).
pub(super) fn search_cache(bytes: u64) -> Option<Arc<SearchCache>> {
    (bytes > 0).then(|| {
        Arc::new(SearchCache::with_weighter(
            usize::try_from(bytes / 4096).unwrap_or(1024).max(16),
            bytes,
            JsonBytes,
        ))
    })
}

/// What `/api/search` needs.
#[derive(Clone)]
struct Api {
    index: IndexSource,
    /// The site's path (`/`, or `/regnav/` under a sub-path): hit URLs get it.
    base: Arc<str>,
    /// Searches running now: as many as there are cores (a search is CPU
    /// work; more at once only adds memory and waiting).
    searches: Arc<tokio::sync::Semaphore>,
    /// Answers already given (production only).
    cache: Option<Arc<SearchCache>>,
}

/// `/api/search` and `/mcp`, one implementation for the dev server and the
/// production server. `base` is the path the site is served under; the
/// hits' URLs are given under it. `cache` keeps answers (only for an index
/// that never changes).
pub(super) fn api<S: Clone + Send + Sync + 'static>(
    index: IndexSource,
    mcp: Arc<dyn crate::mcp::Source>,
    base: &str,
    cache: Option<Arc<SearchCache>>,
) -> Router<S> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Router::new()
        .route("/api/search", get(search))
        .route_service("/mcp", super::mcp::service(mcp))
        .with_state(Api {
            index,
            base: Arc::from(base),
            searches: Arc::new(tokio::sync::Semaphore::new(cores)),
            cache,
        })
}

/// Takes a stream slot; gives it back when dropped (the client went away).
struct Slot(Arc<std::sync::atomic::AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

async fn events(
    State(shared): State<Arc<Shared>>,
    streams: Arc<std::sync::atomic::AtomicUsize>,
) -> Response {
    if streams.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        streams.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "5")],
            "too many live-reload connections",
        )
            .into_response();
    }
    let slot = Slot(streams);
    let first = [&shared.last_warnings, &shared.last_error]
        .into_iter()
        .filter_map(|e| e.read().ok().and_then(|e| e.clone()))
        .collect::<Vec<_>>();
    let rx = shared.events.subscribe();
    let initial = tokio_stream::iter(
        first
            .into_iter()
            .map(|e| Ok::<_, Infallible>(SseEvent::default().event(e.name).data(e.data))),
    );
    let live = BroadcastStream::new(rx)
        .filter_map(|m| m.ok())
        .map(move |e| {
            let _held = &slot;
            Ok::<_, Infallible>(SseEvent::default().event(e.name).data(e.data))
        });
    Sse::new(initial.chain(live))
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// `/api/search?q=&lang=&jurisdiction=&kind=&category=&class=&limit=`: the
/// JSON of `regnav search --format json`. Any query string gives an answer:
/// parameters that cannot be read are ignored, the limit is clamped.
async fn search(State(api): State<Api>, RawQuery(q): RawQuery) -> Response {
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
    // The same search asked by many at once is made once; the others wait for it.
    let key = format!("{req:?}");
    let guard = match &api.cache {
        Some(cache) => match cache.get_value_or_guard_async(&key).await {
            Ok(json) => return json_response(json),
            Err(guard) => Some(guard),
        },
        None => None,
    };
    let Ok(permit) = api.searches.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let body = match (api.index)() {
        Some(i) => tokio::task::spawn_blocking(move || i.search(&req))
            .await
            .ok(),
        None => None,
    };
    drop(permit);
    let Some(mut r) = body else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    if &*api.base != "/" {
        for h in &mut r.hits {
            h.url = format!("{}{}", api.base.trim_end_matches('/'), h.url);
        }
    }
    let json: Arc<str> = Arc::from(serde_json::to_string(&r).unwrap_or_default());
    if let Some(guard) = guard {
        let _ = guard.insert(json.clone());
    }
    json_response(json)
}

fn json_response(json: Arc<str>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        json.to_string(),
    )
        .into_response()
}

/// The site path a request asks for, or `None` for anything that tries to
/// leave the site (`..`, backslashes, NUL) — answered with 404.
pub(super) fn site_path(uri_path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(uri_path)
        .decode_utf8_lossy()
        .to_string();
    if decoded.split('/').any(|seg| seg == "..") || decoded.contains('\\') || decoded.contains('\0')
    {
        return None;
    }
    let mut key = decoded.trim_start_matches('/').to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Some(key)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "wasm" => "application/wasm",
        "pagefind" | "pf_meta" => "application/octet-stream",
        _ => "application/octet-stream",
    }
}

/// A file of the current site: ETag and conditional GET, HEAD, the
/// live-reload script in HTML, the 404 page of the path's language.
async fn site(
    State(shared): State<Arc<Shared>>,
    method: Method,
    headers: HeaderMap,
    req: Request,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let files: Arc<SiteFiles> = match shared.site.read() {
        Ok(s) => s.clone(),
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    };
    let uri_path = req.uri().path().to_string();
    let Some(key) = site_path(&uri_path) else {
        return not_found(&files, &uri_path);
    };
    let Some(bytes) = files.get(&key) else {
        if !key.ends_with("index.html") && files.contains_key(&format!("{key}/index.html")) {
            let to = format!("{uri_path}/");
            return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, to)]).into_response();
        }
        return not_found(&files, &uri_path);
    };
    let body: Vec<u8> = if key.ends_with(".html") {
        inject(&bytes.to_vec())
    } else {
        bytes.to_vec()
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    let etag = format!("\"{:016x}\"", h.finish());
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let mut res = Response::new(if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body.clone())
    });
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&key)),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    res
}

fn not_found(files: &SiteFiles, uri_path: &str) -> Response {
    let lang = if uri_path.starts_with("/en/") || uri_path == "/en" {
        "en"
    } else {
        "ja"
    };
    let page = files
        .get(&format!("{lang}/404.html"))
        .or_else(|| files.get("404.html"))
        .map(|b| inject(&b.to_vec()))
        .unwrap_or_else(|| b"<!doctype html><title>404</title><h1>404</h1>".to_vec());
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

fn inject(page: &[u8]) -> Vec<u8> {
    let tag = b"<script src=\"/_regnav/live.js\"></script>";
    let mut out = page.to_vec();
    match out
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
    {
        Some(i) => {
            out.splice(i..i, tag.iter().copied());
        }
        None => out.extend_from_slice(tag),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(site_path("/ja/").as_deref(), Some("ja/index.html"));
        assert_eq!(site_path("/%E3%82%BF/").as_deref(), Some("タ/index.html"));
        for bad in [
            "/../x",
            "/%2e%2e/x",
            "/ja/%2E%2E/%2E%2E/etc/passwd",
            "/a\\..\\b",
            "/%00",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }
}
