//! The theme: minijinja templates compiled once per build, autoescaped.
//! The default theme in `templates/` is compiled into the binary; a knowledge
//! base's own `templates/` overrides it file by file.

use std::path::Path;

use include_dir::{Dir, include_dir};
use minijinja::{AutoEscape, Environment};

use crate::diag::Diagnostic;

static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// A theme file (template or asset), as bytes.
pub struct ThemeFile {
    /// Path under `templates/`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Every theme file: the embedded ones, overridden by `root/templates/`.
pub fn theme_files(root: Option<&Path>) -> Vec<ThemeFile> {
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = std::collections::BTreeMap::new();
    collect(&THEME, &mut files);
    if let Some(dir) = root.map(|r| r.join("templates")).filter(|d| d.is_dir()) {
        for item in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if item.file_type().is_file()
                && let (Ok(rel), Ok(bytes)) =
                    (item.path().strip_prefix(&dir), std::fs::read(item.path()))
            {
                files.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    files
        .into_iter()
        .map(|(path, bytes)| ThemeFile { path, bytes })
        .collect()
}

fn collect(dir: &Dir<'static>, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
    for f in dir.files() {
        out.insert(
            f.path().to_string_lossy().replace('\\', "/"),
            f.contents().to_vec(),
        );
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// Compiles the templates (`*.html`, `*.xml`) of the theme.
pub fn environment(files: &[ThemeFile]) -> Result<Environment<'static>, Vec<Diagnostic>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    let mut errors = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.path.ends_with(".html") || f.path.ends_with(".xml"))
    {
        let Ok(source) = String::from_utf8(f.bytes.clone()) else {
            errors.push(Diagnostic::error(
                &format!("templates/{}", f.path),
                1,
                1,
                "not-utf8",
                "template is not UTF-8",
            ));
            continue;
        };
        if let Err(e) = env.add_template_owned(f.path.clone(), source) {
            errors.push(template_error(&f.path, &e));
        }
    }
    if errors.is_empty() {
        Ok(env)
    } else {
        Err(errors)
    }
}

/// A template error as a diagnostic with the template's line.
pub fn template_error(name: &str, e: &minijinja::Error) -> Diagnostic {
    let file = format!("templates/{}", e.name().unwrap_or(name));
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    Diagnostic::error(&file, e.line().unwrap_or(1), 1, "template", msg)
}
