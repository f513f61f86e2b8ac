//! Small traits for the world outside the engine. Implementations live in
//! `adapters/`; tests use fakes.

pub mod clock;
pub mod health;
