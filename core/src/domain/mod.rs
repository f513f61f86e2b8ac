//! Types with invariants, parsed at the edge and valid inside. Nothing here
//! depends on the rest of the crate.

mod delivery_status;
mod inbound_message;
mod language;
mod occupancy;
mod outbound;
mod outbound_text;
mod phone;
mod stay_dates;

pub use delivery_status::{DeliveryStatus, MetaError, StatusKind};
pub use inbound_message::{
    InboundContent, InboundMessage, MediaRef, MessageContext, SharedContact, WaMessageId,
};
pub use language::{Language, UnknownLanguage};
pub use occupancy::{Occupancy, OccupancyError};
pub use outbound::{
    Choice, LimitError, ListSection, MediaKind, MediaSource, OutboundMessage, TEXT_MAX_CHARS,
};
pub use outbound_text::{split_for_whatsapp, split_text};
pub use phone::{PhoneE164, PhoneError};
pub use stay_dates::{StayDates, StayDatesError};
