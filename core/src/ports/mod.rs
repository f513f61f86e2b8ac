//! Small traits for the world outside the engine. Implementations live in
//! `adapters/`; tests use fakes.

pub mod health;
pub mod understanding;
