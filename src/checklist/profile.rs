//! A device profile: target markets and the facts about the device.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::content::Library;
use crate::content::ids::{Attr, Code, DeviceType, EntryId, GhtfClass, Kind, Lang};
use crate::diag::did_you_mean;

/// How the device's class is given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClassSpec {
    /// One GHTF/IMDRF class for every market, mapped through `class_map`.
    pub global: Option<GhtfClass>,
    /// Per-market classes in the market's own scheme (or A–D, mapped).
    pub per_market: BTreeMap<String, String>,
    /// Classes given in another scheme (US, EU, Japan) and the GHTF class
    /// taken for them, said in English: `EU IIb → C (a usual
    /// correspondence, not a classification)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub converted: Vec<Converted>,
}

/// A class given in another scheme and the GHTF class taken for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Converted {
    /// As given: `EU IIb`.
    pub from: String,
    /// The GHTF/IMDRF class taken.
    pub ghtf: GhtfClass,
    /// For this market only (`th=IIb`), or every market.
    pub market: Option<String>,
    /// How sure: English, Japanese.
    pub caveat: (String, String),
}

/// What the user asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// Target markets, in the order given.
    pub markets: Vec<Code>,
    /// The class.
    pub class: ClassSpec,
    /// General device or IVD.
    #[serde(rename = "type")]
    pub device_type: DeviceType,
    /// Attributes (software, ai, sterile …), sorted.
    pub attrs: Vec<Attr>,
    /// Jurisdictions where the device already holds an approval, sorted.
    pub refs: Vec<Code>,
    /// Documents and approvals already held (`documents/…`), sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub have: Vec<EntryId>,
    /// The approvals the held documents are (`approval_of` of a held CE
    /// certificate: `eu`), sorted: facts `ref:<code>` like `refs`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub have_refs: Vec<Code>,
}

/// The profile as typed: `regnav checklist`'s flags (`--to th,vn --class C`)
/// and the MCP `checklist` tool's arguments (`{"to": ["th", "vn"], "class":
/// ["C"]}`) are this one type, so the tool's JSON Schema and the CLI's help
/// come from the same fields and doc comments and cannot drift apart. Lists
/// may also be comma-separated in each item (`["th,vn"]`).
#[derive(Debug, Clone, Default, clap::Args, Deserialize, schemars::JsonSchema)]
pub struct ProfileInput {
    /// Target markets: th,vn,sg (codes; `list_markets` over MCP lists them).
    #[arg(long, required = true, value_delimiter = ',')]
    pub to: Vec<String>,
    /// Classes: GHTF/IMDRF A–D for every market, a US/EU/Japan class (IIb,
    /// jp:III), and/or per market in its own scheme (th=3,vn=C).
    #[arg(long, value_delimiter = ',')]
    #[serde(default)]
    pub class: Vec<String>,
    /// general or ivd.
    #[arg(long = "type")]
    #[serde(default, rename = "type")]
    pub device_type: Option<String>,
    /// Attributes: software,ai,sterile,measuring,implantable,active,connected…
    #[arg(long = "attr", value_delimiter = ',')]
    #[serde(default, rename = "attr")]
    pub attrs: Vec<String>,
    /// Markets where the device already holds an approval: us,eu,jp…
    #[arg(long = "ref", value_delimiter = ',')]
    #[serde(default, rename = "ref")]
    pub refs: Vec<String>,
    /// Documents and approvals already held (documents/… names):
    /// iso-13485-certificate,ce-certificate… The plan lists only what is missing.
    #[arg(long = "have", value_delimiter = ',')]
    #[serde(default)]
    pub have: Vec<String>,
}

/// `regnav checklist`'s arguments and the MCP `checklist` tool's, one type:
/// the profile and the language of the plan.
#[derive(Debug, Clone, Default, clap::Args, Deserialize, schemars::JsonSchema)]
pub struct ChecklistArgs {
    /// The device and its markets.
    #[command(flatten)]
    #[serde(flatten)]
    pub profile: ProfileInput,
    /// Language of titles and words: ja or en (default ja).
    #[arg(long)]
    #[serde(default)]
    pub lang: Option<Lang>,
}

impl ChecklistArgs {
    /// The language of the plan (Japanese unless asked otherwise).
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or(Lang::Ja)
    }
}

fn split(values: &[String]) -> impl Iterator<Item = String> + '_ {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn unknown(what: &str, value: &str, valid: &[&str]) -> Error {
    let hint = did_you_mean(value, valid.iter().copied())
        .map(|h| format!(" ({h})"))
        .unwrap_or_default();
    Error::Usage(format!(
        "unknown {what} `{value}`{hint}; valid: {}",
        valid.join(", ")
    ))
}

fn converted(f: &super::schemes::Foreign, market: Option<&str>) -> Converted {
    Converted {
        from: format!("{} {}", f.scheme, f.label),
        ghtf: f.ghtf,
        market: market.map(str::to_string),
        caveat: (f.caveat.0.to_string(), f.caveat.1.to_string()),
    }
}

impl Profile {
    /// Validates the input against the library (markets must exist, classes
    /// must be classes of their market).
    pub fn parse(lib: &Library, input: &ProfileInput) -> Result<Profile, Error> {
        let valid_markets: Vec<&str> = lib
            .of_kind(crate::content::ids::Kind::Jurisdiction)
            .filter_map(|e| e.jurisdiction())
            .map(|j| j.code.as_str())
            .collect();
        let mut markets = Vec::new();
        for m in split(&input.to) {
            let m = m.to_lowercase();
            if !valid_markets.contains(&m.as_str()) {
                return Err(unknown("market", &m, &valid_markets));
            }
            let code = Code::parse(&m).map_err(Error::Usage)?;
            if !markets.contains(&code) {
                markets.push(code);
            }
        }
        if markets.is_empty() {
            return Err(Error::Usage(format!(
                "give at least one market with --to; valid: {}",
                valid_markets.join(", ")
            )));
        }
        let mut class = ClassSpec::default();
        for c in split(&input.class) {
            match c.split_once('=') {
                Some((m, local)) => {
                    let m = m.trim().to_lowercase();
                    let Some(code) = markets.iter().find(|x| x.as_str() == m) else {
                        return Err(Error::Usage(format!(
                            "--class {c}: `{m}` is not one of the --to markets"
                        )));
                    };
                    let j = lib
                        .jurisdiction(code)
                        .and_then(|e| e.jurisdiction())
                        .ok_or_else(|| Error::Usage(format!("no jurisdiction {m}")))?;
                    let local = local.trim();
                    let names: Vec<&str> = j.all_classes().map(|c| c.0.as_str()).collect();
                    if !names.contains(&local) && GhtfClass::parse(&local.to_uppercase()).is_none()
                    {
                        let Some(f) = super::schemes::parse(local) else {
                            return Err(unknown(&format!("class for {m}"), local, &names));
                        };
                        class.converted.push(converted(&f, Some(&m)));
                        class.per_market.insert(m, f.ghtf.as_str().to_string());
                        continue;
                    }
                    class.per_market.insert(m, local.to_string());
                }
                None => {
                    let g = match GhtfClass::parse(&c.to_uppercase()) {
                        Some(g) => g,
                        None => {
                            let f = super::schemes::parse(&c).ok_or_else(|| {
                                unknown(
                                    "class (give GHTF A–D, a US/EU/Japan class such as IIb or jp:III, or market=local class)",
                                    &c,
                                    &["A", "B", "C", "D", "I", "IIa", "IIb", "II", "III", "IV"],
                                )
                            })?;
                            class.converted.push(converted(&f, None));
                            f.ghtf
                        }
                    };
                    class.global = Some(g);
                }
            }
        }
        let device_type = match input.device_type.as_deref() {
            None => DeviceType::General,
            Some(t) => DeviceType::parse(&t.to_lowercase())
                .ok_or_else(|| unknown("type", t, &DeviceType::names().collect::<Vec<_>>()))?,
        };
        let mut attrs = Vec::new();
        for a in split(&input.attrs) {
            let attr = Attr::parse(&a.to_lowercase())
                .ok_or_else(|| unknown("attribute", &a, &Attr::names().collect::<Vec<_>>()))?;
            attrs.push(attr);
        }
        attrs.sort();
        attrs.dedup();
        let mut refs = Vec::new();
        for r in split(&input.refs) {
            refs.push(Code::parse(&r.to_lowercase()).map_err(Error::Usage)?);
        }
        refs.sort();
        refs.dedup();
        let names: Vec<&str> = lib.of_kind(Kind::Document).map(|e| e.id.name()).collect();
        let mut have = Vec::new();
        for h in split(&input.have) {
            let name = h.trim_start_matches("documents/").to_lowercase();
            if !names.contains(&name.as_str()) {
                return Err(unknown(
                    "document (for --have; an approval with no document entry goes in --ref)",
                    &name,
                    &names,
                ));
            }
            have.push(EntryId::parse(&format!("documents/{name}")).map_err(Error::Usage)?);
        }
        have.sort();
        have.dedup();
        let have_refs = approval_refs(lib, &have);
        Ok(Profile {
            markets,
            class,
            device_type,
            attrs,
            refs,
            have,
            have_refs,
        })
    }
}

/// The approvals that held documents are: the `approval_of` of each, sorted.
pub fn approval_refs(lib: &Library, have: &[EntryId]) -> Vec<Code> {
    let mut refs: Vec<Code> = have
        .iter()
        .filter_map(|id| lib.get(id).and_then(|e| e.document()))
        .filter_map(|d| d.approval_of.clone())
        .collect();
    refs.sort();
    refs.dedup();
    refs
}
