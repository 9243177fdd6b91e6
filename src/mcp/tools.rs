//! The six tools. `search` and `checklist` take the CLI's own argument types
//! ([`SearchArgs`], [`ChecklistArgs`]: one set of fields and doc comments
//! gives `--help` and the JSON Schema) and answer with the CLI's JSON; the
//! others have no command and take the small types below.

use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock};
use rmcp::{ErrorData as McpError, schemars, tool, tool_router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::RegnavMcp;
use super::kb::invalid;
use crate::checklist::profile::ChecklistArgs;
use crate::content::ids::{Code, ContactType, Kind, Lang};
use crate::search::SearchArgs;

/// The most hits one `search` call returns.
pub const MAX_HITS: usize = 50;

/// `get_entry` arguments.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct EntryArgs {
    /// The entry id, e.g. `requirements/th/notification` (from a search hit).
    pub id: String,
    /// ja or en (default en).
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// `compare_markets` arguments.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CompareArgs {
    /// Market codes, e.g. ["th", "vn", "sg"].
    pub markets: Vec<String>,
    /// ja or en (default en).
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// `contacts` arguments.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ContactsArgs {
    /// The country or market code (e.g. `th`): contacts in it or covering it.
    pub country: String,
    /// Only contacts of this type.
    #[serde(default, rename = "type")]
    pub contact_type: Option<ContactType>,
}

fn json_result(v: &Value) -> Result<CallToolResult, McpError> {
    Ok(CallToolResult::success(vec![ContentBlock::text(
        serde_json::to_string_pretty(v).unwrap_or_default(),
    )]))
}

/// `t` as the CLI prints it: through its text, so an `f32` (a search score)
/// keeps its shortest form (`58.323864`) instead of widening to `f64`
/// digits (`58.3238639831543`) as `serde_json::to_value` would.
fn as_printed(t: &impl serde::Serialize) -> Value {
    serde_json::to_string(t)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

#[tool_router(vis = "pub(super)")]
impl RegnavMcp {
    #[tool(
        description = "Search the medical-device regulatory knowledge base (Japanese and English), as `regnav search --format json` does. Examples: \"タイ クラスB 登録\", \"EU MDR notified body\", \"ベトナム 審査 期間\". Returns hits with id, title, summary, page url and a snippet; read one with get_entry."
    )]
    async fn search(
        &self,
        Parameters(a): Parameters<SearchArgs>,
    ) -> Result<CallToolResult, McpError> {
        let kb = self.kb().await?;
        let mut req = a.request();
        req.limit = req.limit.min(MAX_HITS);
        let index = kb.index.clone();
        let response = tokio::task::spawn_blocking(move || index.search(&req))
            .await
            .map_err(|e| McpError::internal_error(e.to_string(), None))?;
        let mut v = as_printed(&response);
        // The CLI's URLs are site paths; an assistant needs whole ones.
        let base = kb.lib.config.base_url.trim_end_matches('/').to_string();
        if let Some(hits) = v["hits"].as_array_mut() {
            for h in hits {
                if let Some(url) = h["url"].as_str().filter(|u| u.starts_with('/')) {
                    h["url"] = json!(format!("{base}{url}"));
                }
            }
        }
        json_result(&v)
    }

    #[tool(
        description = "Read one entry (a market, requirement, document, contact or guide) by id: title, summary, the body as Markdown, its structured fields, sources with URLs, last_reviewed and a stale flag. Cite the url and sources when you use it. Example id: requirements/th/notification."
    )]
    async fn get_entry(
        &self,
        Parameters(a): Parameters<EntryArgs>,
    ) -> Result<CallToolResult, McpError> {
        let kb = self.kb().await?;
        json_result(&kb.entry_json(&a.id, a.lang.unwrap_or(Lang::En))?)
    }

    #[tool(
        description = "List the markets covered: code, names (ja/en), regulator, classes, and how many requirement entries each has. 対象市場の一覧。"
    )]
    async fn list_markets(&self) -> Result<CallToolResult, McpError> {
        let kb = self.kb().await?;
        let markets: Vec<Value> = kb
            .lib
            .of_kind(Kind::Jurisdiction)
            .filter_map(|e| e.jurisdiction().map(|j| (e, j)))
            .map(|(e, j)| {
                json!({
                    "code": j.code.as_str(),
                    "name": {"ja": e.title.or_any(Lang::Ja), "en": e.title.or_any(Lang::En)},
                    "regulator": {"name": j.regulator.name.or_any(Lang::En), "acronym": j.regulator.acronym, "url": j.regulator.url.as_str()},
                    "classes": j.classes,
                    "requirements": kb.lib.requirements_of(&j.code).count(),
                    "url": kb.page(e.id.as_str(), Lang::En),
                    "last_reviewed": e.last_reviewed.to_string(),
                })
            })
            .collect();
        json_result(&json!({"markets": markets}))
    }

    #[tool(
        description = "Compare markets side by side: regulator, classes and class map, routes, accepted reference approvals, local representative, labelling languages. Example: {\"markets\": [\"th\", \"vn\", \"sg\"]}."
    )]
    async fn compare_markets(
        &self,
        Parameters(a): Parameters<CompareArgs>,
    ) -> Result<CallToolResult, McpError> {
        let kb = self.kb().await?;
        let lang = a.lang.unwrap_or(Lang::En);
        let words = crate::checklist::words::Words::new(&kb.lib);
        let mut rows = Vec::new();
        for m in &a.markets {
            let e = kb.market(m)?;
            let Some(j) = e.jurisdiction() else { continue };
            rows.push(json!({
                "market": e.title.or_any(lang),
                "code": j.code.as_str(),
                "regulator": j.regulator.name.or_any(lang),
                "classes": j.classes,
                "class_map": j.class_map.iter().map(|(g, c)| (g.as_str().to_string(), json!(c.0))).collect::<serde_json::Map<_, _>>(),
                "routes": j.routes.iter().map(|r| json!({"name": r.name.or_any(lang), "classes": r.classes})).collect::<Vec<_>>(),
                "accepts_reference": j.accepts_reference.iter().map(|c| words.place_name(c.as_str(), lang)).collect::<Vec<_>>(),
                "local_representative": j.local_representative.as_str(),
                "labelling_languages": j.labelling_languages,
                "citation": kb.citation(e, lang),
            }));
        }
        json_result(&json!({"rows": rows}))
    }

    #[tool(
        description = "Build the regulatory checklist for a device and target markets — the same plan as `regnav checklist --format json` with the same arguments: ordered steps with when they apply (in words), durations, fees with dates, documents, whom to ask. Example: {\"to\": [\"th\", \"vn\"], \"class\": [\"C\"], \"ref\": [\"us\"], \"lang\": \"en\"}."
    )]
    async fn checklist(
        &self,
        Parameters(a): Parameters<ChecklistArgs>,
    ) -> Result<CallToolResult, McpError> {
        let kb = self.kb().await?;
        let profile = crate::checklist::Profile::parse(&kb.lib, &a.profile).map_err(invalid)?;
        let plan = crate::checklist::plan(&kb.lib, &profile, a.lang());
        json_result(&as_printed(&plan))
    }

    #[tool(
        description = "Classify a device with the IMDRF/GHTF rules (general devices, IVDs, IMDRF SaMD categories) and give its class in each market through the market's class map, with the deciding rule and its source — the same answer as `regnav classify --format json`. Answers missing or unknown come back as an error naming the question and its answers. Example: {\"rules\": \"general\", \"answer\": [\"invasive=implantable\", \"surgical=heart-cns\", \"active=no\", \"special=none\"], \"to\": [\"jp\", \"eu\"], \"lang\": \"en\"}."
    )]
    async fn classify(
        &self,
        Parameters(a): Parameters<crate::classify::ClassifyArgs>,
    ) -> Result<CallToolResult, McpError> {
        let kb = self.kb().await?;
        let answer = crate::cli::classify_answer(&kb.lib, &a).map_err(invalid)?;
        json_result(&as_printed(&answer))
    }

    #[tool(
        description = "Whom to ask about a market: the regulator, the Japanese embassy's business-support desk (日本企業支援窓口), cross-border economic officers (経済広域担当官), JETRO offices, associations. Example: {\"country\": \"vn\"}."
    )]
    async fn contacts(
        &self,
        Parameters(a): Parameters<ContactsArgs>,
    ) -> Result<CallToolResult, McpError> {
        let kb = self.kb().await?;
        let code = Code::parse(&a.country.trim().to_lowercase()).map_err(invalid)?;
        let rows: Vec<Value> = kb
            .lib
            .contacts_for(&code)
            .filter_map(|e| e.contact().map(|c| (e, c)))
            .filter(|(_, c)| a.contact_type.is_none_or(|t| c.contact_type == t))
            .map(|(e, c)| {
                json!({
                    "type": c.contact_type.as_str(),
                    "name": {"ja": e.title.or_any(Lang::Ja), "en": e.title.or_any(Lang::En)},
                    "helps_with": c.helps_with.or_any(Lang::En),
                    "official_url": c.url.as_str(),
                    "citation": kb.citation(e, Lang::En),
                })
            })
            .collect();
        json_result(&json!({"country": code.as_str(), "contacts": rows}))
    }
}
