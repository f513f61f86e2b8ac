//! Small traits for the world outside the engine. Implementations live in
//! `adapters/`; tests use fakes.

pub mod clock;
pub mod dialogue_states;
pub mod engine;
pub mod health;
pub mod hours;
pub mod knowledge;
pub mod locks;
pub mod messenger;
pub mod monotonic;
pub mod pms;
pub mod speaker;
pub mod staff_alerts;
pub mod transcriber;
pub mod understanding;
