//! Checks across entries: cross-references, `applies` facts against the
//! market's classes, `depends_on` cycles, `@id` links and anchors, and the
//! warnings an editor wants (stale, untranslated, unsourced, Japanese
//! emphasis pitfalls). Positions point at the offending key or value.

use std::collections::{BTreeMap, BTreeSet};

use super::ids::{ClassName, EntryId, Fact, Kind};
use super::markdown;
use super::model::{Entry, EntryData};
use super::parse::locate;
use crate::config::Config;
use crate::content::load::LoadOptions;
use crate::diag::{Diagnostic, closest};

/// Whether two forms are one to the glossary's matcher (forms in capitals
/// match in their case only, others in any ASCII case).
fn same_form(a: &str, b: &str) -> bool {
    use super::glossary::exact_case;
    if exact_case(a) && exact_case(b) {
        a == b
    } else {
        a.eq_ignore_ascii_case(b)
    }
}

struct Ctx<'a> {
    entries: &'a BTreeMap<EntryId, Entry>,
    /// The library, for the checks that read its indexes (glossary terms).
    lib: Option<&'a super::Library>,
    /// Entries whose file exists but failed to parse.
    broken: &'a BTreeSet<EntryId>,
    config: &'a Config,
    opts: LoadOptions,
    out: &'a mut Vec<Diagnostic>,
}

/// Validates one entry against the others (the per-entry half of the
/// checks; run in parallel, and again for just the entries a save touched).
pub(super) fn check_entry(
    lib: &super::Library,
    broken: &BTreeSet<EntryId>,
    opts: LoadOptions,
    e: &Entry,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut cx = Ctx {
        entries: &lib.entries,
        lib: Some(lib),
        broken,
        config: &lib.config,
        opts,
        out: &mut found,
    };
    cx.common(e);
    match &e.data {
        EntryData::Jurisdiction(_) => cx.jurisdiction(e),
        EntryData::Requirement(_) => cx.requirement(e),
        EntryData::Contact(_) => cx.contact(e),
        EntryData::Guide(g) => {
            for j in &g.jurisdictions {
                cx.reference(e, "jurisdictions", j, Kind::Jurisdiction);
            }
        }
        EntryData::Document(_) => {}
        EntryData::Term(_) => cx.term(e),
        EntryData::Classification(set) => {
            let found = crate::classify::check::check(e, set, &cx.config.languages);
            cx.out.extend(found);
        }
    }
    cx.bodies(e);
    found
}

/// The `depends_on` cycles of the whole graph, each named once.
pub(super) fn cycles(
    entries: &BTreeMap<EntryId, Entry>,
    broken: &BTreeSet<EntryId>,
    config: &Config,
    opts: LoadOptions,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    Ctx {
        entries,
        lib: None,
        broken,
        config,
        opts,
        out: &mut found,
    }
    .cycles();
    found
}

impl Ctx<'_> {
    fn error(
        &mut self,
        e: &Entry,
        key: &str,
        needle: Option<&str>,
        code: &'static str,
        msg: String,
        help: Option<String>,
    ) {
        let (line, col) = locate(&e.file, key, needle);
        let mut d =
            Diagnostic::error(&e.file.path, line, col, code, msg).with_line(e.file.line(line));
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.out.push(d);
    }

    fn warn(&mut self, e: &Entry, key: &str, code: &'static str, msg: String) {
        let (line, col) = locate(&e.file, key, None);
        self.out.push(
            Diagnostic::warning(&e.file.path, line, col, code, msg).with_line(e.file.line(line)),
        );
    }

    fn common(&mut self, e: &Entry) {
        // A skeleton from `regnav new` is not publishable until filled in.
        for (key, text) in [("title", &e.title), ("summary", &e.summary)] {
            for lang in self.config.languages.clone() {
                if text
                    .0
                    .get(lang.as_str())
                    .is_some_and(|t| t.trim().is_empty())
                {
                    self.error(e, key, None, "placeholder", format!("the {lang} {key} is empty: fill it in (a skeleton from `regnav new` cannot be published as it is)"), None);
                }
            }
        }
        if e.sources.iter().any(|s| {
            s.url.as_str() == "https://" || s.url.as_str().trim_end_matches('/') == "https:"
        }) {
            self.error(
                e,
                "sources",
                None,
                "placeholder",
                "a source's url is still the skeleton's `https://`: give the page you read"
                    .to_string(),
                None,
            );
        }
        for warning in super::dates::passed_but_future(e, self.opts.today) {
            self.warn(e, "deadlines", "passed-deadline", warning);
        }
        for d in &e.deadlines {
            if d.source >= e.sources.len() {
                self.error(
                    e,
                    "deadlines",
                    Some("source"),
                    "bad-source-index",
                    format!(
                        "deadline source {} does not exist: the entry has {} source(s), numbered from 0",
                        d.source,
                        e.sources.len()
                    ),
                    None,
                );
            }
            for lang in self.config.languages.clone() {
                if d.what.localize(lang).get(lang).is_none() {
                    self.warn(
                        e,
                        "deadlines",
                        "missing-translation",
                        format!(
                            "the deadline of {} says nothing in {lang}: give `what: {{{lang}: …}}`",
                            d.date
                        ),
                    );
                }
            }
        }
        for lang in self.config.languages.clone() {
            // A glossary term is its headword and definition: both languages, always.
            let term = e.kind == Kind::Term;
            for (key, text, what) in [
                ("title", &e.title, if term { "headword" } else { "title" }),
                (
                    "summary",
                    &e.summary,
                    if term {
                        "definition (summary)"
                    } else {
                        "summary"
                    },
                ),
            ] {
                if text.get(lang).is_some() {
                    continue;
                }
                let msg = format!(
                    "no {lang} {what}: give `{key}: {{{lang}: …}}` or a `{}.{lang}.md` translation",
                    e.id.name()
                );
                if term {
                    self.error(e, key, None, "missing-translation", msg, None);
                } else {
                    self.warn(e, key, "missing-translation", msg);
                }
            }
        }
        if e.sources.is_empty() {
            self.warn(
                e,
                "last_reviewed",
                "no-sources",
                "the entry lists no `sources`: say where its facts come from".to_string(),
            );
        }
        let age = (self.opts.today.0 - e.last_reviewed.0).get_days();
        if age > i32::try_from(self.config.stale_after_days).unwrap_or(i32::MAX) {
            self.warn(e, "last_reviewed", "stale", format!("last reviewed {} ({age} days ago, more than {} days): check it against its sources", e.last_reviewed, self.config.stale_after_days));
        }
        if e.last_reviewed.0 > self.opts.today.0 {
            self.error(
                e,
                "last_reviewed",
                None,
                "bad-date",
                format!("last_reviewed {} is in the future", e.last_reviewed),
                None,
            );
        }
        for (i, s) in e.sources.iter().enumerate() {
            if s.accessed.0 > self.opts.today.0 {
                self.error(
                    e,
                    "sources",
                    Some(&s.accessed.to_string()),
                    "bad-date",
                    format!(
                        "source {i} was accessed on {}, which is in the future",
                        s.accessed
                    ),
                    None,
                );
            }
        }
        if !e.bodies.is_empty() {
            for lang in self.config.languages.clone() {
                if !e.bodies.contains_key(&lang) {
                    let (line, col) = (1, 1);
                    self.out.push(
                        Diagnostic::warning(
                            &e.file.path,
                            line,
                            col,
                            "missing-translation",
                            format!("the body exists only in {}; no {lang} translation", e.lang),
                        )
                        .with_help(format!(
                            "write one with `regnav new --translation {} {lang}`",
                            e.id
                        )),
                    );
                }
            }
        }
    }

    fn reference(&mut self, e: &Entry, key: &str, target: &EntryId, kind: Kind) {
        if target.kind() != kind {
            self.error(
                e,
                key,
                Some(target.as_str()),
                "wrong-kind",
                format!(
                    "`{target}` is a {}, but `{key}` lists {}s",
                    target.kind(),
                    kind
                ),
                None,
            );
        } else if !self.entries.contains_key(target) && !self.broken.contains(target) {
            let help = self.suggest(target.as_str(), kind, &e.id);
            let what = if kind == Kind::Term {
                "glossary term"
            } else {
                "entry"
            };
            self.error(
                e,
                key,
                Some(target.as_str()),
                "unknown-id",
                format!("no {what} `{target}` (no file content/{target}.md)"),
                help,
            );
        }
    }

    /// The closest id of a kind to a wrong one (never the entry itself).
    fn suggest(&self, wrong: &str, kind: Kind, own: &EntryId) -> Option<String> {
        let ids = self
            .entries
            .keys()
            .filter(|id| id.kind() == kind && *id != own)
            .map(EntryId::as_str);
        closest(wrong, ids).map(|c| format!("did you mean `{c}`?"))
    }

    fn jurisdiction(&mut self, e: &Entry) {
        let Some(j) = e.jurisdiction() else { return };
        let classes: BTreeSet<&ClassName> = j.classes.iter().collect();
        let ivd: BTreeSet<&ClassName> = if j.ivd_classes.is_empty() {
            classes.clone()
        } else {
            j.ivd_classes.iter().collect()
        };
        let all: BTreeSet<&ClassName> = j.all_classes().collect();
        for (map, valid, key) in [
            (&j.class_map, &classes, "class_map"),
            (&j.ivd_class_map, &ivd, "ivd_class_map"),
        ] {
            for (g, c) in map {
                if !valid.contains(c) {
                    let names: Vec<&str> = valid.iter().map(|c| c.0.as_str()).collect();
                    self.error(
                        e,
                        key,
                        Some(&format!("{g}:")),
                        "unknown-class",
                        format!(
                            "{key} maps {g} to `{c}`, which is not one of the classes ({})",
                            names.join(", ")
                        ),
                        None,
                    );
                }
            }
        }
        for r in &j.routes {
            for c in &r.classes {
                if !all.contains(c) {
                    self.error(
                        e,
                        "routes",
                        Some(&c.0),
                        "unknown-class",
                        format!("route class `{c}` is not one of this jurisdiction's classes"),
                        None,
                    );
                }
            }
            if let Some(req) = &r.requirement {
                self.reference(e, "routes", req, Kind::Requirement);
                if req.scope() != Some(j.code.as_str()) {
                    self.error(
                        e,
                        "routes",
                        Some(req.as_str()),
                        "wrong-jurisdiction",
                        format!("route requirement `{req}` belongs to another jurisdiction"),
                        None,
                    );
                }
            }
        }
    }

    fn requirement(&mut self, e: &Entry) {
        let Some(r) = e.requirement() else { return };
        let jid = EntryId::parse(&format!("jurisdictions/{}", r.jurisdiction))
            .unwrap_or_else(|_| e.id.clone());
        if self.broken.contains(&jid) {
            return; // its own error is reported; checking against it would only cascade
        }
        let jur = self.entries.get(&jid);
        let Some(j) = jur.and_then(Entry::jurisdiction) else {
            self.out.push(Diagnostic::error(
                &e.file.path,
                1,
                1,
                "unknown-jurisdiction",
                format!(
                    "requirements/{}/ has no jurisdiction: create content/jurisdictions/{}.md",
                    r.jurisdiction, r.jurisdiction
                ),
            ));
            return;
        };
        let valid: Vec<&str> = j.all_classes().map(|c| c.0.as_str()).collect();
        let rules = std::iter::once(("applies", &r.applies))
            .chain(r.fees.iter().map(|f| ("fees", &f.applies)))
            .chain(r.document_conditions.values().map(|a| ("documents", a)));
        for (field, fact) in rules.flat_map(|(field, a)| {
            a.all
                .iter()
                .chain(&a.any)
                .chain(&a.none)
                .map(move |f| (field, f))
        }) {
            if let Fact::Class(c) = fact
                && !valid.contains(&c.0.as_str())
            {
                let help = closest(&c.0, valid.iter().copied())
                    .map(|s| format!("did you mean `class:{s}`?"));
                self.error(
                    e,
                    field,
                    Some(&fact.to_string()),
                    "unknown-class",
                    format!(
                        "`{fact}`: {} has no class `{c}` (its classes: {})",
                        r.jurisdiction,
                        valid.join(", ")
                    ),
                    help,
                );
            }
        }
        for dep in &r.depends_on {
            self.reference(e, "depends_on", dep, Kind::Requirement);
            if dep.kind() == Kind::Requirement && dep.scope() != Some(r.jurisdiction.as_str()) {
                self.error(e, "depends_on", Some(dep.as_str()), "wrong-jurisdiction", format!("`{dep}` is a requirement of another jurisdiction: depends_on stays within {}", r.jurisdiction), None);
            }
            if dep == &e.id {
                self.error(
                    e,
                    "depends_on",
                    Some(dep.as_str()),
                    "cycle",
                    "a requirement cannot depend on itself".to_string(),
                    None,
                );
            }
        }
        for d in &r.outcome {
            self.reference(e, "outcome", d, Kind::Document);
        }
        for d in &r.documents {
            self.reference(e, "documents", d, Kind::Document);
        }
        for c in &r.contacts {
            self.reference(e, "contacts", c, Kind::Contact);
        }
        for f in &r.fees {
            let newest = f.checked.map_or(f.as_of.0, |c| c.0.max(f.as_of.0));
            let age = (self.opts.today.0 - newest).get_days();
            let said_latest = f.label.as_ref().is_some_and(super::dates::marked_latest);
            if !said_latest
                && age > i32::try_from(self.config.figure_max_age_days).unwrap_or(i32::MAX)
            {
                self.warn(e, "fees", "old-figure", format!(
                    "a fee valid on {} and not confirmed since ({age} days, more than {}): give the amount in force now, add `checked: <date>` once you have confirmed no newer figure is published, or say `latest confirmed` in its label",
                    f.as_of, self.config.figure_max_age_days
                ));
            }
            if let Some(label) = &f.label
                && let Some(stale) = super::dates::stale_year_label(label, self.opts.today)
            {
                self.warn(e, "fees", "old-fiscal-year", stale);
            }
            if f.source >= e.sources.len() {
                self.error(
                    e,
                    "fees",
                    Some("source"),
                    "bad-source-index",
                    format!(
                        "fee source {} does not exist: the entry has {} source(s), numbered from 0",
                        f.source,
                        e.sources.len()
                    ),
                    None,
                );
            }
            if f.amount_max.is_some_and(|m| m < f.amount) || f.amount < 0.0 {
                self.error(
                    e,
                    "fees",
                    Some("amount"),
                    "bad-value",
                    "a fee's amount must be ≥ 0 and amount_max ≥ amount".to_string(),
                    None,
                );
            }
        }
        let route_step = matches!(
            r.category,
            crate::content::ids::Category::Registration
                | crate::content::ids::Category::Reliance
                | crate::content::ids::Category::ImportLicence
        );
        if route_step && r.duration_days.is_none() && !r.duration_unknown {
            self.warn(e, "category", "no-duration", "a route step without `duration_days`: give `{min, max}` from a source, or `duration_days: unknown` when no source states a time".to_string());
        }
        // A route the market names for some classes only, whose step applies to every device.
        let served: BTreeSet<&str> = j
            .routes
            .iter()
            .filter(|route| route.requirement.as_ref() == Some(&e.id))
            .flat_map(|route| route.classes.iter().map(|c| c.0.as_str()))
            .collect();
        let partial_route = !served.is_empty() && served.len() < j.all_classes().count();
        if route_step && partial_route && r.applies.is_empty() {
            self.warn(e, "category", "applies-everything", format!("{} names this route for some classes only, but with no `applies` the step is added to every plan: say for which classes it applies", r.jurisdiction));
        }
        let spans = r
            .duration_days
            .iter()
            .chain(r.duration_by.iter().map(|(_, d)| d));
        for d in spans.filter(|d| d.min > d.max) {
            self.error(
                e,
                "duration_days",
                None,
                "bad-value",
                format!("duration_days min {} is greater than max {}", d.min, d.max),
                None,
            );
        }
    }

    fn term(&mut self, e: &Entry) {
        let Some(t) = e.term() else { return };
        if t.forms.is_empty() {
            self.error(
                e,
                "forms",
                None,
                "missing-field",
                "a term needs at least one form: how texts write it (`510(k)`, `Premarket Notification`, `市販前届`)".to_string(),
                None,
            );
        }
        for f in &t.forms {
            if f.trim().is_empty() || f.trim() != f {
                self.error(
                    e,
                    "forms",
                    Some(f),
                    "bad-value",
                    format!("form `{f}` is empty or has spaces around it"),
                    None,
                );
            }
        }
        // One form, one term: a text saying it must not be two terms.
        // The library's glossary lists the terms: no walk over every entry
        // (the dev server re-checks every term on each save).
        let others: Vec<&Entry> = match self.lib {
            Some(lib) => lib.terms().collect(),
            None => self
                .entries
                .values()
                .filter(|o| o.kind == Kind::Term)
                .collect(),
        };
        for other in others.into_iter().filter(|o| o.id != e.id) {
            let Some(ot) = other.term() else { continue };
            for f in t
                .forms
                .iter()
                .filter(|f| ot.forms.iter().any(|o| same_form(f, o)))
            {
                self.error(
                    e,
                    "forms",
                    Some(f),
                    "duplicate-form",
                    format!("`{f}` is also a form of `{}`: a text saying it could not tell which term it means", other.id),
                    Some("keep the form on one term and name the other in `see_also`".to_string()),
                );
            }
        }
        let ja = e
            .title
            .get(crate::content::ids::Lang::Ja)
            .unwrap_or_default();
        let starts_with_kanji = ja.chars().next().is_some_and(super::glossary::kanji);
        match &t.reading {
            None if starts_with_kanji => self.error(
                e,
                "title",
                None,
                "missing-reading",
                format!("the Japanese headword `{ja}` starts with kanji: give its `reading` in kana for the 五十音 order of the glossary"),
                None,
            ),
            Some(r) if r.is_empty() || !r.chars().all(|c| matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC)) => self.error(
                e,
                "reading",
                None,
                "bad-value",
                format!("reading `{r}` is not kana: write how the headword is read, in hiragana or katakana"),
                None,
            ),
            _ => {}
        }
        // Programme codes (imdrf, mdsap …) need no jurisdiction file.
        for code in t
            .markets
            .iter()
            .filter(|c| !crate::content::ids::PROGRAMME_CODES.contains(&c.as_str()))
        {
            if crate::content::ids::EntryId::parse(&format!("jurisdictions/{code}"))
                .ok()
                .is_none_or(|j| !self.entries.contains_key(&j) && !self.broken.contains(&j))
            {
                self.warn(e, "markets", "unknown-market", format!("market `{code}` has no jurisdiction file (content/jurisdictions/{code}.md): the glossary names it without a link"));
            }
        }
        for s in &t.see_also {
            self.reference(e, "see_also", s, Kind::Term);
            if s == &e.id {
                self.error(
                    e,
                    "see_also",
                    Some(s.as_str()),
                    "bad-value",
                    "a term cannot be its own `see_also`".to_string(),
                    None,
                );
            }
        }
        for u in &t.entries {
            if u.kind() == Kind::Term {
                self.error(
                    e,
                    "entries",
                    Some(u.as_str()),
                    "wrong-kind",
                    format!("`{u}` is a term: related terms go in `see_also`"),
                    None,
                );
            } else if !self.entries.contains_key(u) && !self.broken.contains(u) {
                let help = self.suggest(u.as_str(), u.kind(), &e.id);
                self.error(
                    e,
                    "entries",
                    Some(u.as_str()),
                    "unknown-id",
                    format!("no entry `{u}` (no file content/{u}.md)"),
                    help,
                );
            }
        }
        if let Some(lib) = self.lib
            && lib.term_users(&e.id).is_empty()
            && t.entries.is_empty()
        {
            self.warn(
                e,
                "forms",
                "unused-term",
                format!(
                    "no entry uses this term: none says {} or links to `@{}`; add the form entries use, list them in `entries`, or drop the term",
                    t.forms.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "),
                    e.id
                ),
            );
        }
    }

    fn contact(&mut self, e: &Entry) {
        let Some(c) = e.contact() else { return };
        let has_details = c.phone.is_some() || c.email.is_some() || c.address.is_some();
        match c.contact_source {
            None if has_details => {
                let key = if c.phone.is_some() {
                    "phone"
                } else if c.email.is_some() {
                    "email"
                } else {
                    "address"
                };
                self.error(e, key, None, "unsourced-contact", "a phone number, e-mail or address needs `contact_source`: the index of the listed source that states it".to_string(), None);
            }
            Some(i) if i >= e.sources.len() => {
                self.error(
                    e,
                    "contact_source",
                    None,
                    "bad-source-index",
                    format!(
                        "contact_source {i} does not exist: the entry has {} source(s)",
                        e.sources.len()
                    ),
                    None,
                );
            }
            _ => {}
        }
    }

    fn bodies(&mut self, e: &Entry) {
        for (lang, body) in &e.bodies {
            for link in &body.links {
                // Where the link is, for a diagnostic: a released body is read
                // again from its file, so only when there is one to give.
                let locate = || {
                    let text = body.text();
                    let (l, c) = markdown::line_col(&text, link.offset);
                    let quoted = text.lines().nth(l).map(str::to_string);
                    (body.line + l, c + 1, quoted)
                };
                let parsed = EntryId::parse(&link.id).ok();
                if parsed.as_ref().is_some_and(|id| self.broken.contains(id)) {
                    continue;
                }
                let target = parsed.filter(|id| self.entries.contains_key(id));
                let Some(target) = target else {
                    let ids = self.entries.keys().map(EntryId::as_str);
                    let what = if link.id.starts_with("glossary/") {
                        format!("no such glossary term (no file content/{}.md)", link.id)
                    } else {
                        "no such entry".to_string()
                    };
                    let (line, col, quoted) = locate();
                    let mut d = Diagnostic::error(
                        &body.path,
                        line,
                        col,
                        "broken-link",
                        format!("link to `@{}`: {what}", link.id),
                    )
                    .with_line(quoted);
                    if let Some(s) = closest(&link.id, ids) {
                        d = d.with_help(format!("did you mean `@{s}`?"));
                    }
                    self.out.push(d);
                    continue;
                };
                if let Some(anchor) = &link.anchor {
                    let t = &self.entries[&target];
                    let found = t
                        .body(*lang)
                        .is_some_and(|(b, _)| b.headings.iter().any(|h| &h.id == anchor))
                        || t.bodies
                            .values()
                            .any(|b| b.headings.iter().any(|h| &h.id == anchor));
                    if !found {
                        let (line, col, quoted) = locate();
                        self.out.push(
                            Diagnostic::error(
                                &body.path,
                                line,
                                col,
                                "broken-link",
                                format!(
                                    "`@{}#{anchor}`: `{}` has no heading with anchor `{anchor}`",
                                    link.id, link.id
                                ),
                            )
                            .with_line(quoted)
                            .with_help(
                                "give the heading an explicit anchor, e.g. `## Fees {#fees}`",
                            ),
                        );
                    }
                }
            }
            for &offset in &body.emphasis_pitfalls {
                let text = body.text();
                let (l, c) = markdown::line_col(&text, offset);
                self.out.push(
                    Diagnostic::warning(&body.path, body.line + l, c + 1, "cjk-emphasis", "this `*` next to Japanese punctuation does not make emphasis (CommonMark flanking rules) and will show as an asterisk")
                        .with_line(text.lines().nth(l).map(str::to_string))
                        .with_help("put the brackets inside the emphasis (`「**登録**」の`) or rephrase"),
                );
            }
        }
    }

    /// Finds `depends_on` cycles and names each once.
    fn cycles(&mut self) {
        let graph: BTreeMap<&EntryId, Vec<&EntryId>> = self
            .entries
            .iter()
            .filter_map(|(id, e)| {
                e.requirement()
                    .map(|r| (id, r.depends_on.iter().filter(|d| *d != id).collect()))
            })
            .collect();
        let mut state: BTreeMap<&EntryId, u8> = BTreeMap::new();
        let mut reported: BTreeSet<Vec<&EntryId>> = BTreeSet::new();
        for start in graph.keys() {
            let mut stack: Vec<(&EntryId, usize)> = vec![(start, 0)];
            let mut path: Vec<&EntryId> = Vec::new();
            if state.get(start).copied().unwrap_or(0) != 0 {
                continue;
            }
            while let Some((node, next)) = stack.pop() {
                if next == 0 {
                    state.insert(node, 1);
                    path.push(node);
                }
                let deps = graph.get(node).map(Vec::as_slice).unwrap_or(&[]);
                if let Some(&dep) = deps.get(next) {
                    stack.push((node, next + 1));
                    match state.get(dep).copied().unwrap_or(0) {
                        0 if graph.contains_key(dep) => stack.push((dep, 0)),
                        1 => {
                            let from = path.iter().position(|p| *p == dep).unwrap_or(0);
                            let mut cycle: Vec<&EntryId> = path[from..].to_vec();
                            let min = cycle
                                .iter()
                                .enumerate()
                                .min_by_key(|(_, id)| **id)
                                .map(|(i, _)| i)
                                .unwrap_or(0);
                            cycle.rotate_left(min);
                            if reported.insert(cycle.clone()) {
                                let mut names: Vec<String> =
                                    cycle.iter().map(|c| c.to_string()).collect();
                                names.push(cycle[0].to_string());
                                let first = &self.entries[cycle[0]];
                                let target = cycle.get(1).copied().unwrap_or(cycle[0]).to_string();
                                self.error(
                                    first,
                                    "depends_on",
                                    Some(&target),
                                    "cycle",
                                    format!("depends_on cycle: {}", names.join(" → ")),
                                    None,
                                );
                            }
                        }
                        _ => {}
                    }
                } else {
                    state.insert(node, 2);
                    path.pop();
                }
            }
        }
    }
}
