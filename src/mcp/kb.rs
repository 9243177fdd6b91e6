//! What the tools answer from: a library and its search index, taken anew
//! for each request from a [`Source`] — fixed for `regnav mcp`, the dev
//! server's current one for `/mcp` — and the answers built from it that
//! more than one tool or resource gives (citations, entries, "unknown
//! market" with the CLI's suggestion).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use rmcp::ErrorData as McpError;
use serde_json::{Value, json};

use crate::content::Library;
use crate::content::ids::{Code, EntryId, Kind, Lang};
use crate::content::model::Entry;
use crate::search::SearchIndex;

/// A knowledge base to answer from.
#[derive(Clone)]
pub struct Kb {
    /// The library.
    pub lib: Arc<Library>,
    /// Its search index.
    pub index: Arc<SearchIndex>,
}

/// What a [`Source`] hands out: the knowledge base or why there is none.
pub type KbFuture<'a> = Pin<Box<dyn Future<Output = Result<Kb, String>> + Send + 'a>>;

/// Where the server reads the knowledge base from on each request.
pub trait Source: Send + Sync {
    /// The knowledge base to answer this request from (or a message saying
    /// why there is none, e.g. the dev server's first build failed).
    fn current(&self) -> KbFuture<'_>;
}

/// A knowledge base loaded once (`regnav mcp`).
impl Source for Kb {
    fn current(&self) -> KbFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// An `invalid_params` error with the message as the CLI would say it.
pub(super) fn invalid(e: impl std::fmt::Display) -> McpError {
    McpError::invalid_params(e.to_string(), None)
}

impl Kb {
    /// The entry's page on the published site (`base_url`).
    pub(super) fn page(&self, id: &str, lang: Lang) -> String {
        format!("{}{}/{id}/", self.lib.config.base_url, lang.as_str())
    }

    /// What every answer about an entry carries: where to read it, where it
    /// comes from, when it was checked.
    pub(super) fn citation(&self, e: &Entry, lang: Lang) -> Value {
        let age = (crate::content::LoadOptions::now().today.0 - e.last_reviewed.0).get_days();
        json!({
            "id": e.id.as_str(),
            "title": e.title.or_any(lang),
            "url": self.page(e.id.as_str(), lang),
            "sources": e.sources.iter().map(|s| json!({
                "title": s.title.localize(e.lang).or_any(lang),
                "url": s.url.as_str(),
                "accessed": s.accessed.to_string(),
            })).collect::<Vec<_>>(),
            "last_reviewed": e.last_reviewed.to_string(),
            "stale": age > i32::try_from(self.lib.config.stale_after_days).unwrap_or(i32::MAX),
        })
    }

    /// The market codes of the knowledge base.
    fn market_codes(&self) -> Vec<&str> {
        self.lib
            .of_kind(Kind::Jurisdiction)
            .filter_map(|e| e.jurisdiction())
            .map(|j| j.code.as_str())
            .collect()
    }

    /// "unknown market `thailand` (did you mean …); valid: …", as the CLI says it.
    pub(super) fn unknown_market(&self, m: &str) -> McpError {
        let codes = self.market_codes();
        let hint = crate::diag::did_you_mean(m, codes.iter().copied())
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        invalid(format!(
            "unknown market `{m}`{hint}; valid: {}",
            codes.join(", ")
        ))
    }

    /// A market's jurisdiction entry by code as typed (any case).
    pub(super) fn market(&self, m: &str) -> Result<&Entry, McpError> {
        Code::parse(&m.trim().to_lowercase())
            .ok()
            .and_then(|code| self.lib.jurisdiction(&code))
            .ok_or_else(|| self.unknown_market(m))
    }

    /// One entry as `get_entry` and the resources give it.
    pub(super) fn entry_json(&self, id: &str, lang: Lang) -> Result<Value, McpError> {
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
            .map(|b| b.text());
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
