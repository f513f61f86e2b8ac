//! Implementations of the ports: the outside world (SQLite today; WhatsApp,
//! QloApps, whisper and Redis as their issues land).

pub mod demo_pms;
pub mod espeak;
pub mod locks;
pub mod pms_resilience;
pub mod qloapps;
pub mod sqlite;
pub mod tls;
pub mod whatsapp;
pub mod whisper;
