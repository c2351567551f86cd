//! The glossary stage: load term lists (TSV/CSV/TBX), find their terms in Vietnamese text on
//! syllable boundaries, and check that an English rendering uses the approved terms.
//!
//! ```
//! use vibrief::glossary::{Entry, Glossary, LoadOptions, TermVerdict};
//! let g = Glossary::from_entries(
//!     vec![Entry::new("Bộ Ngoại giao", "Ministry of Foreign Affairs").forbid("Foreign Ministry")],
//!     &LoadOptions::default(),
//! )
//! .unwrap();
//! let hits = g.find("Bộ Ngoại giao tổ chức hội nghị");
//! assert_eq!(hits.len(), 1);
//! assert!(matches!(hits[0].check_target("The Foreign Ministry held"), TermVerdict::Forbidden { .. }));
//! ```

pub mod error;
pub mod formats;
pub mod gazetteer;
pub mod matcher;
pub mod model;
pub mod pattern;
pub mod target;
pub mod validate;

pub use error::Error;
pub use matcher::TermHit;
pub use model::{Entry, Glossary, LoadOptions, Origin};
pub use target::TermVerdict;
