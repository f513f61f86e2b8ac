//! Closed word classes the grammars need: months, weekdays, number words.
//! All forms are folded (lower case, no accents).

use chrono::Weekday;

/// Full month names in es, en, pt: safe to read without a day next to them.
/// Currencies written after an amount ("150 usd", "15.5 dólares", "2500000 pesos"):
/// the number before them is money, not a date, a time or a phone.
pub const CURRENCIES: &[&str] = &[
    "usd", "us", "ars", "brl", "eur", "clp", "uyu", "mxn", "pesos", "dolares", "dollars", "reales",
    "reais", "euros",
];

/// Nouns a guest counts when booking ("2 noches", "3 pax", "2 rooms", "4
/// pessoas"): a number before one is a count, not an hour, a date or a
/// booking reference. Each grammar adds its own extras.
pub const COUNT_NOUNS: &[&str] = &[
    "noche",
    "noches",
    "night",
    "nights",
    "noite",
    "noites",
    "nts",
    "persona",
    "personas",
    "person",
    "people",
    "pessoa",
    "pessoas",
    "pax",
    "huespedes",
    "guests",
    "hospedes",
    "adulto",
    "adultos",
    "adult",
    "adults",
    "mayores",
    "nino",
    "ninos",
    "nenes",
    "chicos",
    "kid",
    "kids",
    "child",
    "children",
    "crianca",
    "criancas",
    "menores",
    "bebe",
    "bebes",
    "habitacion",
    "habitaciones",
    "hab",
    "habs",
    "room",
    "rooms",
    "quarto",
    "quartos",
    "dia",
    "dias",
    "day",
    "days",
    "semana",
    "semanas",
    "week",
    "weeks",
    "mes",
    "meses",
    "month",
    "months",
    "hora",
    "horas",
    "hour",
    "hours",
];

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

/// A word that looks like a month without surely being one: it could be
/// several months, or is two letters away from one ("setiemvre").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnsureMonth;

/// A month as guests type it after "15 de": a name cut short ("sept", "febr",
/// "dici") or misspelled by one letter ("febreo", "marso", "abirl",
/// "nobiembre"). `Err` when the word looks like a month but could be several
/// (or none for sure), so the caller can refuse to guess.
pub fn month_typed(word: &str) -> Result<Option<u32>, UnsureMonth> {
    if let Some(m) = month_abbreviation(word) {
        return Ok(Some(m));
    }
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Ok(None);
    }
    let unique = |ms: &mut dyn Iterator<Item = u32>| -> Result<Option<u32>, UnsureMonth> {
        let mut found = None;
        for m in ms {
            if found.is_some_and(|f| f != m) {
                return Err(UnsureMonth);
            }
            found = Some(m);
        }
        Ok(found)
    };
    if word.len() >= 4 {
        let mut prefixes = MONTHS
            .iter()
            .filter(|(name, _)| name.starts_with(word))
            .map(|(_, m)| *m);
        if let Some(m) = unique(&mut prefixes)? {
            return Ok(Some(m));
        }
    }
    if word.len() < 5 {
        return Ok(None);
    }
    let mut near = MONTHS
        .iter()
        .filter(|(name, _)| name.len() >= 5 && edit_distance(word, name) <= 1)
        .map(|(_, m)| *m);
    if let Some(m) = unique(&mut near)? {
        return Ok(Some(m));
    }
    let looks_like_one = MONTHS
        .iter()
        .any(|(name, _)| name.len() >= 6 && edit_distance(word, name) <= 2);
    if looks_like_one {
        Err(UnsureMonth)
    } else {
        Ok(None)
    }
}

/// Optimal string alignment distance (a swap of two letters counts once), on
/// short ASCII words; anything beyond 2 is reported as 3.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > 2 || a.len() >= 16 || b.len() >= 16 {
        return 3;
    }
    // Row `i` of the table lives in `rows[i % 3]`: month names fit on the stack.
    let mut rows = [[0usize; 16]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[cur][0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = v;
        }
    }
    rows[a.len() % 3][b.len()].min(3)
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

/// A day of the month written as one word: a cardinal ("quince", "dezoito",
/// "veinticinco", "thirty") or an English ordinal ("fifteenth", "first").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayWord {
    Cardinal(u32),
    Ordinal(u32),
}

/// One word that can be a day of the month. Articles and "one" are left out:
/// "una doble", "un día", "one night" are never days ("primero" is the first).
pub fn day_word(word: &str) -> Option<DayWord> {
    if is_article(word) || matches!(word, "uno" | "one") {
        return None;
    }
    if let Some(n) = number_word(word) {
        return Some(DayWord::Cardinal(n));
    }
    let cardinal = match word {
        "primero" | "primeiro" => 1,
        "dieciseis" | "sixteen" | "dezesseis" | "dezasseis" => 16,
        "diecisiete" | "seventeen" | "dezessete" | "dezassete" => 17,
        "dieciocho" | "eighteen" | "dezoito" => 18,
        "diecinueve" | "nineteen" | "dezenove" | "dezanove" => 19,
        "veintiuno" => 21,
        "veintidos" => 22,
        "veintitres" => 23,
        "veinticuatro" => 24,
        "veinticinco" => 25,
        "veintiseis" => 26,
        "veintisiete" => 27,
        "veintiocho" => 28,
        "veintinueve" => 29,
        "treinta" | "thirty" | "trinta" => 30,
        _ => return english_ordinal(word).map(DayWord::Ordinal),
    };
    Some(DayWord::Cardinal(cardinal))
}

/// The tens a day may be built on: "veinte y cinco", "twenty-one", "trinta e um".
pub fn day_tens(word: &str) -> Option<u32> {
    match word {
        "veinte" | "twenty" | "vinte" => Some(20),
        "treinta" | "thirty" | "trinta" => Some(30),
        _ => None,
    }
}

/// The unit after the tens of a day: cardinal 1–9 ("uno", "one", "um" count
/// here), or an English ordinal ("twenty-first").
pub fn day_unit(word: &str) -> Option<DayWord> {
    if matches!(word, "uno" | "one" | "um") {
        return Some(DayWord::Cardinal(1));
    }
    match day_word(word)? {
        DayWord::Cardinal(n) if (1..=9).contains(&n) => Some(DayWord::Cardinal(n)),
        DayWord::Ordinal(n) if (1..=9).contains(&n) => Some(DayWord::Ordinal(n)),
        _ => None,
    }
}

fn english_ordinal(word: &str) -> Option<u32> {
    Some(match word {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
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
