//! The small typed values of the schema: ids, codes, dates, money, facts and
//! the closed vocabularies (kinds, categories, attributes …).
//!
//! Each validates itself while being deserialized, so a bad value is reported
//! by serde with the exact line and column of the value in the file.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

/// Declares a string newtype that validates on deserialize, with a JSON Schema.
macro_rules! validated_string {
    ($(#[$doc:meta])* $name:ident, $pattern:literal, $desc:literal, $check:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Validates and wraps `s`.
            pub fn parse(s: &str) -> Result<Self, String> {
                let check: fn(&str) -> Result<String, String> = $check;
                check(s).map($name)
            }
            /// The value as written (normalised).
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::parse(&s).map_err(de::Error::custom)
            }
        }
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({"type": "string", "pattern": $pattern, "description": $desc})
            }
        }
    };
}

/// Region and programme codes usable wherever a country code is.
pub const PROGRAMME_CODES: &[&str] = &[
    "eu", "asean", "gcc", "eaeu", "amrh", "who-pq", "mdsap", "imdrf", "ghwp",
];

validated_string!(
    /// A jurisdiction or country code: ISO 3166-1 alpha-2 in lower case, or a
    /// documented region/programme code (`eu`, `who-pq` …).
    Code,
    "^([a-z]{2}|eu|asean|gcc|eaeu|amrh|who-pq|mdsap|imdrf|ghwp)$",
    "ISO 3166-1 alpha-2 country code in lower case, or eu, asean, gcc, eaeu, amrh, who-pq, mdsap, imdrf, ghwp",
    |s| {
        if PROGRAMME_CODES.contains(&s) {
            return Ok(s.to_string());
        }
        let ok = s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase()) && rust_iso3166::from_alpha2(&s.to_ascii_uppercase()).is_some();
        if ok {
            Ok(s.to_string())
        } else {
            Err(format!(
                "`{s}` is not a country code (ISO 3166-1 alpha-2, lower case) nor one of {}",
                PROGRAMME_CODES.join(", ")
            ))
        }
    }
);

validated_string!(
    /// An ISO 4217 currency code (`USD`, `THB`, `EUR` …).
    Currency,
    "^[A-Z]{3}$",
    "ISO 4217 currency code",
    |s| match iso_currency::Currency::from_code(s) {
        Some(_) => Ok(s.to_string()),
        None => Err(format!("`{s}` is not an ISO 4217 currency code (e.g. USD, EUR, THB, JPY)")),
    }
);

validated_string!(
    /// A URL: absolute `http(s)://`.
    Url,
    "^https?://",
    "absolute http(s) URL",
    |s| {
        let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
        match rest {
            Some(r) if !r.is_empty() && !s.chars().any(char::is_whitespace) => Ok(s.to_string()),
            _ => Err(format!("`{s}` is not an absolute http(s) URL")),
        }
    }
);

validated_string!(
    /// A language code for labelling (`th`, `en`, `zh-hant`, `pt-br`).
    LangCode,
    "^[a-z]{2,3}(-[a-z0-9]{2,8})*$",
    "language code such as th, en, zh-hant",
    |s| {
        let mut parts = s.split('-');
        let first_ok = parts.next().is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
        if first_ok && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())) {
            Ok(s.to_string())
        } else {
            Err(format!("`{s}` is not a language code (e.g. th, en, zh-hant)"))
        }
    }
);

validated_string!(
    /// A short hex hash of an original body, recorded by translations.
    ShortHash,
    "^[0-9a-f]{8}$",
    "8 hexadecimal digits written by `regnav new --translation`",
    |s| {
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
            Ok(s.to_string())
        } else {
            Err(format!("`{s}` is not an 8-digit lower-case hex hash"))
        }
    }
);

/// Whether `s` is a valid id segment: `[a-z0-9-]+`.
pub fn is_segment(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

validated_string!(
    /// An entry id: its path under `content/` without `.md` and language suffix,
    /// e.g. `requirements/th/establishment-licence`.
    EntryId,
    "^(jurisdictions|documents|guides|glossary|classification)/[a-z0-9-]+$|^(requirements|contacts)/[a-z0-9-]+/[a-z0-9-]+$",
    "full id of an entry, e.g. requirements/th/listing, documents/csdt or glossary/510k",
    |s| {
        let parts: Vec<&str> = s.split('/').collect();
        let depth = parts.first().and_then(|k| Kind::from_folder(k)).map(Kind::depth);
        if depth == Some(parts.len()) && parts.iter().all(|p| is_segment(p)) {
            Ok(s.to_string())
        } else {
            Err(format!(
                "`{s}` is not an entry id: expected `jurisdictions/<code>`, `requirements/<code>/<name>`, `documents/<name>`, `contacts/<country>/<name>`, `guides/<name>`, `glossary/<name>` or `classification/<name>` with segments of a-z, 0-9 and -"
            ))
        }
    }
);

impl EntryId {
    /// The kind, from the first segment.
    pub fn kind(&self) -> Kind {
        self.0
            .split('/')
            .next()
            .and_then(Kind::from_folder)
            .unwrap_or(Kind::Guide)
    }

    /// The segment after the kind for requirements and contacts (their
    /// jurisdiction or country), or the name itself for jurisdictions.
    pub fn scope(&self) -> Option<&str> {
        let mut parts = self.0.split('/');
        parts.next();
        match self.kind() {
            Kind::Jurisdiction | Kind::Requirement | Kind::Contact => parts.next(),
            _ => None,
        }
    }

    /// The last segment.
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }
}

/// Declares a closed vocabulary: a kebab-case enum with its list of names.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, schemars::JsonSchema)]
        pub enum $name {
            $($(#[$vdoc])* #[doc = concat!("`", $text, "`")] #[serde(rename = $text)] $variant),+
        }
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The name as written in files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Parses the name as written in files.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
            /// The names, for "expected one of" messages.
            pub fn names() -> impl Iterator<Item = &'static str> {
                Self::ALL.iter().map(|v| v.as_str())
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::parse(s).ok_or_else(|| {
                    let names: Vec<&str> = Self::names().collect();
                    format!("unknown {} `{s}`; expected one of {}", stringify!($name).to_lowercase(), names.join(", "))
                })
            }
        }
    };
}

vocabulary!(
    /// A site language.
    Lang { Ja = "ja", En = "en" }
);

vocabulary!(
    /// The six kinds of entry, each with its folder under `content/`.
    Kind {
        /// A market or programme.
        Jurisdiction = "jurisdiction",
        /// One thing to do in a market.
        Requirement = "requirement",
        /// A dossier document shared across markets.
        Document = "document",
        /// A place to ask.
        Contact = "contact",
        /// A longer article.
        Guide = "guide",
        /// A glossary term (`content/glossary/<name>.md`).
        Term = "term",
        /// A set of classification rules (GHTF general devices, IVDs, IMDRF SaMD).
        Classification = "classification",
    }
);

impl Kind {
    /// The folder under `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Jurisdiction => "jurisdictions",
            Kind::Requirement => "requirements",
            Kind::Document => "documents",
            Kind::Contact => "contacts",
            Kind::Guide => "guides",
            Kind::Term => "glossary",
            Kind::Classification => "classification",
        }
    }

    /// The kind whose folder is `folder`.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.folder() == folder)
    }

    /// Number of id segments: `requirements/th/x` has 3.
    pub fn depth(self) -> usize {
        match self {
            Kind::Requirement | Kind::Contact => 3,
            _ => 2,
        }
    }
}

vocabulary!(
    /// Where a jurisdiction is, for grouping on the home page.
    Region {
        Asia = "asia", Europe = "europe", NorthAmerica = "north-america", LatinAmerica = "latin-america",
        MiddleEast = "middle-east", Africa = "africa", Oceania = "oceania", Global = "global",
    }
);

vocabulary!(
    /// What a requirement is about.
    Category {
        Classification = "classification", Registration = "registration", Reliance = "reliance",
        QualitySystem = "quality-system", LocalRepresentative = "local-representative",
        ImportLicence = "import-licence", Labelling = "labelling", ClinicalEvidence = "clinical-evidence",
        Fees = "fees", PostMarket = "post-market", Udi = "udi",
        SoftwareAiCybersecurity = "software-ai-cybersecurity", Reimbursement = "reimbursement",
        Procurement = "procurement", DistributionMaintenance = "distribution-maintenance",
        Renewal = "renewal", Advertising = "advertising", RadiationRadio = "radiation-radio",
        HealthData = "health-data", Other = "other",
    }
);

vocabulary!(
    /// General medical device or in-vitro diagnostic.
    DeviceType { General = "general", Ivd = "ivd" }
);

vocabulary!(
    /// A device attribute that makes requirements apply.
    Attr {
        Software = "software", Ai = "ai", Sterile = "sterile", Measuring = "measuring",
        Implantable = "implantable", Therapeutic = "therapeutic", DiagnosticImaging = "diagnostic-imaging",
        RadiationEmitting = "radiation-emitting", Active = "active", Connected = "connected",
        SingleUse = "single-use", Reusable = "reusable", HomeUse = "home-use", Combination = "combination",
        CustomMade = "custom-made", AnimalTissue = "animal-tissue", Nanomaterial = "nanomaterial",
        SmallBusiness = "small-business",
    }
);

vocabulary!(
    /// What kind of place a contact is. The order is the order in which
    /// "whom to ask" lists them (the site and the checklist alike).
    ContactType {
        EmbassyBusinessDesk = "embassy-business-desk", CrossBorderEconomicOfficer = "cross-border-economic-officer",
        JetroOffice = "jetro-office", Regulator = "regulator", IndustryAssociation = "industry-association",
        Other = "other",
    }
);

vocabulary!(
    /// Whether a foreign maker needs a local representative / licence holder.
    LocalRep { Required = "required", NotRequired = "not-required", Conditional = "conditional" }
);

vocabulary!(
    /// What a classification rule set decides: a GHTF/IMDRF class A–D
    /// (mapped to every market's classes) or an IMDRF SaMD category I–IV.
    Scheme { Ghtf = "ghtf", Samd = "samd" }
);

impl Scheme {
    /// The outcomes of the scheme, lowest risk first.
    pub fn classes(self) -> &'static [&'static str] {
        match self {
            Scheme::Ghtf => &["A", "B", "C", "D"],
            Scheme::Samd => &["I", "II", "III", "IV"],
        }
    }
}

vocabulary!(
    /// A GHTF/IMDRF risk class.
    GhtfClass { A = "A", B = "B", C = "C", D = "D" }
);

/// A calendar date `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates.
    pub fn parse(s: &str) -> Result<Date, String> {
        let ok_shape = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
        match s.parse::<jiff::civil::Date>() {
            Ok(d) if ok_shape => Ok(Date(d)),
            _ => Err(format!(
                "`{s}` is not a date: expected YYYY-MM-DD, a real calendar date"
            )),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(de::Error::custom)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"})
    }
}

/// A local device class name (`"2"`, `"IIa"`, `"B"`); numbers are accepted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct ClassName(pub String);

impl<'de> Deserialize<'de> for ClassName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = ClassName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a class name such as \"2\", \"IIa\" or \"B\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ClassName, E> {
                if v.is_empty() || v.contains(char::is_whitespace) || v.contains(',') {
                    return Err(E::custom(format!(
                        "`{v}` is not a class name (no spaces or commas)"
                    )));
                }
                Ok(ClassName(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ClassName, E> {
                Ok(ClassName(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ClassName, E> {
                Ok(ClassName(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl fmt::Display for ClassName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A fact about a device in one market, as used by `applies` rules.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fact {
    /// `class:<local class>`.
    Class(ClassName),
    /// `type:general|ivd`.
    Type(DeviceType),
    /// `attr:<attribute>`.
    Attr(Attr),
    /// `ref:<jurisdiction>`: the device already holds an approval there.
    Ref(Code),
}

impl Fact {
    /// Parses `class:2`, `type:ivd`, `attr:software`, `ref:us`.
    pub fn parse(s: &str) -> Result<Fact, String> {
        let (key, value) = s.split_once(':').ok_or_else(|| {
            format!(
                "`{s}` is not a fact: expected `class:<c>`, `type:<t>`, `attr:<a>` or `ref:<code>`"
            )
        })?;
        let expected = |what: &str, names: Vec<&str>| {
            let hint = crate::diag::did_you_mean(value, names.iter().copied())
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            format!(
                "unknown {what} `{value}` in `{s}`, expected one of {}{hint}",
                names.join(", ")
            )
        };
        match key {
            "class" => {
                ClassName::deserialize(de::value::StrDeserializer::<de::value::Error>::new(value))
                    .map(Fact::Class)
                    .map_err(|e| e.to_string())
            }
            "type" => DeviceType::parse(value)
                .map(Fact::Type)
                .ok_or_else(|| expected("device type", DeviceType::names().collect())),
            "attr" => Attr::parse(value)
                .map(Fact::Attr)
                .ok_or_else(|| expected("attribute", Attr::names().collect())),
            "ref" => Code::parse(value).map(Fact::Ref),
            other => Err(format!(
                "unknown fact kind `{other}` in `{s}`, expected `class:`, `type:`, `attr:` or `ref:`{}",
                crate::diag::did_you_mean(other, ["class", "type", "attr", "ref"])
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default()
            )),
        }
    }
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fact::Class(c) => write!(f, "class:{c}"),
            Fact::Type(t) => write!(f, "type:{t}"),
            Fact::Attr(a) => write!(f, "attr:{a}"),
            Fact::Ref(r) => write!(f, "ref:{r}"),
        }
    }
}

impl Serialize for Fact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Fact::parse(&s).map_err(de::Error::custom)
    }
}

impl schemars::JsonSchema for Fact {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Fact".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "pattern": "^(class|type|attr|ref):.+$",
            "description": "class:<local class>, type:general|ivd, attr:<attribute>, ref:<jurisdiction code>"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(Code::parse("th").is_ok());
        assert!(Code::parse("who-pq").is_ok());
        assert!(Code::parse("TH").is_err());
        assert!(Code::parse("xx").is_err());
        assert!(Currency::parse("THB").is_ok());
        assert!(Currency::parse("THX").is_err());
    }

    #[test]
    fn ids() {
        assert!(EntryId::parse("requirements/th/listing").is_ok());
        assert!(EntryId::parse("requirements/th").is_err());
        assert!(EntryId::parse("documents/ISO").is_err());
        assert!(EntryId::parse("documents/../x").is_err());
        assert_eq!(EntryId::parse("contacts/th/x").unwrap().scope(), Some("th"));
    }

    #[test]
    fn dates() {
        assert!(Date::parse("2026-02-28").is_ok());
        assert!(Date::parse("2026-02-30").is_err());
        assert!(Date::parse("2026-2-3").is_err());
    }

    #[test]
    fn facts() {
        assert_eq!(
            Fact::parse("class:2").unwrap(),
            Fact::Class(ClassName("2".into()))
        );
        assert_eq!(
            Fact::parse("type:ivd").unwrap(),
            Fact::Type(DeviceType::Ivd)
        );
        let err = Fact::parse("attr:sofware").unwrap_err();
        assert!(err.contains("did you mean `software`"), "{err}");
        assert!(Fact::parse("ref:zz").is_err());
        assert!(Fact::parse("klass:2").unwrap_err().contains("`class`"));
    }
}
