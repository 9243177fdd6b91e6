//! Search: the Japanese-aware analyzer, one search document per entry and
//! language, the embedded tantivy index (CLI and the dev server's API) with a
//! lenient query layer, and the static index the built site searches itself
//! with in the browser; the question analyser both engines read queries
//! with (`understand`).

pub mod analyzer;
pub mod args;
pub mod cache;
pub mod document;
pub mod excerpt;
pub mod index;
pub mod js_log;
pub mod query;
pub mod static_heads;
pub mod static_index;
pub mod static_markets;
pub mod static_pages;
pub mod static_topics;
pub mod understand;

pub use args::SearchArgs;
pub use index::SearchIndex;
pub use query::{Hit, SearchRequest, SearchResponse, Suggestion};
