//! The receptionist: understanding, dialogue, replies, knowledge and hours.
//! It talks to the world only through `ports`.

pub mod dialogue;
pub mod hours;
pub mod knowledge;
pub mod nlu;
pub mod replies;
