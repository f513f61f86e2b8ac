//! The metrics summary for the dashboard's charts, over a date range: volume
//! per hour and per hotel-local day, response times, handoffs, bookings,
//! intents, dead letters.

use super::Desk;
use crate::adapters::sqlite::desk::{DeskError, metrics as q};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Percentiles {
    pub count: usize,
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
}

impl Percentiles {
    /// Nearest-rank percentiles: exact values that occurred, no interpolation.
    pub fn of(mut v: Vec<i64>) -> Self {
        v.sort_unstable();
        let rank = |p: f64| -> Option<i64> {
            if v.is_empty() {
                return None;
            }
            // ceil(p * n) as a 1-based rank.
            let n = v.len();
            let r = ((p * n as f64).ceil() as usize).clamp(1, n);
            v.get(r - 1).copied()
        };
        Self {
            count: v.len(),
            median_ms: rank(0.5),
            p90_ms: rank(0.9),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct VolumeRow {
    /// The hour's start (UTC, RFC 3339), or the hotel-local date.
    pub at: String,
    pub direction: String,
    pub channel: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct HandoffStats {
    pub total: usize,
    pub by_reason: BTreeMap<String, usize>,
    /// Not answered by staff yet.
    pub unanswered: usize,
    /// From the bot's handoff to staff's first action.
    pub waiting: Percentiles,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BookingStats {
    pub currency: String,
    pub count: i64,
    pub total_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct MetricsSummary {
    pub from: String,
    pub to: String,
    pub timezone: String,
    pub messages_per_hour: Vec<VolumeRow>,
    pub messages_per_day: Vec<VolumeRow>,
    pub first_response_bot: Percentiles,
    pub first_response_staff: Percentiles,
    pub handoffs: HandoffStats,
    pub bookings: Vec<BookingStats>,
    pub intents: BTreeMap<String, i64>,
    pub dead_letters: BTreeMap<String, i64>,
    pub voice_notes: i64,
    /// Transcription times arrive with speech recognition; empty until then.
    pub transcription: Percentiles,
}

impl Desk {
    pub async fn metrics(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<MetricsSummary, DeskError> {
        if to <= from {
            return Err(DeskError::Invalid(
                "the date range ends before it starts".into(),
            ));
        }
        if to - from > chrono::Duration::days(366) {
            return Err(DeskError::Invalid(
                "the date range is longer than a year: ask for a shorter one".into(),
            ));
        }
        let (a, b) = (from.timestamp_millis(), to.timestamp_millis());
        let hours = q::messages_per_hour(&self.db, a, b).await?;
        let mut per_day: BTreeMap<(String, String, String), i64> = BTreeMap::new();
        let mut per_hour = Vec::with_capacity(hours.len());
        for h in hours {
            let at = DateTime::from_timestamp_millis(h.hour_ms).unwrap_or_default();
            let day = at.with_timezone(&self.tz).date_naive().to_string();
            *per_day
                .entry((day, h.direction.clone(), h.channel.clone()))
                .or_default() += h.count;
            per_hour.push(VolumeRow {
                at: at.to_rfc3339(),
                direction: h.direction,
                channel: h.channel,
                count: h.count,
            });
        }
        let handoffs = q::handoffs(&self.db, a, b).await?;
        let mut by_reason = BTreeMap::new();
        for h in &handoffs {
            *by_reason.entry(h.reason.clone()).or_default() += 1;
        }
        Ok(MetricsSummary {
            from: from.to_rfc3339(),
            to: to.to_rfc3339(),
            timezone: self.tz.name().to_string(),
            messages_per_hour: per_hour,
            messages_per_day: per_day
                .into_iter()
                .map(|((at, direction, channel), count)| VolumeRow {
                    at,
                    direction,
                    channel,
                    count,
                })
                .collect(),
            first_response_bot: Percentiles::of(q::bot_response_ms(&self.db, a, b).await?),
            first_response_staff: Percentiles::of(q::staff_response_ms(&self.db, a, b).await?),
            handoffs: HandoffStats {
                total: handoffs.len(),
                unanswered: handoffs.iter().filter(|h| h.waited_ms.is_none()).count(),
                waiting: Percentiles::of(handoffs.iter().filter_map(|h| h.waited_ms).collect()),
                by_reason,
            },
            bookings: q::bookings(&self.db, a, b)
                .await?
                .into_iter()
                .map(|(currency, count, total_minor)| BookingStats {
                    currency,
                    count,
                    total_minor,
                })
                .collect(),
            intents: q::intents(&self.db, a, b).await?.into_iter().collect(),
            dead_letters: q::dead_letters(&self.db, a, b).await?.into_iter().collect(),
            voice_notes: q::voice_notes(&self.db, a, b).await?,
            transcription: Percentiles::of(Vec::new()),
        })
    }
}
