//! Hotel knowledge: one main fact per topic and language, plus FAQ entries
//! found by text search. Pure: the entries come from a store through a port.

mod index;
mod snapshot;
mod text;

pub use snapshot::{Answer, KnowledgeEntry, Snapshot};
