//! What the dev server tells an editor beside the page: the knowledge
//! base's warnings (a badge on every page, the page's own first) and "edit
//! this file" links that open a file at a line in the editor, through the
//! URL scheme of `editor_url` in `regnav.yaml` (`vscode://file/{path}:{line}:{column}`
//! by default; `""` turns the links off). Only the dev server's script shows
//! them: a built site never names a file of the knowledge base.
//!
//! A page's files follow from its path by the id rules: `/en/requirements/th/listing/`
//! is the entry `requirements/th/listing`, whose English text is
//! `content/requirements/th/listing.en.md` when that translation exists and
//! the original `content/requirements/th/listing.md` otherwise.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Value, json};

use super::Shared;
use crate::content::ids::EntryId;
use crate::diag::Diagnostic;

/// How many warnings the badge's event lists (the count is always whole).
pub(super) const LISTED_WARNINGS: usize = 100;

/// Characters escaped in a file path put into an editor URL (`/` kept).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'&');

/// Makes "open in the editor" links for files of the knowledge base.
#[derive(Debug, Clone, Default)]
pub(super) struct EditorLinks {
    /// `editor_url` (`None`: off).
    template: Option<String>,
    /// The knowledge base's folder (`None`: the built-in one, not editable).
    root: Option<PathBuf>,
}

impl EditorLinks {
    pub(super) fn new(template: Option<&str>, root: Option<&Path>) -> EditorLinks {
        EditorLinks {
            template: template.map(str::to_string),
            root: root.map(|r| r.canonicalize().unwrap_or_else(|_| r.to_path_buf())),
        }
    }

    /// The link that opens `rel` (relative to the root) at `line:column`.
    pub(super) fn link(&self, rel: &str, line: usize, column: usize) -> Option<String> {
        let template = self.template.as_ref()?;
        let path = self.root.as_ref()?.join(rel);
        let path = path.to_string_lossy().replace('\\', "/");
        Some(
            template
                .replace("{path}", &utf8_percent_encode(&path, PATH).to_string())
                .replace("{line}", &line.max(1).to_string())
                .replace("{column}", &column.max(1).to_string()),
        )
    }

    /// Diagnostics as the page's script gets them: with an `edit` link each.
    pub(super) fn annotate(&self, diags: &[Diagnostic]) -> Vec<Value> {
        diags
            .iter()
            .map(|d| {
                let mut v = serde_json::to_value(d).unwrap_or_default();
                if let (Some(o), Some(link)) =
                    (v.as_object_mut(), self.link(&d.file, d.line, d.column))
                {
                    o.insert("edit".into(), json!(link));
                }
                v
            })
            .collect()
    }

    /// The `warnings` event: how many, in how many files, the first ones.
    pub(super) fn warnings_event(&self, warnings: &[Diagnostic]) -> Value {
        let files: std::collections::BTreeSet<&str> =
            warnings.iter().map(|d| d.file.as_str()).collect();
        let listed = &warnings[..warnings.len().min(LISTED_WARNINGS)];
        json!({
            "count": warnings.len(),
            "files": files.len(),
            "warnings": self.annotate(listed),
        })
    }

    /// The files a page is made from: the one holding its text in the
    /// page's language first (with the line its text starts at), then the
    /// original when that was a translation. Empty for pages that show no
    /// single entry (lists, home) and for the built-in knowledge base.
    fn page_files(&self, page: &str) -> Vec<(String, usize)> {
        let Some(root) = &self.root else {
            return Vec::new();
        };
        let trimmed = page.trim_matches('/');
        let Some((lang, id)) = trimmed.split_once('/') else {
            return Vec::new();
        };
        let Ok(id) = EntryId::parse(id) else {
            return Vec::new();
        };
        if lang.is_empty() || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
            return Vec::new();
        }
        let original = format!("content/{id}.md");
        let translation = format!("content/{id}.{lang}.md");
        let mut out = Vec::new();
        for rel in [translation, original] {
            if let Ok(text) = std::fs::read_to_string(root.join(&rel)) {
                out.push((rel, body_line(&text)));
            }
        }
        out
    }
}

/// The 1-based line where a file's Markdown body starts (after the front
/// matter's closing `---`), or 1.
fn body_line(text: &str) -> usize {
    let mut lines = text.lines().enumerate();
    if lines.next().is_none_or(|(_, l)| l.trim_end() != "---") {
        return 1;
    }
    lines
        .find(|(_, l)| l.trim_end() == "---")
        .map_or(1, |(i, _)| i + 2)
}

/// `/_regnav/page?path=/en/requirements/th/listing/`: the files the page is
/// made from (with edit links when `editor_url` is on) and their warnings.
pub(super) async fn page_info(
    State(shared): State<Arc<Shared>>,
    RawQuery(q): RawQuery,
) -> Response {
    let page = serde_urlencoded::from_str::<Vec<(String, String)>>(q.as_deref().unwrap_or(""))
        .ok()
        .and_then(|q| q.into_iter().find(|(k, _)| k == "path").map(|(_, v)| v))
        .unwrap_or_default();
    let editor = shared.editor.read().map(|e| e.clone()).unwrap_or_default();
    let warnings = shared
        .warnings
        .read()
        .map(|w| w.clone())
        .unwrap_or_default();
    let body = tokio::task::spawn_blocking(move || {
        let files = editor.page_files(&page);
        let own: Vec<Diagnostic> = warnings
            .iter()
            .filter(|d| files.iter().any(|(f, _)| *f == d.file))
            .cloned()
            .collect();
        json!({
            "editor": editor.template.is_some() && editor.root.is_some(),
            "files": files.iter().map(|(f, line)| json!({
                "file": f,
                "line": line,
                "edit": editor.link(f, *line, 1),
            })).collect::<Vec<_>>(),
            "warnings": editor.annotate(&own),
        })
    })
    .await
    .unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_the_file_line_and_column() {
        let e = EditorLinks {
            template: Some("vscode://file/{path}:{line}:{column}".into()),
            root: Some(PathBuf::from("/kb/my kb")),
        };
        assert_eq!(
            e.link("content/jurisdictions/th.md", 3, 7).as_deref(),
            Some("vscode://file//kb/my%20kb/content/jurisdictions/th.md:3:7")
        );
        let off = EditorLinks {
            template: None,
            root: Some(PathBuf::from("/kb")),
        };
        assert_eq!(off.link("content/x.md", 1, 1), None);
        let embedded = EditorLinks {
            template: Some("vscode://file/{path}".into()),
            root: None,
        };
        assert_eq!(embedded.link("content/x.md", 1, 1), None);
    }

    #[test]
    fn the_body_starts_after_the_front_matter() {
        assert_eq!(body_line("---\ntitle: x\nlang: en\n---\nBody.\n"), 5);
        assert_eq!(body_line("no front matter"), 1);
    }

    #[test]
    fn page_paths_cannot_name_files_outside_content() {
        let dir = tempfile::tempdir().expect("tmp");
        let e = EditorLinks::new(Some("x://{path}"), Some(dir.path()));
        for bad in [
            "/en/../../etc/passwd/",
            "/en/requirements/%2e%2e/",
            "/../regnav.yaml",
            "/EN/requirements/th/x/",
            "/",
        ] {
            assert!(e.page_files(bad).is_empty(), "{bad}");
        }
    }
}
