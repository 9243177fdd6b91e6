//! The checklist builder: from a device profile and target markets to an
//! ordered plan per market, with durations, fees, documents and whom to ask.
//!
//! `profile` parses and validates what the user asks for (markets, classes,
//! type, attributes, existing approvals); `rules` turns a profile into the
//! facts of one market and evaluates `applies`; `plan` orders the applying
//! steps and sums time and money; `words` says each rule in plain words; `export` writes Markdown, CSV, JSON, a
//! printable HTML page and xlsx. `plan` is a pure function of (library,
//! profile); the web page runs a JavaScript port of `rules` and `plan`
//! (`templates/assets/checklist.js`) over the data of [`data::checklist_data`],
//! and a test proves both give identical plans.

pub mod data;
pub mod export;
pub mod plan;
pub mod profile;
pub mod rules;
pub mod schemes;
pub mod words;
mod xlsx;

pub use plan::{Plan, plan};
pub use profile::{ClassSpec, Profile};
