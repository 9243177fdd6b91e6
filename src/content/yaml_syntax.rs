//! YAML syntax errors said the way an editor thinks of them.
//!
//! The YAML parser (libyaml, through `yaml_serde`) reports where it gave up
//! and what it was doing: "did not find expected ',' or ']' at line 4
//! column 1, while parsing a flow sequence at line 3 column 11". The useful
//! part for a person is the second position — where the list was opened —
//! and a plain sentence: "the list `[` opened at 3:11 is not closed". This
//! module parses the front matter on its own (only when reading it failed:
//! a type error can hide the syntax error behind it), recognises the
//! parser's messages and rewrites each with the position to look at.

/// A syntax error, positions 1-based in the file (the caller's offset added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syntax {
    /// Line to point at.
    pub line: usize,
    /// Column (in characters) to point at.
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// A position in the YAML as libyaml prints it (`line 3 column 11`).
fn mark(s: &str) -> Option<(usize, usize)> {
    let rest = s.split("line ").nth(1)?;
    let mut words = rest.split_whitespace();
    let line = words.next()?.trim_end_matches(',').parse().ok()?;
    let column = words
        .nth(1)?
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    Some((line, column))
}

/// The character at a 1-based (line, column) of `text`.
fn char_at(text: &str, (line, column): (usize, usize)) -> Option<char> {
    text.lines()
        .nth(line.checked_sub(1)?)?
        .chars()
        .nth(column.checked_sub(1)?)
}

/// If `yaml` is not well-formed YAML, the error in plain words. Lines are
/// shifted by `first_line - 1` (the YAML's first line in the file).
pub fn explain(yaml: &str, first_line: usize) -> Option<Syntax> {
    let err = serde_yaml::from_str::<serde_yaml::Value>(yaml).err()?;
    let full = err.to_string();
    let (problem, context) = match full.split_once(", while ") {
        Some((p, c)) => (p, format!("while {c}")),
        None => (full.as_str(), String::new()),
    };
    let at = err
        .location()
        .map(|l| (l.line(), l.column()))
        .or_else(|| mark(problem));
    let opened = mark(&context);
    let shift = |(l, c): (usize, usize)| (l + first_line - 1, c);
    let pos = |p: (usize, usize)| {
        let (l, c) = shift(p);
        format!("{l}:{c}")
    };
    let what = problem.split(" at line ").next().unwrap_or(problem).trim();
    let (point, message, help): ((usize, usize), String, Option<String>) = if context
        .starts_with("while parsing a flow sequence")
        && let Some(o) = opened
    {
        (
            o,
            format!("the list opened at {} is not closed", pos(o)),
            Some(
                "close it with `]` after its last item, on the same line (`[a, b]`), and separate the items with commas"
                    .into(),
            ),
        )
    } else if context.starts_with("while parsing a flow mapping")
        && let Some(o) = opened
    {
        (
            o,
            format!("the `{{` opened at {} is not closed", pos(o)),
            Some(
                "close it with `}` after its last `key: value`, on the same line (`{ja: …, en: …}`), and separate the pairs with commas"
                    .into(),
            ),
        )
    } else if context.starts_with("while scanning a quoted scalar")
        && let Some(o) = opened
    {
        let q = char_at(yaml, o).unwrap_or('"');
        (
            o,
            format!("the quote {q} opened at {} is not closed", pos(o)),
            Some(if q == '\'' {
                "end the text with `'` on the same line; write `''` for an apostrophe inside it (`'it''s'`)".into()
            } else {
                "end the text with `\"` on the same line; write `\\\"` for a quote inside it".into()
            }),
        )
    } else if context.starts_with("while scanning a simple key")
        && let Some(o) = opened
    {
        let line = yaml
            .lines()
            .nth(o.0.saturating_sub(1))
            .unwrap_or_default()
            .trim();
        (
            o,
            format!(
                "line {} (`{line}`) is not `key: value`: the colon after the key, or the space after the colon, is missing",
                shift(o).0
            ),
            Some("write a key, a colon and a space, then the value: `summary: …`".into()),
        )
    } else if what.starts_with("found unknown escape character") {
        (
            at.unwrap_or((1, 1)),
            format!(
                "a backslash at {} starts an escape YAML does not know (inside double quotes `\\` must be `\\\\`)",
                pos(at.unwrap_or((1, 1)))
            ),
            Some("write `\\\\` for a backslash, or use single quotes, where a backslash is plain text".into()),
        )
    } else if what.starts_with("found a tab character")
        || (what.starts_with("found character that cannot start any token")
            && at.and_then(|p| char_at(yaml, p)) == Some('\t'))
    {
        let p = at.unwrap_or((1, 1));
        (
            p,
            format!(
                "a tab at {} indents this line: YAML indents with spaces only",
                pos(p)
            ),
            Some("replace the tab with spaces".into()),
        )
    } else if what.starts_with("found character that cannot start any token") {
        let p = at.unwrap_or((1, 1));
        let c = char_at(yaml, p).unwrap_or('?');
        (
            p,
            format!("`{c}` at {} cannot start a value in YAML", pos(p)),
            Some(format!("put the value in quotes: \"{c}…\"")),
        )
    } else if what.starts_with("mapping values are not allowed") {
        let p = at.unwrap_or((1, 1));
        (
            p,
            format!(
                "a colon and a space at {} start a new key where a value was expected",
                pos(p)
            ),
            Some("if the value contains `: `, put it in quotes (`title: \"Class: B\"`); if this line belongs to another key, check its indentation".into()),
        )
    } else if what.starts_with("block sequence entries are not allowed") {
        let p = at.unwrap_or((1, 1));
        (
            p,
            format!("a list item (`- `) at {} is on the line of its key", pos(p)),
            Some(
                "start the list on the next line, indented under the key, or write it as `[a, b]`"
                    .into(),
            ),
        )
    } else if what.starts_with("did not find expected key")
        || what.starts_with("did not find expected '-' indicator")
    {
        let p = at.unwrap_or((1, 1));
        match char_at(yaml, p) {
            Some(c @ (']' | '}')) => (
                p,
                format!("`{c}` at {} closes nothing: no `{}` is open there", pos(p), if c == ']' { '[' } else { '{' }),
                Some(format!("remove the extra `{c}`")),
            ),
            _ => (
                p,
                format!("line {} is not indented like the lines around it", shift(p).0),
                Some("the keys of one mapping start in the same column, and a value on its own lines is indented under its key (list items `- ` all in one column)".into()),
            ),
        }
    } else if what.contains("more than one document") {
        (
            (1, 1),
            "the front matter reads as more than one YAML document: its first line is indented, or a `---` / `...` line is inside it".into(),
            Some("start every top-level key in the first column".into()),
        )
    } else if let Some(p) = at.filter(|_| {
        // The parser's own words; anything else (a duplicate key) is not syntax.
        !context.is_empty()
            || ["found ", "did not find", "could not find"]
                .iter()
                .any(|w| what.starts_with(w))
            || what.contains("not allowed")
    }) {
        (p, format!("YAML syntax: {what}"), None)
    } else {
        return None;
    };
    let (line, column) = shift(point);
    Some(Syntax {
        line,
        column,
        message,
        help,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(yaml: &str) -> Syntax {
        explain(yaml, 2).unwrap_or_else(|| panic!("no syntax error in {yaml:?}"))
    }

    #[test]
    fn errors_that_are_not_syntax_are_left_to_the_caller() {
        assert_eq!(explain("a: 1\na: 2\n", 2), None, "a duplicate key");
    }

    #[test]
    fn well_formed_yaml_has_no_syntax_error() {
        for ok in [
            "title: x\n",
            "title: {ja: a, en: b}\nsummary: 'it''s'\n",
            "a: [1, 2]\n",
            "",
        ] {
            assert_eq!(explain(ok, 2), None, "{ok}");
        }
    }

    #[test]
    fn unclosed_brackets_and_quotes_point_at_where_they_were_opened() {
        let s = says("title: x\ncategory: [registration\nsources:\n  - {title: a}\n");
        assert_eq!((s.line, s.column), (3, 11));
        assert_eq!(s.message, "the list opened at 3:11 is not closed");
        let s = says("title: {ja: a, en: b\nsummary: x\n");
        assert_eq!((s.line, s.column), (2, 8));
        assert_eq!(s.message, "the `{` opened at 2:8 is not closed");
        let s = says("title: x\nsummary: \"abc\nlast: 1\n");
        assert_eq!(s.message, "the quote \" opened at 3:10 is not closed");
        let s = says("title: 'its\n");
        assert!(s.message.contains("the quote ' opened at 2:8"), "{s:?}");
        assert!(s.help.unwrap().contains("''"));
        // Japanese before the bracket: columns count characters.
        let s = says("title: {ja: 届出, en: [a\n");
        assert_eq!(s.message, "the list opened at 2:21 is not closed");
    }

    #[test]
    fn other_mistakes_are_named() {
        for (yaml, want, at) in [
            (
                "title: a\nsummary x\nother: y\n",
                "line 3 (`summary x`) is not `key: value`",
                (3, 1),
            ),
            ("title: a: b\n", "a colon and a space at 2:9", (2, 9)),
            ("title: a\n\tsummary: b\n", "a tab at 3:1", (3, 1)),
            ("title: @x\n", "`@` at 2:8 cannot start a value", (2, 8)),
            ("title: \"a\\qb\"\n", "a backslash at 2:10", (2, 10)),
            ("title: [a, b]]\n", "`]` at 2:14 closes nothing", (2, 14)),
            (
                "title:\n  - a\n - b\n",
                "line 4 is not indented like",
                (4, 2),
            ),
            ("key: - a\n", "a list item (`- `) at 2:6", (2, 6)),
            ("list:\n\t- a\n", "a tab at 3:1", (3, 1)),
        ] {
            let s = says(yaml);
            assert!(s.message.contains(want), "{yaml:?}: {s:?}");
            assert_eq!((s.line, s.column), at, "{yaml:?}");
            assert!(s.help.is_some(), "{yaml:?}");
        }
    }
}
