//! Conserje: an on-premise AI front desk for hotels.
//!
//! The library holds everything; the `conserje` binary only parses the command
//! line and calls [`cli::run`]. See `ARCHITECTURE.md` for the roles of the modules.

pub mod adapters;
pub mod app;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod config;
pub mod domain;
pub mod engine;
pub mod events;
pub mod http;
pub mod ports;
pub mod telemetry;
pub mod workers;
