//! From files to a [`Library`]: parse every file in parallel, pair originals
//! with their translations, resolve texts, then validate the whole (see
//! [`super::validate`]). Every problem becomes a diagnostic; loading never
//! stops at the first one.

use super::ids::{Code, Date, EntryId, Lang};
use super::library::Library;
use super::model::*;
use super::parse::{Front, ParsedContent, ParsedFile};
use super::raw;
use super::raw::DocumentNeed;
use super::text::Localized;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::kb::KbFiles;

/// Options of a load.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    /// "Today", for staleness warnings (fixed in tests).
    pub today: Date,
    /// Keep `draft: true` entries.
    pub drafts: bool,
}

impl LoadOptions {
    /// Today's date on this machine, drafts excluded.
    pub fn now() -> LoadOptions {
        LoadOptions {
            today: Date(jiff::ZonedDateTime::now().date()),
            drafts: false,
        }
    }
}

/// A loaded knowledge base and what was found wrong with it.
#[derive(Debug)]
pub struct Loaded {
    /// The entries that could be read.
    pub library: Library,
    /// Errors and warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The errors among the diagnostics.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect()
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads and validates a knowledge base. Fails only when `regnav.yaml` itself
/// is unusable; content problems are in [`Loaded::diagnostics`].
pub fn load(kb: &KbFiles, opts: LoadOptions) -> Result<Loaded, crate::Error> {
    super::live::LiveLibrary::load(kb, opts).map(super::live::LiveLibrary::into_loaded)
}

/// [`load`] taking the files, so that each file's bytes are dropped once
/// parsed (for commands that load once and do not read the files again);
/// with `release`, bodies beyond its budget are not held either.
pub fn load_owned(
    kb: KbFiles,
    opts: LoadOptions,
    release: Option<&super::live::Release>,
) -> Result<Loaded, crate::Error> {
    super::live::LiveLibrary::load_owned(kb, opts, release)
        .map(super::live::LiveLibrary::into_loaded)
}

/// The entry of one id, from its files: the original (if it parsed, and is
/// published or drafts are wanted) with its translations merged in, and
/// what was wrong in pairing them. Translations come in path order.
pub(super) fn assemble(
    id: &EntryId,
    original: Option<&Result<ParsedFile, Diagnostic>>,
    translations: &[&ParsedFile],
    config: &Config,
    opts: LoadOptions,
) -> (Option<Entry>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let entry = match original {
        // The original's own error is reported; its translations wait for it.
        Some(Err(_)) => return (None, diagnostics),
        Some(Ok(file)) => match &file.content {
            ParsedContent::Original(front) if opts.drafts || !front.common().draft => {
                build_entry(file, front, config)
            }
            _ => return (None, diagnostics),
        },
        None => {
            for file in translations {
                diagnostics.push(
                    Diagnostic::error(
                        &file.file.path,
                        1,
                        1,
                        "translation-without-original",
                        format!(
                            "this is a translation of `{id}`, but there is no original `content/{id}.md`"
                        ),
                    )
                    .with_line(file.file.line(1)),
                );
            }
            return (None, diagnostics);
        }
    };
    let mut entry = entry;
    for file in translations {
        let ParsedContent::Translation(t) = &file.content else {
            continue;
        };
        let lang = file.translation.unwrap_or(config.default_language);
        if entry.bodies.contains_key(&lang) && entry.lang == lang {
            diagnostics.push(Diagnostic::error(
                &file.file.path,
                1,
                1,
                "duplicate-id",
                format!(
                    "`{}` has two {lang} bodies: the original `{}` is itself written in {lang}",
                    file.id, entry.file.path
                ),
            ));
            continue;
        }
        merge_translation(&mut entry, file, t, lang, &mut diagnostics);
    }
    (Some(entry), diagnostics)
}

fn merge_translation(
    entry: &mut Entry,
    file: &ParsedFile,
    t: &raw::TranslationFront,
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(title) = &t.title {
        entry
            .title
            .0
            .insert(lang.as_str().to_string(), title.clone());
    }
    if let Some(summary) = &t.summary {
        entry
            .summary
            .0
            .insert(lang.as_str().to_string(), summary.clone());
    }
    let original = entry
        .bodies
        .get(&entry.lang)
        .map(|b| b.markdown())
        .unwrap_or("");
    let current = super::parse::body_hash(original);
    match &t.translated_from {
        Some(h) if h.as_str() != current => {
            let (line, col) = super::parse::locate(&file.file, "translated_from", None);
            diags.push(
                Diagnostic::warning(
                    &file.file.path,
                    line,
                    col,
                    "translation-behind",
                    format!("the original `{}` has changed since this translation was made", entry.file.path),
                )
                .with_line(file.file.line(line))
                .with_help(format!("bring the text up to date, then set `translated_from: {current}`")),
            );
        }
        None if !file.file.body.trim().is_empty() => diags.push(
            Diagnostic::warning(&file.file.path, 1, 1, "translation-unversioned", "the translation does not record `translated_from`, so regnav cannot tell when it falls behind")
                .with_help(format!("add `translated_from: {current}` if it matches the original as it is now")),
        ),
        _ => {}
    }
    if !file.file.body.trim().is_empty() {
        entry.bodies.insert(
            lang,
            Body::new(
                &file.file,
                file.links.clone(),
                file.headings.clone(),
                file.emphasis_pitfalls.clone(),
            ),
        );
    }
}

fn build_entry(file: &ParsedFile, front: &Front, config: &Config) -> Entry {
    let common = front.common();
    let lang = common.lang.unwrap_or(config.default_language);
    let loc = |t: &super::text::Text| t.localize(lang);
    let scope = file.id.scope().and_then(|s| Code::parse(s).ok());
    let code = || {
        scope.clone().unwrap_or_else(|| {
            Code::parse("eu").unwrap_or_else(|_| unreachable!("eu is a programme code"))
        })
    };
    let data = match front {
        Front::Jurisdiction(j) => EntryData::Jurisdiction(Jurisdiction {
            code: code(),
            region: j.region,
            regulator: Regulator {
                name: loc(&j.regulator.name),
                acronym: j.regulator.acronym.clone(),
                url: j.regulator.url.clone(),
            },
            legal_basis: j
                .legal_basis
                .iter()
                .map(|l| LegalAct {
                    title: loc(&l.title),
                    url: l.url.clone(),
                })
                .collect(),
            classes: j.classes.clone(),
            class_map: j.class_map.clone(),
            class_labels: j
                .class_labels
                .iter()
                .map(|(c, t)| (c.clone(), loc(t)))
                .collect(),
            ivd_classes: j.ivd_classes.clone(),
            ivd_class_map: j.ivd_class_map.clone(),
            routes: j
                .routes
                .iter()
                .map(|r| Route {
                    name: loc(&r.name),
                    classes: r.classes.clone(),
                    device_type: r.device_type,
                    requirement: r.requirement.clone(),
                })
                .collect(),
            local_representative: j.local_representative,
            labelling_languages: j.labelling_languages.clone(),
            accepts_reference: j.accepts_reference.clone(),
            members: j.members.clone(),
            aliases: j.aliases.clone(),
        }),
        Front::Requirement(r) => EntryData::Requirement(Requirement {
            jurisdiction: code(),
            category: r.category,
            applies: r.applies.clone(),
            step: r.step,
            depends_on: r.depends_on.clone(),
            duration_days: match &r.duration_days {
                Some(raw::Duration::Days(d)) => Some(*d),
                Some(raw::Duration::ByDevice(v)) if !v.is_empty() => Some(raw::Days {
                    min: v.iter().map(|d| d.min).min().unwrap_or(0),
                    max: v.iter().map(|d| d.max).max().unwrap_or(0),
                }),
                _ => None,
            },
            duration_by: match &r.duration_days {
                Some(raw::Duration::ByDevice(v)) => v
                    .iter()
                    .map(|d| {
                        (
                            d.applies.clone(),
                            raw::Days {
                                min: d.min,
                                max: d.max,
                            },
                        )
                    })
                    .collect(),
                _ => vec![],
            },
            duration_unknown: matches!(r.duration_days, Some(raw::Duration::Unknown(_))),
            fees: r
                .fees
                .iter()
                .map(|f| Fee {
                    label: f.label.as_ref().map(loc),
                    amount: f.amount,
                    amount_max: f.amount_max,
                    currency: f.currency.clone(),
                    as_of: f.as_of,
                    source: f.source,
                    checked: f.checked,
                    applies: f.applies.clone(),
                    only_if: f.only_if.as_ref().map(loc),
                })
                .collect(),
            documents: r
                .documents
                .iter()
                .map(|d| match d {
                    DocumentNeed::Always(id) | DocumentNeed::When { id, .. } => id.clone(),
                })
                .collect(),
            document_conditions: r
                .documents
                .iter()
                .filter_map(|d| match d {
                    DocumentNeed::When { id, applies } => Some((id.clone(), applies.clone())),
                    DocumentNeed::Always(_) => None,
                })
                .collect(),
            contacts: r.contacts.clone(),
            validity_years: r.validity_years,
            outcome: r.outcome.clone(),
        }),
        Front::Document(d) => EntryData::Document(Document {
            standards: d.standards.clone(),
            issued_by: d.issued_by.as_ref().map(loc),
            applies: d.applies.clone(),
            approval_of: d.approval_of.clone(),
        }),
        Front::Contact(c) => {
            let country = code();
            EntryData::Contact(Contact {
                covers: if c.covers.is_empty() {
                    vec![country.clone()]
                } else {
                    c.covers.clone()
                },
                country,
                contact_type: c.contact_type,
                organisation: loc(&c.organisation),
                helps_with: loc(&c.helps_with),
                url: c.url.clone(),
                phone: c.phone.clone(),
                email: c.email.clone(),
                address: c.address.as_ref().map(loc),
                contact_source: c.contact_source,
            })
        }
        Front::Guide(g) => EntryData::Guide(Guide {
            jurisdictions: g.jurisdictions.clone(),
        }),
        Front::Term(t) => EntryData::Term(Term {
            forms: t.forms.clone(),
            reading: t.reading.clone(),
            markets: t.markets.clone(),
            see_also: t.see_also.clone(),
            entries: t.entries.clone(),
        }),
        Front::Classification(c) => {
            EntryData::Classification(super::classification::RuleSet::resolve(
                lang,
                c.scheme,
                c.device_type,
                c.order,
                &c.questions,
                &c.rules,
            ))
        }
    };
    let mut bodies = litemap::LiteMap::new();
    if !file.file.body.trim().is_empty() {
        bodies.insert(
            lang,
            Body::new(
                &file.file,
                file.links.clone(),
                file.headings.clone(),
                file.emphasis_pitfalls.clone(),
            ),
        );
    }
    Entry {
        kind: file.id.kind(),
        id: file.id.clone(),
        title: loc(&common.title),
        summary: loc(&common.summary),
        bodies,
        lang,
        draft: common.draft,
        keywords: common.keywords,
        sources: common.sources,
        last_reviewed: common.last_reviewed,
        deadlines: common.deadlines,
        data,
        file: file.file.clone(),
    }
}

/// Resolves a plain text in one language (used for translation-only fields).
pub fn plain(lang: Lang, s: &str) -> Localized {
    Localized::one(lang, s)
}
