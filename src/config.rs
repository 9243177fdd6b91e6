//! `regnav.yaml`: the knowledge base's settings.
//!
//! Parsed strictly (unknown keys are errors with line and column) and then
//! checked: the default language must be one of the languages, which must be
//! language codes the site knows how to label.

use serde::Deserialize;

use crate::content::ids::Lang;
use crate::content::text::Text;
use crate::diag::{Diagnostic, did_you_mean};

/// A base URL checked to be an absolute `http(s)` URL with nothing in it
/// that could break out of an attribute, a script string or a line (no
/// quotes, angle brackets, backslashes, whitespace or control characters),
/// ending in `/`.
pub fn checked_base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            format!(
                "`{}` must start with http:// or https://",
                url.escape_debug()
            )
        })?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("`{url}` has no host name"));
    }
    if let Some(bad) = url.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '"' | '\'' | '<' | '>' | '`' | '\\' | '{' | '}' | '|' | '^'
            )
    }) {
        return Err(format!(
            "`{}` contains {:?}, which a URL may not hold unescaped (percent-encode it)",
            url.escape_debug(),
            bad
        ));
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// The file name of the configuration at a knowledge base's root.
pub const CONFIG_FILE: &str = "regnav.yaml";

/// The validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Site title per language.
    pub title: Text,
    /// Where the site is published, always ending in `/`.
    pub base_url: String,
    /// Site languages in menu order.
    pub languages: Vec<Lang>,
    /// Language of bodies that do not say otherwise.
    pub default_language: Lang,
    /// `check` warns when an entry's `last_reviewed` is older than this.
    pub stale_after_days: u32,
    /// Input limits (file size, nesting).
    pub limits: crate::content::guard::Limits,
    /// `check` warns when a fee was neither valid (`as_of`) nor confirmed
    /// (`checked`) within this many days.
    pub figure_max_age_days: u32,
    /// The dev server's "edit this file" link: a URL with `{path}` (the
    /// file's absolute path), `{line}` and `{column}`; `None` when off.
    pub editor_url: Option<String>,
}

/// The default `editor_url`: VS Code (and editors that take its links).
pub const DEFAULT_EDITOR_URL: &str = "vscode://file/{path}:{line}:{column}";

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Text,
    base_url: String,
    #[serde(default = "default_languages")]
    languages: Vec<Lang>,
    default_language: Option<Lang>,
    #[serde(default = "default_stale")]
    stale_after_days: u32,
    #[serde(default)]
    limits: crate::content::guard::Limits,
    #[serde(default = "default_figure_age")]
    figure_max_age_days: u32,
    /// `regnav serve`'s "edit this file" link on each page: a URL with
    /// `{path}` (absolute path of the file), `{line}` and `{column}`, e.g.
    /// `vscode://file/{path}:{line}:{column}` (the default),
    /// `idea://open?file={path}&line={line}`, `subl://open?url=file://{path}&line={line}`;
    /// `""` turns it off. Never in built sites.
    #[serde(default = "default_editor_url")]
    editor_url: String,
}

fn default_editor_url() -> String {
    DEFAULT_EDITOR_URL.to_string()
}

/// Checks `editor_url`: empty (off), or a URL with `{path}` whose scheme
/// cannot run script in the page.
fn checked_editor_url(url: &str) -> Result<Option<String>, String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    if !url.contains("{path}") {
        return Err(format!(
            "`{url}` has no `{{path}}`: the link must name the file (e.g. `{DEFAULT_EDITOR_URL}`)"
        ));
    }
    let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        || matches!(scheme.as_str(), "javascript" | "data" | "vbscript")
    {
        return Err(format!(
            "`{url}` must start with an editor's URL scheme (`vscode:`, `idea:`, `subl:` …)"
        ));
    }
    Ok(Some(url.to_string()))
}

fn default_figure_age() -> u32 {
    400
}

fn default_languages() -> Vec<Lang> {
    vec![Lang::Ja, Lang::En]
}

fn default_stale() -> u32 {
    365
}

impl Config {
    /// Parses `regnav.yaml` text; `file` names it in diagnostics.
    pub fn parse(file: &str, text: &str) -> Result<Config, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawConfig = serde_yaml::from_str(text).map_err(|e| {
            if let Some(s) = crate::content::yaml_syntax::explain(text, 1) {
                let d = Diagnostic::error(file, s.line, s.column, "config", s.message)
                    .with_source(text);
                return match s.help {
                    Some(h) => d.with_help(h),
                    None => d,
                };
            }
            let (line, col) = e
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            let mut d = Diagnostic::error(file, line, col, "config", msg.clone()).with_source(text);
            if let Some(field) = crate::content::parse::unknown_field_name(&msg) {
                let known = [
                    "title",
                    "base_url",
                    "languages",
                    "default_language",
                    "stale_after_days",
                    "limits",
                    "figure_max_age_days",
                    "editor_url",
                ];
                if let Some(h) = did_you_mean(field, known) {
                    d = d.with_help(h);
                }
            }
            d
        })?;
        let default_language = raw
            .default_language
            .unwrap_or(raw.languages.first().copied().unwrap_or(Lang::Ja));
        if raw.languages.is_empty() || !raw.languages.contains(&default_language) {
            let line = crate::content::parse::key_line(text, "default_language").unwrap_or(1);
            return Err(Diagnostic::error(
                file,
                line,
                1,
                "config",
                format!("default_language `{default_language}` is not one of the languages"),
            )
            .with_source(text));
        }
        let base_url = checked_base_url(&raw.base_url).map_err(|why| {
            let line = crate::content::parse::key_line(text, "base_url").unwrap_or(1);
            Diagnostic::error(file, line, 1, "config", format!("base_url: {why}")).with_source(text)
        })?;
        let editor_url = checked_editor_url(&raw.editor_url).map_err(|why| {
            let line = crate::content::parse::key_line(text, "editor_url").unwrap_or(1);
            Diagnostic::error(file, line, 1, "config", format!("editor_url: {why}"))
                .with_source(text)
        })?;
        Ok(Config {
            editor_url,
            limits: raw.limits,
            figure_max_age_days: raw.figure_max_age_days,
            title: raw.title,
            base_url,
            languages: raw.languages,
            default_language,
            stale_after_days: raw.stale_after_days,
        })
    }

    /// The JSON Schema of `regnav.yaml`.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(RawConfig)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_with_position() {
        let err = Config::parse(
            "regnav.yaml",
            "title: x\nbase_url: https://e.org\nlanguagse: [ja]\n",
        )
        .unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.help.as_deref(), Some("did you mean `languages`?"));
    }

    #[test]
    fn defaults_apply() {
        let c = Config::parse(
            "regnav.yaml",
            "title: {ja: あ, en: A}\nbase_url: https://e.org\n",
        )
        .unwrap();
        assert_eq!(c.languages, vec![Lang::Ja, Lang::En]);
        assert_eq!(c.default_language, Lang::Ja);
        assert_eq!(c.stale_after_days, 365);
        assert_eq!(c.base_url, "https://e.org/");
        assert_eq!(c.editor_url.as_deref(), Some(DEFAULT_EDITOR_URL));
    }

    #[test]
    fn editor_url_is_checked() {
        let parse = |v: &str| {
            Config::parse(
                "regnav.yaml",
                &format!("title: x\nbase_url: https://e.org\neditor_url: {v}\n"),
            )
        };
        assert_eq!(parse("\"\"").unwrap().editor_url, None);
        assert_eq!(
            parse("\"idea://open?file={path}&line={line}\"")
                .unwrap()
                .editor_url
                .as_deref(),
            Some("idea://open?file={path}&line={line}")
        );
        for bad in [
            "\"vscode://file/x\"",
            "\"javascript:alert({path})\"",
            "\"{path}\"",
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.line, 3, "{bad}");
            assert!(e.message.starts_with("editor_url:"), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn yaml_syntax_errors_are_plain() {
        let e = Config::parse(
            "regnav.yaml",
            "title: {ja: あ, en: A\nbase_url: https://e.org\n",
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (1, 8));
        assert_eq!(e.message, "the `{` opened at 1:8 is not closed");
    }
}
