//! The front matter as written: serde structs that mirror the files.
//!
//! Closed (`deny_unknown_fields`) and typed with the self-validating values of
//! [`super::ids`], so most mistakes are caught here with line and column.
//! Cross-references are checked later, against the whole library.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ids::*;
use super::text::Text;

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the page or document.
    pub title: Text,
    /// Its address.
    pub url: Url,
    /// When it was read.
    pub accessed: Date,
}

/// Fields every kind has, as the loader hands them on.
#[derive(Debug, Clone)]
pub struct Common {
    /// Title, in every site language.
    pub title: Text,
    /// One or two sentences, in every site language.
    pub summary: Text,
    /// Language of the body; default from `regnav.yaml`.
    pub lang: Option<Lang>,
    /// Kept out of the site unless `--drafts`.
    pub draft: bool,
    /// Extra search terms.
    pub keywords: Vec<String>,
    /// Where the facts come from.
    pub sources: Vec<Source>,
    /// When someone last checked the entry against its sources.
    pub last_reviewed: Date,
    /// Dated rules: transitions, deadlines, dates from which a rule applies.
    pub deadlines: Vec<Deadline>,
}

/// A dated rule: what happens on a date, whom it binds, and the source.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// The day it happens (or happened).
    pub date: Date,
    /// What happens then.
    pub what: Text,
    /// Who or what it binds (class III devices, importers, …).
    pub binds: Option<Text>,
    /// For which devices (the planner lists it in plans it applies to).
    #[serde(default, skip_serializing_if = "Applies::is_empty")]
    pub applies: Applies,
    /// Index into `sources`.
    pub source: usize,
}

/// The names of the fields every kind has.
pub const COMMON_FIELDS: &[&str] = &[
    "title",
    "summary",
    "lang",
    "draft",
    "keywords",
    "sources",
    "last_reviewed",
    "deadlines",
];

/// Declares a front-matter struct with the common fields first. (serde's
/// `flatten` would lose line numbers and break `deny_unknown_fields`.)
macro_rules! front {
    ($(#[$doc:meta])* $name:ident { $($(#[$fattr:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// Title, in every site language.
            pub title: Text,
            /// One or two sentences, in every site language.
            pub summary: Text,
            /// Language of the body; default from `regnav.yaml`.
            pub lang: Option<Lang>,
            /// Kept out of the site unless `--drafts`.
            #[serde(default)]
            pub draft: bool,
            /// Extra search terms.
            #[serde(default)]
            pub keywords: Vec<String>,
            /// Where the facts come from.
            #[serde(default)]
            pub sources: Vec<Source>,
            /// When someone last checked the entry against its sources.
            pub last_reviewed: Date,
            /// Dated rules (transitions, deadlines).
            #[serde(default)]
            pub deadlines: Vec<Deadline>,
            $($(#[$fattr])* pub $field: $ty,)*
        }
        impl $name {
            /// The common fields.
            pub fn common(&self) -> Common {
                Common {
                    title: self.title.clone(),
                    summary: self.summary.clone(),
                    lang: self.lang,
                    draft: self.draft,
                    keywords: self.keywords.clone(),
                    sources: self.sources.clone(),
                    last_reviewed: self.last_reviewed,
                    deadlines: self.deadlines.clone(),
                }
            }
        }
    };
}

/// A market's regulator.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Regulator {
    /// Name in ja/en and `local`.
    pub name: Text,
    /// Acronym (`Thai FDA`, `HSA`).
    pub acronym: Option<String>,
    /// Official web site.
    pub url: Url,
}

/// A law or regulation.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalAct {
    /// Its title.
    pub title: Text,
    /// Where to read it.
    pub url: Url,
}

/// The route to market for some classes.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Name of the route (listing, registration, licence …).
    pub name: Text,
    /// The local classes it serves.
    pub classes: Vec<ClassName>,
    /// Only for general devices or only for IVDs.
    #[serde(rename = "type")]
    pub device_type: Option<DeviceType>,
    /// The requirement that describes it.
    pub requirement: Option<EntryId>,
}

front!(
/// `content/jurisdictions/<code>.md`.
    JurisdictionFront {
        /// Region for grouping.
        pub region: Region,
        /// The regulator.
        pub regulator: Regulator,
        /// Laws and regulations.
        pub legal_basis: Vec<LegalAct>,
        /// Local classes, lowest risk first.
        pub classes: Vec<ClassName>,
        /// GHTF/IMDRF class → local class.
        #[serde(default)]
        pub class_map: BTreeMap<GhtfClass, ClassName>,
        /// What the local classes are called (`II: {ja: 管理医療機器, en:
        /// controlled medical device}`), where the law names them.
        #[serde(default)]
        pub class_labels: BTreeMap<ClassName, Text>,
        /// IVD classes where they differ.
        #[serde(default)]
        pub ivd_classes: Vec<ClassName>,
        /// GHTF/IMDRF IVD class → local IVD class.
        #[serde(default)]
        pub ivd_class_map: BTreeMap<GhtfClass, ClassName>,
        /// Route per class.
        #[serde(default)]
        pub routes: Vec<Route>,
        /// Whether a local representative is needed.
        pub local_representative: LocalRep,
        /// Languages labels and IFU must be in.
        #[serde(default)]
        pub labelling_languages: Vec<LangCode>,
        /// Approvals that unlock reliance routes.
        #[serde(default)]
        pub accepts_reference: Vec<Code>,
        /// For a programme (GCC, EAEU …): the markets it binds.
        #[serde(default)]
        pub members: Vec<Code>,
        /// Names people search for.
        #[serde(default)]
        pub aliases: Vec<String>,
    }
);

/// When a requirement applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Applies {
    /// Every fact present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all: Vec<Fact>,
    /// At least one present (if given).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any: Vec<Fact>,
    /// None present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub none: Vec<Fact>,
}

impl Applies {
    /// Whether no rule is given (applies to every device).
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.any.is_empty() && self.none.is_empty()
    }
}

/// A range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Days {
    /// Shortest.
    pub min: u32,
    /// Longest.
    pub max: u32,
}

/// A range of days for some devices only (`applies`, e.g. one class).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DaysWhen {
    /// Shortest.
    pub min: u32,
    /// Longest.
    pub max: u32,
    /// For which devices.
    #[serde(default)]
    pub applies: Applies,
}

/// A step's duration: `{min, max}` days, or `unknown` (said explicitly,
/// so that `check` can tell a step nobody timed from one no source times).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Duration {
    /// Calendar days.
    Days(Days),
    /// Calendar days that differ by device: `[{min, max, applies}, …]`, the
    /// first whose `applies` holds is the device's.
    ByDevice(Vec<DaysWhen>),
    /// No source states a time.
    Unknown(UnknownWord),
}

/// The word `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UnknownWord {
    /// `unknown`.
    Unknown,
}

/// A fee, with the date it was true and the source that says so.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// What the fee is for.
    pub label: Option<Text>,
    /// Amount (or the lower bound).
    pub amount: f64,
    /// Upper bound, when the fee is a range.
    pub amount_max: Option<f64>,
    /// ISO 4217.
    pub currency: Currency,
    /// When the amount was valid.
    pub as_of: Date,
    /// Index into `sources`.
    pub source: usize,
    /// The day someone last confirmed that this amount is still the one in
    /// force (no newer figure published), when that is later than `as_of`.
    pub checked: Option<Date>,
    /// For which devices this fee is charged (default: every device the step applies to).
    #[serde(default)]
    pub applies: Applies,
    /// Charged only in some cases a rule cannot tell ("where expert
    /// evaluation is needed"): said in the plan, counted in its upper bound only.
    pub only_if: Option<Text>,
}

/// A document a step needs: its id, or `{id, applies}` when only some
/// devices need it (e.g. a clinical investigation report for class D).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum DocumentNeed {
    /// Always needed.
    Always(EntryId),
    /// Needed when `applies` holds.
    When {
        /// The document.
        id: EntryId,
        /// For which devices.
        applies: Applies,
    },
}

front!(
/// `content/requirements/<code>/<name>.md`.
    RequirementFront {
        /// What it is about.
        pub category: Category,
        /// When it applies.
        #[serde(default)]
        pub applies: Applies,
        /// Order among the market's steps.
        pub step: Option<u32>,
        /// Requirements of the same jurisdiction that come first.
        #[serde(default)]
        pub depends_on: Vec<EntryId>,
        /// Typical duration, or `unknown` when no source states one.
        pub duration_days: Option<Duration>,
        /// Fees.
        #[serde(default)]
        pub fees: Vec<Fee>,
        /// Documents needed.
        #[serde(default)]
        pub documents: Vec<DocumentNeed>,
        /// Whom to ask.
        #[serde(default)]
        pub contacts: Vec<EntryId>,
        /// Validity of the result.
        pub validity_years: Option<f64>,
        /// What the step yields (`documents/…`): a plan whose profile holds
        /// all of them counts the step as done (`--have`).
        #[serde(default)]
        pub outcome: Vec<EntryId>,
    }
);

front!(
/// `content/documents/<name>.md`.
    DocumentFront {
        /// Standards that define it.
        #[serde(default)]
        pub standards: Vec<String>,
        /// Who issues it.
        pub issued_by: Option<Text>,
        /// Which devices ever need it (`type:ivd` for a performance
        /// evaluation, `attr:sterile` for sterilisation validation); a step
        /// lists it only for those.
        #[serde(default)]
        pub applies: Applies,
        /// The jurisdiction whose approval this document is (a CE
        /// certificate: `eu`): holding it is the fact `ref:<code>`.
        pub approval_of: Option<Code>,
    }
);

front!(
/// `content/contacts/<country>/<name>.md`.
    ContactFront {
        /// What kind of place.
        #[serde(rename = "type")]
        pub contact_type: ContactType,
        /// The organisation.
        pub organisation: Text,
        /// What they help with.
        pub helps_with: Text,
        /// Countries served; default the folder's country.
        #[serde(default)]
        pub covers: Vec<Code>,
        /// Official page.
        pub url: Url,
        /// Only when a listed source states it.
        pub phone: Option<String>,
        /// Only when a listed source states it.
        pub email: Option<String>,
        /// Only when a listed source states it.
        pub address: Option<Text>,
        /// Index into `sources` of the source stating phone/email/address.
        pub contact_source: Option<usize>,
    }
);

front!(
/// `content/guides/<name>.md`.
    GuideFront {
        /// Markets the guide is about.
        #[serde(default)]
        pub jurisdictions: Vec<EntryId>,
    }
);

front!(
/// `content/glossary/<name>.md`: one term of the glossary. The title is the
/// headword in each language, the summary its definition.
    TermFront {
        /// The term as it is written in texts, in every form: the acronym,
        /// its expansion, the Japanese and local names (`510(k)`,
        /// `Premarket Notification`, `市販前届`). Entries that say one of
        /// them use the term; their pages link its first use to the glossary.
        pub forms: Vec<String>,
        /// The reading of the Japanese headword in kana, for the 五十音
        /// order of the index (needed when the headword starts with kanji).
        pub reading: Option<String>,
        /// The markets and programmes it belongs to (jurisdiction codes);
        /// empty for terms of the whole field.
        #[serde(default)]
        pub markets: Vec<Code>,
        /// Related terms (`glossary/<name>`).
        #[serde(default)]
        pub see_also: Vec<EntryId>,
        /// Entries about the term that do not say any of its forms (entries
        /// that say one are found without being listed).
        #[serde(default)]
        pub entries: Vec<EntryId>,
    }
);

front!(
/// `content/classification/<name>.md`.
    ClassificationFront {
        /// What the rules decide: `ghtf` (class A–D) or `samd` (category I–IV).
        pub scheme: Scheme,
        /// `general` or `ivd` (which `class_map` a GHTF class goes through).
        #[serde(rename = "type")]
        pub device_type: Option<DeviceType>,
        /// Position among the rule sets offered first (lowest first).
        pub order: Option<u32>,
        /// The questions, in the order asked.
        pub questions: Vec<super::classification::QuestionRaw>,
        /// The rules, in the order of the source.
        pub rules: Vec<super::classification::RuleRaw>,
    }
);

/// A translation file `<name>.<lang>.md`: translatable fields only.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TranslationFront {
    /// Title in this language.
    pub title: Option<String>,
    /// Summary in this language.
    pub summary: Option<String>,
    /// Hash of the original body this was translated from.
    pub translated_from: Option<ShortHash>,
}

/// The fields a translation may set.
pub const TRANSLATION_FIELDS: &[&str] = &["title", "summary", "translated_from"];
