//! Logging setup and the helpers that keep private data out of logs.

mod mask;
mod metrics;
mod subscriber;

pub use mask::{MaskedPhone, mask_phone};
pub use metrics::{HttpLabels, Metrics};
pub use subscriber::{init, init_for_cli};
