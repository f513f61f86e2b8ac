//! The receptionist's conversation: what to say next, given what the guest
//! wrote and where the conversation stands. Facts come only from ports (PMS,
//! knowledge, clock, holds); text only from the reply catalog.

mod booking_key;
mod confirm;
mod conversation_engine;
mod deps;
mod flows;
mod profile;
mod receptionist;
mod reply;
mod say;
mod staff;
mod state;

pub use booking_key::booking_key;
pub use confirm::{ConfirmError, confirm_booking};
pub use conversation_engine::{ReceptionistEngine, to_outbound};
pub use deps::{Deps, HotelProfile};
pub use profile::{ProfileError, profile_from_settings};
pub use receptionist::{Receptionist, Turn};
pub use reply::{Button, Reply};
pub use staff::{StaffAction, apply_staff_action};
pub use state::{
    ConversationMode, DialogueState, Draft, HandoffReason, ManagePurpose, OfferView, Step,
};

#[cfg(test)]
mod tests;
