//! Praise for the hotel ("muy lindo el lugar", "lovely place", "lugar
//! maravilhoso"). Guests write it beside their thanks or on its own as they
//! leave, and it is part of the thanks: it must not reach the classifier,
//! which reads "lugar" and "place" as asking for a free room ("hay lugar?").

/// Words that praise, folded.
const PRAISE: &[&str] = &[
    "lindo",
    "linda",
    "lindisimo",
    "lindisima",
    "lindissimo",
    "lindissima",
    "hermoso",
    "hermosa",
    "hermosisimo",
    "precioso",
    "preciosa",
    "bello",
    "bella",
    "belo",
    "divino",
    "divina",
    "bonito",
    "bonita",
    "maravilloso",
    "maravillosa",
    "maravilhoso",
    "maravilhosa",
    "espectacular",
    "increible",
    "incrivel",
    "encantador",
    "encantadora",
    "impecable",
    "impecavel",
    "excelente",
    "buenisimo",
    "aconchegante",
    "acolhedor",
    "lovely",
    "beautiful",
    "gorgeous",
    "amazing",
    "wonderful",
    "stunning",
    "charming",
    "fantastic",
    "cozy",
    "cosy",
    "nice",
    "great",
    "spotless",
];

/// What is praised: the hotel and the stay.
const PLACES: &[&str] = &[
    "lugar",
    "lugarcito",
    "sitio",
    "place",
    "spot",
    "hotel",
    "hostel",
    "hostal",
    "posada",
    "pousada",
    "property",
    "espacio",
    "espaco",
    "vista",
    "view",
    "estadia",
    "estancia",
    "stay",
];

/// Words that go with praise ("qué lindo que es el lugar", "what a lovely
/// place you have", "o lugar é maravilhoso").
const GLUE: &[&str] = &[
    "el", "la", "lo", "es", "esta", "fue", "era", "re", "super", "tan", "tienen", "tiene", "tenes",
    "what", "a", "an", "the", "this", "is", "was", "its", "it", "such", "really", "truly", "your",
    "have", "got", "o", "um", "uma", "foi", "tao", "ta", "tem", "seu", "de", "do", "da", "del",
];

/// Whether the words praise something (a word of praise) and name the place
/// praised. The caller checks that nothing else is asked beside them.
pub fn praise_and_place(words: &[&str]) -> bool {
    words.iter().any(|w| PRAISE.contains(w)) && words.iter().any(|w| PLACES.contains(w))
}

/// A word that may be part of praise for the place.
pub fn is_praise_word(w: &str) -> bool {
    PRAISE.contains(&w) || PLACES.contains(&w) || GLUE.contains(&w)
}
