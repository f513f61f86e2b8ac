//! What a guest can want, and the hotel-information subtopics.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s { $($text => Ok($name::$variant),)+ _ => Err(s.to_string()) }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// Intent names as they appear in the parse JSON and in evaluation files.
    Intent {
        Greeting => "greeting",
        Thanks => "thanks",
        Goodbye => "goodbye",
        CheckAvailability => "check_availability",
        AskPrices => "ask_prices",
        MakeBooking => "make_booking",
        ModifyBooking => "modify_booking",
        CancelBooking => "cancel_booking",
        BookingStatus => "booking_status",
        CheckinCheckoutTimes => "checkin_checkout_times",
        EarlyCheckin => "early_checkin",
        LateCheckout => "late_checkout",
        HotelInfo => "hotel_info",
        RoomTypesPhotos => "room_types_photos",
        TalkToHuman => "talk_to_human",
        Complaint => "complaint",
        Urgent => "urgent",
        Affirm => "affirm",
        Deny => "deny",
        ProvideInfo => "provide_info",
        OutOfScope => "out_of_scope",
    }
}

impl Intent {
    /// Politeness that rarely carries the point of a message.
    pub fn is_social(self) -> bool {
        matches!(self, Intent::Greeting | Intent::Thanks | Intent::Goodbye)
    }

    /// Asks for something, as opposed to politeness or answering our question.
    pub fn is_request(self) -> bool {
        !self.is_social() && !matches!(self, Intent::Affirm | Intent::Deny | Intent::ProvideInfo)
    }

    pub fn index(self) -> usize {
        Intent::ALL.iter().position(|i| *i == self).unwrap_or(0)
    }
}

named_enum! {
    /// What a `hotel_info` question is about.
    InfoTopic {
        Location => "location",
        Parking => "parking",
        Wifi => "wifi",
        Meals => "meals",
        Pets => "pets",
        Amenities => "amenities",
        Accessibility => "accessibility",
        Transport => "transport",
        Payment => "payment",
        CancellationPolicy => "cancellation_policy",
        HouseRules => "house_rules",
        Contact => "contact",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for i in Intent::ALL {
            assert_eq!(i.as_str().parse::<Intent>(), Ok(*i));
            assert_eq!(serde_json::to_value(i).expect("json"), i.as_str());
        }
        for t in InfoTopic::ALL {
            assert_eq!(t.as_str().parse::<InfoTopic>(), Ok(*t));
        }
        assert!("reserva".parse::<Intent>().is_err());
    }
}
