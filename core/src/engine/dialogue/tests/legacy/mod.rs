//! The engine's share of the twenty behaviours of the old system
//! (`legacy-system.md` §13.2, cases 12–20), one named test each, against the
//! demo PMS with a fixed clock in the hotel's time zone (Montevideo, UTC-3).
//! Where our design deliberately differs, the test asserts ours and says why.
//!
//! `hours`: cases 12–15 (business hours, after hours, weekends, 24/7 answers);
//! `failures`: 16–18 (not understood, a broken store, the PMS down);
//! `requests`: 19–20 (late checkout, payment proof); `fakes`: the broken
//! stores and the in-memory worker those tests drive the engine with.

mod failures;
mod fakes;
mod hours;
mod requests;
