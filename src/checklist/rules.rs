//! The rules: a market's facts for a profile, and whether a requirement's
//! `applies` holds (with the facts that made it hold).

use std::collections::BTreeSet;

use super::profile::Profile;
use crate::content::ids::{ClassName, Code, DeviceType, Fact, GhtfClass};
use crate::content::model::Jurisdiction;
use crate::content::raw::Applies;

/// The local class of the device in a market, if it can be known.
pub fn local_class(profile: &Profile, code: &Code, j: &Jurisdiction) -> Option<ClassName> {
    let ivd = profile.device_type == DeviceType::Ivd;
    if let Some(given) = profile.class.per_market.get(code.as_str()) {
        if j.all_classes().any(|c| &c.0 == given) {
            return Some(ClassName(given.clone()));
        }
        return GhtfClass::parse(&given.to_uppercase())
            .and_then(|g| j.map_class(g, ivd))
            .cloned();
    }
    profile
        .class
        .global
        .and_then(|g| j.map_class(g, ivd))
        .cloned()
}

/// The facts of the device in one market.
pub fn facts(profile: &Profile, class: Option<&ClassName>) -> BTreeSet<Fact> {
    let mut f = BTreeSet::new();
    if let Some(c) = class {
        f.insert(Fact::Class(c.clone()));
    }
    f.insert(Fact::Type(profile.device_type));
    f.extend(profile.attrs.iter().map(|a| Fact::Attr(*a)));
    f.extend(profile.refs.iter().map(|r| Fact::Ref(r.clone())));
    f.extend(profile.have_refs.iter().map(|r| Fact::Ref(r.clone())));
    f
}

/// `Some(why)` when the rules hold: the facts that matched, then `not …`
/// for each excluded fact. `None` when they do not.
pub fn applies(rules: &Applies, facts: &BTreeSet<Fact>) -> Option<Vec<String>> {
    if !rules.all.iter().all(|f| facts.contains(f)) {
        return None;
    }
    let any: Vec<&Fact> = rules.any.iter().filter(|f| facts.contains(f)).collect();
    if !rules.any.is_empty() && any.is_empty() {
        return None;
    }
    if rules.none.iter().any(|f| facts.contains(f)) {
        return None;
    }
    let mut why: Vec<String> = rules.all.iter().map(Fact::to_string).collect();
    why.extend(any.iter().map(|f| f.to_string()));
    why.extend(rules.none.iter().map(|f| format!("not {f}")));
    Some(why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Fact {
        Fact::parse(s).unwrap()
    }

    #[test]
    fn all_any_none() {
        let facts: BTreeSet<Fact> = [f("class:2"), f("type:general"), f("ref:us")].into();
        let r = Applies {
            all: vec![f("class:2")],
            any: vec![],
            none: vec![f("ref:eu")],
        };
        assert_eq!(
            applies(&r, &facts),
            Some(vec!["class:2".to_string(), "not ref:eu".to_string()])
        );
        let reliance = Applies {
            all: vec![],
            any: vec![f("ref:us"), f("ref:eu")],
            none: vec![],
        };
        assert_eq!(applies(&reliance, &facts), Some(vec!["ref:us".to_string()]));
        let full = Applies {
            all: vec![],
            any: vec![],
            none: vec![f("ref:us")],
        };
        assert_eq!(applies(&full, &facts), None);
        let ivd = Applies {
            all: vec![f("type:ivd")],
            any: vec![],
            none: vec![],
        };
        assert_eq!(applies(&ivd, &facts), None);
        assert_eq!(applies(&Applies::default(), &facts), Some(vec![]));
    }
}
