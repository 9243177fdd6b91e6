//! What `check` needs to know of Markdown: the `@id` links, the heading
//! anchors, and the Japanese-emphasis pitfall. Rendering to HTML lives in the
//! site; the anchor rule is here so both agree.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The Markdown extensions regnav enables everywhere.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// An `@id` link in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLink {
    /// The id after `@`.
    pub id: String,
    /// The `#anchor`, if any.
    pub anchor: Option<String>,
    /// Byte offset of the link in the body.
    pub offset: usize,
}

/// Every `[text](@id#anchor)` link of a body.
pub fn entry_links(markdown: &str) -> Vec<EntryLink> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && let Some(rest) = dest_url.strip_prefix('@')
        {
            {
                let (id, anchor) = match rest.split_once('#') {
                    Some((i, a)) => (i.to_string(), Some(a.to_string())),
                    None => (rest.to_string(), None),
                };
                let offset = markdown[range.clone()]
                    .find(&*dest_url)
                    .map(|o| range.start + o)
                    .unwrap_or(range.start);
                out.push(EntryLink { id, anchor, offset });
            }
        }
    }
    out
}

/// A heading of a body with its anchor id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Level 1–6.
    pub level: u8,
    /// Plain text.
    pub text: String,
    /// Anchor id, unique within the body.
    pub id: String,
}

/// The headings of a body with stable anchors: an explicit `{#id}` wins;
/// otherwise the text, lower-cased, with runs of anything that is not a
/// letter or digit turned into `-` (Japanese letters are kept, so Japanese
/// headings get readable anchors); repeats get `-1`, `-2`.
pub fn headings(markdown: &str) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text)) = current.take() {
                    let base = explicit.unwrap_or_else(|| slug(&text));
                    let mut id = base.clone();
                    let mut n = 0;
                    while out.iter().any(|h| h.id == id) {
                        n += 1;
                        id = format!("{base}-{n}");
                    }
                    out.push(Heading { level, text, id });
                }
            }
            _ => {}
        }
    }
    out
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// The anchor slug of a heading text.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Places where `*`/`**` next to Japanese punctuation was left as literal
/// text because CommonMark's flanking rules would not let it open or close
/// emphasis (`**「登録」**の`). Returns byte offsets within the body.
pub fn cjk_emphasis_pitfalls(markdown: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_code = false;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => {
                // Literal asterisks survived parsing: look at their neighbours
                // in the source, since the parser may split text events there.
                for (i, c) in markdown[range.clone()].char_indices() {
                    let at = range.start + i;
                    if c != '*' || markdown[..at].ends_with('*') {
                        continue;
                    }
                    let run_end = at + markdown[at..].chars().take_while(|&c| c == '*').count();
                    let before = markdown[..at].chars().next_back();
                    let after = markdown[run_end..].chars().next();
                    if before.is_some_and(is_cjk_punct) || after.is_some_and(is_cjk_punct) {
                        out.push(at);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '「' | '」'
            | '『'
            | '』'
            | '（'
            | '）'
            | '、'
            | '。'
            | '・'
            | '【'
            | '】'
            | '〔'
            | '〕'
            | '！'
            | '？'
            | '：'
            | '；'
            | '“'
            | '”'
    )
}

/// 0-based (line, char column) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0);
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_entry_links_with_anchor() {
        let links = entry_links("See [x](@requirements/th/listing#fees) and [y](https://e.org).");
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].id, "requirements/th/listing");
        assert_eq!(links[0].anchor.as_deref(), Some("fees"));
        assert_eq!(links[0].offset, 8);
    }

    #[test]
    fn japanese_heading_anchors() {
        let h = headings("# 製品登録の流れ\n## Fees {#fees}\n## 製品登録の流れ\n");
        let ids: Vec<&str> = h.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["製品登録の流れ", "fees", "製品登録の流れ-1"]);
        assert_eq!(slug("510(k) Clearance"), "510-k-clearance");
    }

    #[test]
    fn emphasis_pitfall() {
        assert_eq!(cjk_emphasis_pitfalls("これは**「登録」**の話").len(), 2);
        assert!(cjk_emphasis_pitfalls("これは「**登録**」の話").is_empty());
        assert!(cjk_emphasis_pitfalls("```\n**「a」**b\n```").is_empty());
    }
}
