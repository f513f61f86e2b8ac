//! Small traits for the world outside the engine. Implementations live in
//! `adapters/`; tests use fakes.

pub mod clock;
pub mod engine;
pub mod health;
pub mod messenger;
