//! What `regnav classify` is asked: a rule set, answers (flags or a file)
//! and markets, checked against the knowledge base with "did you mean" for
//! every unknown name, like the rest of the CLI.

use std::path::PathBuf;

use serde::Deserialize;

use super::engine::{self, Answers};
use crate::Error;
use crate::content::Library;
use crate::content::classification::RuleSet;
use crate::content::ids::{Code, Kind, Lang};
use crate::content::model::Entry;
use crate::diag::did_you_mean;

/// `regnav classify`'s arguments (and the MCP `classify` tool's).
#[derive(Debug, Clone, Default, clap::Args, Deserialize, schemars::JsonSchema)]
pub struct ClassifyArgs {
    /// The rule set: general, ivd or samd (the names under content/classification/).
    #[arg(long)]
    #[serde(default)]
    pub rules: Option<String>,
    /// Answers as question=answer, comma-separated (several answers to one
    /// question: special=medicinal+animal-tissue; none of them: special=none).
    #[arg(long = "answer", value_delimiter = ',')]
    #[serde(default, rename = "answer")]
    pub answers: Vec<String>,
    /// A YAML or JSON file: {rules: general, answers: {question: answer or [answers]}, to: [th, vn]}.
    #[arg(long)]
    #[serde(skip)]
    pub answers_file: Option<PathBuf>,
    /// Markets to give the local class for (default: every market with a class map).
    #[arg(long, value_delimiter = ',')]
    #[serde(default)]
    pub to: Vec<String>,
    /// Language of the answer: ja or en (default ja).
    #[arg(long)]
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// An answers file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersFile {
    rules: Option<String>,
    #[serde(default)]
    answers: std::collections::BTreeMap<String, OneOrMany>,
    #[serde(default)]
    to: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// A checked request.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The rule set's entry.
    pub entry: &'a Entry,
    /// The rule set.
    pub set: &'a RuleSet,
    /// The answers, by question.
    pub answers: Answers,
    /// Markets asked for.
    pub to: Vec<Code>,
}

fn usage(msg: String) -> Error {
    Error::Usage(msg)
}

/// The rule sets of the library, in their `order`.
pub fn rule_sets(lib: &Library) -> Vec<(&Entry, &RuleSet)> {
    let mut sets: Vec<(&Entry, &RuleSet)> = lib
        .of_kind(Kind::Classification)
        .filter_map(|e| e.classification().map(|s| (e, s)))
        .collect();
    sets.sort_by(|a, b| (a.1.order, &a.0.id).cmp(&(b.1.order, &b.0.id)));
    sets
}

impl ClassifyArgs {
    /// The language (Japanese unless asked otherwise).
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or(Lang::Ja)
    }

    /// Checks the arguments against the library.
    pub fn request<'a>(&self, lib: &'a Library) -> Result<Request<'a>, Error> {
        let mut rules = self.rules.clone();
        let mut raw: Vec<(String, Vec<String>)> = Vec::new();
        let mut to = self.to.clone();
        if let Some(path) = &self.answers_file {
            let text = std::fs::read_to_string(path).map_err(|e| Error::Io(path.clone(), e))?;
            let file: AnswersFile = serde_yaml::from_str(&text).map_err(|e| {
                let at = e
                    .location()
                    .map(|l| format!(":{}:{}", l.line(), l.column()))
                    .unwrap_or_default();
                usage(format!("{}{at}: {}", path.display(), e))
            })?;
            rules = rules.or(file.rules);
            to.extend(file.to);
            for (q, a) in file.answers {
                raw.push((
                    q,
                    match a {
                        OneOrMany::One(s) => split_many(&s),
                        OneOrMany::Many(v) => v,
                    },
                ));
            }
        }
        for a in self.answers.iter().flat_map(|s| s.split(',')) {
            let a = a.trim();
            if a.is_empty() {
                continue;
            }
            let Some((q, v)) = a.split_once('=') else {
                return Err(usage(format!(
                    "--answer {a}: write question=answer (e.g. invasive=surgical)"
                )));
            };
            raw.push((q.trim().to_string(), split_many(v)));
        }
        let sets = rule_sets(lib);
        let names: Vec<&str> = sets.iter().map(|(e, _)| e.id.name()).collect();
        let Some(name) = rules else {
            return Err(usage(format!(
                "give the rule set with --rules; valid: {}",
                names.join(", ")
            )));
        };
        let name = name
            .trim()
            .trim_start_matches("classification/")
            .to_string();
        let Some(&(entry, set)) = sets.iter().find(|(e, _)| e.id.name() == name) else {
            let hint = did_you_mean(&name, names.iter().copied())
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return Err(usage(format!(
                "unknown rule set `{name}`{hint}; valid: {}",
                names.join(", ")
            )));
        };
        let mut answers = Answers::new();
        for (q, values) in raw {
            let Some(question) = set.question(&q) else {
                let hint = did_you_mean(&q, set.questions.iter().map(|x| x.id.as_str()))
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                return Err(usage(format!(
                    "unknown question `{q}`{hint} in the {name} rules; questions: {}",
                    set.questions
                        .iter()
                        .map(|x| x.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            };
            let options: Vec<&str> = question.options.iter().map(|o| o.id.as_str()).collect();
            let values: Vec<String> = if question.multiple && values == ["none"] {
                vec![]
            } else {
                values
            };
            for v in &values {
                if !options.contains(&v.as_str()) {
                    let hint = did_you_mean(v, options.iter().copied())
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    return Err(usage(format!(
                        "unknown answer `{v}`{hint} to `{q}`; answers: {}{}",
                        options.join(", "),
                        if question.multiple {
                            " (several: a+b; none: none)"
                        } else {
                            ""
                        }
                    )));
                }
            }
            if !question.multiple && values.len() != 1 {
                return Err(usage(format!(
                    "question `{q}` takes one answer; got {}",
                    if values.is_empty() {
                        "none".to_string()
                    } else {
                        values.join("+")
                    }
                )));
            }
            if answers.insert(q.clone(), values).is_some() {
                return Err(usage(format!("question `{q}` is answered twice")));
            }
        }
        let walk = engine::walk(set, &answers);
        if let Some(q) = walk.skipped.first() {
            return Err(usage(format!(
                "question `{q}` is not asked with these answers: leave it out"
            )));
        }
        let valid: Vec<&str> = lib
            .of_kind(Kind::Jurisdiction)
            .filter_map(|e| e.jurisdiction())
            .map(|j| j.code.as_str())
            .collect();
        let mut codes: Vec<Code> = Vec::new();
        for m in to.iter().flat_map(|s| s.split(',')) {
            let m = m.trim().to_lowercase();
            if m.is_empty() {
                continue;
            }
            if !valid.contains(&m.as_str()) {
                let hint = did_you_mean(&m, valid.iter().copied())
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                return Err(usage(format!(
                    "unknown market `{m}`{hint}; valid: {}",
                    valid.join(", ")
                )));
            }
            let c = Code::parse(&m).map_err(usage)?;
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        Ok(Request {
            entry,
            set,
            answers,
            to: codes,
        })
    }
}

fn split_many(s: &str) -> Vec<String> {
    s.split('+')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// Why the answers are not enough: the next question, its answers, and how
/// to give one.
pub fn missing(set: &RuleSet, qid: &str, lang: Lang) -> String {
    let Some(q) = set.question(qid) else {
        return format!("question `{qid}` is not answered");
    };
    let mut s = format!(
        "question `{qid}` is not answered: {}\n",
        q.text.or_any(lang)
    );
    for o in &q.options {
        s.push_str(&format!("  {qid}={} — {}\n", o.id, o.text.or_any(lang)));
    }
    if q.multiple {
        s.push_str(&format!(
            "  (several: {qid}=a+b; none of them: {qid}=none)\n"
        ));
    }
    s.push_str(&format!("give --answer {qid}=<answer>"));
    s
}
