//! `regnav serve --production`: a built site, read-only, for the public.
//!
//! It serves the output folder of `regnav build` as it is (tower-http's
//! `ServeDir`: HEAD, ranges, `Last-Modified`), under the path of the base URL
//! the site was built for (read from the site's marker), with the same
//! `/api/search` and `/mcp` as the dev server (`http::api`), answering from
//! the knowledge base loaded once at start. Nothing is watched, rebuilt or
//! injected: no live-reload script, no "edit this file". It keeps no state
//! between requests, so it scales by running copies behind a load balancer.
//!
//! Files whose names carry a content hash (`style.1a2b3c4d5e.css`) and search
//! files asked for with the site's search version (`?v=…`) are cached for a
//! year (`immutable`); everything else must be revalidated. Responses are
//! compressed (gzip, br) when the client accepts it; a request's head is
//! bounded by the accept loop, its body by [`MAX_BODY_BYTES`], its time by
//! [`REQUEST_TIMEOUT`]. Search answers are kept (`--search-cache` MB: the
//! index never changes, and the same question asked by many at once is
//! answered once). `/healthz` answers load balancers; every request is
//! logged in one line (`access_log`). SIGTERM or ctrl-c stops accepting,
//! lets requests in flight finish for up to [`SHUTDOWN_GRACE`], and exits.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;

use super::access_log::{self, LogFormat};
use super::{http, limits};
use crate::Error;
use crate::cli::Outcome;
use crate::content::{LoadOptions, load};
use crate::kb::{KbFiles, Origin};
use crate::mcp::Kb;
use crate::site::output::SiteInfo;

/// The longest a request may take to be answered (408 after it).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest request body (`/mcp` takes JSON-RPC messages of a few KB).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// How long requests in flight may take to finish once asked to stop.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// `Cache-Control` of content-addressed files: they never change.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Options of `regnav serve --production`.
#[derive(Debug, Clone)]
pub struct ProductionOptions {
    /// Knowledge-base root (what `/api/search` and `/mcp` answer from).
    pub root: Option<PathBuf>,
    /// The built site (default: where `regnav build` writes it).
    pub out: Option<PathBuf>,
    /// Address to bind.
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// Access-log format.
    pub log: LogFormat,
    /// Megabytes of `/api/search` answers kept (0: none).
    pub search_cache_mb: u64,
}

/// The built site as served.
#[derive(Clone)]
struct Site {
    /// The output folder, symlinks resolved.
    dir: Arc<PathBuf>,
    /// The path the site is served under (`/` or `/regnav/`).
    base: Arc<str>,
    /// The site's search version (`?v=` of the search files).
    search_version: Arc<str>,
    files: ServeDir,
    /// The 404 page of each language (`ja`, `en`), read at start.
    not_found: Arc<Vec<(String, Vec<u8>)>>,
    entries: usize,
}

/// Serves the built site until SIGTERM or ctrl-c.
pub fn serve(opts: ProductionOptions) -> Result<Outcome, Error> {
    let started = Instant::now();
    access_log::init(opts.log);
    limits::raise_open_files();
    let origin = Origin::resolve(opts.root.as_deref())?;
    eprintln!("{}", origin.describe());
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| crate::site::output::default_out(origin.dir()));
    let info = SiteInfo::read(&out).ok_or_else(|| {
        Error::Usage(format!(
            "{} holds no site built by regnav: run `regnav build{}` first (or give --out the folder it wrote)",
            out.display(),
            origin
                .dir()
                .map(|d| format!(" --root {}", d.display()))
                .unwrap_or_default()
        ))
    })?;
    let dir = out.canonicalize().map_err(|e| Error::Io(out.clone(), e))?;
    let files = KbFiles::read(&origin)?;
    let mut loaded = match load(&files, LoadOptions::now()) {
        Ok(l) => l,
        Err(Error::Config(d)) => {
            eprint!("{}", crate::diag::render_human(&[*d], false));
            return Ok(Outcome::ContentErrors);
        }
        Err(e) => return Err(e),
    };
    let errors = loaded.errors();
    if !errors.is_empty() {
        eprint!("{}", crate::diag::render_human(&errors, false));
        eprintln!(
            "stopped: {} error(s) in the knowledge base; fix them and build again",
            errors.len()
        );
        return Ok(Outcome::ContentErrors);
    }
    // Answers cite the pages where the site is published.
    loaded.library.config.base_url = info.base_url.clone();
    let index = crate::search::cache::open_or_build(&files, &loaded.library)
        .map_err(|e| Error::Usage(format!("search index: {e}")))?;
    let base = crate::site::base_path(&info.base_url);
    let site = Site {
        files: ServeDir::new(&dir)
            .append_index_html_on_directories(true)
            .redirect_path_prefix(base.trim_end_matches('/')),
        not_found: Arc::new(
            loaded
                .library
                .config
                .languages
                .iter()
                .filter_map(|l| {
                    let page = std::fs::read(dir.join(l.as_str()).join("404.html")).ok()?;
                    Some((l.as_str().to_string(), page))
                })
                .collect(),
        ),
        entries: loaded.library.entries.len(),
        dir: Arc::new(dir),
        base: Arc::from(base.as_str()),
        search_version: Arc::from(info.search_version.as_str()),
    };
    let kb = Kb {
        lib: Arc::new(loaded.library),
        index: Arc::new(index),
    };
    let cache = http::search_cache(opts.search_cache_mb << 20);
    let app = router(site.clone(), kb, cache);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Io(PathBuf::from("tokio"), e))?;
    let served = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
            .await
            .map_err(|e| Error::Io(PathBuf::from(format!("{}:{}", opts.bind, opts.port)), e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Io(PathBuf::from("socket"), e))?;
        eprintln!(
            "serving {} ({} entries) read-only, ready in {} ms",
            site.dir.display(),
            site.entries,
            started.elapsed().as_millis()
        );
        println!("Serving on http://{addr}{base}");
        tracing::info!(target: "regnav", %addr, base = %base, "listening");
        limits::accept_loop(listener, app, limits::shutdown_signal(), SHUTDOWN_GRACE).await?;
        tracing::info!(target: "regnav", "stopped");
        Ok::<(), Error>(())
    });
    // Searches still running past the grace period are not waited for.
    rt.shutdown_timeout(Duration::from_secs(1));
    served.map(|()| Outcome::Success)
}

/// The routes: `/healthz`, the API under the site's path, its files.
fn router(site: Site, kb: Kb, cache: Option<Arc<http::SearchCache>>) -> Router {
    let index = kb.index.clone();
    let api = http::api(
        Arc::new(move || Some(index.clone())),
        Arc::new(kb),
        &site.base,
        cache,
    );
    let routes = if &*site.base == "/" {
        Router::new().merge(api)
    } else {
        Router::new().nest(site.base.trim_end_matches('/'), api)
    };
    routes
        .route("/healthz", get(health))
        .fallback(files)
        .with_state(site)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(access_log::log))
}

/// `/healthz`: 200 while the site's folder is there, 503 when it is gone.
async fn health(State(site): State<Site>) -> Response {
    let ok = tokio::fs::metadata(site.dir.join("index.html"))
        .await
        .is_ok_and(|m| m.is_file());
    let body = serde_json::json!({
        "status": if ok { "ok" } else { "site folder missing" },
        "entries": site.entries,
        "search_version": &*site.search_version,
    });
    (
        if ok {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        },
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// A file of the site (or its 404 page): only what lies inside the output
/// folder once symlinks are resolved, with the caching its name allows.
async fn files(State(site): State<Site>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let Some(rest) = path.strip_prefix(&*site.base) else {
        if path == "/" || format!("{path}/") == *site.base {
            let to = HeaderValue::from_str(&site.base).unwrap_or(HeaderValue::from_static("/"));
            return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, to)]).into_response();
        }
        return not_found(&site, &path);
    };
    let Some(key) = http::site_path(rest) else {
        return not_found(&site, &path);
    };
    if !inside(&site.dir, &key).await {
        return not_found(&site, &path);
    }
    let versioned = key.starts_with("search/")
        && req
            .uri()
            .query()
            .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
            .is_some_and(|q| {
                q.iter()
                    .any(|(k, v)| k == "v" && v.as_str() == &*site.search_version)
            });
    // ServeDir sees the path inside the site.
    let (mut parts, body) = req.into_parts();
    let inner = format!(
        "/{rest}{}",
        parts
            .uri
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default()
    );
    match inner.parse() {
        Ok(uri) => parts.uri = uri,
        Err(_) => return not_found(&site, &path),
    }
    let res = match site
        .files
        .clone()
        .oneshot(Request::from_parts(parts, body))
        .await
    {
        Ok(r) => r.map(Body::new),
        Err(e) => match e {},
    };
    if res.status() == StatusCode::NOT_FOUND {
        return not_found(&site, &path);
    }
    let mut res = res;
    let immutable = (versioned || hashed_name(&key)) && res.status().is_success();
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if immutable { IMMUTABLE } else { "no-cache" }),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Text is UTF-8 (the pages say so too; scripts and feeds did not).
    if let Some(t) = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
        && (t.starts_with("text/") || t == "application/javascript")
        && !t.contains("charset")
        && let Ok(v) = HeaderValue::from_str(&format!("{t}; charset=utf-8"))
    {
        h.insert(header::CONTENT_TYPE, v);
    }
    res
}

/// Whether the file `key` asks for (when it exists) lies inside `dir` once
/// symlinks are resolved. A missing file is "inside": `ServeDir` answers 404.
async fn inside(dir: &Path, key: &str) -> bool {
    match tokio::fs::canonicalize(dir.join(key)).await {
        Ok(real) => real.starts_with(dir),
        Err(_) => true,
    }
}

/// Whether the last segment of `path` carries a content hash the way the
/// build names assets: `name.<10 hex digits>.ext`.
fn hashed_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplit('.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !ext.is_empty()
        && !stem.is_empty()
        && hash.len() == 10
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The 404 page of the language the path is in.
fn not_found(site: &Site, path: &str) -> Response {
    let rest = path.strip_prefix(&*site.base).unwrap_or("");
    let page = site
        .not_found
        .iter()
        .find(|(l, _)| rest.starts_with(&format!("{l}/")) || rest == l)
        .or_else(|| site.not_found.first())
        .map(|(_, p)| p.clone())
        .unwrap_or_else(|| b"<!doctype html><title>404</title><h1>404</h1>".to_vec());
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        page,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_recognised() {
        for yes in [
            "assets/style.d22a673bb7.css",
            "api/checklist-data.bf29d2b729.js",
            "x/a.b.0123456789.js",
        ] {
            assert!(hashed_name(yes), "{yes}");
        }
        for no in [
            "assets/style.css",
            "ja/index.html",
            "search/en/d0.js",
            "a.D22A673BB7.css",
            ".0123456789.js",
            "a.012345678.js",
            "a.0123456789",
        ] {
            assert!(!hashed_name(no), "{no}");
        }
    }
}
