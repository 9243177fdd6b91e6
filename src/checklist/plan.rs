//! The plan: per market, the applying steps in dependency order with their
//! timeline, fee totals and contacts; across markets, the document matrix.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::profile::Profile;
use super::rules;
use crate::content::Library;
use crate::content::ids::{Category, Code, ContactType, DeviceType, EntryId, Fact, Lang};
use crate::content::model::{Entry, Requirement};
use crate::content::raw::Days;

/// A plan for a profile, in one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The profile it answers.
    pub profile: Profile,
    /// Language of titles.
    pub lang: Lang,
    /// One per target market, in the profile's order.
    pub markets: Vec<MarketPlan>,
    /// Documents still missing × markets, most shared first.
    pub documents: Vec<DocumentUse>,
    /// Documents already held (`--have`) × the markets whose steps use them.
    pub held: Vec<DocumentUse>,
    /// The profile in plain words, in `lang`.
    pub summary: String,
}

/// The plan for one market.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketPlan {
    /// Jurisdiction code.
    pub jurisdiction: String,
    /// Its name.
    pub title: String,
    /// The device's local class, when known.
    pub class: Option<String>,
    /// Steps still to do, in order.
    pub steps: Vec<Step>,
    /// Steps already done: their outcome is held (`--have`).
    pub satisfied: Vec<Satisfied>,
    /// Critical-path duration.
    pub duration_days: Days,
    /// Fee totals per currency.
    pub fees_total: Vec<FeeTotal>,
    /// Whom to ask.
    pub contacts: Vec<Ref>,
    /// Why the plan is short or empty, when it is.
    pub notes: Vec<String>,
    /// Dated rules that bind this market and device (the market's own and
    /// those of its applying steps), by date.
    pub deadlines: Vec<PlanDeadline>,
}

/// A dated rule in a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDeadline {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// What happens, in the plan's language.
    pub what: String,
    /// The entry that states it.
    pub entry: String,
}

/// One step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// Requirement id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Category.
    pub category: String,
    /// 1-based position.
    pub order: usize,
    /// Applying prerequisites.
    pub depends_on: Vec<String>,
    /// Facts that made it apply.
    pub why: Vec<String>,
    /// When it applies, as a sentence in the plan's language.
    pub when: String,
    /// Its own duration, if known.
    pub duration_days: Option<Days>,
    /// Earliest start (days from the beginning), min and max.
    pub start_days: Days,
    /// Fees.
    pub fees: Vec<StepFee>,
    /// Documents still missing.
    pub documents: Vec<String>,
    /// Documents it needs that are already held.
    pub held: Vec<String>,
    /// Held documents whose approval opened this step (a reliance route).
    pub opened_by: Vec<String>,
    /// Contacts.
    pub contacts: Vec<String>,
    /// Where its facts come from (URLs).
    pub sources: Vec<String>,
}

/// A step the held documents satisfy: every document it yields is held.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Satisfied {
    /// Requirement id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Category.
    pub category: String,
    /// The held documents that are its outcome.
    pub by: Vec<String>,
}

/// A fee of a step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepFee {
    /// What for.
    pub label: Option<String>,
    /// Amount.
    pub amount: f64,
    /// Upper bound.
    pub amount_max: Option<f64>,
    /// Currency.
    pub currency: String,
    /// Valid on.
    pub as_of: String,
    /// The page that states it.
    pub source: Option<String>,
    /// Charged only in this case (counted in the upper bound only).
    pub only_if: Option<String>,
}

/// What the fees of a market's steps come to in one currency. Every fee a
/// step lists for the device is charged; fees charged only in some cases
/// (`only_if`) and the upper ends of ranges make the upper bound.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeeTotal {
    /// Currency.
    pub currency: String,
    /// The fees every such device pays, summed (lower ends of ranges).
    pub min: f64,
    /// With the fees charged only in some cases and the upper ends of ranges.
    pub max: f64,
    /// Dates the amounts were valid on.
    pub as_of: Vec<String>,
}

/// A reference to an entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ref {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Contact type, for contacts.
    #[serde(rename = "type")]
    pub contact_type: String,
}

/// A document and the markets that ask for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentUse {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Markets, in profile order.
    pub markets: Vec<String>,
}

fn title(e: &Entry, lang: Lang) -> String {
    e.title.or_any(lang).to_string()
}

/// Builds the plan. Pure: the same library and profile give the same plan.
pub fn plan(lib: &Library, profile: &Profile, lang: Lang) -> Plan {
    let words = super::words::Words::new(lib);
    let markets: Vec<MarketPlan> = profile
        .markets
        .iter()
        .map(|code| market(lib, &words, profile, code, lang))
        .collect();
    let mut docs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut held: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in &markets {
        let uses = m
            .steps
            .iter()
            .flat_map(|s| {
                s.documents
                    .iter()
                    .map(|d| (false, d))
                    .chain(s.held.iter().map(|d| (true, d)))
            })
            .chain(
                m.satisfied
                    .iter()
                    .flat_map(|s| s.by.iter().map(|d| (true, d))),
            );
        for (is_held, d) in uses {
            let list = if is_held { &mut held } else { &mut docs }
                .entry(d.clone())
                .or_default();
            if !list.contains(&m.jurisdiction) {
                list.push(m.jurisdiction.clone());
            }
        }
    }
    let held = uses(lib, held, lang);
    let documents = uses(lib, docs, lang);
    let summary = super::words::profile_summary(&words, profile, &markets, lang);
    Plan {
        profile: profile.clone(),
        lang,
        markets,
        documents,
        held,
        summary,
    }
}

/// Documents with the markets that use them, most shared first.
fn uses(lib: &Library, docs: BTreeMap<String, Vec<String>>, lang: Lang) -> Vec<DocumentUse> {
    let mut documents: Vec<DocumentUse> = docs
        .into_iter()
        .map(|(id, markets)| {
            let t = EntryId::parse(&id)
                .ok()
                .and_then(|i| lib.get(&i))
                .map(|e| title(e, lang))
                .unwrap_or_else(|| id.clone());
            DocumentUse {
                id,
                title: t,
                markets,
            }
        })
        .collect();
    documents.sort_by(|a, b| {
        b.markets
            .len()
            .cmp(&a.markets.len())
            .then_with(|| a.id.cmp(&b.id))
    });
    documents
}

fn market(
    lib: &Library,
    words: &super::words::Words,
    profile: &Profile,
    code: &Code,
    lang: Lang,
) -> MarketPlan {
    let jur_entry = lib.jurisdiction(code);
    let mut notes = Vec::new();
    let Some(j) = jur_entry.and_then(|e| e.jurisdiction()) else {
        return MarketPlan {
            jurisdiction: code.to_string(),
            title: code.to_string(),
            class: None,
            steps: vec![],
            satisfied: vec![],
            duration_days: Days { min: 0, max: 0 },
            fees_total: vec![],
            contacts: vec![],
            notes: vec![match lang {
                Lang::Ja => format!("{code}はナレッジベースにありません"),
                Lang::En => format!("{code} is not in the knowledge base"),
            }],
            deadlines: vec![],
        };
    };
    // The market's name in the plan's language, for its notes (they reach
    // a reader's eyes in every export: words, never command-line syntax).
    let name = jur_entry.map_or_else(|| code.to_string(), |e| title(e, lang));
    let class = rules::local_class(profile, code, j);
    if class.is_none() {
        // An IVD's own classes where the market declares them.
        let ivd = profile.device_type == DeviceType::Ivd && !j.ivd_classes.is_empty();
        let classes: Vec<&str> = if ivd {
            j.ivd_classes.iter().map(|c| c.0.as_str()).collect()
        } else {
            j.all_classes().map(|c| c.0.as_str()).collect()
        };
        notes.push(match lang {
            Lang::Ja => format!("{name}でのクラスが不明です。現地のクラス（{}）を指定してください。クラスで決まる手続は含めていません", classes.join("、")),
            Lang::En => format!("class unknown in {name}: give its local class ({}); the steps that depend on the class are left out", classes.join(", ")),
        });
    }
    let facts = rules::facts(profile, class.as_ref());
    let have: BTreeSet<&str> = profile.have.iter().map(EntryId::as_str).collect();
    // A step whose outcome (the documents it yields) is all held is done: it
    // leaves the plan and is listed as satisfied; steps that depend on it
    // start at once. A step without a stated outcome is never taken as done.
    let done_by = |e: &Entry| -> Option<Vec<String>> {
        let r = e.requirement()?;
        (!r.outcome.is_empty() && r.outcome.iter().all(|d| have.contains(d.as_str())))
            .then(|| r.outcome.iter().map(|d| d.to_string()).collect())
    };
    let mut satisfied: Vec<Satisfied> = Vec::new();
    let applying: Vec<(&Entry, Vec<String>)> = lib
        .requirements_of(code)
        .filter_map(|e| {
            e.requirement()
                .and_then(|r| rules::applies(&r.applies, &facts))
                .map(|why| (e, why))
        })
        .filter(|(e, _)| match (done_by(e), e.requirement()) {
            (Some(by), Some(r)) => {
                satisfied.push(Satisfied {
                    id: e.id.to_string(),
                    title: title(e, lang),
                    category: r.category.as_str().to_string(),
                    by,
                });
                false
            }
            _ => true,
        })
        .collect();
    // Kahn's algorithm over the applying steps; among the ready ones the
    // smallest (step, id) goes first, so the order is deterministic (the
    // JavaScript planner makes the same choice).
    let index: BTreeMap<&str, usize> = applying
        .iter()
        .enumerate()
        .map(|(i, (e, _))| (e.id.as_str(), i))
        .collect();
    let dep_idx: Vec<Vec<usize>> = applying
        .iter()
        .map(|(e, _)| {
            e.requirement()
                .map(|r| {
                    r.depends_on
                        .iter()
                        .filter_map(|d| index.get(d.as_str()).copied())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let mut indegree: Vec<usize> = dep_idx.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); applying.len()];
    for (i, deps) in dep_idx.iter().enumerate() {
        for &d in deps {
            dependents[d].push(i);
        }
    }
    let key = |i: usize| {
        std::cmp::Reverse((
            applying[i]
                .0
                .requirement()
                .and_then(|r| r.step)
                .unwrap_or(u32::MAX),
            applying[i].0.id.as_str(),
            i,
        ))
    };
    let mut ready: std::collections::BinaryHeap<_> = (0..applying.len())
        .filter(|&i| indegree[i] == 0)
        .map(key)
        .collect();
    let mut sequence: Vec<usize> = Vec::with_capacity(applying.len());
    let mut placed = vec![false; applying.len()];
    while sequence.len() < applying.len() {
        let next = match ready.pop() {
            Some(std::cmp::Reverse((_, _, i))) => i,
            // A cycle cannot pass `check`; stay total by taking the first unplaced.
            None => (0..applying.len()).find(|&i| !placed[i]).unwrap_or(0),
        };
        if placed[next] {
            continue;
        }
        placed[next] = true;
        sequence.push(next);
        for &d in &dependents[next] {
            indegree[d] = indegree[d].saturating_sub(1);
            if indegree[d] == 0 && !placed[d] {
                ready.push(key(d));
            }
        }
    }
    let deps = |i: usize| -> Vec<String> {
        dep_idx[i]
            .iter()
            .map(|&d| applying[d].0.id.to_string())
            .collect()
    };
    let done: Vec<(usize, &(&Entry, Vec<String>))> =
        sequence.iter().map(|&i| (i, &applying[i])).collect();
    let mut finish: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut steps = Vec::new();
    for (i, (idx, (e, why))) in done.iter().enumerate() {
        let Some(r) = e.requirement() else { continue };
        let d = deps(*idx);
        let start = d
            .iter()
            .filter_map(|x| finish.get(x))
            .fold((0, 0), |acc, f| (acc.0.max(f.0), acc.1.max(f.1)));
        // Information entries (a market's fee table) and renewals (due
        // years after approval) are never timed steps of market entry.
        let duration_days = duration_for(r, &facts)
            .filter(|_| !matches!(r.category, Category::Fees | Category::Renewal));
        let dur = duration_days.map(|d| (d.min, d.max)).unwrap_or((0, 0));
        let needed: Vec<String> = r
            .documents
            .iter()
            .filter(|d| {
                let own = lib
                    .get(d)
                    .and_then(|e| e.document())
                    .is_none_or(|doc| rules::applies(&doc.applies, &facts).is_some());
                let here = r
                    .document_conditions
                    .get(*d)
                    .is_none_or(|a| rules::applies(a, &facts).is_some());
                own && here
            })
            .map(|d| d.to_string())
            .collect();
        finish.insert(e.id.to_string(), (start.0 + dur.0, start.1 + dur.1));
        steps.push(Step {
            id: e.id.to_string(),
            title: title(e, lang),
            category: r.category.as_str().to_string(),
            order: i + 1,
            depends_on: d,
            why: why.clone(),
            when: words.rule(&r.applies, lang),
            duration_days,
            start_days: Days {
                min: start.0,
                max: start.1,
            },
            fees: r
                .fees
                .iter()
                .filter(|f| rules::applies(&f.applies, &facts).is_some())
                .map(|f| StepFee {
                    label: f.label.as_ref().map(|l| l.or_any(lang).to_string()),
                    amount: f.amount,
                    amount_max: f.amount_max,
                    currency: f.currency.to_string(),
                    as_of: f.as_of.to_string(),
                    source: e.sources.get(f.source).map(|s| s.url.to_string()),
                    only_if: f.only_if.as_ref().map(|w| w.or_any(lang).to_string()),
                })
                .collect(),
            documents: needed
                .iter()
                .filter(|d| !have.contains(d.as_str()))
                .cloned()
                .collect(),
            held: needed
                .iter()
                .filter(|d| have.contains(d.as_str()))
                .cloned()
                .collect(),
            opened_by: profile
                .have
                .iter()
                .filter(|d| {
                    lib.get(d)
                        .and_then(|e| e.document())
                        .and_then(|doc| doc.approval_of.as_ref())
                        .is_some_and(|c| why.contains(&format!("ref:{c}")))
                })
                .map(|d| d.to_string())
                .collect(),
            contacts: r.contacts.iter().map(|c| c.to_string()).collect(),
            sources: e.sources.iter().map(|s| s.url.to_string()).collect(),
        });
    }
    let duration_days = Days {
        min: finish.values().map(|f| f.0).max().unwrap_or(0),
        max: finish.values().map(|f| f.1).max().unwrap_or(0),
    };
    let totals = fee_totals(&steps);
    let mut contacts: Vec<Ref> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let step_contacts: Vec<&String> = steps.iter().flat_map(|s| s.contacts.iter()).collect();
    let covering: Vec<&Entry> = lib.contacts_for(code).collect();
    for &t in ContactType::ALL {
        let mut group: Vec<&Entry> = step_contacts
            .iter()
            .filter_map(|id| EntryId::parse(id).ok().and_then(|i| lib.get(&i)))
            .chain(covering.iter().copied())
            .filter(|e| e.contact().is_some_and(|c| c.contact_type == t))
            .collect();
        group.sort_by(|a, b| a.id.cmp(&b.id));
        for e in group {
            if seen.insert(e.id.to_string()) {
                contacts.push(Ref {
                    id: e.id.to_string(),
                    title: title(e, lang),
                    contact_type: t.as_str().to_string(),
                });
            }
        }
    }
    if steps.is_empty() && satisfied.is_empty() {
        let none_yet = lib.requirements_of(code).next().is_none();
        notes.push(match (lang, none_yet) {
            (Lang::Ja, true) => format!("{name}の要件はまだナレッジベースにありません（内容の不足）。下の相談先に問い合わせてください"),
            (Lang::Ja, false) => format!("{name}ではこのプロファイルに当てはまる要件がありません。クラス・種類・属性を確認してください（内容の不足の場合もあります）"),
            (Lang::En, true) => format!("the knowledge base has no requirements for {name} yet: a content gap, ask the contacts below"),
            (Lang::En, false) => format!("no requirement in {name} applies to this profile: check the class, type and attributes, or it is a content gap"),
        });
    }
    let mut deadlines: Vec<PlanDeadline> = jur_entry
        .into_iter()
        .chain(
            steps
                .iter()
                .filter_map(|st| EntryId::parse(&st.id).ok().and_then(|i| lib.get(&i))),
        )
        .flat_map(|e| {
            let facts = &facts;
            e.deadlines
                .iter()
                .filter(move |d| rules::applies(&d.applies, facts).is_some())
                .map(move |d| PlanDeadline {
                    date: d.date.to_string(),
                    what: d.what.localize(e.lang).or_any(lang).to_string(),
                    entry: e.id.to_string(),
                })
        })
        .collect();
    deadlines.sort_by(|a, b| (&a.date, &a.entry, &a.what).cmp(&(&b.date, &b.entry, &b.what)));
    MarketPlan {
        deadlines,
        jurisdiction: code.to_string(),
        title: jur_entry.map(|e| title(e, lang)).unwrap_or_default(),
        class: class.map(|c| c.0),
        steps,
        satisfied,
        duration_days,
        fees_total: totals,
        contacts,
        notes,
    }
}

/// A step's duration for the device: the first of its per-device times
/// whose rule holds (none: no time is published for this device), or its
/// one time.
fn duration_for(r: &Requirement, facts: &BTreeSet<Fact>) -> Option<Days> {
    if r.duration_by.is_empty() {
        return r.duration_days;
    }
    r.duration_by
        .iter()
        .find(|(applies, _)| rules::applies(applies, facts).is_some())
        .map(|&(_, d)| d)
}

/// What a market's steps cost, per currency: the sum of the fees each step
/// charges the device, and the same with the fees charged only in some cases
/// and the upper ends of ranges. A step of category `fees` is a fee table
/// (it restates the steps' fees, or lists every class's): never counted;
/// nor a classification step (a ruling is asked for only in doubt), nor a
/// renewal (its fees fall due years later: not part of the cost of entry).
fn fee_totals(steps: &[Step]) -> Vec<FeeTotal> {
    let mut totals: BTreeMap<String, FeeTotal> = BTreeMap::new();
    let counted = steps
        .iter()
        .filter(|s| !["renewal", "fees", "classification"].contains(&s.category.as_str()));
    for f in counted.flat_map(|s| &s.fees) {
        let t = totals
            .entry(f.currency.clone())
            .or_insert_with(|| FeeTotal {
                currency: f.currency.clone(),
                min: 0.0,
                max: 0.0,
                as_of: vec![],
            });
        if f.only_if.is_none() {
            t.min += f.amount;
        }
        t.max += f.amount_max.unwrap_or(f.amount);
        if !t.as_of.contains(&f.as_of) {
            t.as_of.push(f.as_of.clone());
            t.as_of.sort();
        }
    }
    totals.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A step with fees `(amount, amount_max, only_if)`.
    fn step(category: &str, fees: &[(f64, Option<f64>, Option<&str>)]) -> Step {
        Step {
            id: format!("requirements/th/{category}"),
            title: String::new(),
            category: category.to_string(),
            order: 1,
            depends_on: vec![],
            why: vec![],
            when: String::new(),
            duration_days: None,
            start_days: Days { min: 0, max: 0 },
            fees: fees
                .iter()
                .map(|&(amount, amount_max, only_if)| StepFee {
                    label: None,
                    amount,
                    amount_max,
                    currency: "THB".to_string(),
                    as_of: "2026-11-26".to_string(),
                    source: None,
                    only_if: only_if.map(str::to_string),
                })
                .collect(),
            documents: vec![],
            held: vec![],
            opened_by: vec![],
            contacts: vec![],
            sources: vec![],
        }
    }

    #[test]
    fn fees_are_summed_and_conditional_ones_only_raise_the_upper_bound() {
        // A notification: 1,000 + 10,000, and 38,000 only where experts
        // review it; a licence of 21,000–25,000; a fee table and a renewal,
        // never counted.
        let steps = [
            step(
                "registration",
                &[
                    (1000.0, None, None),
                    (10000.0, None, None),
                    (38000.0, None, Some("expert review")),
                ],
            ),
            step("import-licence", &[(21000.0, Some(25000.0), None)]),
            step("fees", &[(1000.0, None, None), (21000.0, None, None)]),
            step("renewal", &[(5000.0, None, None)]),
        ];
        let t = fee_totals(&steps);
        assert_eq!((t[0].min, t[0].max), (32000.0, 74000.0));
        // A fee table alone states no cost of the plan.
        assert!(fee_totals(&[step("fees", &[(3100.0, None, None)])]).is_empty());
    }
}
