//! Tickets for the live-events WebSocket: a browser cannot set headers on a
//! WebSocket, and a token in the URL would end up in logs. The dashboard asks
//! for a ticket with its access token, then sends the ticket as the socket's
//! first message. A ticket works once, within [`TICKET_TTL_MS`].

use super::random::{self, RandomError};
use crate::ports::clock::Clock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const TICKET_TTL_MS: i64 = 30_000;

pub struct Tickets {
    clock: Arc<dyn Clock>,
    /// Ticket hash → (user id, expiry).
    open: Mutex<HashMap<String, (i64, i64)>>,
}

impl Tickets {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            clock,
            open: Mutex::new(HashMap::new()),
        }
    }

    pub fn issue(&self, user_id: i64) -> Result<String, RandomError> {
        let ticket = random::token()?;
        let now = self.clock.now_ms();
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        // Unused tickets expire; dropping them here keeps the map small.
        open.retain(|_, (_, expires)| *expires > now);
        open.insert(random::sha256_hex(&ticket), (user_id, now + TICKET_TTL_MS));
        Ok(ticket)
    }

    /// The user the ticket was issued to; the ticket is spent either way.
    pub fn redeem(&self, ticket: &str) -> Option<i64> {
        let now = self.clock.now_ms();
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let (user_id, expires) = open.remove(&random::sha256_hex(ticket.trim()))?;
        (expires > now).then_some(user_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::clock::ManualClock;

    #[test]
    fn a_ticket_works_once_and_only_before_it_expires() {
        let clock = ManualClock::at_ms(1_000);
        let t = Tickets::new(Arc::new(clock.clone()));
        let a = t.issue(7).expect("issue");
        assert_eq!(t.redeem(&a), Some(7));
        assert_eq!(t.redeem(&a), None, "single use");
        let b = t.issue(7).expect("issue");
        clock.advance_ms(TICKET_TTL_MS);
        assert_eq!(t.redeem(&b), None, "expired");
        assert_eq!(t.redeem("made-up"), None);
    }
}
