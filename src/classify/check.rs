//! Whether a rule set is sound, reported by `check` with file, line and
//! column like every other content error: ids unique and well formed,
//! every `question=option` naming a real question and answer, questions
//! asked only on earlier answers (a later or the same question would be a
//! loop), every question reachable, every rule able to fire, every path
//! through the questions ending in a class, and every rule citing a source.

use std::collections::BTreeSet;

use super::engine::{fact, holds};
use crate::content::classification::{Condition, RuleSet};
use crate::content::ids::{Lang, is_segment};
use crate::content::model::Entry;
use crate::content::parse::FileText;
use crate::diag::{Diagnostic, did_you_mean};

/// At most this many paths through the single-answer questions are
/// enumerated; a set with more is reported (split it into several sets).
const MAX_PATHS: usize = 50_000;

struct Out<'a> {
    file: &'a FileText,
    found: Vec<Diagnostic>,
}

impl Out<'_> {
    /// The 1-based (line, column) of `needle` in the front matter, searching
    /// from the line of `section:` and, inside it, from the line holding
    /// `id: <anchor>` (a question or rule), so that the same text elsewhere
    /// is not taken.
    fn place(&self, section: &str, anchor: Option<&str>, needle: &str) -> (usize, usize) {
        let lines: Vec<&str> = self.file.yaml.lines().collect();
        let mut from = lines
            .iter()
            .position(|l| l.starts_with(&format!("{section}:")))
            .unwrap_or(0);
        if let Some(a) = anchor
            && let Some(i) = lines.iter().skip(from).position(|l| {
                l.contains(&format!("id: {a}"))
                    && l[l.find("id:").unwrap_or(0) + 4..]
                        .trim_start_matches(['"', '\''])
                        .starts_with(a)
            })
        {
            from += i;
        }
        for (i, l) in lines.iter().enumerate().skip(from) {
            if let Some(b) = l.find(needle) {
                return (i + self.file.yaml_line, l[..b].chars().count() + 1);
            }
        }
        (from + self.file.yaml_line, 1)
    }

    fn at(
        &mut self,
        error: bool,
        (section, anchor, needle): (&str, Option<&str>, &str),
        code: &'static str,
        msg: String,
        help: Option<String>,
    ) {
        let (line, col) = self.place(section, anchor, needle);
        let d = if error {
            Diagnostic::error(&self.file.path, line, col, code, msg)
        } else {
            Diagnostic::warning(&self.file.path, line, col, code, msg)
        };
        let d = d.with_line(self.file.line(line));
        self.found.push(match help {
            Some(h) => d.with_help(h),
            None => d,
        });
    }
}

/// Every problem of the rule set of `e`.
pub fn check(e: &Entry, set: &RuleSet, languages: &[Lang]) -> Vec<Diagnostic> {
    let mut out = Out {
        file: &e.file,
        found: Vec::new(),
    };
    if e.sources.is_empty() {
        out.at(
            true,
            ("rules", None, "rules"),
            "rules-without-sources",
            "a classification rule set lists no `sources`: every rule must cite the document that states it".into(),
            None,
        );
    }
    let mut ids = BTreeSet::new();
    for (i, q) in set.questions.iter().enumerate() {
        let here = ("questions", Some(q.id.as_str()), q.id.as_str());
        if !is_segment(&q.id) {
            out.at(
                true,
                here,
                "bad-id",
                format!("question id `{}` must use a-z, 0-9 and -", q.id),
                None,
            );
        }
        if !ids.insert(q.id.as_str()) {
            out.at(
                true,
                here,
                "duplicate-id",
                format!("two questions have the id `{}`", q.id),
                None,
            );
        }
        let min = if q.multiple { 1 } else { 2 };
        if q.options.len() < min {
            out.at(
                true,
                here,
                "too-few-options",
                format!(
                    "question `{}` offers {} answer(s): a question needs at least {min}",
                    q.id,
                    q.options.len()
                ),
                None,
            );
        }
        let mut opts = BTreeSet::new();
        for o in &q.options {
            let at = ("questions", Some(q.id.as_str()), o.id.as_str());
            if !is_segment(&o.id) {
                out.at(
                    true,
                    at,
                    "bad-id",
                    format!("answer id `{}` must use a-z, 0-9 and -", o.id),
                    None,
                );
            }
            if !opts.insert(o.id.as_str()) {
                out.at(
                    true,
                    at,
                    "duplicate-id",
                    format!("question `{}` offers `{}` twice", q.id, o.id),
                    None,
                );
            }
            if q.multiple && o.id == "none" {
                out.at(true, at, "reserved-id", format!("`none` is how an empty answer to `{}` is written: give the answer another id", q.id), None);
            }
            translations(&mut out, languages, at, &o.text, "answer");
        }
        translations(&mut out, languages, here, &q.text, "question");
        conditions(
            &mut out,
            set,
            &q.ask_if,
            ("questions", Some(&q.id)),
            Some(i),
        );
    }
    let mut rule_ids = BTreeSet::new();
    for r in &set.rules {
        let here = ("rules", Some(r.id.as_str()), r.id.as_str());
        if !is_segment(&r.id) {
            out.at(
                true,
                here,
                "bad-id",
                format!("rule id `{}` must use a-z, 0-9 and -", r.id),
                None,
            );
        }
        if !rule_ids.insert(r.id.as_str()) {
            out.at(
                true,
                here,
                "duplicate-id",
                format!("two rules have the id `{}`", r.id),
                None,
            );
        }
        let classes = set.scheme.classes();
        if !classes.contains(&r.class.as_str()) {
            out.at(
                true,
                ("rules", Some(&r.id), "class"),
                "bad-value",
                format!(
                    "rule `{}` gives class `{}`, which is not a {} class; expected one of {}",
                    r.id,
                    r.class,
                    set.scheme,
                    classes.join(", ")
                ),
                did_you_mean(&r.class, classes.iter().copied()),
            );
        }
        if r.source >= e.sources.len() {
            out.at(
                true,
                ("rules", Some(&r.id), "source"),
                "bad-source-index",
                format!(
                    "rule `{}` cites source {}, but the set has {} source(s), numbered from 0",
                    r.id,
                    r.source,
                    e.sources.len()
                ),
                None,
            );
        }
        translations(&mut out, languages, here, &r.text, "rule");
        conditions(&mut out, set, &r.when, ("rules", Some(&r.id)), None);
    }
    if out.found.iter().all(|d| !d.is_error()) {
        paths(&mut out, set);
    }
    out.found
}

fn translations(
    out: &mut Out,
    languages: &[Lang],
    at: (&str, Option<&str>, &str),
    text: &crate::content::text::Localized,
    what: &str,
) {
    for lang in languages {
        if text.get(*lang).is_none() {
            out.at(
                false,
                at,
                "missing-translation",
                format!("the {what} `{}` has no {lang} text", at.2),
                None,
            );
        }
    }
}

/// Checks the `question=option` of a condition; `before` is the index of
/// the question whose `ask_if` it is (it may use earlier questions only).
fn conditions(
    out: &mut Out,
    set: &RuleSet,
    c: &Condition,
    (section, anchor): (&str, Option<&str>),
    before: Option<usize>,
) {
    for f in c.answers() {
        let at = (section, anchor, f.as_str());
        let Some((qid, oid)) = f.split_once('=') else {
            out.at(
                true,
                at,
                "bad-condition",
                format!("`{f}` is not an answer: write `question=answer`"),
                None,
            );
            continue;
        };
        let Some((qi, q)) = set.questions.iter().enumerate().find(|(_, q)| q.id == qid) else {
            out.at(
                true,
                at,
                "unknown-question",
                format!("`{f}`: there is no question `{qid}`"),
                did_you_mean(qid, set.questions.iter().map(|q| q.id.as_str())),
            );
            continue;
        };
        if !q.options.iter().any(|o| o.id == oid) {
            out.at(
                true,
                at,
                "unknown-answer",
                format!(
                    "`{f}`: question `{qid}` offers no answer `{oid}`; it offers {}",
                    q.options
                        .iter()
                        .map(|o| o.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                did_you_mean(oid, q.options.iter().map(|o| o.id.as_str())),
            );
            continue;
        }
        if let Some(me) = before {
            if qi >= me {
                out.at(
                    true,
                    at,
                    "question-loop",
                    format!("question `{}` is asked only on the answer to `{qid}`, which {}: questions are asked in file order, so this can never be decided", set.questions[me].id, if qi == me { "is itself" } else { "comes after it" }),
                    Some("move the question after the one it depends on".into()),
                );
            } else if q.multiple {
                out.at(
                    true,
                    at,
                    "ask-if-multiple",
                    format!(
                        "`ask_if` may use only questions with one answer; `{qid}` takes several"
                    ),
                    None,
                );
            }
        }
    }
}

/// One path through the single-answer questions: its facts and the
/// multiple-answer questions asked on it.
struct Leaf {
    facts: BTreeSet<String>,
    multi: BTreeSet<String>,
}

/// Enumerates the paths: reachable questions, rules that can fire, and
/// paths that end without a class.
fn paths(out: &mut Out, set: &RuleSet) {
    let mut leaves: Vec<Leaf> = Vec::new();
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<(usize, BTreeSet<String>, BTreeSet<String>)> =
        vec![(0, BTreeSet::new(), BTreeSet::new())];
    while let Some((i, facts, multi)) = stack.pop() {
        if leaves.len() + stack.len() > MAX_PATHS {
            out.at(
                true,
                ("questions", None, "questions"),
                "too-many-paths",
                format!("the questions make more than {MAX_PATHS} paths: split the set in two"),
                None,
            );
            return;
        }
        let Some(q) = set.questions.get(i) else {
            leaves.push(Leaf { facts, multi });
            continue;
        };
        if !holds(&q.ask_if, &facts) {
            stack.push((i + 1, facts, multi));
            continue;
        }
        reached.insert(&q.id);
        if q.multiple {
            let mut m = multi;
            m.insert(q.id.clone());
            stack.push((i + 1, facts, m));
            continue;
        }
        for o in &q.options {
            let mut f = facts.clone();
            f.insert(fact(&q.id, &o.id));
            stack.push((i + 1, f, multi.clone()));
        }
    }
    for q in &set.questions {
        if !reached.contains(q.id.as_str()) {
            out.at(true, ("questions", Some(&q.id), &q.id), "unreachable-question", format!("question `{}` is never asked: no answers to the questions before it make its `ask_if` hold", q.id), None);
        }
    }
    let is_multi = |f: &str| {
        f.split_once('=')
            .and_then(|(q, _)| set.question(q))
            .is_some_and(|q| q.multiple)
    };
    for r in &set.rules {
        let can = leaves.iter().any(|leaf| {
            let possible = |f: &String| {
                if is_multi(f) {
                    f.split_once('=')
                        .is_some_and(|(q, _)| leaf.multi.contains(q))
                        && !r.when.none.contains(f)
                } else {
                    leaf.facts.contains(f)
                }
            };
            r.when.all.iter().all(possible)
                && (r.when.any.is_empty() || r.when.any.iter().any(possible))
                && !r
                    .when
                    .none
                    .iter()
                    .any(|f| !is_multi(f) && leaf.facts.contains(f))
        });
        if !can {
            out.at(
                true,
                ("rules", Some(&r.id), &r.id),
                "dead-rule",
                format!(
                    "rule `{}` can never fire: no answers to the questions make its `when` hold",
                    r.id
                ),
                None,
            );
        }
    }
    // With no box ticked on the multiple-answer questions, every path must
    // still end in a class: the fallback rules must cover it.
    let unclassified: Vec<&Leaf> = leaves
        .iter()
        .filter(|l| !set.rules.iter().any(|r| holds(&r.when, &l.facts)))
        .collect();
    if let Some(first) = unclassified.first() {
        out.at(
            true,
            ("rules", None, "rules"),
            "unclassified-path",
            format!(
                "{} path(s) through the questions end with no rule firing, e.g. {}",
                unclassified.len(),
                if first.facts.is_empty() { "answering nothing".to_string() } else { first.facts.iter().cloned().collect::<Vec<_>>().join(", ") }
            ),
            Some("add a rule for these answers (the source's fallback rule, e.g. `all other … devices are class A`)".into()),
        );
    }
}
