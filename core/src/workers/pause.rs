//! The idle wait every polling worker shares: until it is woken, its poll
//! interval passes, or it is told to stop.

use std::time::Duration;
use tokio::sync::{Notify, watch};

pub async fn pause(wake: &Notify, poll: Duration, stop: &mut watch::Receiver<bool>) {
    tokio::select! {
        () = wake.notified() => {}
        () = tokio::time::sleep(poll) => {}
        _ = stop.changed() => {}
    }
}
