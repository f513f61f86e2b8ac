//! Around any PMS: a process-wide circuit breaker, a client-side rate limit,
//! caches (catalogue 1 h, quotes 60 s, cleared for the dates our own bookings
//! touch; the catalogue served stale, flagged, while the PMS is down) and
//! metrics per operation. The adapters stay plain; this is the one place
//! those policies live.

mod breaker;
pub mod cache;
mod metrics;
mod rate_limit;

pub use breaker::Breaker;
pub use metrics::PmsMetrics;
pub use rate_limit::RateLimit;

use crate::domain::{BookingRef, StayDates};
use crate::ports::monotonic::MonotonicClock;
use crate::ports::pms::{
    Booking, BookingChange, BookingRequest, Capabilities, Fetched, GuestLookup, HotelInfo, Pms,
    PmsAvailability, PmsBookings, PmsCatalog, PmsError, Quote, QuoteRequest, RoomType,
};
use async_trait::async_trait;
use cache::TtlCache;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Policy {
    pub breaker_failures: u32,
    pub breaker_cooldown: Duration,
    pub max_calls_per_sec: u32,
    pub catalog_ttl: Duration,
    pub quote_ttl: Duration,
}

pub struct ResilientPms<P> {
    inner: P,
    breaker: Breaker,
    limit: RateLimit,
    hotel: TtlCache<(), HotelInfo>,
    room_types: TtlCache<(), Vec<RoomType>>,
    quotes: TtlCache<QuoteRequest, Quote>,
    /// Last stay seen per booking, so a modify can clear the old dates too.
    stays: Mutex<HashMap<BookingRef, StayDates>>,
    metrics: PmsMetrics,
}

impl<P: Pms> ResilientPms<P> {
    pub fn new(
        inner: P,
        policy: &Policy,
        clock: Arc<dyn MonotonicClock>,
        metrics: PmsMetrics,
    ) -> Self {
        Self {
            inner,
            breaker: Breaker::new(
                clock.clone(),
                policy.breaker_failures,
                policy.breaker_cooldown,
            ),
            limit: RateLimit::new(clock.clone(), policy.max_calls_per_sec),
            hotel: TtlCache::new(clock.clone(), policy.catalog_ttl, 1),
            room_types: TtlCache::new(clock.clone(), policy.catalog_ttl, 1),
            quotes: TtlCache::new(clock, policy.quote_ttl, 1_000),
            stays: Mutex::new(HashMap::new()),
            metrics,
        }
    }

    pub fn inner(&self) -> &P {
        &self.inner
    }

    pub fn breaker_open(&self) -> bool {
        self.breaker.is_open()
    }

    /// Every call to the PMS goes through here.
    async fn call<T>(
        &self,
        operation: &'static str,
        f: impl Future<Output = Result<T, PmsError>>,
    ) -> Result<T, PmsError> {
        if let Err(r) = self.breaker.permit() {
            let refused = Err(PmsError::Down(format!(
                "the PMS failed repeatedly; not calling it for another {} s",
                r.retry_in.as_secs()
            )));
            self.metrics.outcome(operation, &refused);
            return refused;
        }
        self.limit.take().await;
        let started = Instant::now();
        let result = f.await;
        self.breaker
            .record(!result.as_ref().is_err_and(PmsError::is_outage));
        self.metrics.observe(operation, started.elapsed(), &result);
        match &result {
            Err(e) if e.is_outage() => {
                tracing::warn!(operation, kind = e.kind(), error = %e, "PMS call failed");
            }
            Err(e) => tracing::debug!(operation, kind = e.kind(), error = %e, "PMS said no"),
            Ok(_) => {}
        }
        result
    }

    /// Fresh from cache, else from the PMS, else (PMS down) stale from cache.
    async fn catalog<T: Clone>(
        &self,
        operation: &'static str,
        cache: &TtlCache<(), T>,
        fetch: impl Future<Output = Result<Fetched<T>, PmsError>>,
    ) -> Result<Fetched<T>, PmsError> {
        if let Some(v) = cache.fresh(&()) {
            self.metrics.cached(operation);
            return Ok(Fetched::fresh(v));
        }
        match self.call(operation, fetch).await {
            Ok(f) => {
                cache.put((), f.value.clone());
                Ok(f)
            }
            Err(e) if e.is_outage() => match cache.any(&()) {
                Some(value) => {
                    tracing::warn!(
                        operation,
                        "PMS down: serving the last known copy, flagged stale"
                    );
                    Ok(Fetched { value, stale: true })
                }
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    fn forget_quotes(&self, stay: &StayDates) {
        self.quotes.remove_where(|q| q.stay.overlaps(stay));
    }

    fn remember(&self, b: &Booking) {
        if let Ok(mut m) = self.stays.lock() {
            if m.len() > 10_000 {
                m.clear();
            }
            m.insert(b.reference.clone(), b.stay);
        }
    }

    fn last_stay(&self, r: &BookingRef) -> Option<StayDates> {
        self.stays.lock().ok().and_then(|m| m.get(r).copied())
    }
}

#[async_trait]
impl<P: Pms> PmsCatalog for ResilientPms<P> {
    async fn hotel_info(&self) -> Result<Fetched<HotelInfo>, PmsError> {
        self.catalog("hotel_info", &self.hotel, self.inner.hotel_info())
            .await
    }

    async fn room_types(&self) -> Result<Fetched<Vec<RoomType>>, PmsError> {
        self.catalog("room_types", &self.room_types, self.inner.room_types())
            .await
    }
}

#[async_trait]
impl<P: Pms> PmsAvailability for ResilientPms<P> {
    async fn quote(&self, request: &QuoteRequest) -> Result<Quote, PmsError> {
        if let Some(q) = self.quotes.fresh(request) {
            self.metrics.cached("quote");
            return Ok(q);
        }
        let q = self.call("quote", self.inner.quote(request)).await?;
        self.quotes.put(request.clone(), q.clone());
        Ok(q)
    }
}

#[async_trait]
impl<P: Pms> PmsBookings for ResilientPms<P> {
    async fn create_booking(&self, request: &BookingRequest) -> Result<Booking, PmsError> {
        let result = self
            .call("create_booking", self.inner.create_booking(request))
            .await;
        // Booked, or refused as full (so the cached quote was wrong): either
        // way cached availability for these nights is stale now.
        if matches!(&result, Ok(_) | Err(PmsError::NotAvailable(_))) {
            self.forget_quotes(&request.stay);
        }
        if let Ok(b) = &result {
            self.remember(b);
        }
        result
    }

    async fn get_booking(&self, reference: &BookingRef) -> Result<Booking, PmsError> {
        let b = self
            .call("get_booking", self.inner.get_booking(reference))
            .await?;
        self.remember(&b);
        Ok(b)
    }

    async fn find_bookings(&self, guest: &GuestLookup) -> Result<Vec<Booking>, PmsError> {
        self.call("find_bookings", self.inner.find_bookings(guest))
            .await
    }

    async fn cancel_booking(&self, reference: &BookingRef) -> Result<Booking, PmsError> {
        let b = self
            .call("cancel_booking", self.inner.cancel_booking(reference))
            .await?;
        self.forget_quotes(&b.stay);
        self.remember(&b);
        Ok(b)
    }

    async fn modify_booking(
        &self,
        reference: &BookingRef,
        change: &BookingChange,
    ) -> Result<Booking, PmsError> {
        let old = self.last_stay(reference);
        let b = self
            .call(
                "modify_booking",
                self.inner.modify_booking(reference, change),
            )
            .await?;
        match old {
            Some(old) => self.forget_quotes(&old),
            // Old dates unknown: clear every quote rather than risk a stale one.
            None => self.quotes.remove_where(|_| true),
        }
        self.forget_quotes(&b.stay);
        self.remember(&b);
        Ok(b)
    }
}

impl<P: Pms> Pms for ResilientPms<P> {
    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }
}
