//! One file at a time: decode, split the front matter, deserialize.
//!
//! Everything here is a pure function of (path, bytes, config), so files parse
//! in parallel and the dev server can re-parse just the file that changed.
//! Positions are always reported in the real file: the YAML parser's lines are
//! shifted by the front matter's offset.

use sha2::{Digest, Sha256};

use super::guard::Limits;
use super::ids::{EntryId, Kind, Lang, is_segment};
use super::raw::*;
use crate::diag::{Diagnostic, did_you_mean};

/// The parsed front matter of an original entry, by kind.
#[derive(Debug, Clone)]
pub enum Front {
    /// A jurisdiction.
    Jurisdiction(Box<JurisdictionFront>),
    /// A requirement.
    Requirement(Box<RequirementFront>),
    /// A document.
    Document(Box<DocumentFront>),
    /// A contact.
    Contact(Box<ContactFront>),
    /// A guide.
    Guide(Box<GuideFront>),
    /// A glossary term.
    Term(Box<TermFront>),
    /// A classification rule set.
    Classification(Box<ClassificationFront>),
}

impl Front {
    /// The common fields.
    pub fn common(&self) -> Common {
        match self {
            Front::Jurisdiction(f) => f.common(),
            Front::Requirement(f) => f.common(),
            Front::Document(f) => f.common(),
            Front::Contact(f) => f.common(),
            Front::Guide(f) => f.common(),
            Front::Term(f) => f.common(),
            Front::Classification(f) => f.common(),
        }
    }
}

/// A file's text, normalised (no BOM, `\n` line ends), and where its parts are.
///
/// The texts are shared (`Arc<str>`), not copied: the parsed file, its
/// entry and the entry's body hold the same bytes, which at 100k entries is
/// the difference between one copy of the knowledge base in memory and three.
#[derive(Debug, Clone)]
pub struct FileText {
    /// Path relative to the root, `/`-separated (`content/requirements/th/x.md`).
    pub path: String,
    /// The YAML between the fences (empty once released, see
    /// [`FileText::release_yaml`]).
    pub yaml: std::sync::Arc<str>,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    /// The Markdown body.
    pub body: std::sync::Arc<str>,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

impl FileText {
    /// Drops the front matter's text, kept only to point diagnostics at
    /// it: a build that has checked the library needs it no more.
    pub fn release_yaml(&mut self) {
        self.yaml = std::sync::Arc::from("");
    }

    /// Drops the body's text once its entry's body is released (see
    /// [`crate::content::model::Body::release`]).
    pub fn release_body(&mut self) {
        self.body = std::sync::Arc::from("");
    }

    /// The text of 1-based line `n` of the real file, for quoting.
    pub fn line(&self, n: usize) -> Option<String> {
        let yaml_lines = self.yaml.lines().count();
        if n == 1 || n == self.yaml_line + yaml_lines {
            return Some("---".to_string());
        }
        if n >= self.yaml_line && n < self.yaml_line + yaml_lines {
            return self
                .yaml
                .lines()
                .nth(n - self.yaml_line)
                .map(str::to_string);
        }
        n.checked_sub(self.body_line)
            .and_then(|i| self.body.lines().nth(i))
            .map(str::to_string)
    }
}

/// One parsed file.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// The entry's id.
    pub id: EntryId,
    /// `Some(lang)` for a translation file.
    pub translation: Option<Lang>,
    /// Text and positions.
    pub file: FileText,
    /// Front matter.
    pub content: ParsedContent,
    /// The body's `@id` links (parsed once, kept with the file by `LiveLibrary`).
    pub links: Vec<super::markdown::EntryLink>,
    /// The body's headings with their anchors.
    pub headings: Vec<super::markdown::Heading>,
    /// Offsets of `*` that do not make emphasis next to CJK punctuation.
    pub emphasis_pitfalls: Vec<usize>,
}

/// What the front matter held.
#[derive(Debug, Clone)]
pub enum ParsedContent {
    /// An original entry.
    Original(Front),
    /// A translation.
    Translation(TranslationFront),
}

/// Maps a path under `content/` to the entry id and translation language.
pub fn classify(
    rel: &str,
    langs: &[Lang],
) -> Result<(EntryId, Option<Lang>), (&'static str, String)> {
    let stem = rel
        .strip_suffix(".md")
        .ok_or(("not-markdown", format!("`{rel}` is not a .md file")))?;
    let mut parts: Vec<&str> = stem.split('/').collect();
    let last = parts.pop().unwrap_or_default();
    if last.contains("..") || last.starts_with('.') {
        return Err((
            "bad-id",
            format!(
                "`{last}.md`: ids may not contain `..` or start with a dot; use lower-case a-z, 0-9 and -"
            ),
        ));
    }
    let (name, lang) = match last.rsplit_once('.') {
        Some((name, suffix)) => match Lang::parse(suffix) {
            Some(l) if langs.contains(&l) => (name, Some(l)),
            _ => {
                let known: Vec<&str> = langs.iter().map(|l| l.as_str()).collect();
                return Err((
                    "bad-id",
                    format!(
                        "`{last}.md`: `.{suffix}` is not a site language; translation files are named `<name>.<lang>.md` with lang one of {}",
                        known.join(", ")
                    ),
                ));
            }
        },
        None => (last, None),
    };
    parts.push(name);
    let folder = parts[0];
    let Some(kind) = Kind::from_folder(folder) else {
        let hint = did_you_mean(folder, Kind::ALL.iter().map(|k| k.folder()))
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        return Err((
            "wrong-folder",
            format!(
                "`{folder}/` is not a folder of entries: expected jurisdictions/, requirements/, documents/, contacts/, guides/, glossary/ or classification/{hint}"
            ),
        ));
    };
    if parts.len() != kind.depth() {
        let shape = match kind {
            Kind::Requirement => "content/requirements/<jurisdiction>/<name>.md",
            Kind::Contact => "content/contacts/<country>/<name>.md",
            _ => "content/<folder>/<name>.md",
        };
        return Err(("wrong-folder", format!("a {kind} belongs at `{shape}`")));
    }
    if let Some(bad) = parts.iter().find(|p| !is_segment(p)) {
        return Err((
            "bad-id",
            format!("`{bad}` is not a valid id segment: use lower-case a-z, 0-9 and - only"),
        ));
    }
    let id = EntryId::parse(&parts.join("/")).map_err(|e| ("bad-id", e))?;
    if matches!(kind, Kind::Requirement | Kind::Contact | Kind::Jurisdiction) {
        let code = id.scope().unwrap_or_default();
        if let Err(e) = super::ids::Code::parse(code) {
            return Err(("bad-code", e));
        }
    }
    Ok((id, lang))
}

/// Decodes bytes and splits the front matter from the body.
pub fn split(path: &str, bytes: &[u8]) -> Result<FileText, Diagnostic> {
    split_limited(path, bytes, &Limits::default())
}

/// [`split`] with the knowledge base's input limits: size, NUL bytes, and
/// YAML anchors and nesting are checked before any parser runs.
pub fn split_limited(path: &str, bytes: &[u8], limits: &Limits) -> Result<FileText, Diagnostic> {
    super::guard::size(path, bytes, limits)?;
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let col = valid
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0)
                + 1;
            return Err(Diagnostic::error(
                path,
                line,
                col,
                "not-utf8",
                "the file is not valid UTF-8: save it as UTF-8",
            ));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
        // A lone CR ends a line too (old Mac files), as in CommonMark and YAML.
        .replace('\r', "\n");
    super::guard::nul(path, &text)?;
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            path,
            1,
            1,
            "empty-file",
            "the file is empty: an entry starts with `---`, its YAML front matter, `---`, then the body",
        ));
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(path, 1, 1, "no-front-matter", "expected `---` on the first line: every entry starts with YAML front matter between `---` lines")
            .with_source(&text));
    }
    let mut offset = first.len();
    let mut yaml_end = None;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            yaml_end = Some((offset, offset + line.len(), i + 2));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_stop, body_start, fence_line)) = yaml_end else {
        return Err(Diagnostic::error(
            path,
            1,
            1,
            "unterminated-front-matter",
            "the front matter opened here is never closed: add a line `---` after the YAML",
        )
        .with_source(&text));
    };
    let file = FileText {
        path: path.to_string(),
        yaml: text[first.len()..yaml_stop].into(),
        yaml_line: 2,
        body: text[body_start..].into(),
        body_line: fence_line + 1,
    };
    let quoted = |d: Diagnostic| {
        let line = file.line(d.line);
        d.with_line(line)
    };
    super::guard::yaml(path, &file.yaml, file.yaml_line, limits).map_err(quoted)?;
    super::guard::markdown(path, &file.body, file.body_line, limits).map_err(quoted)?;
    Ok(file)
}

/// Parses one file under `content/` (`rel` is relative to `content/`).
pub fn parse_file(rel: &str, bytes: &[u8], langs: &[Lang]) -> Result<ParsedFile, Diagnostic> {
    parse_file_limited(rel, bytes, langs, &Limits::default())
}

/// [`parse_file`] with the knowledge base's input limits.
pub fn parse_file_limited(
    rel: &str,
    bytes: &[u8],
    langs: &[Lang],
    limits: &Limits,
) -> Result<ParsedFile, Diagnostic> {
    let path = format!("content/{rel}");
    let (id, translation) =
        classify(rel, langs).map_err(|(code, msg)| Diagnostic::error(&path, 1, 1, code, msg))?;
    let file = split_limited(&path, bytes, limits)?;
    let content = match translation {
        Some(_) => ParsedContent::Translation(de(&file, true)?),
        None => ParsedContent::Original(match id.kind() {
            Kind::Jurisdiction => Front::Jurisdiction(de(&file, false)?),
            Kind::Requirement => Front::Requirement(de(&file, false)?),
            Kind::Document => Front::Document(de(&file, false)?),
            Kind::Contact => Front::Contact(de(&file, false)?),
            Kind::Guide => Front::Guide(de(&file, false)?),
            Kind::Term => Front::Term(de(&file, false)?),
            Kind::Classification => Front::Classification(de(&file, false)?),
        }),
    };
    let links = super::markdown::entry_links(&file.body);
    let headings = super::markdown::headings(&file.body);
    let emphasis_pitfalls = super::markdown::cjk_emphasis_pitfalls(&file.body);
    Ok(ParsedFile {
        id,
        translation,
        file,
        content,
        links,
        headings,
        emphasis_pitfalls,
    })
}

fn de<T: serde::de::DeserializeOwned>(file: &FileText, translation: bool) -> Result<T, Diagnostic> {
    let yaml = if file.yaml.trim().is_empty() {
        "{}"
    } else {
        &*file.yaml
    };
    serde_yaml::from_str(yaml).map_err(|e| {
        // A type error can come before the syntax error that caused it
        // (`category: [registration` read as a list): syntax first.
        match super::yaml_syntax::explain(yaml, file.yaml_line) {
            Some(s) => {
                let d = Diagnostic::error(&file.path, s.line, s.column, "yaml-syntax", s.message)
                    .with_line(file.line(s.line));
                match s.help {
                    Some(h) => d.with_help(h),
                    None => d,
                }
            }
            None => yaml_diagnostic(file, &e, translation),
        }
    })
}

/// Turns a YAML/serde error into a diagnostic at the right place in the file.
fn yaml_diagnostic(file: &FileText, e: &serde_yaml::Error, translation: bool) -> Diagnostic {
    let full = e.to_string();
    let msg = full.split(" at line ").next().unwrap_or(&full).to_string();
    let (mut line, mut col) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    let mut code = "yaml";
    let mut help = None;
    if let Some(field) = unknown_field_name(&msg) {
        code = "unknown-field";
        help = did_you_mean(field, expected_names(&msg).iter().map(String::as_str));
        if translation && !TRANSLATION_FIELDS.contains(&field) {
            code = "translation-structured-field";
            let d = Diagnostic::error(
                &file.path,
                line + file.yaml_line - 1,
                col,
                code,
                format!(
                    "a translation may only set {}; `{field}` is structured data and belongs in the original file",
                    TRANSLATION_FIELDS.join(", ")
                ),
            );
            return d.with_line(file.line(line + file.yaml_line - 1));
        }
    } else if let Some(value) = between(&msg, "unknown variant `", "`") {
        code = "bad-value";
        help = did_you_mean(value, expected_names(&msg).iter().map(String::as_str));
    } else if let Some(field) = between(&msg, "missing field `", "`") {
        code = "missing-field";
        line = 1;
        col = 1;
        help = Some(format!(
            "add `{field}:` to the front matter (see CONTENT.md or `regnav schema`)"
        ));
    } else if msg.contains("duplicate") {
        code = "duplicate-key";
        if let Some(key) =
            between(&msg, "with key \"", "\"").or_else(|| between(&msg, "duplicate field `", "`"))
            && let Some(l) = nth_key_line(&file.yaml, key, 2)
        {
            (line, col) = (l, 1);
        }
    } else if msg.starts_with("invalid type") {
        code = "wrong-type";
    } else if e.location().is_some()
        && !msg.contains("while parsing")
        && !msg.contains("did not find")
        && !msg.contains("mapping values")
        && !msg.contains("could not find")
    {
        code = "bad-value";
    }
    if code == "missing-field" {
        // Point at the opening fence: the field is missing from the whole block.
        let d = Diagnostic::error(&file.path, 1, 1, code, msg).with_line(file.line(1));
        return match help {
            Some(h) => d.with_help(h),
            None => d,
        };
    }
    // Errors raised by a value's own validation can carry the position of
    // the enclosing mapping: point at the quoted value itself when we can.
    if let Some(value) = between(&msg, "`", "`").filter(|_| code == "bad-value") {
        let here = file
            .yaml
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default();
        if !here.contains(value)
            && let Some((i, l)) = file
                .yaml
                .lines()
                .enumerate()
                .find(|(_, l)| l.contains(value))
        {
            line = i + 1;
            col = l[..l.find(value).unwrap_or(0)].chars().count() + 1;
        }
    }
    let d = Diagnostic::error(&file.path, line + file.yaml_line - 1, col, code, msg)
        .with_line(file.line(line + file.yaml_line - 1));
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &s[s.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// The field named in an "unknown field `x`" message.
pub fn unknown_field_name(msg: &str) -> Option<&str> {
    between(msg, "unknown field `", "`")
}

/// The names listed after "expected one of" (or "expected") in a serde message.
fn expected_names(msg: &str) -> Vec<String> {
    let Some(pos) = msg.find("expected") else {
        return Vec::new();
    };
    msg[pos..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// 1-based line of the `n`-th occurrence of top-level `key:` in `yaml`.
fn nth_key_line(yaml: &str, key: &str, n: usize) -> Option<usize> {
    yaml.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .nth(n - 1)
        .map(|(i, _)| i + 1)
}

/// 1-based line of the first `key:` in `text`.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    nth_key_line(text, key, 1)
}

/// Finds where to point for a problem with `key` (and, if given, the value
/// `needle` under it): returns a 1-based (line, column) in the real file.
pub fn locate(file: &FileText, key: &str, needle: Option<&str>) -> (usize, usize) {
    let lines: Vec<&str> = file.yaml.lines().collect();
    let start = lines
        .iter()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .or_else(|| {
            lines.iter().position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
        });
    let Some(start) = start else { return (1, 1) };
    if let Some(needle) = needle {
        for (i, l) in lines.iter().enumerate().skip(start) {
            if i > start && !l.starts_with(' ') && !l.starts_with('-') && !l.trim().is_empty() {
                break;
            }
            if let Some(byte) = l.find(needle) {
                return (i + file.yaml_line, l[..byte].chars().count() + 1);
            }
        }
    }
    let indent = lines[start].len() - lines[start].trim_start().len();
    (start + file.yaml_line, indent + 1)
}

/// The short hash a translation records of its original's body.
pub fn body_hash(body: &str) -> String {
    let normalized: String = body.trim().replace("\r\n", "\n");
    let digest = Sha256::digest(normalized.as_bytes());
    digest.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LANGS: &[Lang] = &[Lang::Ja, Lang::En];

    #[test]
    fn classify_paths() {
        let (id, l) = classify("requirements/th/listing.en.md", LANGS).unwrap();
        assert_eq!(id.as_str(), "requirements/th/listing");
        assert_eq!(l, Some(Lang::En));
        assert_eq!(
            classify("requirements/th.md", LANGS).unwrap_err().0,
            "wrong-folder"
        );
        assert_eq!(classify("documents/ISO.md", LANGS).unwrap_err().0, "bad-id");
        assert_eq!(classify("documents/a b.md", LANGS).unwrap_err().0, "bad-id");
        assert_eq!(
            classify("requirements/xx/a.md", LANGS).unwrap_err().0,
            "bad-code"
        );
        assert_eq!(classify("guides/x.de.md", LANGS).unwrap_err().0, "bad-id");
    }

    #[test]
    fn split_keeps_offsets_and_handles_crlf_and_bom() {
        let f = split(
            "a.md",
            "\u{feff}---\r\ntitle: x\r\n---\r\nbody\r\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(&*f.yaml, "title: x\n");
        assert_eq!(&*f.body, "body\n");
        assert_eq!(f.body_line, 4);
    }

    #[test]
    fn split_errors() {
        assert_eq!(split("a.md", b"").unwrap_err().code, "empty-file");
        assert_eq!(
            split("a.md", b"title: x\n").unwrap_err().code,
            "no-front-matter"
        );
        assert_eq!(
            split("a.md", b"---\ntitle: x\n").unwrap_err().code,
            "unterminated-front-matter"
        );
        let e = split("a.md", b"---\nok\n\xff\n").unwrap_err();
        assert_eq!((e.code, e.line, e.column), ("not-utf8", 3, 1));
    }

    #[test]
    fn hash_ignores_surrounding_whitespace() {
        assert_eq!(body_hash("a\n"), body_hash("\na"));
        assert_ne!(body_hash("a"), body_hash("b"));
        assert_eq!(body_hash("a").len(), 8);
    }
}
