//! `regnav mcp`: the knowledge base for AI assistants over the Model Context
//! Protocol (stdio, the official SDK `rmcp`), read-only. Tools search, read
//! an entry, list and compare markets, build a checklist (the same planner
//! and JSON as `regnav checklist --format json`) and list contacts; each
//! entry is also a resource `regnav://entry/<id>`; a prompt `cite-sources`
//! asks assistants to cite and date what they say. Every answer carries the
//! entry's page URL (from `base_url`), its sources and `last_reviewed`.

use std::sync::Arc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, GetPromptRequestParams, GetPromptResponse, GetPromptResult,
    ListPromptsResult, ListResourcesResult, PaginatedRequestParams, Prompt, PromptMessage,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, Role, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{
    ErrorData as McpError, RoleServer, ServerHandler, ServiceExt, schemars, tool, tool_handler,
    tool_router,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::Error;
use crate::content::Library;
use crate::content::ids::{EntryId, Kind, Lang};
use crate::search::{SearchIndex, SearchRequest};

/// The server: a loaded knowledge base and its search index.
#[derive(Clone)]
pub struct RegnavMcp {
    lib: Arc<Library>,
    index: Arc<SearchIndex>,
    tool_router: ToolRouter<Self>,
}

/// `search` arguments.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SearchArgs {
    /// The question, in Japanese or English (e.g. "タイ クラスB 登録", "EU MDR notified body").
    pub query: String,
    /// `ja` or `en` (default: both, each entry once).
    pub lang: Option<String>,
    /// Only these markets (codes such as `th`, `vn`, `eu`).
    #[serde(default)]
    pub market: Vec<String>,
    /// Only this kind: jurisdiction, requirement, document, contact, guide.
    pub kind: Option<String>,
    /// Only entries about this class (local or GHTF A–D).
    pub class: Option<String>,
    /// How many hits (default 10).
    pub limit: Option<usize>,
}

/// `get_entry` arguments.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct EntryArgs {
    /// The entry id, e.g. `requirements/th/notification` (from a search hit).
    pub id: String,
    /// `ja` or `en` (default `en`).
    pub lang: Option<String>,
}

/// `compare_markets` arguments.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CompareArgs {
    /// Market codes, e.g. ["th", "vn", "sg"].
    pub markets: Vec<String>,
    /// `ja` or `en` (default `en`).
    pub lang: Option<String>,
}

/// `checklist` arguments: the same profile as `regnav checklist`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ChecklistArgs {
    /// Target markets, e.g. ["th", "vn"].
    pub to: Vec<String>,
    /// Classes: GHTF A–D for all markets, a US/EU/Japan class (IIb, jp:III), or market=local (th=3).
    #[serde(default)]
    pub class: Vec<String>,
    /// `general` or `ivd`.
    #[serde(rename = "type")]
    pub device_type: Option<String>,
    /// Attributes: software, ai, sterile, implantable, connected…
    #[serde(default)]
    pub attr: Vec<String>,
    /// Markets where the device already holds an approval: us, eu, jp…
    #[serde(default, rename = "ref")]
    pub refs: Vec<String>,
    /// `ja` or `en` (default `en`).
    pub lang: Option<String>,
}

/// `contacts` arguments.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ContactsArgs {
    /// The country or market code (e.g. `th`): contacts in it or covering it.
    pub country: String,
    /// Only this type: embassy-business-desk, cross-border-economic-officer, jetro-office, regulator, industry-association, other.
    #[serde(rename = "type")]
    pub contact_type: Option<String>,
}

fn lang_of(s: Option<&str>) -> Lang {
    s.and_then(Lang::parse).unwrap_or(Lang::En)
}

fn json_result(v: Value) -> Result<CallToolResult, McpError> {
    Ok(CallToolResult::success(vec![ContentBlock::text(
        serde_json::to_string_pretty(&v).unwrap_or_default(),
    )]))
}

fn invalid(e: impl std::fmt::Display) -> McpError {
    McpError::invalid_params(e.to_string(), None)
}

#[tool_router]
impl RegnavMcp {
    /// A server over a loaded library.
    pub fn new(lib: Arc<Library>, index: Arc<SearchIndex>) -> RegnavMcp {
        RegnavMcp {
            lib,
            index,
            tool_router: Self::tool_router(),
        }
    }

    fn page(&self, id: &str, lang: Lang) -> String {
        format!("{}{}/{id}/", self.lib.config.base_url, lang.as_str())
    }

    /// What every answer about an entry carries: where to read it, where it
    /// comes from, when it was checked.
    fn citation(&self, e: &crate::content::model::Entry, lang: Lang) -> Value {
        json!({
            "id": e.id.as_str(),
            "title": e.title.or_any(lang),
            "url": self.page(e.id.as_str(), lang),
            "sources": e.sources.iter().map(|s| json!({"title": s.title.localize(e.lang).or_any(lang), "url": s.url.as_str(), "accessed": s.accessed.to_string()})).collect::<Vec<_>>(),
            "last_reviewed": e.last_reviewed.to_string(),
            "stale": (crate::content::LoadOptions::now().today.0 - e.last_reviewed.0).get_days() > i32::try_from(self.lib.config.stale_after_days).unwrap_or(i32::MAX),
        })
    }

    #[tool(
        description = "Search the medical-device regulatory knowledge base (Japanese and English). Examples: \"タイ クラスB 登録\", \"EU MDR notified body\", \"ベトナム 審査 期間\". Returns hits with id, title, summary, page url and a snippet; read one with get_entry."
    )]
    async fn search(
        &self,
        Parameters(a): Parameters<SearchArgs>,
    ) -> Result<CallToolResult, McpError> {
        let req = SearchRequest {
            query: a.query,
            lang: a.lang.as_deref().and_then(Lang::parse),
            jurisdictions: a.market,
            kind: a.kind,
            class: a.class,
            limit: a.limit.unwrap_or(10).min(50),
            ..Default::default()
        };
        let index = self.index.clone();
        let response = tokio::task::spawn_blocking(move || index.search(&req))
            .await
            .map_err(invalid)?;
        let mut v = serde_json::to_value(&response).unwrap_or_default();
        let base = self.lib.config.base_url.trim_end_matches('/').to_string();
        if let Some(hits) = v["hits"].as_array_mut() {
            for h in hits {
                if let Some(url) = h["url"].as_str().filter(|u| u.starts_with('/')) {
                    h["url"] = json!(format!("{base}{url}"));
                }
            }
        }
        json_result(v)
    }

    #[tool(
        description = "Read one entry (a market, requirement, document, contact or guide) by id: title, summary, the body as Markdown, its structured fields, sources with URLs, last_reviewed and a stale flag. Cite the url and sources when you use it. Example id: requirements/th/notification."
    )]
    async fn get_entry(
        &self,
        Parameters(a): Parameters<EntryArgs>,
    ) -> Result<CallToolResult, McpError> {
        json_result(self.entry_json(&a.id, lang_of(a.lang.as_deref()))?)
    }

    #[tool(
        description = "List the markets covered: code, names (ja/en), regulator, classes, and how many requirement entries each has. 対象市場の一覧。"
    )]
    async fn list_markets(&self) -> Result<CallToolResult, McpError> {
        let markets: Vec<Value> = self
            .lib
            .of_kind(Kind::Jurisdiction)
            .filter_map(|e| e.jurisdiction().map(|j| (e, j)))
            .map(|(e, j)| {
                json!({
                    "code": j.code.as_str(),
                    "name": {"ja": e.title.or_any(Lang::Ja), "en": e.title.or_any(Lang::En)},
                    "regulator": {"name": j.regulator.name.or_any(Lang::En), "acronym": j.regulator.acronym, "url": j.regulator.url.as_str()},
                    "classes": j.classes,
                    "requirements": self.lib.requirements_of(&j.code).count(),
                    "url": self.page(e.id.as_str(), Lang::En),
                    "last_reviewed": e.last_reviewed.to_string(),
                })
            })
            .collect();
        json_result(json!({"markets": markets}))
    }

    #[tool(
        description = "Compare markets side by side: regulator, classes and class map, routes, accepted reference approvals, local representative, labelling languages. Example: {\"markets\": [\"th\", \"vn\", \"sg\"]}."
    )]
    async fn compare_markets(
        &self,
        Parameters(a): Parameters<CompareArgs>,
    ) -> Result<CallToolResult, McpError> {
        let lang = lang_of(a.lang.as_deref());
        let mut rows = Vec::new();
        for m in &a.markets {
            let code = crate::content::ids::Code::parse(&m.to_lowercase()).map_err(invalid)?;
            let Some(e) = self.lib.jurisdiction(&code) else {
                return Err(invalid(self.unknown_market(m)));
            };
            let Some(j) = e.jurisdiction() else { continue };
            let words = crate::checklist::words::Words::new(&self.lib);
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
                "citation": self.citation(e, lang),
            }));
        }
        json_result(json!({"rows": rows}))
    }

    #[tool(
        description = "Build the regulatory checklist for a device and target markets — the same plan as `regnav checklist --format json`: ordered steps with when they apply (in words), durations, fees with dates, documents, whom to ask. Example: {\"to\": [\"th\", \"vn\"], \"class\": [\"C\"], \"ref\": [\"us\"], \"lang\": \"ja\"}."
    )]
    async fn checklist(
        &self,
        Parameters(a): Parameters<ChecklistArgs>,
    ) -> Result<CallToolResult, McpError> {
        let input = crate::checklist::profile::ProfileInput {
            to: a.to,
            class: a.class,
            device_type: a.device_type,
            attrs: a.attr,
            refs: a.refs,
        };
        let profile = crate::checklist::Profile::parse(&self.lib, &input).map_err(invalid)?;
        let plan = crate::checklist::plan(&self.lib, &profile, lang_of(a.lang.as_deref()));
        json_result(serde_json::to_value(&plan).unwrap_or_default())
    }

    #[tool(
        description = "Whom to ask about a market: the regulator, the Japanese embassy's business-support desk (日本企業支援窓口), cross-border economic officers (経済広域担当官), JETRO offices, associations. Example: {\"country\": \"vn\"}."
    )]
    async fn contacts(
        &self,
        Parameters(a): Parameters<ContactsArgs>,
    ) -> Result<CallToolResult, McpError> {
        let code = crate::content::ids::Code::parse(&a.country.to_lowercase()).map_err(invalid)?;
        let rows: Vec<Value> = self
            .lib
            .contacts_for(&code)
            .filter_map(|e| e.contact().map(|c| (e, c)))
            .filter(|(_, c)| {
                a.contact_type
                    .as_deref()
                    .is_none_or(|t| c.contact_type.as_str() == t)
            })
            .map(|(e, c)| {
                json!({
                    "type": c.contact_type.as_str(),
                    "name": {"ja": e.title.or_any(Lang::Ja), "en": e.title.or_any(Lang::En)},
                    "helps_with": c.helps_with.or_any(Lang::En),
                    "official_url": c.url.as_str(),
                    "citation": self.citation(e, Lang::En),
                })
            })
            .collect();
        json_result(json!({"country": code.as_str(), "contacts": rows}))
    }
}

impl RegnavMcp {
    fn unknown_market(&self, m: &str) -> String {
        let codes: Vec<&str> = self
            .lib
            .of_kind(Kind::Jurisdiction)
            .filter_map(|e| e.jurisdiction())
            .map(|j| j.code.as_str())
            .collect();
        let hint = crate::diag::did_you_mean(m, codes.iter().copied())
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        format!("unknown market `{m}`{hint}; valid: {}", codes.join(", "))
    }

    fn entry_json(&self, id: &str, lang: Lang) -> Result<Value, McpError> {
        let parsed = EntryId::parse(id.trim_start_matches("regnav://entry/")).map_err(invalid)?;
        let Some(e) = self.lib.get(&parsed) else {
            let ids = self.lib.entries.keys().map(|k| k.as_str());
            let hint = crate::diag::did_you_mean(id, ids)
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return Err(McpError::resource_not_found(
                format!("no entry `{id}`{hint}"),
                None,
            ));
        };
        let mut fields = serde_json::to_value(e).unwrap_or_default();
        if let Some(o) = fields.as_object_mut() {
            for k in ["title", "summary", "sources", "last_reviewed", "id"] {
                o.remove(k);
            }
        }
        let body = e
            .bodies
            .get(&lang)
            .or_else(|| e.bodies.values().next())
            .map(|b| b.markdown.clone());
        Ok(json!({
            "id": e.id.as_str(),
            "kind": e.kind.as_str(),
            "title": e.title.or_any(lang),
            "summary": e.summary.or_any(lang),
            "body_markdown": body,
            "fields": fields,
            "citation": self.citation(e, lang),
        }))
    }
}

const CITE: &str = "When you answer from regnav, cite each fact with the entry's page URL and its sources, and say the date it was last reviewed (last_reviewed). Fees and review times are those of their source on its `as_of` date: say so. A class mapping or plan is guidance; the regulator decides. Answer in the user's language (日本語 or English).";

#[tool_handler(router = self.tool_router)]
impl ServerHandler for RegnavMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_prompts()
                .build(),
        )
        .with_instructions(CITE)
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        let items: Vec<Resource> = self
            .lib
            .entries
            .values()
            .map(|e| {
                Resource::new(
                    format!("regnav://entry/{}", e.id),
                    e.title.or_any(Lang::En).to_string(),
                )
            })
            .collect();
        Ok(ListResourcesResult::with_all_items(items))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, McpError> {
        let both = json!({
            "ja": self.entry_json(&request.uri, Lang::Ja)?,
            "en": self.entry_json(&request.uri, Lang::En)?,
        });
        Ok(ReadResourceResult::new(vec![ResourceContents::text(
            serde_json::to_string_pretty(&both).unwrap_or_default(),
            request.uri,
        )])
        .into())
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, McpError> {
        Ok(ListPromptsResult::with_all_items(vec![Prompt::new(
            "cite-sources",
            Some("How to cite and date answers built from regnav"),
            None,
        )]))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, McpError> {
        if request.name != "cite-sources" {
            return Err(invalid(format!(
                "no prompt `{}`; there is cite-sources",
                request.name
            )));
        }
        Ok(GetPromptResult::new(vec![PromptMessage::new_text(Role::User, CITE)]).into())
    }
}

/// Runs `regnav mcp` on stdin/stdout until the client goes away.
pub fn run(root: Option<&std::path::Path>) -> Result<(), Error> {
    let origin = crate::kb::Origin::resolve(root)?;
    let files = crate::kb::KbFiles::read(&origin)?;
    let loaded = crate::content::load(&files, crate::content::LoadOptions::now())?;
    let errors = loaded.errors();
    if !errors.is_empty() {
        return Err(Error::Usage(format!(
            "the knowledge base has {} error(s): run `regnav check`",
            errors.len()
        )));
    }
    let lib = Arc::new(loaded.library);
    let index = crate::search::cache::open_or_build(&files, &lib)
        .map_err(|e| Error::Usage(format!("search index: {e}")))?;
    let server = RegnavMcp::new(lib, Arc::new(index));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Io(std::path::PathBuf::from("tokio"), e))?;
    rt.block_on(async move {
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Error::Usage(format!("mcp: {e}")))?;
        running
            .waiting()
            .await
            .map_err(|e| Error::Usage(format!("mcp: {e}")))?;
        Ok(())
    })
}
