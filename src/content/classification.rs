//! Classification rule sets (`content/classification/<name>.md`): the
//! questions a classification assistant asks and the rules that turn the
//! answers into a class, as data. The raw types mirror the file; the model
//! resolves texts to languages. What the rules mean (which questions are
//! asked, which rules fire, the class) is [`crate::classify`]; whether a set
//! is sound (references, reachable questions, every path classified) is
//! checked there too and reported by `check` like any other content error.

use serde::{Deserialize, Serialize};

use super::ids::{Attr, DeviceType, Lang, Scheme};
use super::text::{Localized, Text};

/// When a question is asked or a rule fires: answers `question=option`
/// that must all hold, of which one must hold, and none may hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Every answer present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all: Vec<String>,
    /// At least one present (if the list is given).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<String>,
    /// None present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub none: Vec<String>,
}

impl Condition {
    /// Every `question=option` the condition names.
    pub fn answers(&self) -> impl Iterator<Item = &String> {
        self.all.iter().chain(&self.any).chain(&self.none)
    }
}

/// An answer offered to a question, as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceRaw {
    /// `[a-z0-9-]+`, unique within the question.
    pub id: String,
    /// The answer as shown.
    pub text: Text,
    /// Examples or a definition, shown under it.
    pub help: Option<Text>,
    /// Checklist attributes this answer means (`implantable`, `software` …):
    /// the result's "open the checklist" link sets them.
    #[serde(default)]
    pub attrs: Vec<Attr>,
}

/// A question, as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionRaw {
    /// `[a-z0-9-]+`, unique within the set.
    pub id: String,
    /// The question.
    pub text: Text,
    /// Definitions or examples, shown under it.
    pub help: Option<Text>,
    /// Any number of answers (checkboxes, none included) instead of one.
    #[serde(default)]
    pub multiple: bool,
    /// Asked only when this holds over the answers to earlier questions
    /// (default: always). Questions are asked in file order.
    #[serde(default)]
    pub ask_if: Condition,
    /// The answers offered.
    pub options: Vec<ChoiceRaw>,
}

/// A rule, as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleRaw {
    /// `[a-z0-9-]+`, unique within the set.
    pub id: String,
    /// The rule's number as the source writes it (`6`, `Rule 3`, `Table 7.2`).
    pub rule: String,
    /// The class (or SaMD category) it gives: A–D, or I–IV for `samd`.
    pub class: String,
    /// When it fires.
    #[serde(default)]
    pub when: Condition,
    /// A short paraphrase of the rule, in every site language.
    pub text: Text,
    /// A short phrase quoted from the source, in its own words (optional).
    pub quote: Option<String>,
    /// Index into `sources` of the document that states the rule.
    pub source: usize,
}

/// One answer offered, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Id.
    pub id: String,
    /// Text per language.
    pub text: Localized,
    /// Help per language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Localized>,
    /// Checklist attributes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<Attr>,
}

/// One question, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// Id.
    pub id: String,
    /// Text per language.
    pub text: Localized,
    /// Help per language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Localized>,
    /// Several answers allowed.
    pub multiple: bool,
    /// When it is asked.
    pub ask_if: Condition,
    /// Answers.
    pub options: Vec<Choice>,
}

/// One rule, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// Id.
    pub id: String,
    /// Number as the source writes it.
    pub rule: String,
    /// Class or category given.
    pub class: String,
    /// When it fires.
    pub when: Condition,
    /// Paraphrase per language.
    pub text: Localized,
    /// Quoted phrase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Index into the entry's sources.
    pub source: usize,
}

/// A classification rule set.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSet {
    /// What it decides.
    pub scheme: Scheme,
    /// For GHTF sets: general devices or IVDs (which `class_map` to use).
    #[serde(rename = "type")]
    pub device_type: DeviceType,
    /// Position among the sets (the assistant's first choice).
    pub order: u32,
    /// Questions in the order asked.
    pub questions: Vec<Question>,
    /// Rules in the order of the source.
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// Resolves the raw set; plain texts are in the file's language.
    pub fn resolve(
        lang: Lang,
        scheme: Scheme,
        device_type: Option<DeviceType>,
        order: Option<u32>,
        questions: &[QuestionRaw],
        rules: &[RuleRaw],
    ) -> RuleSet {
        let loc = |t: &Text| t.localize(lang);
        RuleSet {
            scheme,
            device_type: device_type.unwrap_or(DeviceType::General),
            order: order.unwrap_or(u32::MAX),
            questions: questions
                .iter()
                .map(|q| Question {
                    id: q.id.clone(),
                    text: loc(&q.text),
                    help: q.help.as_ref().map(loc),
                    multiple: q.multiple,
                    ask_if: q.ask_if.clone(),
                    options: q
                        .options
                        .iter()
                        .map(|o| Choice {
                            id: o.id.clone(),
                            text: loc(&o.text),
                            help: o.help.as_ref().map(loc),
                            attrs: o.attrs.clone(),
                        })
                        .collect(),
                })
                .collect(),
            rules: rules
                .iter()
                .map(|r| Rule {
                    id: r.id.clone(),
                    rule: r.rule.clone(),
                    class: r.class.clone(),
                    when: r.when.clone(),
                    text: loc(&r.text),
                    quote: r.quote.clone(),
                    source: r.source,
                })
                .collect(),
        }
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}
