//! Closed word classes the grammars need: months, weekdays, number words.
//! All forms are folded (lower case, no accents).

use chrono::Weekday;

/// Full month names in es, en, pt: safe to read without a day next to them.
const MONTHS: &[(&str, u32)] = &[
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
];

/// Abbreviations: read only right next to a day number ("15 mar", "mar 15"),
/// because many are ordinary words too ("mar" is the sea, "set" a verb).
const MONTH_ABBREVIATIONS: &[(&str, u32)] = &[
    ("ene", 1),
    ("jan", 1),
    ("feb", 2),
    ("fev", 2),
    ("mar", 3),
    ("abr", 4),
    ("apr", 4),
    ("mai", 5),
    ("jun", 6),
    ("jul", 7),
    ("ago", 8),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("set", 9),
    ("oct", 10),
    ("out", 10),
    ("nov", 11),
    ("dic", 12),
    ("dec", 12),
    ("dez", 12),
];

pub fn month(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(w, _)| *w == word).map(|(_, m)| *m)
}

pub fn month_abbreviation(word: &str) -> Option<u32> {
    MONTH_ABBREVIATIONS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, m)| *m)
        .or_else(|| month(word))
}

pub fn weekday(word: &str) -> Option<Weekday> {
    use Weekday::*;
    Some(match word {
        "lunes" | "monday" | "segunda" | "mon" => Mon,
        "martes" | "tuesday" | "terca" | "tue" | "tues" => Tue,
        "miercoles" | "wednesday" | "quarta" | "wed" => Wed,
        "jueves" | "thursday" | "quinta" | "thu" | "thurs" => Thu,
        "viernes" | "friday" | "sexta" | "fri" => Fri,
        "sabado" | "saturday" | "sab" | "sat" => Sat,
        "domingo" | "sunday" | "dom" | "sun" => Sun,
        _ => return None,
    })
}

/// Cardinal number words up to 31 (enough for days, nights, guests and rooms).
pub fn number_word(word: &str) -> Option<u32> {
    Some(match word {
        "un" | "uno" | "una" | "one" | "um" | "uma" | "a" | "an" => 1,
        "dos" | "two" | "dois" | "duas" => 2,
        "tres" | "three" => 3,
        "cuatro" | "four" | "quatro" => 4,
        "cinco" | "five" => 5,
        "seis" | "six" => 6,
        "siete" | "seven" | "sete" => 7,
        "ocho" | "eight" | "oito" => 8,
        "nueve" | "nine" | "nove" => 9,
        "diez" | "ten" | "dez" => 10,
        "once" | "eleven" | "onze" => 11,
        "doce" | "twelve" | "doze" => 12,
        "trece" | "thirteen" | "treze" => 13,
        "catorce" | "fourteen" | "quatorze" | "catorze" => 14,
        "quince" | "fifteen" | "quinze" => 15,
        "veinte" | "twenty" | "vinte" => 20,
        _ => return None,
    })
}

/// Indefinite articles: "una habitación" is not a statement about how many rooms.
pub fn is_article(word: &str) -> bool {
    matches!(word, "un" | "una" | "a" | "an" | "um" | "uma")
}

/// Nouns for a room or a bed: a type word next to one names the room
/// ("habitación doble", "double bed", "quarto de casal").
pub fn is_room_or_bed(word: &str) -> bool {
    matches!(
        word,
        "habitacion"
            | "habitaciones"
            | "hab"
            | "habs"
            | "cuarto"
            | "cuartos"
            | "pieza"
            | "piezas"
            | "room"
            | "rooms"
            | "quarto"
            | "quartos"
            | "apartamento"
            | "departamento"
            | "depto"
            | "cama"
            | "camas"
            | "bed"
            | "beds"
    )
}

/// Ordinal endings written after a day number: 15th, 1st, 1ro, 1º.
pub fn is_ordinal_suffix(word: &str) -> bool {
    matches!(
        word,
        "th" | "st" | "nd" | "rd" | "ro" | "do" | "er" | "o" | "a" | "º" | "ª"
    )
}

/// Spanish, English and Portuguese month names, for formatting dates in tests and tools.
pub fn month_name(lang: crate::domain::Language, month: u32) -> &'static str {
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const PT: [&str; 12] = [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        crate::domain::Language::Es => ES[i],
        crate::domain::Language::En => EN[i],
        crate::domain::Language::Pt => PT[i],
    }
}
