//! Where a question puts the hotel: "is there a pharmacy near the hotel" asks
//! about the town (the hotel is the landmark), "is the hotel near the beach"
//! or "r u near the old town" asks where the hotel is, "is there a pharmacy in
//! the hotel" asks about the hotel's own services. The same words appear in
//! all three, so word features alone mix them up (the main English confusion
//! in cross-validation); this says which way round they are.

/// Words that name the hotel (folded; "u"/"ur" are already "you"/"your").
const HOTEL: &[&str] = &[
    "hotel", "hotels", "you", "your", "property", "yall", "ustedes", "hostel", "voces", "vcs",
];

/// Articles and possessives allowed between a preposition and the hotel.
const DETERMINERS: &[&str] = &["the", "your", "el", "del", "o", "do", "al", "la", "de"];

/// Prepositions that make the hotel a landmark for some other place.
const AROUND: &[&str] = &[
    "near", "nearby", "around", "by", "close", "next", "cerca", "perto", "junto",
];

/// Prepositions that put the thing inside the hotel.
const INSIDE: &[&str] = &["in", "inside", "at", "within", "en", "dentro", "no", "na"];

/// Words that ask where something is or how far.
const LOCATIVE: &[&str] = &[
    "near",
    "nearby",
    "close",
    "far",
    "walking",
    "distance",
    "located",
    "around",
    "next",
    "cerca",
    "lejos",
    "perto",
    "longe",
    "ubicados",
    "localizado",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Another place near the hotel ("pharmacy near the hotel").
    NearHotel,
    /// Something inside the hotel ("a pharmacy in the hotel").
    InHotel,
    /// The hotel's own location ("is the hotel near the beach").
    HotelLocated,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::NearHotel => "near_hotel",
            Place::InHotel => "in_hotel",
            Place::HotelLocated => "hotel_located",
        }
    }
}

/// How the piece's words (folded) place the hotel, if they name it.
pub fn place(words: &[&str]) -> Option<Place> {
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        if !HOTEL.contains(w) {
            continue;
        }
        // The word before the hotel, skipping "the"/"your", and the one before
        // that ("close to", "next to", "cerca de").
        let mut j = i;
        while j > 0 && DETERMINERS.contains(&words[j - 1]) {
            j -= 1;
        }
        let before = j.checked_sub(1).map(|k| words[k]);
        let before2 = j.checked_sub(2).map(|k| words[k]);
        let to = matches!(before, Some("to" | "de" | "a"));
        let here = if before.is_some_and(|b| AROUND.contains(&b))
            || (to && before2.is_some_and(|b| AROUND.contains(&b)))
        {
            Place::NearHotel
        } else if before.is_some_and(|b| INSIDE.contains(&b)) {
            Place::InHotel
        } else if words.iter().any(|w| LOCATIVE.contains(w)) {
            Place::HotelLocated
        } else {
            continue;
        };
        found = Some(here);
        break;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Option<Place> {
        let words: Vec<&str> = text.split_whitespace().collect();
        place(&words)
    }

    #[test]
    fn a_town_place_near_the_hotel() {
        assert_eq!(
            p("is there a pharmacy near the hotel"),
            Some(Place::NearHotel)
        );
        assert_eq!(p("is there a bakery near you"), Some(Place::NearHotel));
        assert_eq!(p("any atm close to your hotel"), Some(Place::NearHotel));
        assert_eq!(
            p("hay una farmacia cerca del hotel"),
            Some(Place::NearHotel)
        );
    }

    #[test]
    fn something_inside_the_hotel() {
        assert_eq!(p("is there a pharmacy in the hotel"), Some(Place::InHotel));
        assert_eq!(p("do you have a gym at the hotel"), Some(Place::InHotel));
    }

    #[test]
    fn where_the_hotel_is() {
        assert_eq!(p("is the hotel near the beach"), Some(Place::HotelLocated));
        assert_eq!(p("are you near the old town"), Some(Place::HotelLocated));
        assert_eq!(
            p("how close are you to the centre"),
            Some(Place::HotelLocated)
        );
        assert_eq!(
            p("how far are you from the beach"),
            Some(Place::HotelLocated)
        );
    }

    #[test]
    fn no_hotel_or_no_place_says_nothing() {
        assert_eq!(p("is there a pharmacy nearby"), None);
        assert_eq!(p("can you send me photos"), None);
        assert_eq!(p("how far is the airport from the centre"), None);
    }
}
