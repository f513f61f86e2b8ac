//! What a hotel-information question is about.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Location,
    Parking,
    Wifi,
    Meals,
    Pets,
    Amenities,
    Accessibility,
    Transport,
    Payment,
    CancellationPolicy,
    HouseRules,
    Contact,
    CheckinCheckout,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown topic {0:?}")]
pub struct UnknownTopic(pub String);

impl Topic {
    pub const ALL: [Topic; 13] = [
        Topic::Location,
        Topic::Parking,
        Topic::Wifi,
        Topic::Meals,
        Topic::Pets,
        Topic::Amenities,
        Topic::Accessibility,
        Topic::Transport,
        Topic::Payment,
        Topic::CancellationPolicy,
        Topic::HouseRules,
        Topic::Contact,
        Topic::CheckinCheckout,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Location => "location",
            Topic::Parking => "parking",
            Topic::Wifi => "wifi",
            Topic::Meals => "meals",
            Topic::Pets => "pets",
            Topic::Amenities => "amenities",
            Topic::Accessibility => "accessibility",
            Topic::Transport => "transport",
            Topic::Payment => "payment",
            Topic::CancellationPolicy => "cancellation_policy",
            Topic::HouseRules => "house_rules",
            Topic::Contact => "contact",
            Topic::CheckinCheckout => "checkin_checkout",
        }
    }
}

impl FromStr for Topic {
    type Err = UnknownTopic;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Topic::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownTopic(s.to_string()))
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in Topic::ALL {
            assert_eq!(t.as_str().parse(), Ok(t));
            assert_eq!(serde_json::to_string(&t).ok(), Some(format!("\"{t}\"")));
        }
        assert!("spa".parse::<Topic>().is_err());
    }
}
