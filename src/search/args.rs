//! A search as asked for: `regnav search`'s flags and the MCP `search`
//! tool's arguments are this one type, so the tool's JSON Schema and the
//! CLI's help come from the same fields and doc comments.

use serde::Deserialize;

use super::SearchRequest;
use crate::content::ids::{Kind, Lang};

/// Hits when no limit is given.
pub const DEFAULT_LIMIT: usize = 10;

fn default_limit() -> usize {
    DEFAULT_LIMIT
}

/// What to search for and how to narrow it.
#[derive(Debug, Clone, clap::Args, Deserialize, schemars::JsonSchema)]
pub struct SearchArgs {
    /// What to look for, in Japanese or English; typos and width variants
    /// are fine (e.g. "タイ クラスB 登録", "EU MDR notified body").
    pub query: String,
    /// Only this language: ja or en (default: both, each entry once, in the
    /// query's language).
    #[arg(long)]
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Only these markets: codes such as th, vn, eu (repeat or comma-separate).
    #[arg(long = "jurisdiction", visible_alias = "market", value_delimiter = ',')]
    #[serde(default, alias = "jurisdiction")]
    pub market: Vec<String>,
    /// Only this kind: jurisdiction, requirement, document, contact, guide.
    #[arg(long)]
    #[serde(default)]
    pub kind: Option<Kind>,
    /// Only entries about this class: a market's own (3, IIb) or GHTF A–D.
    #[arg(long)]
    #[serde(default)]
    pub class: Option<String>,
    /// How many hits (over MCP at most 50).
    #[arg(long, default_value_t = DEFAULT_LIMIT)]
    #[serde(default = "default_limit")]
    pub limit: usize,
}

impl SearchArgs {
    /// The request the index answers.
    pub fn request(&self) -> SearchRequest {
        SearchRequest {
            query: self.query.clone(),
            lang: self.lang,
            jurisdictions: self.market.clone(),
            kind: self.kind.map(|k| k.as_str().to_string()),
            class: self.class.clone(),
            limit: self.limit,
            ..Default::default()
        }
    }
}
