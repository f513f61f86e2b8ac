//! Background work: the WhatsApp channel's conversation worker, sender and
//! media fetcher, started by the composition root.

mod backoff;
mod builtin_engines;
mod channel;
mod conversation;
mod inbox_worker;

pub use builtin_engines::{EchoForTests, NoReply};
pub use channel::WhatsAppChannel;
pub use conversation::{ConversationWorker, ProcessError};
pub use inbox_worker::InboxWorker;

#[cfg(test)]
mod inbox_tests;
