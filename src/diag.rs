//! Diagnostics: what went wrong, where (`file:line:column`), and how to say it.
//!
//! Every problem the loader or validator finds becomes a [`Diagnostic`]. They are
//! collected, never thrown, so an editor sees every mistake in one run; they are
//! rendered once, at the edge (the CLI or the dev server's overlay), either
//! rustc-style (annotate-snippets, whose carets count characters and so line up
//! under Japanese text) or as the JSON shape `check --format json` promises.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How serious a diagnostic is. Errors fail `check` and `build`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The knowledge base cannot be built as it is.
    Error,
    /// Worth fixing, but the build goes on.
    Warning,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    #[serde(skip)]
    pub severity: Severity,
    /// Path relative to the knowledge-base root, with `/` separators.
    pub file: String,
    /// 1-based line in the real file (front-matter offset included).
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// A stable, kebab-case code such as `unknown-field`.
    pub code: &'static str,
    /// What is wrong and what was expected.
    pub message: String,
    /// A hint such as "did you mean `title`?".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The quoted source line, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at `file:line:column`.
    pub fn error(
        file: &str,
        line: usize,
        column: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, file, line, column, code, message.into())
    }

    /// A warning at `file:line:column`.
    pub fn warning(
        file: &str,
        line: usize,
        column: usize,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, file, line, column, code, message.into())
    }

    fn new(
        severity: Severity,
        file: &str,
        line: usize,
        column: usize,
        code: &'static str,
        message: String,
    ) -> Self {
        Diagnostic {
            severity,
            file: file.to_string(),
            line: line.max(1),
            column: column.max(1),
            code,
            message,
            help: None,
            source_line: None,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Quotes the offending line from the file's text.
    pub fn with_source(mut self, text: &str) -> Self {
        self.source_line = text.lines().nth(self.line - 1).map(str::to_string);
        self
    }

    /// Quotes the given line (already looked up).
    pub fn with_line(mut self, line: Option<String>) -> Self {
        self.source_line = line;
        self
    }

    /// The same diagnostic about another file.
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = file.to_string();
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, line, column and message, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column, &a.message)
            .cmp(&(b.severity, &b.file, b.line, b.column, &b.message))
    });
}

/// Renders diagnostics rustc-style, with the quoted line and a caret.
pub fn render_human(diags: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let mut groups = Vec::new();
        match &d.source_line {
            Some(line) => {
                let start = char_to_byte(line, d.column - 1);
                let end = token_end(line, start);
                let snippet = Snippet::source(line.as_str())
                    .line_start(d.line)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end));
                groups.push(title.element(snippet));
            }
            None => {
                let origin = format!("{}:{}:{}", d.file, d.line, d.column);
                groups.push(title.element(annotate_snippets::Origin::path(origin)));
            }
        }
        if let Some(help) = &d.help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        let _ = writeln!(out, "{}\n", renderer.render(&groups));
    }
    out
}

/// The JSON document of `check --format json`: `{"errors":[…],"warnings":[…]}`.
pub fn render_json(diags: &[Diagnostic]) -> String {
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diags.iter().partition(|d| d.is_error());
    let doc = serde_json::json!({ "errors": errors, "warnings": warnings });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(line.len())
}

/// The end of the token starting at `start`: up to the next space, comma or
/// bracket, at least one character, so the caret underlines the wrong word.
fn token_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    if let Some(first) = rest
        .chars()
        .next()
        .filter(|c| !c.is_alphanumeric() && *c != '`' && *c != '"')
    {
        return start
            + rest
                .chars()
                .take_while(|&c| c == first)
                .map(char::len_utf8)
                .sum::<usize>();
    }
    let len = rest
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ':' | ')'))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let len = if len == 0 {
        rest.chars().next().map(char::len_utf8).unwrap_or(0)
    } else {
        len
    };
    start + len
}

/// "did you mean `x`?" for the closest of `candidates`, if one is close enough.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(wrong, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate closest to `wrong`, when it is plausibly a typo of it.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // The score is at most shorter/longer (in characters): a candidate whose
    // length is too far off is skipped before the quadratic distance, so a
    // megabyte of input costs a count, not a megabyte-by-id matrix per id.
    let len = wrong.chars().count();
    candidates
        .into_iter()
        .filter(|c| {
            let n = c.chars().count();
            n.min(len) as f64 >= 0.6 * n.max(len) as f64
        })
        .map(|c| (strsim::normalized_damerau_levenshtein(wrong, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(closest("titel", ["title", "summary"]), Some("title"));
        assert_eq!(closest("zzz", ["title", "summary"]), None);
        // Far longer input is no typo, and is not compared character by character.
        assert_eq!(closest(&"title".repeat(200_000), ["title"]), None);
    }

    #[test]
    fn caret_counts_characters_under_japanese() {
        let d = Diagnostic::error("a.md", 2, 8, "x", "bad").with_source("---\ntitle: 日本語の値\n");
        let text = render_human(&[d], false);
        assert!(text.contains("a.md:2:8"), "{text}");
        assert!(text.contains("日本語の値"), "{text}");
    }

    #[test]
    fn json_splits_errors_and_warnings() {
        let e = Diagnostic::error("a.md", 1, 1, "e", "m");
        let w = Diagnostic::warning("b.md", 1, 1, "w", "m");
        let v: serde_json::Value = serde_json::from_str(&render_json(&[e, w])).unwrap();
        assert_eq!(v["errors"][0]["file"], "a.md");
        assert_eq!(v["warnings"][0]["code"], "w");
    }
}
