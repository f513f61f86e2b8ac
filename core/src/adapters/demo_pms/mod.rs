//! The built-in PMS: a real hotel inventory in Conserje's own SQLite database.
//! Demo mode runs on it, and so can a hotel without a supported PMS.

mod bookings;
mod catalog;
mod health;
mod inventory;
mod pricing;
mod quote;
mod seed;

pub use health::DemoPmsCheck;
pub use seed::{DEMO_HOTEL_TOML, SeedError, seed_if_empty};

use crate::domain::BookingRef;
use crate::ports::pms::{
    Booking, BookingChange, BookingRequest, Capabilities, Fetched, GuestLookup, HotelInfo, Pms,
    PmsAvailability, PmsBookings, PmsCatalog, PmsError, Quote, QuoteRequest, RoomType,
};
use async_trait::async_trait;
use sqlx::SqlitePool;

#[derive(Clone)]
pub struct DemoPms {
    db: SqlitePool,
}

impl DemoPms {
    /// Uses the tables in `db` (migrated), seeding the demo hotel on first use.
    pub async fn open(db: SqlitePool) -> Result<Self, SeedError> {
        let seeded = seed_if_empty(&db, DEMO_HOTEL_TOML).await?;
        if seeded {
            tracing::info!("built-in PMS seeded with the demo hotel");
        }
        Ok(Self { db })
    }
}

/// Storage failures in our own database: to the engine, the PMS is down.
pub(crate) fn db_err(e: sqlx::Error) -> PmsError {
    PmsError::Down(format!("built-in PMS database: {e}"))
}

#[async_trait]
impl PmsCatalog for DemoPms {
    async fn hotel_info(&self) -> Result<Fetched<HotelInfo>, PmsError> {
        let mut conn = self.db.acquire().await.map_err(db_err)?;
        catalog::hotel(&mut conn).await.map(Fetched::fresh)
    }

    async fn room_types(&self) -> Result<Fetched<Vec<RoomType>>, PmsError> {
        let mut conn = self.db.acquire().await.map_err(db_err)?;
        let types = catalog::room_types(&mut conn).await?;
        Ok(Fetched::fresh(
            types.into_iter().map(|t| t.room_type).collect(),
        ))
    }
}

#[async_trait]
impl PmsAvailability for DemoPms {
    async fn quote(&self, request: &QuoteRequest) -> Result<Quote, PmsError> {
        let mut conn = self.db.acquire().await.map_err(db_err)?;
        quote::quote(&mut conn, request).await
    }
}

#[async_trait]
impl PmsBookings for DemoPms {
    async fn create_booking(&self, request: &BookingRequest) -> Result<Booking, PmsError> {
        bookings::create(&self.db, request).await
    }

    async fn get_booking(&self, reference: &BookingRef) -> Result<Booking, PmsError> {
        bookings::get(&self.db, reference).await
    }

    async fn find_bookings(&self, guest: &GuestLookup) -> Result<Vec<Booking>, PmsError> {
        bookings::find(&self.db, guest).await
    }

    async fn cancel_booking(&self, reference: &BookingRef) -> Result<Booking, PmsError> {
        bookings::cancel(&self.db, reference).await
    }

    async fn modify_booking(
        &self,
        reference: &BookingRef,
        change: &BookingChange,
    ) -> Result<Booking, PmsError> {
        bookings::modify(&self.db, reference, change).await
    }
}

impl Pms for DemoPms {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            find_by_email: true,
            find_by_phone: true,
            cancel: true,
            modify_dates: true,
            modify_rooms: true,
            child_ages: true,
            nightly_breakdown: true,
        }
    }
}
