//! Business hours and holidays in SQLite, served to the receptionist from a
//! cache that edits refresh. Seeded once from the `[hotel]` settings.

use crate::engine::hours::{HoursPolicy, TimeRange, WeeklyHours};
use crate::ports::hours::{HoursReadError, HoursSource};
use async_trait::async_trait;
use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use sqlx::SqlitePool;
use tokio::sync::RwLock;

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// A holiday: the desk is closed all day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Holiday {
    #[schema(value_type = String, example = "2026-12-25")]
    pub date: NaiveDate,
    #[serde(default)]
    pub name: String,
}

pub struct SqliteHours {
    pool: SqlitePool,
    tz: Tz,
    cache: RwLock<Option<HoursPolicy>>,
}

impl SqliteHours {
    pub fn new(pool: SqlitePool, tz: Tz) -> Self {
        Self {
            pool,
            tz,
            cache: RwLock::new(None),
        }
    }

    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Stores `week` and `holidays` unless hours were stored before (seeded or
    /// edited by staff). Returns whether it wrote.
    pub async fn seed_if_unset(
        &self,
        week: &WeeklyHours,
        holidays: &[Holiday],
        now: &str,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let seeded: Option<i64> = sqlx::query_scalar("SELECT id FROM business_hours_meta")
            .fetch_optional(&mut *tx)
            .await?;
        if seeded.is_some() {
            return Ok(false);
        }
        write(&mut tx, week, holidays, now, "settings").await?;
        tx.commit().await?;
        self.invalidate().await;
        Ok(true)
    }

    /// Replaces every range and holiday (already validated by `WeeklyHours`).
    pub async fn replace(
        &self,
        week: &WeeklyHours,
        holidays: &[Holiday],
        now: &str,
        who: &str,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        write(&mut tx, week, holidays, now, who).await?;
        tx.commit().await?;
        self.invalidate().await;
        Ok(())
    }

    pub async fn invalidate(&self) {
        *self.cache.write().await = None;
    }

    /// The stored week and holidays, validated.
    pub async fn load(&self) -> Result<(WeeklyHours, Vec<Holiday>), HoursReadError> {
        let e = |e: sqlx::Error| HoursReadError(e.to_string());
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT weekday, open, close FROM business_hours ORDER BY weekday, position",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(e)?;
        let mut days: [Vec<TimeRange>; 7] = Default::default();
        for (day, open, close) in rows {
            let t = |s: &str| {
                NaiveTime::parse_from_str(s, "%H:%M")
                    .map_err(|_| HoursReadError(format!("stored time {s:?} is not HH:MM")))
            };
            let slot = usize::try_from(day)
                .ok()
                .and_then(|d| days.get_mut(d))
                .ok_or_else(|| HoursReadError(format!("stored weekday {day} is not 0..6")))?;
            slot.push(TimeRange {
                open: t(&open)?,
                close: t(&close)?,
            });
        }
        let week = WeeklyHours::new(days).map_err(|e| HoursReadError(e.to_string()))?;
        let holidays: Vec<(String, String)> =
            sqlx::query_as("SELECT date, name FROM holidays ORDER BY date")
                .fetch_all(&self.pool)
                .await
                .map_err(e)?;
        let holidays = holidays
            .into_iter()
            .map(|(d, name)| {
                Ok(Holiday {
                    date: NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
                        HoursReadError(format!("stored holiday {d:?} is not a date"))
                    })?,
                    name,
                })
            })
            .collect::<Result<Vec<_>, HoursReadError>>()?;
        Ok((week, holidays))
    }
}

async fn write(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    week: &WeeklyHours,
    holidays: &[Holiday],
    now: &str,
    who: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM business_hours")
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM holidays")
        .execute(&mut **tx)
        .await?;
    for (i, day) in DAYS.iter().enumerate() {
        for (pos, r) in week.ranges(*day).iter().enumerate() {
            sqlx::query(
                "INSERT INTO business_hours (weekday, position, open, close) VALUES (?, ?, ?, ?)",
            )
            .bind(i as i64)
            .bind(pos as i64)
            .bind(r.open.format("%H:%M").to_string())
            .bind(r.close.format("%H:%M").to_string())
            .execute(&mut **tx)
            .await?;
        }
    }
    for h in holidays {
        sqlx::query("INSERT OR REPLACE INTO holidays (date, name) VALUES (?, ?)")
            .bind(h.date.to_string())
            .bind(&h.name)
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO business_hours_meta (id, updated_at, updated_by) VALUES (1, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(now)
    .bind(who)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait]
impl HoursSource for SqliteHours {
    async fn current(&self) -> Result<HoursPolicy, HoursReadError> {
        if let Some(p) = self.cache.read().await.as_ref() {
            return Ok(p.clone());
        }
        let (week, holidays) = self.load().await?;
        let policy = HoursPolicy::new(self.tz, week, holidays.into_iter().map(|h| h.date));
        *self.cache.write().await = Some(policy.clone());
        Ok(policy)
    }
}

#[cfg(test)]
mod tests;
