//! The receptionist against the real demo PMS, knowledge base and room holds
//! on a temporary SQLite file, with a fixed clock in the hotel's time zone.

mod choices;
mod harness;
mod legacy;
mod scripts;
