//! Types with invariants, parsed at the edge and valid inside. Nothing here
//! depends on the rest of the crate.

mod booking;
mod delivery_status;
mod email;
mod inbound_message;
mod language;
mod localized;
mod money;
mod occupancy;
mod outbound;
mod outbound_text;
mod phone;
mod stay_dates;
mod topic;

pub use booking::{BadId, BookingRef, BookingStatus, IdempotencyKey, RoomTypeId};
pub use delivery_status::{DeliveryStatus, MetaError, StatusKind};
pub use email::{Email, EmailError};
pub use inbound_message::{
    InboundContent, InboundMessage, MediaRef, MessageContext, SharedContact, WaMessageId,
};
pub use language::{Language, UnknownLanguage};
pub use localized::LocalizedText;
pub use money::{Currency, Money, MoneyError};
pub use occupancy::{Occupancy, OccupancyError};
pub use outbound::{
    Choice, LimitError, ListSection, MediaKind, MediaSource, OutboundMessage, TEXT_MAX_CHARS,
};
pub use outbound_text::{split_for_whatsapp, split_text};
pub use phone::{PhoneE164, PhoneError};
pub use stay_dates::{StayDates, StayDatesError};
pub use topic::{Topic, UnknownTopic};
