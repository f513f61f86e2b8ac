//! A guest's message as WhatsApp delivered it, parsed into what we act on.
//! Anything we cannot act on is kept as [`InboundContent::Unsupported`] with
//! its raw JSON and the reason, never dropped.

use serde::{Deserialize, Serialize};

/// A WhatsApp message id (`wamid.…`), the key that makes delivery idempotent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WaMessageId(pub String);

impl WaMessageId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundMessage {
    pub id: WaMessageId,
    /// The sender's `wa_id` (E.164 digits without `+`), as sent; the worker
    /// turns it into a `PhoneE164`.
    pub from: String,
    /// Unix seconds, Meta's clock: the order in which the guest wrote.
    pub timestamp: i64,
    pub profile_name: Option<String>,
    pub context: Option<MessageContext>,
    pub referral: Option<serde_json::Value>,
    pub content: InboundContent,
}

/// What the message replies to or whether it was forwarded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageContext {
    pub reply_to: Option<WaMessageId>,
    pub forwarded: bool,
    pub frequently_forwarded: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRef {
    pub media_id: String,
    pub mime_type: Option<String>,
    pub sha256: Option<String>,
    pub caption: Option<String>,
    pub filename: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedContact {
    pub formatted_name: Option<String>,
    pub phones: Vec<String>,
    pub raw: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InboundContent {
    Text {
        body: String,
    },
    Audio {
        media: MediaRef,
        /// A voice note recorded in WhatsApp rather than an attached file.
        voice: bool,
    },
    Image {
        media: MediaRef,
    },
    Video {
        media: MediaRef,
    },
    Document {
        media: MediaRef,
    },
    Sticker {
        media: MediaRef,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    Contacts {
        contacts: Vec<SharedContact>,
    },
    ButtonReply {
        id: String,
        title: String,
    },
    ListReply {
        id: String,
        title: String,
        description: Option<String>,
    },
    /// A WhatsApp Flow's answer (`nfm_reply`); `response_json` is the form data.
    FlowReply {
        name: Option<String>,
        body: Option<String>,
        response_json: Option<String>,
    },
    /// A tap on a template's quick-reply button.
    TemplateButton {
        payload: String,
        text: String,
    },
    /// `emoji: None` means the guest removed their reaction.
    Reaction {
        message_id: WaMessageId,
        emoji: Option<String>,
    },
    Order {
        catalog_id: Option<String>,
        text: Option<String>,
        items: serde_json::Value,
    },
    /// Notices such as "customer changed number".
    System {
        body: Option<String>,
        kind: Option<String>,
        new_wa_id: Option<String>,
    },
    Unsupported {
        /// The `type` Meta sent, if any.
        wire_type: Option<String>,
        reason: String,
        errors: Vec<serde_json::Value>,
        raw: serde_json::Value,
    },
}

impl InboundContent {
    /// Short stable name for storage, metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Text { .. } => "text",
            Self::Audio { voice: true, .. } => "voice",
            Self::Audio { .. } => "audio",
            Self::Image { .. } => "image",
            Self::Video { .. } => "video",
            Self::Document { .. } => "document",
            Self::Sticker { .. } => "sticker",
            Self::Location { .. } => "location",
            Self::Contacts { .. } => "contacts",
            Self::ButtonReply { .. } => "button_reply",
            Self::ListReply { .. } => "list_reply",
            Self::FlowReply { .. } => "flow_reply",
            Self::TemplateButton { .. } => "template_button",
            Self::Reaction { .. } => "reaction",
            Self::Order { .. } => "order",
            Self::System { .. } => "system",
            Self::Unsupported { .. } => "unsupported",
        }
    }

    /// The media to download, for the kinds that carry one.
    pub fn media(&self) -> Option<&MediaRef> {
        match self {
            Self::Audio { media, .. }
            | Self::Image { media }
            | Self::Video { media }
            | Self::Document { media }
            | Self::Sticker { media } => Some(media),
            _ => None,
        }
    }

    /// Human-readable text of the message, when it has one (shown to staff,
    /// given to the engine).
    pub fn text(&self) -> Option<&str> {
        match self {
            Self::Text { body } => Some(body),
            Self::ButtonReply { title, .. } | Self::ListReply { title, .. } => Some(title),
            Self::TemplateButton { text, .. } => Some(text),
            Self::Image { media }
            | Self::Video { media }
            | Self::Document { media }
            | Self::Sticker { media } => media.caption.as_deref(),
            Self::FlowReply { body, .. } | Self::System { body, .. } => body.as_deref(),
            _ => None,
        }
    }
}
