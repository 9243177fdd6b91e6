//! The classification assistant: a few questions following the IMDRF/GHTF
//! rules (general devices, IVDs, IMDRF SaMD categories), the class they
//! give with the rule that decided it, and that class in every market
//! through its `class_map`.
//!
//! The rules are data (`content/classification/*.md`, see
//! [`crate::content::classification`]); `check` verifies them (`check`
//! here); `engine` walks the questions and fires the rules; `outcome` says
//! the answer and the markets' classes; `input` reads `regnav classify`'s
//! flags or answers file; `data` is what the page's `classify.js` reads.
//! The page and the CLI run the same rules on the same data and a test
//! compares their answers.

pub mod check;
pub mod data;
pub mod engine;
pub mod input;
pub mod outcome;
pub mod text;

pub use input::ClassifyArgs;
pub use outcome::{Outcome, outcome};
