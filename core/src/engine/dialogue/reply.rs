//! What the receptionist sends: text, with reply buttons or a location where
//! they help. Every button has a plain-text equivalent (its title or number
//! typed back works too), so channels without buttons lose nothing.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Button {
    /// Stable id sent back when tapped ("yes", "offer:2", "menu:info").
    pub id: String,
    /// WhatsApp shows at most 20 characters.
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    pub name: String,
    pub address: String,
}

/// More options than buttons allow (WhatsApp: three): a list the guest opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceList {
    /// The button that opens the list (at most 20 characters).
    pub label: String,
    /// At most ten rows, titles cut to 24 characters.
    pub rows: Vec<Button>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reply {
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Button>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<ChoiceList>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// A picture (https URL) sent with the text as its caption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

impl Reply {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            buttons: Vec::new(),
            list: None,
            location: None,
            image: None,
        }
    }

    /// Adds buttons, at most three (WhatsApp's limit), titles cut to 20 characters.
    pub fn with_buttons(mut self, buttons: impl IntoIterator<Item = (String, String)>) -> Self {
        self.buttons = buttons
            .into_iter()
            .take(3)
            .map(|(id, title)| Button {
                id,
                title: title.chars().take(20).collect(),
            })
            .collect();
        self
    }

    /// Up to three options as buttons, more as a list opened by `label`. The
    /// text must name every option too (numbered), for channels without either.
    pub fn with_choices(
        self,
        label: String,
        options: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let options: Vec<(String, String)> = options.into_iter().collect();
        if options.len() <= 3 {
            return self.with_buttons(options);
        }
        Self {
            list: Some(ChoiceList {
                label: label.chars().take(20).collect(),
                rows: options
                    .into_iter()
                    .take(10)
                    .map(|(id, title)| Button {
                        id,
                        title: title.chars().take(24).collect(),
                    })
                    .collect(),
            }),
            ..self
        }
    }

    pub fn with_image(mut self, url: String) -> Self {
        self.image = Some(url);
        self
    }

    pub fn with_location(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}
