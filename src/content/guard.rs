//! Checks made on a file's text before any parser sees it, so that no input
//! can take unbounded time or memory: a size cap, no NUL bytes, no YAML
//! anchors or aliases (content never needs them, and an alias repeated
//! 10,000 times expands a 1 MB front matter into gigabytes), and a cap on
//! nesting in the YAML (the scanner is quadratic in flow depth) and in the
//! Markdown (the sanitiser is quadratic in nested blocks).

use crate::diag::Diagnostic;

/// Input limits, from `limits:` in `regnav.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest entry file, in bytes (default 1 MiB).
    pub max_entry_bytes: u64,
    /// Deepest nesting of YAML collections and of Markdown blocks (default 32).
    pub max_nesting: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_entry_bytes: 1 << 20,
            max_nesting: 32,
        }
    }
}

/// The size cap, checked on the raw bytes.
pub fn size(path: &str, bytes: &[u8], limits: &Limits) -> Result<(), Diagnostic> {
    if bytes.len() as u64 > limits.max_entry_bytes {
        return Err(Diagnostic::error(
            path,
            1,
            1,
            "file-too-large",
            format!(
                "the file is {} KB; an entry may be at most {} KB (`limits: {{max_entry_bytes: …}}` in regnav.yaml)",
                bytes.len().div_ceil(1024),
                limits.max_entry_bytes.div_ceil(1024)
            ),
        ));
    }
    Ok(())
}

/// 1-based line and column (in characters) of byte offset `at` of `text`.
pub fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A NUL byte anywhere in the (decoded, normalised) text.
pub fn nul(path: &str, text: &str) -> Result<(), Diagnostic> {
    if let Some(at) = text.find('\0') {
        let (line, col) = position(text, at);
        return Err(Diagnostic::error(
            path,
            line,
            col,
            "nul-byte",
            "the file contains a NUL byte: it is not a text file, or it was damaged",
        ));
    }
    Ok(())
}

/// Anchors, aliases and deep nesting in front matter. `first_line` is the
/// 1-based line of the YAML's first line in the file.
pub fn yaml(path: &str, yaml: &str, first_line: usize, limits: &Limits) -> Result<(), Diagnostic> {
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    // Lines more indented than this continue a scalar (block or plain).
    let mut scalar_indent: Option<usize> = None;
    let mut indents: Vec<usize> = Vec::new();
    let at = |line: usize, col: usize| (first_line + line, col + 1); // line is 0-based here
    for (ln, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if quote.is_none() && flow == 0 && !blank {
            match scalar_indent {
                Some(s) if indent > s => continue,
                _ => scalar_indent = None,
            }
            while indents.last().is_some_and(|&i| i > indent) {
                indents.pop();
            }
            if indents.last() != Some(&indent) {
                indents.push(indent);
            }
            if indents.len() > limits.max_nesting {
                let (l, c) = at(ln, indent);
                return Err(too_deep(path, l, c, limits));
            }
        }
        let chars: Vec<char> = line.chars().collect();
        let mut token_start = quote.is_none();
        let mut i = 0;
        while i < chars.len() {
            let (c, col) = (chars[i], i);
            if let Some(q) = quote {
                if c == '\\' && q == '"' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == '\'' && chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                }
                i += 1;
                continue;
            }
            let next_blank = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
            if c == ' ' || c == '\t' {
                i += 1;
                continue;
            }
            if c == '#' && (i == 0 || chars[i - 1].is_whitespace()) {
                break;
            }
            if token_start {
                match c {
                    '*' | '&' if !next_blank => {
                        let (l, c2) = at(ln, col);
                        let what = if c == '*' {
                            "an alias (`*name`)"
                        } else {
                            "an anchor (`&name`)"
                        };
                        return Err(Diagnostic::error(
                            path,
                            l,
                            c2,
                            "yaml-alias",
                            format!("{what} is not allowed in front matter: write the value out, or quote it if it is text"),
                        )
                        .with_help("anchors and aliases can multiply a small file into gigabytes, so regnav refuses them"));
                    }
                    '"' | '\'' => {
                        quote = Some(c);
                        token_start = false;
                    }
                    '[' | '{' => {
                        flow += 1;
                        if flow > limits.max_nesting {
                            let (l, c2) = at(ln, col);
                            return Err(too_deep(path, l, c2, limits));
                        }
                    }
                    ']' | '}' => flow = flow.saturating_sub(1),
                    ',' => {}
                    '-' | '?' | ':' if next_blank => {}
                    '|' | '>' if flow == 0 => {
                        scalar_indent = Some(indent);
                        break;
                    }
                    _ => token_start = false,
                }
                i += 1;
                continue;
            }
            // Inside a plain scalar or after a quoted one.
            match c {
                ':' if next_blank => token_start = true,
                ',' | '[' | '{' if flow > 0 => {
                    token_start = true;
                    continue;
                }
                ']' | '}' if flow > 0 => {
                    token_start = true;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        if quote.is_none() && flow == 0 && !token_start && scalar_indent.is_none() {
            // A plain scalar ended this line: more-indented lines continue it.
            scalar_indent = Some(indent);
        }
    }
    Ok(())
}

fn too_deep(path: &str, line: usize, col: usize, limits: &Limits) -> Diagnostic {
    Diagnostic::error(
        path,
        line,
        col,
        "too-deep",
        format!(
            "nested more than {} levels deep: front matter never needs that (`limits: {{max_nesting: …}}` in regnav.yaml)",
            limits.max_nesting
        ),
    )
}

/// Block nesting of a Markdown body (quotes in quotes, lists in lists).
/// `first_line` is the 1-based line of the body's first line in the file.
pub fn markdown(
    path: &str,
    body: &str,
    first_line: usize,
    limits: &Limits,
) -> Result<(), Diagnostic> {
    // Counted on the raw lines, before any parser: a run of `>` markers and
    // list markers at the start of a line is the depth a parser would build.
    for (ln, line) in body.lines().enumerate() {
        let mut depth = 0usize;
        let mut rest = line;
        loop {
            let t = rest.trim_start();
            if t.len() + 4 < rest.len() && depth > 0 {
                // Indented code or a continuation: one level for the indent.
            }
            let stripped = t
                .strip_prefix('>')
                .or_else(|| t.strip_prefix("- "))
                .or_else(|| t.strip_prefix("* "))
                .or_else(|| t.strip_prefix("+ "));
            match stripped {
                Some(s) => {
                    depth += 1;
                    rest = s;
                }
                None => break,
            }
            if depth > limits.max_nesting {
                return Err(Diagnostic::error(
                    path,
                    first_line + ln,
                    1,
                    "too-deep",
                    format!(
                        "blocks nested more than {} levels deep (quotes or lists inside each other): no reader needs that (`limits: {{max_nesting: …}}` in regnav.yaml)",
                        limits.max_nesting
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> Result<(), Diagnostic> {
        yaml("f.md", s, 2, &Limits::default())
    }

    #[test]
    fn aliases_and_anchors_are_found_where_yaml_sees_them() {
        for bad in [
            "a: &x hello\nb: *x\n",
            "b: [*x]\n",
            "list:\n  - *x\n",
            "m: {k: *x}\n",
        ] {
            assert!(y(bad).is_err(), "{bad}");
        }
        for fine in [
            "title: a *b* c\n",
            "title: 'x *y'\n",
            "title: \"*y\"\n",
            "body: |\n  * item\n  *x\n",
            "summary: text\n  *continued\n",
            "k: v # *comment\n",
            "k: a & b\n",
            "k: [a, 'b, *c']\n",
        ] {
            assert!(y(fine).is_ok(), "{fine}: {:?}", y(fine));
        }
        let e = y("a: 1\nb: *x\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 4));
    }

    #[test]
    fn deep_nesting_is_refused() {
        assert!(y(&format!("a: {}", "{a: ".repeat(100))).is_err());
        assert!(y(&format!("a: {}", "[".repeat(33))).is_err());
        assert!(y(&format!("a: {}1{}", "[".repeat(10), "]".repeat(10))).is_ok());
        let block: String = (0..40)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(y(&block).is_err());
        let body = ">".repeat(50_000);
        assert!(markdown("f.md", &body, 5, &Limits::default()).is_err());
        assert!(markdown("f.md", "> a\n> > b\n- x\n  - y\n", 5, &Limits::default()).is_ok());
    }
}
