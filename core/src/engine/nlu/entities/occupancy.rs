//! Who is coming: "2 adultos y 2 niños de 5 y 8", "somos 4", "para dos",
//! "una pareja y un bebé", "my wife and I", "só eu".

use super::{Scan, vocab};
use crate::engine::nlu::output::{EntityValue, Guests};

const ADULTS: &[&str] = &[
    "adulto", "adultos", "adulta", "adultas", "adult", "adults", "mayores", "grownups",
];
const PEOPLE: &[&str] = &[
    "persona",
    "personas",
    "people",
    "persons",
    "person",
    "pessoa",
    "pessoas",
    "pax",
    "huespedes",
    "guests",
    "hospedes",
    "guest",
];
const CHILDREN: &[&str] = &[
    "nino",
    "ninos",
    "nina",
    "ninas",
    "nene",
    "nenes",
    "nena",
    "nenas",
    "chico",
    "chicos",
    "chica",
    "chicas",
    "hijo",
    "hijos",
    "hija",
    "hijas",
    "menor",
    "menores",
    "kid",
    "kids",
    "child",
    "children",
    "crianca",
    "criancas",
    "filho",
    "filhos",
    "filha",
    "filhas",
    "childrens",
    "chicos/as",
    "peques",
];
const BABIES: &[&str] = &["bebe", "bebes", "baby", "babies", "bebezinho"];
const COUPLE: &[&str] = &["pareja", "couple", "casal", "matrimonio"];
/// After "para"/"for": a count of guests unless a unit or a date follows.
const NOT_GUESTS_AFTER: &[&str] = &[
    "noche",
    "noches",
    "night",
    "nights",
    "noite",
    "noites",
    "de",
    "del",
    "of",
    "/",
    "-",
    "hs",
    "h",
    "am",
    "pm",
    "dias",
    "days",
    "semanas",
    "weeks",
    "habitaciones",
    "rooms",
    "quartos",
    "th",
    "st",
    "nd",
    "rd",
    ":",
];

pub fn extract(scan: &mut Scan<'_>) {
    let mut i = 0;
    while i < scan.toks.len() {
        match at(scan, i) {
            Some((g, end)) => {
                scan.push(i, end, EntityValue::Guests(g), Vec::new());
                i = end;
            }
            None => i += 1,
        }
    }
}

fn at(scan: &Scan<'_>, i: usize) -> Option<(Guests, usize)> {
    let w = scan.w(i);
    if w.is_empty() {
        return None;
    }
    // "una pareja", "a couple", "um casal" (+ children said right after).
    // A bare "casal" is also a room type ("quarto de casal"), so an article is needed.
    let skip =
        usize::from(scan.is(i, &["somos", "were", "seremos"]) && vocab::is_article(scan.w(i + 1)));
    if scan.is(i + skip + 1, COUPLE) && scan.is(i + skip, &["una", "a", "um", "somos", "en", "uma"])
    {
        return Some((
            Guests {
                adults: Some(2),
                ..Default::default()
            },
            i + skip + 2,
        ));
    }
    // "mi esposa y yo", "my wife and I", "eu e minha esposa".
    if let Some(end) = partner_and_me(scan, i) {
        return Some((
            Guests {
                adults: Some(2),
                ..Default::default()
            },
            end,
        ));
    }
    // "solo yo", "just me", "só eu", "voy solo".
    if (scan.is(i, &["solo", "just", "only", "so", "somente"])
        && scan.is(i + 1, &["yo", "me", "eu", "myself", "una", "uno"]))
        || (scan.is(
            i,
            &["voy", "viajo", "travelling", "traveling", "vou", "viajo"],
        ) && scan.is(i + 1, &["solo", "sola", "alone", "sozinho", "sozinha"]))
    {
        return Some((
            Guests {
                adults: Some(1),
                ..Default::default()
            },
            i + 2,
        ));
    }
    // "un bebé", "a baby", "um bebê".
    if scan.is(i + 1, BABIES) {
        if let Some((n, _)) = scan.count(i) {
            let n = u8::try_from(n).ok()?;
            let g = Guests {
                children: Some(n),
                child_ages: vec![0; usize::from(n)],
                ..Default::default()
            };
            return Some((g, i + 2));
        }
    }
    // "somos 4", "seremos 3", "we are 2", "there are 3 of us", "somos em 4".
    if scan.is(
        i,
        &["somos", "seremos", "seriamos", "sao", "are", "were", "be"],
    ) {
        let j = i + 1 + usize::from(scan.is(i + 1, &["em", "en"]));
        if let Some((n, k)) = scan.count(j) {
            let unit = usize::from(scan.is(k, PEOPLE));
            if !scan.is(k, ADULTS) && !scan.is(k, CHILDREN) && !scan.is(k, NOT_GUESTS_AFTER) {
                let k = k
                    + unit
                    + usize::from(scan.is(k + unit, &["of"]) && scan.is(k + unit + 1, &["us"])) * 2;
                return Some((total(n)?, k));
            }
        }
    }
    // "para dos", "for 2", "pra dois", "para 3 personas".
    if scan.is(i, &["para", "for", "pra"]) {
        let (n, k) = scan.count(i + 1)?;
        if scan.is(k, PEOPLE) {
            return Some((total(n)?, k + 1));
        }
        if scan.is(k, ADULTS) || scan.is(k, CHILDREN) || scan.is(k, BABIES) {
            return None; // read below from the count itself
        }
        let unit_follows = scan.is(k, NOT_GUESTS_AFTER);
        let is_word_number = scan.toks[i + 1].num().is_none();
        if !unit_follows
            && !vocab::is_article(scan.w(i + 1))
            && (is_word_number || n <= 12)
            && !next_is_noun(scan, k)
        {
            return Some((total(n)?, k));
        }
        return None;
    }
    // "2 adultos", "3 niños de 4, 6 y 9", "4 personas", "3 of us".
    let (n, k) = scan.count(i)?;
    let n8 = u8::try_from(n).ok()?;
    if scan.is(k, ADULTS) {
        return Some((
            Guests {
                adults: Some(n8),
                ..Default::default()
            },
            k + 1,
        ));
    }
    if scan.is(k, PEOPLE) && !vocab::is_article(w) {
        return Some((total(n)?, k + 1));
    }
    if scan.is(k, &["of"]) && scan.is(k + 1, &["us"]) {
        return Some((total(n)?, k + 2));
    }
    if scan.is(k, CHILDREN) {
        let (ages, end) = ages(scan, k + 1);
        let mut g = Guests {
            children: Some(n8),
            ..Default::default()
        };
        g.child_ages = ages;
        return Some((g, end));
    }
    None
}

/// A total head count, before we know how many are children.
fn total(n: u32) -> Option<Guests> {
    let n = u8::try_from(n).ok().filter(|n| (1..=30).contains(n))?;
    Some(Guests {
        total: Some(n),
        ..Default::default()
    })
}

/// A noun after the number that is not about people ("para 2 cosas").
fn next_is_noun(scan: &Scan<'_>, k: usize) -> bool {
    let w = scan.w(k);
    w.len() > 3
        && !matches!(
            w,
            "personas"
                | "people"
                | "pessoas"
                | "adultos"
                | "adults"
                | "noches"
                | "porfa"
                | "please"
                | "gracias"
                | "thanks"
                | "obrigado"
                | "desde"
                | "from"
                | "entre"
                | "between"
                | "este"
                | "esta"
                | "this"
                | "next"
                | "proximo"
                | "proxima"
                | "tienen"
                | "have"
                | "tem"
        )
}

/// "de 5 y 8 años", "(4 and 7)", "aged 3", "de 10".
fn ages(scan: &Scan<'_>, i: usize) -> (Vec<u8>, usize) {
    let mut j = i;
    if scan.is(j, &["de", "of", "aged", "ages", "com", "con", "("]) {
        j += 1;
    }
    let mut ages = Vec::new();
    let mut end = i;
    while let Some(t) = scan.toks.get(j).filter(|_| !scan.used[j]) {
        let Some(age) = t
            .num()
            .and_then(|a| u8::try_from(a).ok())
            .filter(|a| *a < 18)
        else {
            break;
        };
        ages.push(age);
        j += 1;
        end = j;
        if scan.is(j, &["anos", "years", "year", "yo", "y/o", "ano", "old"]) {
            j += 1;
            end = j;
            if scan.is(j, &["old"]) {
                j += 1;
                end = j;
            }
        }
        if scan.is(j, &["y", "and", "e", ","])
            && scan.toks.get(j + 1).and_then(|t| t.num()).is_some()
        {
            j += 1;
        } else {
            break;
        }
    }
    if scan.is(end, &[")"]) && !ages.is_empty() {
        end += 1;
    }
    (ages, end)
}

fn partner_and_me(scan: &Scan<'_>, i: usize) -> Option<usize> {
    const PARTNER: &[&str] = &[
        "esposa",
        "esposo",
        "marido",
        "mujer",
        "novia",
        "novio",
        "pareja",
        "wife",
        "husband",
        "partner",
        "girlfriend",
        "boyfriend",
        "mulher",
        "namorada",
        "namorado",
    ];
    const MY: &[&str] = &["mi", "my", "minha", "meu"];
    if scan.is(i, MY)
        && scan.is(i + 1, PARTNER)
        && scan.is(i + 2, &["y", "and", "e", ","])
        && scan.is(i + 3, &["yo", "i", "me", "eu"])
    {
        return Some(i + 4);
    }
    if scan.is(i, &["eu", "yo", "me"])
        && scan.is(i + 1, &["e", "y", "and"])
        && scan.is(i + 2, MY)
        && scan.is(i + 3, PARTNER)
    {
        return Some(i + 4);
    }
    None
}
