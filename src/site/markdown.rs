//! Markdown → safe HTML for the site.
//!
//! `@id` links become the URL of the entry in the page's language, headings
//! get the anchors `check` validated (`content::markdown::headings`), external
//! links open safely, and everything passes through ammonia, so no content —
//! raw HTML, `javascript:` links, event handlers — can inject script.
//! Raw HTML is *sanitised*, not refused: tables and `<br>` pasted from
//! regulators' pages keep working.
//!
//! Glossary terms link to their page on first use ([`TermLinks`]): the
//! Markdown source is not touched; the text events of the rendered body are
//! searched for the terms' forms, never inside links, code, headings, image
//! descriptions or raw HTML, and each term is linked once per page.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd, TextMergeStream, html};

use crate::content::glossary::Glossary;
use crate::content::ids::Lang;
use crate::content::markdown::{headings, options};

/// How the glossary's terms are linked in a body.
pub struct TermLinks<'a> {
    /// The terms and their forms.
    pub glossary: &'a Glossary,
    /// The page URL and the definition (for the tooltip) of term `i`, in
    /// the page's language; `None` leaves the term unlinked.
    pub target: &'a (dyn Fn(usize) -> Option<(String, String)> + Sync),
    /// The term whose own page this is: never linked to itself.
    pub own: Option<usize>,
}

/// Renders a body; `url_of(id, lang)` gives the URL of an entry id.
pub fn render(markdown: &str, lang: Lang, url_of: &dyn Fn(&str, Lang) -> Option<String>) -> String {
    render_with_terms(markdown, lang, url_of, None)
}

/// [`render`], linking the first use of each glossary term to its page.
pub fn render_with_terms(
    markdown: &str,
    lang: Lang,
    url_of: &dyn Fn(&str, Lang) -> Option<String>,
    terms: Option<&TermLinks>,
) -> String {
    let ids = headings(markdown);
    let mut next_heading = ids.iter();
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id: _,
            classes,
            attrs,
        }) => {
            let id = next_heading.next().map(|h| CowStr::from(h.id.clone()));
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            })
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = resolve(dest_url, lang, url_of);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = resolve(dest_url, lang, url_of);
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    match terms.filter(|t| !t.glossary.is_empty()) {
        Some(t) => html::push_html(
            &mut raw,
            link_terms(TextMergeStream::new(events), t).into_iter(),
        ),
        None => html::push_html(&mut raw, events),
    }
    sanitizer().clean(&drop_empty_table_heads(raw)).to_string()
}

/// Removes the header rows whose cells are all empty: a key–value table is
/// written `| | |` over `| --- | --- |` in Markdown, and an empty header row
/// shows as a blank bar and gives screen readers empty column headers.
fn drop_empty_table_heads(mut html: String) -> String {
    const OPEN: &str = "<thead>";
    const CLOSE: &str = "</thead>";
    let mut from = 0;
    while let Some(start) = html[from..].find(OPEN).map(|i| from + i) {
        let Some(end) = html[start..].find(CLOSE).map(|i| start + i + CLOSE.len()) else {
            break;
        };
        if text_of(&html[start..end]).trim().is_empty() {
            html.replace_range(start..end, "");
            from = start;
        } else {
            from = end;
        }
    }
    html
}

/// The text of an HTML fragment, its tags left out.
fn text_of(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The events with each term's first use in plain text made a link.
fn link_terms<'a>(events: impl Iterator<Item = Event<'a>>, t: &TermLinks) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    // Inside a link, an image, a heading or a code block (Markdown), or an
    // `<a>`, `<code>` or `<pre>` written as raw HTML: no links there.
    let mut inside = 0usize;
    let mut raw_inside = 0usize;
    let mut done: HashSet<usize> = t.own.into_iter().collect();
    for event in events {
        match &event {
            Event::Start(
                Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. } | Tag::CodeBlock(_),
            ) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                inside = inside.saturating_sub(1)
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                let tag = h.trim_start().to_ascii_lowercase();
                for open in ["<a ", "<a>", "<code", "<pre"] {
                    raw_inside += tag.matches(open).count();
                }
                for close in ["</a", "</code", "</pre"] {
                    raw_inside = raw_inside.saturating_sub(tag.matches(close).count());
                }
            }
            Event::Text(text) if inside == 0 && raw_inside == 0 => {
                let found = t.glossary.find(text);
                if found.iter().any(|f| !done.contains(&f.term)) {
                    let mut at = 0;
                    for f in found {
                        if done.contains(&f.term) {
                            continue;
                        }
                        let Some((url, definition)) = (t.target)(f.term) else {
                            continue;
                        };
                        done.insert(f.term);
                        if f.start > at {
                            out.push(Event::Text(CowStr::from(text[at..f.start].to_string())));
                        }
                        out.push(Event::InlineHtml(CowStr::from(format!(
                            "<a class=\"term\" href=\"{}\" title=\"{}\">",
                            attr(&url),
                            attr(&definition)
                        ))));
                        out.push(Event::Text(CowStr::from(text[f.start..f.end].to_string())));
                        out.push(Event::InlineHtml(CowStr::from("</a>")));
                        at = f.end;
                    }
                    if at < text.len() {
                        out.push(Event::Text(CowStr::from(text[at..].to_string())));
                    }
                    continue;
                }
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

/// Escapes text for an HTML attribute value.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn resolve<'a>(
    dest: CowStr<'a>,
    lang: Lang,
    url_of: &dyn Fn(&str, Lang) -> Option<String>,
) -> CowStr<'a> {
    rewrite(&dest, lang, url_of)
        .map(CowStr::from)
        .unwrap_or(dest)
}

fn rewrite(
    dest: &str,
    lang: Lang,
    url_of: &dyn Fn(&str, Lang) -> Option<String>,
) -> Option<String> {
    let rest = dest.strip_prefix('@')?;
    let (id, anchor) = match rest.split_once('#') {
        Some((i, a)) => (i, Some(a)),
        None => (rest, None),
    };
    let url = url_of(id, lang)?;
    Some(match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    })
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    let heading_attrs: HashSet<&str> = ["id"].into_iter().collect();
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, heading_attrs.iter().copied());
    }
    b.add_tag_attributes("input", ["type", "checked", "disabled"]);
    b.add_tags(["input"]);
    b.add_tag_attributes("td", ["style"]);
    b.add_tag_attributes("th", ["style"]);
    b.add_tag_attributes("li", ["id"]);
    b.add_tag_attributes("div", ["id"]);
    b.add_tag_attributes("sup", ["id"]);
    b.add_allowed_classes("div", ["footnote-definition"]);
    b.add_allowed_classes("sup", ["footnote-reference"]);
    b.add_allowed_classes("a", ["term"]);
    b.link_rel(Some("noopener noreferrer"));
    b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect());
    b.id_prefix(None);
    b.filter_style_properties(["text-align"].into_iter().collect());
    b
}

/// The plain text of a body (for search, summaries and the open data).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !out.ends_with(char::is_whitespace) =>
            {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(id: &str, lang: Lang) -> Option<String> {
        (id == "requirements/th/listing").then(|| format!("/{lang}/{id}/"))
    }

    #[test]
    fn entry_links_and_heading_anchors() {
        let html = render(
            "## 手数料\n\nSee [x](@requirements/th/listing#fees).",
            Lang::Ja,
            &url,
        );
        assert!(html.contains(r#"<h2 id="手数料">"#), "{html}");
        assert!(
            html.contains(r#"href="/ja/requirements/th/listing/#fees""#),
            "{html}"
        );
    }

    #[test]
    fn no_script_survives() {
        let evil = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)> <a href=\"javascript:alert(2)\">y</a>";
        let html = render(evil, Lang::En, &url);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn an_empty_header_row_is_left_out_and_a_real_one_kept() {
        let html = render(
            "| | |\n| --- | :-: |\n| Class | A–D |\n\n| Fee | Amount |\n|---|---|\n| x | 1 |",
            Lang::En,
            &url,
        );
        assert_eq!(html.matches("<thead>").count(), 1, "{html}");
        assert!(html.contains("<th>Fee</th>"), "{html}");
        assert!(html.contains("<td>Class</td>"), "{html}");
        assert!(!html.contains("<th></th>"), "{html}");
    }

    #[test]
    fn tables_and_external_links() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n[FDA](https://www.fda.gov/)",
            Lang::En,
            &url,
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains(r#"rel="noopener noreferrer""#), "{html}");
    }
}
