//! Background work: the WhatsApp channel's conversation worker, sender and
//! media fetcher, started by the composition root.

mod channel;

pub use channel::WhatsAppChannel;
