//! Background work: the WhatsApp channel's conversation worker, sender and
//! media fetcher, started by the composition root.

mod backoff;
mod builtin_engines;
mod channel;
mod conversation;
mod inbox_worker;
mod media_worker;
mod outbox_worker;
mod pause;
mod read_receipts;
mod throttle;
mod voice;
mod voice_replies;

pub use builtin_engines::{EchoForTests, NoReply};
pub use channel::WhatsAppChannel;
pub use conversation::{ConversationWorker, ProcessError};
pub use inbox_worker::InboxWorker;
pub use media_worker::MediaWorker;
pub use outbox_worker::{OutboxWorker, WINDOW_MS};
pub use read_receipts::ReadReceipts;
pub use throttle::Throttle;
pub use voice::{Heard, VoicePipeline};
pub use voice_replies::VoiceReplyWorker;

#[cfg(test)]
mod inbox_arrival_tests;
#[cfg(test)]
mod inbox_flood_tests;
#[cfg(test)]
mod inbox_tests;
#[cfg(test)]
mod media_tests;
#[cfg(test)]
mod outbox_in_flight_tests;
#[cfg(test)]
mod outbox_tests;
#[cfg(test)]
mod voice_replies_tests;
#[cfg(test)]
mod voice_tests;
