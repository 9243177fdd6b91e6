//! Watching the knowledge base: which files count, and what a batch of
//! changes means (a pure function, tested on its own).

use std::path::{Path, PathBuf};

/// What a batch of file changes affects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Nothing regnav reads.
    Nothing,
    /// Only content files: re-parse these, re-render what depends on them.
    Content(Vec<PathBuf>),
    /// The theme: re-render every page, no re-parsing.
    Templates,
    /// `regnav.yaml`: rebuild everything.
    Config,
}

/// Whether a path is an editor's temporary or backup file.
pub fn is_temporary(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains(".sb-")
}

/// Classifies the changed paths of one debounced batch.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Change {
    let mut content = Vec::new();
    let mut templates = false;
    for p in paths {
        let Ok(rel) = p.strip_prefix(root) else {
            continue;
        };
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .unwrap_or_default();
        if rel == Path::new(crate::config::CONFIG_FILE) {
            return Change::Config;
        }
        if is_temporary(p) && first != "content" {
            continue;
        }
        match first.as_str() {
            "content" if (!is_temporary(p) || !p.exists()) => {
                content.push(p.clone());
            }
            "templates" => templates = true,
            _ => {}
        }
    }
    if templates {
        Change::Templates
    } else if content.is_empty() {
        Change::Nothing
    } else {
        content.sort();
        content.dedup();
        Change::Content(content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_batches() {
        let root = Path::new("/kb");
        let p = |s: &str| PathBuf::from(format!("/kb/{s}"));
        assert_eq!(
            classify(root, &[p("content/a.md"), p("content/a.md")]),
            Change::Content(vec![p("content/a.md")])
        );
        assert_eq!(
            classify(root, &[p("content/a.md"), p("templates/base.html")]),
            Change::Templates
        );
        assert_eq!(
            classify(root, &[p("content/a.md"), p("regnav.yaml")]),
            Change::Config
        );
        assert_eq!(
            classify(
                root,
                &[p(".regnav/search/x"), p("site/index.html"), p("README.md")]
            ),
            Change::Nothing
        );
        assert_eq!(
            classify(root, &[p("templates/.base.html.swp")]),
            Change::Nothing
        );
        assert!(matches!(
            classify(root, &[p("content/guides/.x.md.swp")]),
            Change::Content(_) | Change::Nothing
        ));
    }
}
