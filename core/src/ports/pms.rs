//! The hotel's property management system: the only source of availability,
//! prices and bookings. Implemented by the QloApps adapter and the built-in
//! demo PMS; one contract suite (`tests/tests/pms_contract.rs`) holds both to it.
//!
//! Split by capability so a caller asks only for what it uses: the catalogue
//! (hotel, room types), availability (quotes) and bookings.

use crate::domain::{
    BookingRef, BookingStatus, Currency, Email, IdempotencyKey, LocalizedText, Money, Occupancy,
    PhoneE164, RoomTypeId, StayDates,
};
use async_trait::async_trait;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

/// A value from the catalogue, possibly served from cache while the PMS is down.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched<T> {
    pub value: T,
    /// True when the PMS could not be reached and this is the last copy we had:
    /// fine to show, but say so before promising anything on it.
    pub stale: bool,
}

impl<T> Fetched<T> {
    pub fn fresh(value: T) -> Self {
        Self {
            value,
            stale: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct HotelInfo {
    pub name: String,
    pub address: String,
    /// Latitude and longitude, when the PMS knows them.
    pub coordinates: Option<(f64, f64)>,
    pub checkin_time: Option<NaiveTime>,
    pub checkout_time: Option<NaiveTime>,
    /// As the PMS has it; PMSs rarely store E.164.
    pub phone: Option<String>,
    pub currency: Currency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Capacity {
    pub adults: u8,
    pub children: u8,
    pub max_guests: u8,
}

impl Capacity {
    pub fn fits(&self, o: &Occupancy) -> bool {
        o.adults() <= self.adults
            && o.children() <= usize::from(self.children)
            && o.total() <= usize::from(self.max_guests)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoomType {
    pub id: RoomTypeId,
    pub name: LocalizedText,
    pub description: LocalizedText,
    pub capacity: Capacity,
    pub photos: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QuoteRequest {
    pub stay: StayDates,
    /// One entry per room wanted.
    pub rooms: Vec<Occupancy>,
    /// Only this room type, or every type that fits.
    pub room_type: Option<RoomTypeId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NightPrice {
    pub night: NaiveDate,
    /// For all the requested rooms together.
    pub excl_tax: Money,
    pub incl_tax: Money,
}

/// What one room type costs for the whole request, as the booking will be charged.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomOffer {
    pub room_type: RoomTypeId,
    pub name: LocalizedText,
    /// Rooms of this type free on every night of the stay.
    pub available: u32,
    pub nights: Vec<NightPrice>,
    pub total_excl_tax: Money,
    pub total_incl_tax: Money,
    /// What the price includes (breakfast…); empty when the PMS says nothing.
    pub included: Vec<LocalizedText>,
}

impl RoomOffer {
    pub fn can_take(&self, rooms: usize) -> bool {
        usize::try_from(self.available).unwrap_or(usize::MAX) >= rooms
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub stay: StayDates,
    /// Room types that fit every requested room, bookable or not (see `available`).
    pub offers: Vec<RoomOffer>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestContact {
    pub first_name: String,
    pub last_name: String,
    pub email: Email,
    pub phone: Option<PhoneE164>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    /// Chosen (and stored) before the call; the same key never books twice.
    pub reference: IdempotencyKey,
    pub room_type: RoomTypeId,
    pub stay: StayDates,
    pub rooms: Vec<Occupancy>,
    pub guest: GuestContact,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    pub reference: BookingRef,
    /// Ours, when the PMS kept it (demo: always; QloApps: in the remark).
    pub idempotency_key: Option<IdempotencyKey>,
    pub status: BookingStatus,
    pub room_type: RoomTypeId,
    pub stay: StayDates,
    pub rooms: Vec<Occupancy>,
    pub guest_email: Option<Email>,
    pub total_excl_tax: Money,
    pub total_incl_tax: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuestLookup {
    Email(Email),
    Phone(PhoneE164),
}

/// New dates and/or rooms for an existing booking; `None` keeps the old value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BookingChange {
    pub stay: Option<StayDates>,
    pub rooms: Option<Vec<Occupancy>>,
}

/// What this PMS can do, so the engine offers only what will work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Capabilities {
    pub find_by_email: bool,
    pub find_by_phone: bool,
    pub cancel: bool,
    pub modify_dates: bool,
    pub modify_rooms: bool,
    /// Children's ages are stored (else only their number).
    pub child_ages: bool,
    /// Prices vary by night and the quote shows each night.
    pub nightly_breakdown: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PmsError {
    #[error("not available: {0}")]
    NotAvailable(String),
    #[error("the PMS refused the request: {0}")]
    InvalidRequest(String),
    #[error("no booking {0} in the PMS")]
    NotFound(String),
    #[error("the PMS refused our key or a permission: {0}")]
    Auth(String),
    /// Unreachable, timed out, 5xx, or the circuit breaker is open. For a
    /// create this means "not known yet": the same request retried later is
    /// reconciled, never booked twice.
    #[error("the PMS is not answering: {0}")]
    Down(String),
    #[error("this PMS cannot {0}")]
    Unsupported(&'static str),
    #[error("the PMS answered something we do not understand: {0}")]
    Unknown(String),
}

impl PmsError {
    /// Stable label for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            PmsError::NotAvailable(_) => "not_available",
            PmsError::InvalidRequest(_) => "invalid_request",
            PmsError::NotFound(_) => "not_found",
            PmsError::Auth(_) => "auth",
            PmsError::Down(_) => "down",
            PmsError::Unsupported(_) => "unsupported",
            PmsError::Unknown(_) => "unknown",
        }
    }

    /// Errors that say the PMS itself is unwell (they trip the circuit breaker),
    /// as opposed to answers about this particular request.
    pub fn is_outage(&self) -> bool {
        matches!(self, PmsError::Down(_) | PmsError::Unknown(_))
    }
}

#[async_trait]
pub trait PmsCatalog: Send + Sync {
    async fn hotel_info(&self) -> Result<Fetched<HotelInfo>, PmsError>;
    async fn room_types(&self) -> Result<Fetched<Vec<RoomType>>, PmsError>;
}

#[async_trait]
pub trait PmsAvailability: Send + Sync {
    /// Prices are what a booking made now would be charged.
    async fn quote(&self, request: &QuoteRequest) -> Result<Quote, PmsError>;
}

#[async_trait]
pub trait PmsBookings: Send + Sync {
    /// Idempotent on `request.reference`: a repeat returns the first booking.
    async fn create_booking(&self, request: &BookingRequest) -> Result<Booking, PmsError>;
    async fn get_booking(&self, reference: &BookingRef) -> Result<Booking, PmsError>;
    /// Newest first, cancelled ones included.
    async fn find_bookings(&self, guest: &GuestLookup) -> Result<Vec<Booking>, PmsError>;
    /// Idempotent: cancelling a cancelled booking returns it unchanged.
    async fn cancel_booking(&self, reference: &BookingRef) -> Result<Booking, PmsError>;
    /// All or nothing: when the new stay is not available the old one stays.
    async fn modify_booking(
        &self,
        reference: &BookingRef,
        change: &BookingChange,
    ) -> Result<Booking, PmsError>;
}

/// A whole PMS, as composition hands it to the engine.
pub trait Pms: PmsCatalog + PmsAvailability + PmsBookings {
    fn capabilities(&self) -> Capabilities;
}
