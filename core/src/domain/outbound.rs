//! What we can send a guest on WhatsApp, with Meta's limits checked before any
//! request leaves the machine.

use super::inbound_message::WaMessageId;
use serde::{Deserialize, Serialize};

pub const TEXT_MAX_CHARS: usize = 4096;
pub const INTERACTIVE_BODY_MAX_CHARS: usize = 1024;
pub const CAPTION_MAX_CHARS: usize = 1024;
pub const MAX_REPLY_BUTTONS: usize = 3;
pub const BUTTON_TITLE_MAX_CHARS: usize = 20;
pub const MAX_LIST_ROWS: usize = 10;
pub const LIST_ROW_TITLE_MAX_CHARS: usize = 24;
pub const LIST_ROW_DESCRIPTION_MAX_CHARS: usize = 72;
pub const LIST_BUTTON_MAX_CHARS: usize = 20;
pub const ID_MAX_CHARS: usize = 256;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OutboundMessage {
    /// Longer texts are split before they become outbox rows (see `text_split`).
    Text { body: String, preview_url: bool },
    Buttons {
        body: String,
        buttons: Vec<Choice>,
        footer: Option<String>,
    },
    List {
        body: String,
        button: String,
        sections: Vec<ListSection>,
    },
    Media {
        media: MediaKind,
        source: MediaSource,
        caption: Option<String>,
        filename: Option<String>,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    /// An empty emoji removes our reaction.
    Reaction {
        message_id: WaMessageId,
        emoji: String,
    },
    Template {
        name: String,
        language: String,
        /// Meta's `components` array, passed through as given.
        components: serde_json::Value,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSection {
    pub title: Option<String>,
    pub rows: Vec<Choice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Image,
    Document,
    Audio,
    Video,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Document => "document",
            Self::Audio => "audio",
            Self::Video => "video",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaSource {
    /// A media id from an earlier upload.
    Id(String),
    /// An https URL Meta fetches itself.
    Link(String),
}

/// A message Meta would refuse, caught before any HTTP call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error("{field} is empty")]
    Empty { field: &'static str },
    #[error("{field} has {len} characters; WhatsApp allows at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("{field} has {count} entries; WhatsApp allows {min} to {max}")]
    Count {
        field: &'static str,
        count: usize,
        min: usize,
        max: usize,
    },
    #[error("{0} is given twice; ids must be unique")]
    DuplicateId(String),
    #[error("{0}")]
    Invalid(&'static str),
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn check_len(field: &'static str, s: &str, max: usize) -> Result<(), LimitError> {
    if s.trim().is_empty() {
        return Err(LimitError::Empty { field });
    }
    let len = chars(s);
    if len > max {
        return Err(LimitError::TooLong { field, len, max });
    }
    Ok(())
}

fn check_count(field: &'static str, count: usize, max: usize) -> Result<(), LimitError> {
    if count == 0 || count > max {
        return Err(LimitError::Count {
            field,
            count,
            min: 1,
            max,
        });
    }
    Ok(())
}

fn check_unique<'a>(ids: impl Iterator<Item = &'a str>) -> Result<(), LimitError> {
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        check_len("id", id, ID_MAX_CHARS)?;
        if !seen.insert(id) {
            return Err(LimitError::DuplicateId(id.to_string()));
        }
    }
    Ok(())
}

impl OutboundMessage {
    pub fn text(body: impl Into<String>) -> Self {
        Self::Text {
            body: body.into(),
            preview_url: false,
        }
    }

    /// Free-form messages need an open 24-hour window; templates do not.
    pub fn needs_open_window(&self) -> bool {
        !matches!(self, Self::Template { .. })
    }

    /// Every limit WhatsApp documents for this kind.
    pub fn check_limits(&self) -> Result<(), LimitError> {
        match self {
            Self::Text { body, .. } => check_len("text body", body, TEXT_MAX_CHARS),
            Self::Buttons {
                body,
                buttons,
                footer,
            } => {
                check_len("buttons body", body, INTERACTIVE_BODY_MAX_CHARS)?;
                check_count("buttons", buttons.len(), MAX_REPLY_BUTTONS)?;
                for b in buttons {
                    check_len("button title", &b.title, BUTTON_TITLE_MAX_CHARS)?;
                }
                if let Some(f) = footer {
                    check_len("footer", f, 60)?;
                }
                check_unique(buttons.iter().map(|b| b.id.as_str()))
            }
            Self::List {
                body,
                button,
                sections,
            } => {
                check_len("list body", body, INTERACTIVE_BODY_MAX_CHARS)?;
                check_len("list button", button, LIST_BUTTON_MAX_CHARS)?;
                check_count("list sections", sections.len(), MAX_LIST_ROWS)?;
                let rows: Vec<&Choice> = sections.iter().flat_map(|s| &s.rows).collect();
                check_count("list rows", rows.len(), MAX_LIST_ROWS)?;
                for s in sections {
                    if s.rows.is_empty() {
                        return Err(LimitError::Empty {
                            field: "list section",
                        });
                    }
                    if sections.len() > 1 {
                        check_len("section title", s.title.as_deref().unwrap_or(""), 24)?;
                    }
                }
                for r in &rows {
                    check_len("list row title", &r.title, LIST_ROW_TITLE_MAX_CHARS)?;
                    if let Some(d) = &r.description {
                        check_len("list row description", d, LIST_ROW_DESCRIPTION_MAX_CHARS)?;
                    }
                }
                check_unique(rows.iter().map(|r| r.id.as_str()))
            }
            Self::Media {
                media,
                source,
                caption,
                filename,
            } => {
                match source {
                    MediaSource::Id(id) => check_len("media id", id, ID_MAX_CHARS)?,
                    MediaSource::Link(url) => {
                        if !url.starts_with("https://") {
                            return Err(LimitError::Invalid("media link must be an https URL"));
                        }
                    }
                }
                if let Some(c) = caption {
                    if *media == MediaKind::Audio {
                        return Err(LimitError::Invalid("audio messages cannot have a caption"));
                    }
                    check_len("caption", c, CAPTION_MAX_CHARS)?;
                }
                if filename.is_some() && *media != MediaKind::Document {
                    return Err(LimitError::Invalid("only documents have a file name"));
                }
                Ok(())
            }
            Self::Location {
                latitude,
                longitude,
                ..
            } => {
                if !(-90.0..=90.0).contains(latitude) || !(-180.0..=180.0).contains(longitude) {
                    return Err(LimitError::Invalid(
                        "latitude must be within ±90 and longitude within ±180",
                    ));
                }
                Ok(())
            }
            Self::Reaction { message_id, emoji } => {
                check_len("reaction message id", message_id.as_str(), ID_MAX_CHARS)?;
                if chars(emoji) > 10 {
                    return Err(LimitError::Invalid("a reaction is a single emoji"));
                }
                Ok(())
            }
            Self::Template {
                name,
                language,
                components,
            } => {
                check_len("template name", name, 512)?;
                check_len("template language", language, 15)?;
                if !(components.is_array() || components.is_null()) {
                    return Err(LimitError::Invalid("template components must be an array"));
                }
                Ok(())
            }
        }
    }
}
