//! QloApps (1.6.x) through its webservice. The quirks this adapter survives
//! are listed in `shared/reference/qloapps-api.md`; each is named where it is
//! handled ("quirk N").

mod ari;
mod attempts;
mod bookings;
mod catalog;
mod client;
mod document;
mod health;
mod order_ref;
mod order_view;
mod reconcile;
mod wire;
mod xml;

pub use health::{PermissionReport, QloAppsCheck, REQUIRED, probe};

use crate::adapters::pms_resilience::cache::TtlCache;
use crate::config::Secret;
use crate::domain::BookingRef;
use crate::ports::monotonic::MonotonicClock;
use crate::ports::pms::{
    Booking, BookingChange, BookingRequest, Capabilities, Fetched, GuestLookup, HotelInfo, Pms,
    PmsAvailability, PmsBookings, PmsCatalog, PmsError, Quote, QuoteRequest, RoomType,
};
use async_trait::async_trait;
use attempts::Attempts;
use catalog::Catalog;
use client::Client;
use sqlx::SqlitePool;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct QloAppsConfig {
    pub url: String,
    pub api_key: Secret,
    pub hotel_id: u32,
    pub timeout: Duration,
    /// How long the catalogue the adapter itself needs (capacities, auto-added
    /// services for quirk 2) is reused.
    pub catalog_ttl: Duration,
}

/// Cheap to clone: clones share the HTTP client and the catalogue.
#[derive(Clone)]
pub struct QloApps {
    client: Client,
    hotel_id: u32,
    attempts: Attempts,
    catalog: Arc<TtlCache<(), Arc<Catalog>>>,
}

impl QloApps {
    /// `db` is Conserje's own database: booking attempts are recorded there
    /// before each create (never book twice).
    pub fn new(
        config: &QloAppsConfig,
        db: SqlitePool,
        clock: Arc<dyn MonotonicClock>,
    ) -> Result<Self, PmsError> {
        Ok(Self {
            client: Client::new(&config.url, config.api_key.clone(), config.timeout)?,
            hotel_id: config.hotel_id,
            attempts: Attempts::new(db),
            catalog: Arc::new(TtlCache::new(
                clock,
                config.catalog_ttl.max(Duration::from_secs(1)),
                1,
            )),
        })
    }

    /// The catalogue quotes and bookings need, reloaded once it is old.
    async fn catalog(&self) -> Result<Arc<Catalog>, PmsError> {
        match self.catalog.fresh(&()) {
            Some(c) => Ok(c),
            None => self.reload_catalog().await,
        }
    }

    async fn reload_catalog(&self) -> Result<Arc<Catalog>, PmsError> {
        let c = Arc::new(catalog::load(&self.client, self.hotel_id).await?);
        self.catalog.put((), c.clone());
        Ok(c)
    }

    /// `GET /api/`: which resources this key may use.
    pub async fn permissions(&self) -> Result<PermissionReport, PmsError> {
        health::permissions(&self.client).await
    }
}

/// Asked through the port, the catalogue is always read from QloApps: the
/// caching policy for callers (and stale copies while down) belongs to
/// `pms_resilience`, not to a second cache here.
#[async_trait]
impl PmsCatalog for QloApps {
    async fn hotel_info(&self) -> Result<Fetched<HotelInfo>, PmsError> {
        Ok(Fetched::fresh(self.reload_catalog().await?.hotel.clone()))
    }

    async fn room_types(&self) -> Result<Fetched<Vec<RoomType>>, PmsError> {
        Ok(Fetched::fresh(
            self.reload_catalog().await?.room_types.clone(),
        ))
    }
}

#[async_trait]
impl PmsAvailability for QloApps {
    async fn quote(&self, request: &QuoteRequest) -> Result<Quote, PmsError> {
        let catalog = self.catalog().await?;
        ari::quote(&self.client, self.hotel_id, &catalog, request).await
    }
}

#[async_trait]
impl PmsBookings for QloApps {
    async fn create_booking(&self, request: &BookingRequest) -> Result<Booking, PmsError> {
        let catalog = self.catalog().await?;
        bookings::create(self, &catalog, request).await
    }

    async fn get_booking(&self, reference: &BookingRef) -> Result<Booking, PmsError> {
        let currency = self.catalog().await?.hotel.currency;
        let id = order_ref::resolve(&self.client, reference).await?;
        bookings::get(&self.client, currency, &id).await
    }

    async fn find_bookings(&self, guest: &GuestLookup) -> Result<Vec<Booking>, PmsError> {
        match guest {
            GuestLookup::Email(e) => {
                let currency = self.catalog().await?.hotel.currency;
                bookings::find_by_email(&self.client, currency, e).await
            }
            GuestLookup::Phone(_) => Err(PmsError::Unsupported("find bookings by phone")),
        }
    }

    async fn cancel_booking(&self, reference: &BookingRef) -> Result<Booking, PmsError> {
        let currency = self.catalog().await?.hotel.currency;
        let id = order_ref::resolve(&self.client, reference).await?;
        bookings::cancel(&self.client, self.hotel_id, currency, &id).await
    }

    async fn modify_booking(
        &self,
        reference: &BookingRef,
        change: &BookingChange,
    ) -> Result<Booking, PmsError> {
        let catalog = self.catalog().await?;
        let id = order_ref::resolve(&self.client, reference).await?;
        bookings::modify(&self.client, self.hotel_id, &catalog, &id, change).await
    }
}

impl Pms for QloApps {
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            find_by_email: true,
            // Customers are keyed by e-mail; 1.6.1 cannot filter by phone.
            find_by_phone: false,
            cancel: true,
            modify_dates: true,
            modify_rooms: true,
            // Sent with the booking, but not returned by GET (only counts).
            child_ages: false,
            nightly_breakdown: true,
        }
    }
}
