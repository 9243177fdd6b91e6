//! The rules at work: which questions are asked for some answers, which
//! rules fire, and the class they give. Pure functions of (rule set,
//! answers); `templates/assets/classify.js` is a line-by-line port and a
//! test runs both on the same answers.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::classification::{Condition, Rule, RuleSet};

/// Answers: question id → the option ids chosen (one for a single-choice
/// question; any number, none included, for a multiple-choice one).
pub type Answers = BTreeMap<String, Vec<String>>;

/// The fact `question=option`.
pub fn fact(question: &str, option: &str) -> String {
    format!("{question}={option}")
}

/// Whether a condition holds over the facts.
pub fn holds(c: &Condition, facts: &BTreeSet<String>) -> bool {
    c.all.iter().all(|f| facts.contains(f))
        && (c.any.is_empty() || c.any.iter().any(|f| facts.contains(f)))
        && !c.none.iter().any(|f| facts.contains(f))
}

/// Where a walk through the questions got to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Walk {
    /// The questions asked, in order, each answered.
    pub asked: Vec<String>,
    /// The first question asked but not answered (the next to ask).
    pub next: Option<String>,
    /// Questions answered but not asked for these answers (ignored).
    pub skipped: Vec<String>,
    /// The facts of the answers to the questions asked.
    pub facts: BTreeSet<String>,
}

/// Walks the questions in order: a question is asked when its `ask_if`
/// holds over the answers to the questions asked before it.
pub fn walk(set: &RuleSet, answers: &Answers) -> Walk {
    let mut w = Walk::default();
    for q in &set.questions {
        if !holds(&q.ask_if, &w.facts) {
            if answers.contains_key(&q.id) {
                w.skipped.push(q.id.clone());
            }
            continue;
        }
        let Some(chosen) = answers.get(&q.id) else {
            if w.next.is_none() {
                w.next = Some(q.id.clone());
            }
            continue;
        };
        if w.next.is_some() {
            // Answered, but an earlier question is still open: what is
            // asked after it may change, so nothing after it counts yet.
            continue;
        }
        w.asked.push(q.id.clone());
        w.facts.extend(chosen.iter().map(|o| fact(&q.id, o)));
    }
    w
}

/// The rules that fire on the facts, in the set's order.
pub fn fired<'a>(set: &'a RuleSet, facts: &BTreeSet<String>) -> Vec<&'a Rule> {
    set.rules.iter().filter(|r| holds(&r.when, facts)).collect()
}

/// The rank of a class in the set's scheme (higher is stricter).
pub fn rank(set: &RuleSet, class: &str) -> usize {
    set.scheme
        .classes()
        .iter()
        .position(|c| *c == class)
        .unwrap_or(0)
}

/// The deciding rule: the strictest class among the rules that fired (the
/// GHTF principle: where several rules apply, the highest class does),
/// the first such rule in the source's order.
pub fn decide<'a>(set: &RuleSet, fired: &[&'a Rule]) -> Option<&'a Rule> {
    let top = fired.iter().map(|r| rank(set, &r.class)).max()?;
    fired.iter().copied().find(|r| rank(set, &r.class) == top)
}
