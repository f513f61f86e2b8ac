//! Meta's report on one of our outbound messages: sent, delivered, read,
//! played or failed. Reports arrive in any order and more than once.

use super::inbound_message::WaMessageId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusKind {
    Sent,
    Delivered,
    Read,
    /// A voice message was played (implies read).
    Played,
    Failed,
}

impl StatusKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sent" => Some(Self::Sent),
            "delivered" => Some(Self::Delivered),
            "read" => Some(Self::Read),
            "played" => Some(Self::Played),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Played => "played",
            Self::Failed => "failed",
        }
    }

    /// Position in the lifecycle: a status only replaces a lower one. Failed
    /// is terminal, so it outranks everything.
    pub fn rank(self) -> i64 {
        match self {
            Self::Sent => 1,
            Self::Delivered => 2,
            Self::Read => 3,
            Self::Played => 4,
            Self::Failed => 9,
        }
    }
}

/// One entry of `errors[]` as Meta reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaError {
    pub code: i64,
    pub title: String,
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryStatus {
    pub message_id: WaMessageId,
    pub status: StatusKind,
    pub timestamp: i64,
    pub recipient_id: String,
    pub errors: Vec<MetaError>,
    /// `conversation` and `pricing` as Meta sent them (billing detail we only
    /// keep for staff).
    pub conversation: Option<serde_json::Value>,
    pub pricing: Option<serde_json::Value>,
    /// `biz_opaque_callback_data`: what we attached when sending. It names the
    /// outbox row, so a status proves a send whose answer we never recorded.
    #[serde(default)]
    pub callback_data: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_move_forward_and_failed_is_terminal() {
        use StatusKind::*;
        assert!(Sent.rank() < Delivered.rank());
        assert!(Delivered.rank() < Read.rank());
        assert!(Read.rank() < Played.rank());
        for s in [Sent, Delivered, Read, Played] {
            assert!(s.rank() < Failed.rank());
            assert_eq!(StatusKind::parse(s.as_str()), Some(s));
        }
        assert_eq!(StatusKind::parse("deleted"), None);
    }
}
