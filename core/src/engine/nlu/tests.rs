//! Whole-message behaviour of the built understanding.
