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
}

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
        Ok(Config {
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
    }
}
