//! `regnav mcp` and the dev server's `/mcp`: the knowledge base for AI
//! assistants over the Model Context Protocol (the official SDK `rmcp`),
//! read-only. Tools search, read an entry, list and compare markets, build a
//! checklist (the same planner, argument type and JSON as `regnav checklist
//! --format json`) and list contacts (`tools`); each entry is also a
//! resource `regnav://entry/<id>`; a prompt `cite-sources` asks assistants
//! to cite and date what they say. Every answer carries the entry's page URL
//! (from `base_url`), its sources and `last_reviewed`.
//!
//! The server reads its knowledge base from a [`Source`] on every request
//! (`kb`): `regnav mcp` loads one at start and serves it over stdio
//! ([`run`]); `regnav serve` hands out the library it serves now, after its
//! live reloads, over streamable HTTP.

mod kb;
mod tools;

use std::sync::Arc;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, GetPromptRequestParams, GetPromptResponse,
    GetPromptResult, Implementation, ListPromptsResult, ListResourcesResult,
    PaginatedRequestParams, Prompt, PromptMessage, ReadResourceRequestParams, ReadResourceResponse,
    ReadResourceResult, Resource, ResourceContents, Role, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, ServiceExt, tool_handler};
use serde_json::json;

pub use kb::{Kb, KbFuture, Source};
pub use tools::{CompareArgs, ContactsArgs, EntryArgs, MAX_HITS};

use crate::Error;
use crate::content::ids::Lang;
use kb::invalid;

/// The server: where its knowledge base comes from, and its tools.
#[derive(Clone)]
pub struct RegnavMcp {
    source: Arc<dyn Source>,
    tool_router: ToolRouter<Self>,
}

impl RegnavMcp {
    /// A server answering from `source` (a [`Kb`] for a fixed one).
    pub fn new(source: Arc<dyn Source>) -> RegnavMcp {
        RegnavMcp {
            source,
            tool_router: Self::tool_router(),
        }
    }

    /// The knowledge base to answer the current request from.
    async fn kb(&self) -> Result<Kb, McpError> {
        self.source
            .current()
            .await
            .map_err(|m| McpError::internal_error(m, None))
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
        .with_server_info(
            Implementation::new("regnav", env!("CARGO_PKG_VERSION"))
                .with_title("regnav: medical-device market-entry rules"),
        )
        .with_instructions(CITE)
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        // rmcp says only "tool not found"; say which, and what there is.
        if !self.tool_router.has_route(&request.name) {
            let names: Vec<String> = self
                .tool_router
                .list_all()
                .into_iter()
                .map(|t| t.name.to_string())
                .collect();
            let hint = crate::diag::did_you_mean(&request.name, names.iter().map(String::as_str))
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            return Err(invalid(format!(
                "no tool `{}`{hint}; there are {}",
                request.name,
                names.join(", ")
            )));
        }
        let call = ToolCallContext::new(self, request, context);
        self.tool_router.call(call).await
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, McpError> {
        let kb = self.kb().await?;
        let items: Vec<Resource> = kb
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
        let kb = self.kb().await?;
        let both = json!({
            "ja": kb.entry_json(&request.uri, Lang::Ja)?,
            "en": kb.entry_json(&request.uri, Lang::En)?,
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
    let server = RegnavMcp::new(Arc::new(Kb {
        lib,
        index: Arc::new(index),
    }));
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
