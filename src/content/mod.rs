//! The content of a knowledge base: the model and how it is loaded.
//!
//! `parse` reads one file (front matter → raw serde types, see `raw`), `load`
//! pairs originals with translations and resolves them into the domain types
//! of `model`, `validate` checks the whole, and `library` holds the result
//! with its indexes. `live` keeps all of it between loads and brings it up
//! to date file by file (the dev server); a whole load goes through it too.
//! Nothing here knows about HTML or HTTP.

pub mod classification;
pub mod dates;
pub mod glossary;
pub mod guard;
pub mod ids;
pub mod library;
pub mod live;
pub mod load;
pub mod markdown;
pub mod model;
pub mod parse;
pub mod raw;
pub mod schema;
pub mod text;
mod validate;
pub mod yaml_syntax;

pub use library::Library;
pub use live::{LiveLibrary, Release};
pub use load::{LoadOptions, Loaded, load, load_owned};
