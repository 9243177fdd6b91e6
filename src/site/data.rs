//! Machine-readable output: `api/entries.json` (the open data), `sitemap.xml`
//! with hreflang alternates, `robots.txt`, and the root pages that send a
//! reader to their language.

use serde_json::{Value, json};

use super::BuildError;
use super::pages::Page;
use super::views::Urls;
use crate::content::Library;

/// Writes the data files into `dir`; returns how many.
pub fn write_all(
    lib: &Library,
    urls: &Urls,
    base_url: &str,
    sink: &dyn super::Sink,
    pages: &[Page],
    entries_json: &str,
) -> Result<usize, BuildError> {
    sink.put("api/entries.json", entries_json.as_bytes())?;
    sink.put("sitemap.xml", sitemap(base_url, urls, pages).as_bytes())?;
    sink.put(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n").as_bytes(),
    )?;
    let default = lib.config.default_language;
    let root = format!(
        "<!doctype html>\n<html lang=\"{default}\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={base}{default}/\">\n<link rel=\"canonical\" href=\"{base}{default}/\">\n<script>var l=(navigator.language||'').slice(0,2);if({langs}.indexOf(l)>=0&&l!=='{default}')location.replace('{base}'+l+'/');</script></head>\n<body><p>{links}</p></body></html>\n",
        title = html_escape(lib.config.title.localize(default).or_any(default)),
        base = urls.base,
        langs = serde_json::to_string(
            &lib.config
                .languages
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
        )
        .unwrap_or_default(),
        links = lib
            .config
            .languages
            .iter()
            .map(|l| format!(
                "<a href=\"{}{l}/\" lang=\"{l}\">{}</a>",
                urls.base,
                if l.as_str() == "ja" {
                    "日本語"
                } else {
                    "English"
                }
            ))
            .collect::<Vec<_>>()
            .join(" · "),
    );
    sink.put("index.html", root.as_bytes())?;
    let not_found = sink.get(&format!("{default}/404.html")).unwrap_or_default();
    sink.put("404.html", &not_found)?;
    Ok(5)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every entry, structured, both languages: the shape documented in the README.
pub fn entries_json(lib: &Library, urls: &Urls) -> String {
    use rayon::prelude::*;
    let langs = &lib.config.languages;
    let all: Vec<&crate::content::model::Entry> = lib.entries.values().collect();
    let entries: Vec<String> = all
        .par_iter()
        .map(|e| {
            let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
            let per_lang = |f: &dyn Fn(crate::content::ids::Lang) -> Value| -> Value {
                Value::Object(
                    langs
                        .iter()
                        .map(|l| (l.as_str().to_string(), f(*l)))
                        .collect(),
                )
            };
            v["url"] = per_lang(&|l| json!(urls.entry(e.id.as_str(), l)));
            v["text"] = per_lang(&|l| {
                json!(
                    e.body(l)
                        .map(|(b, _)| super::markdown::plain_text(&b.markdown))
                        .unwrap_or_default()
                )
            });
            v["jurisdiction"] = json!(e.jurisdiction_code().map(|c| c.as_str()));
            serde_json::to_string(&v).unwrap_or_default()
        })
        .collect();
    // Written piece by piece: one string per entry, never one tree of them all.
    let mut out = String::with_capacity(entries.iter().map(|e| e.len() + 1).sum::<usize>() + 64);
    out.push_str(&format!(
        "{{\"version\":1,\"languages\":{},\"entries\":[",
        serde_json::to_string(langs).unwrap_or_default()
    ));
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(e);
    }
    out.push_str("]}");
    out
}

fn sitemap(base_url: &str, urls: &Urls, pages: &[Page]) -> String {
    let origin = base_url
        .strip_suffix(&urls.base)
        .map(str::to_string)
        .unwrap_or_else(|| base_url.trim_end_matches('/').to_string());
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for p in pages.iter().filter(|p| p.path.ends_with("index.html")) {
        let Some(url) = p.alternates.get(&p.lang) else {
            continue;
        };
        out.push_str(&format!("  <url><loc>{}{}</loc>\n", origin, xml(url)));
        for (l, alt) in &p.alternates {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{l}\" href=\"{}{}\"/>\n",
                origin,
                xml(alt)
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn xml(s: &str) -> String {
    html_escape(s).replace('\'', "&apos;")
}
