//! Machine-readable output: `api/entries.json` (the open data), `sitemap.xml`
//! with hreflang alternates, `robots.txt`, and the root pages that send a
//! reader to their language.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::{Value, json};

use super::BuildError;
use super::pages::Page;
use super::views::Urls;
use crate::content::Library;
use crate::content::ids::EntryId;

/// Writes the data files into `dir`; returns how many.
pub fn write_all(
    lib: &Library,
    urls: &Urls,
    base_url: &str,
    sink: &dyn super::Sink,
    sitemap_pages: Option<&[Page]>,
    entries_json: Option<Vec<Arc<str>>>,
) -> Result<usize, BuildError> {
    // `None`: written already, as it was made ([`stream_open_data`]).
    if let Some(parts) = entries_json {
        sink.put_parts("api/entries.json", parts)?;
    }
    if let Some(pages) = sitemap_pages {
        write_sitemaps(base_url, urls, pages, sink)?;
    }
    sink.put(
        "robots.txt",
        // One line whatever the URL holds (it is validated, but a line break must never add rules).
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            base_url.replace(['\r', '\n'], "")
        )
        .as_bytes(),
    )?;
    for &lang in &lib.config.languages {
        sink.put(
            &format!("{lang}/calendar.ics"),
            super::calendar::ics(lib, urls, base_url, lang).as_bytes(),
        )?;
    }
    let default = lib.config.default_language;
    let root = format!(
        "<!doctype html>\n<html lang=\"{default}\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={base}{default}/\">\n<link rel=\"canonical\" href=\"{base}{default}/\">\n<script>var l=(navigator.language||'').slice(0,2);if({langs}.indexOf(l)>=0&&l!=='{default}')location.replace({base_js}+l+'/');</script></head>\n<body><p>{links}</p></body></html>\n",
        title = html_escape(lib.config.title.localize(default).or_any(default)),
        base = html_escape(&urls.base),
        // JSON is a JavaScript string literal; `<` escaped so `</script>` cannot close the tag.
        base_js = serde_json::to_string(&urls.base)
            .unwrap_or_default()
            .replace('<', "\\u003c"),
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
                html_escape(&urls.base),
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
    // The 404 page of the default language (not rendered again by a partial render).
    if let Some(not_found) = sink.get(&format!("{default}/404.html")) {
        sink.put("404.html", &not_found)?;
    }
    Ok(5)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The open data of one entry (both languages), as JSON.
fn entry_json(lib: &Library, urls: &Urls, e: &crate::content::model::Entry) -> Arc<str> {
    let langs = &lib.config.languages;
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
                .map(|(b, _)| super::markdown::plain_text(&b.text()))
                .unwrap_or_default()
        )
    });
    v["jurisdiction"] = json!(e.jurisdiction_code().map(|c| c.as_str()));
    serde_json::to_string(&v).unwrap_or_default().into()
}

/// Brings the per-entry open data up to date: every entry, or (`changed`)
/// only those, dropping removed ones.
pub fn update_open_data(
    lib: &Library,
    urls: &Urls,
    data: &mut BTreeMap<EntryId, Arc<str>>,
    changed: Option<&BTreeSet<EntryId>>,
) {
    use rayon::prelude::*;
    match changed {
        None => {
            *data = lib
                .entries
                .par_iter()
                .map(|(id, e)| (id.clone(), entry_json(lib, urls, e)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect();
        }
        Some(ids) => {
            for id in ids {
                match lib.get(id) {
                    Some(e) => {
                        data.insert(id.clone(), entry_json(lib, urls, e));
                    }
                    None => {
                        data.remove(id);
                    }
                }
            }
        }
    }
}

/// Writes `api/entries.json` as [`entries_json`] would make it, a batch of
/// entries at a time, keeping none: a build's way (the dev server keeps the
/// pieces for its next render).
pub fn stream_open_data(
    lib: &Library,
    urls: &Urls,
    sink: &dyn super::Sink,
) -> Result<(), BuildError> {
    use rayon::prelude::*;
    const BATCH: usize = 2048;
    let entries: Vec<&crate::content::model::Entry> = lib.entries.values().collect();
    let mut batches = entries.chunks(BATCH);
    let comma: Arc<str> = Arc::from(",");
    let mut started = false;
    let mut done = false;
    let mut next = || -> Option<Vec<Arc<str>>> {
        if done {
            return None;
        }
        let mut out: Vec<Arc<str>> = Vec::new();
        if !started {
            out.push(header(lib));
        }
        match batches.next() {
            Some(batch) => {
                let pieces: Vec<Arc<str>> =
                    batch.par_iter().map(|e| entry_json(lib, urls, e)).collect();
                for p in pieces {
                    if started {
                        out.push(comma.clone());
                    }
                    started = true;
                    out.push(p);
                }
            }
            None => {
                started = true;
                done = true;
                out.push(Arc::from("]}"));
            }
        }
        Some(out)
    };
    sink.put_stream("api/entries.json", &mut next)
}

/// The start of `api/entries.json`, before the entries.
fn header(lib: &Library) -> Arc<str> {
    format!(
        "{{\"version\":1,\"languages\":{},\"entries\":[",
        serde_json::to_string(&lib.config.languages).unwrap_or_default()
    )
    .into()
}

/// `api/entries.json`: every entry, structured, both languages (the shape
/// documented in the README), as the pieces it is made of: the per-entry
/// JSON kept by the render cache, between a header and a footer.
pub fn entries_json(lib: &Library, data: &BTreeMap<EntryId, Arc<str>>) -> Vec<Arc<str>> {
    let comma: Arc<str> = Arc::from(",");
    let mut out: Vec<Arc<str>> = Vec::with_capacity(data.len() * 2 + 2);
    out.push(header(lib));
    for (i, e) in data.values().enumerate() {
        if i > 0 {
            out.push(comma.clone());
        }
        out.push(e.clone());
    }
    out.push(Arc::from("]}"));
    out
}

/// The most URLs one sitemap file lists: sitemaps.org allows 50,000 (and
/// 50 MB) per file, and a sitemap index to list the files.
pub const SITEMAP_URLS: usize = 50_000;

/// `sitemap.xml`: every page (with its other languages); above
/// [`SITEMAP_URLS`] pages, an index of `sitemap1.xml`, `sitemap2.xml`, …
/// of that many pages each, each made and written in turn.
fn write_sitemaps(
    base_url: &str,
    urls: &Urls,
    pages: &[Page],
    sink: &dyn super::Sink,
) -> Result<(), BuildError> {
    let origin = base_url
        .strip_suffix(&urls.base)
        .map(str::to_string)
        .unwrap_or_else(|| base_url.trim_end_matches('/').to_string());
    let listed: Vec<Listed> = pages
        .iter()
        .filter(|p| p.path.ends_with("index.html"))
        .filter_map(|p| {
            p.alternates
                .get(&p.lang)
                .map(|url| (url.as_str(), &p.alternates))
        })
        .collect();
    write_sitemap_files(&origin, urls, &listed, SITEMAP_URLS, sink)
}

/// A page in a sitemap: its URL path and those of its languages.
type Listed<'a> = (&'a str, &'a BTreeMap<crate::content::ids::Lang, String>);

fn write_sitemap_files(
    origin: &str,
    urls: &Urls,
    listed: &[Listed],
    per_file: usize,
    sink: &dyn super::Sink,
) -> Result<(), BuildError> {
    if listed.len() <= per_file {
        return sink.put("sitemap.xml", sitemap(origin, listed).as_bytes());
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (k, part) in listed.chunks(per_file).enumerate() {
        let name = format!("sitemap{}.xml", k + 1);
        sink.put(&name, sitemap(origin, part).as_bytes())?;
        index.push_str(&format!(
            "  <sitemap><loc>{}{}</loc></sitemap>\n",
            origin,
            xml(&urls.path(&name))
        ));
    }
    index.push_str("</sitemapindex>\n");
    sink.put("sitemap.xml", index.as_bytes())
}

fn sitemap(origin: &str, listed: &[Listed]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (url, alternates) in listed {
        out.push_str(&format!("  <url><loc>{}{}</loc>\n", origin, xml(url)));
        for (l, alt) in alternates.iter() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ids::Lang;

    fn files(sink: &crate::site::MemorySink) -> BTreeMap<String, String> {
        let files = sink.files.lock().unwrap();
        files
            .iter()
            .map(|(p, b)| (p.clone(), String::from_utf8(b.to_vec()).unwrap()))
            .collect()
    }

    #[test]
    fn a_sitemap_above_the_limit_is_an_index_of_files_within_it() {
        let urls = Urls {
            base: "/sub/".into(),
        };
        let alternates: Vec<BTreeMap<Lang, String>> = (0..5)
            .map(|i| {
                BTreeMap::from([
                    (Lang::Ja, format!("/sub/ja/p{i}/")),
                    (Lang::En, format!("/sub/en/p{i}/")),
                ])
            })
            .collect();
        let listed: Vec<Listed> = alternates
            .iter()
            .map(|a| (a[&Lang::Ja].as_str(), a))
            .collect();

        let one = crate::site::MemorySink::default();
        write_sitemap_files("https://e.org", &urls, &listed, 5, &one).unwrap();
        let one = files(&one);
        assert_eq!(one.keys().collect::<Vec<_>>(), ["sitemap.xml"]);
        assert_eq!(one["sitemap.xml"].matches("<url>").count(), 5);

        let split = crate::site::MemorySink::default();
        write_sitemap_files("https://e.org", &urls, &listed, 2, &split).unwrap();
        let split = files(&split);
        let index = &split["sitemap.xml"];
        assert!(index.contains("<sitemapindex"), "{index}");
        for k in 1..=3 {
            let loc = format!("<loc>https://e.org/sub/sitemap{k}.xml</loc>");
            assert!(index.contains(&loc), "{index}");
            let part = &split[&format!("sitemap{k}.xml")];
            assert!((1..=2).contains(&part.matches("<url>").count()), "{part}");
        }
        assert!(!split.contains_key("sitemap4.xml"));
        // Every page once, with its other language.
        let all: String = (1..=3)
            .map(|k| split[&format!("sitemap{k}.xml")].clone())
            .collect();
        for i in 0..5 {
            assert_eq!(
                all.matches(&format!("<loc>https://e.org/sub/ja/p{i}/</loc>"))
                    .count(),
                1
            );
            assert!(all.contains(&format!(
                "hreflang=\"en\" href=\"https://e.org/sub/en/p{i}/\""
            )));
        }
    }
}
