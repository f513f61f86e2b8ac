//! Who is coming: "2 adultos y 2 niños de 5 y 8", "somos 4", "para dos",
//! "una pareja y un bebé", "my wife and I", "só eu".

use super::{Scan, vocab};
use crate::engine::nlu::output::{EntityValue, Guests};
use child_ages::{ages, babies};
use correction::{corrected_count, corrects};

mod child_ages;
mod correction;
mod party;
#[cfg(test)]
mod tests;

pub(super) const ADULTS: &[&str] = &[
    "adulto", "adultos", "adulta", "adultas", "adult", "adults", "mayores", "grownups",
];
pub(super) const PEOPLE: &[&str] = &[
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
pub(super) const CHILDREN: &[&str] = &[
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
pub(super) const BABIES: &[&str] = &["bebe", "bebes", "baby", "babies", "bebezinho"];
/// Verbs of going that take a head count: "vamos en 4", "iremos em 5".
const GOING: &[&str] = &["vamos", "iremos", "viajamos", "venimos"];
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
    // The guests entity said last: its index in `scan.out`, first token and end.
    let mut last: Option<(usize, usize, usize)> = None;
    let mut i = 0;
    while i < scan.toks.len() {
        let hit = at(scan, i).or_else(|| {
            let (idx, _, last_end) = last?;
            corrected_count(scan, last_end, i, &scan.out[idx])
        });
        let Some((mut g, mut end)) = hit else {
            i += 1;
            continue;
        };
        if let Some(k) = per_room(scan, end) {
            g = times_rooms(scan, g);
            end = k;
        }
        let mut from = i;
        match last {
            // "para 2 personas... no, perdón, para 3": the later count stands.
            Some((idx, _, last_end)) if corrects(scan, last_end, i, &scan.out[idx], &g) => {
                scan.out.remove(idx);
            }
            // "una para 2 adultos y otra para 3": one party over two rooms.
            Some((idx, last_from, _)) if another_room(scan, i) => {
                if let EntityValue::Guests(prev) = scan.out.remove(idx).value {
                    g = sum(&prev, &g);
                    from = last_from;
                }
            }
            _ => {}
        }
        scan.push(from, end, EntityValue::Guests(g), Vec::new());
        last = Some((scan.out.len() - 1, from, end));
        i = end;
    }
}

fn at(scan: &Scan<'_>, i: usize) -> Option<(Guests, usize)> {
    let w = scan.w(i);
    if w.is_empty() {
        return None;
    }
    if let Some(hit) = party::group(scan, i)
        .or_else(|| party::couple(scan, i))
        .or_else(|| party::couples(scan, i))
        .or_else(|| party::partner(scan, i))
        .or_else(|| party::my_child(scan, i))
    {
        return Some(hit);
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
    // "un bebé", "a baby", "um bebê", "1 bebé de 1".
    if scan.is(i + 1, BABIES) {
        if let Some((n, _)) = scan.count(i) {
            return Some(babies(scan, n, i + 2));
        }
    }
    // "somos 4", "seremos 3", "we are 2", "there are 3 of us", "somos em 4",
    // "vamos en 4", "iremos em 5", "vamos a ser 5".
    let going = scan.is(i, GOING);
    if going
        || scan.is(
            i,
            &["somos", "seremos", "seriamos", "sao", "are", "were", "be"],
        )
    {
        let mut j = i + 1;
        if going && scan.is(j, &["a"]) && scan.is(j + 1, &["ser"]) {
            j += 2;
        } else if going && scan.is(j, &["ser"]) {
            j += 1;
        }
        j += usize::from(scan.is(j, &["em", "en"]));
        // "somos un grupo de 6", "we are a couple": the article starts a noun, read below.
        if vocab::is_article(scan.w(j)) {
            return None;
        }
        if let Some(hit) = party::couples(scan, j) {
            return Some(hit);
        }
        if let Some((n, k)) = scan.count(j) {
            let unit = usize::from(scan.is(k, PEOPLE));
            let counted = !scan.is(k, ADULTS)
                && !scan.is(k, CHILDREN)
                && !scan.is(k, BABIES)
                && !scan.is(k, NOT_GUESTS_AFTER)
                // "vamos en 2 autos" is no head count.
                && (!going || unit == 1 || !next_is_noun(scan, k));
            if counted {
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
        let (ages, end) = ages(scan, k + 1, usize::from(n8));
        let mut g = Guests {
            children: Some(n8),
            ..Default::default()
        };
        g.child_ages = ages;
        return Some((g, end));
    }
    // "4 personas, 2 son niños", "4 people, 2 of them children", "1 es bebé".
    let mut c = k;
    if scan.is(c, &["of", "de"]) && scan.is(c + 1, &["them", "ellos", "ellas"]) {
        c += 2;
    } else if scan.is(c, &["deles", "delas"]) {
        c += 1;
    }
    if scan.is(c, &["son", "es", "are", "is", "sao", "e", "were", "seran"]) {
        c += 1;
    }
    if c > k && scan.is(c, CHILDREN) {
        return Some((
            Guests {
                children: Some(n8),
                ..Default::default()
            },
            c + 1,
        ));
    }
    if c > k && scan.is(c, BABIES) {
        return Some(babies(scan, n, c + 1));
    }
    None
}

/// `n` babies, with the ages said after them ("1 bebé de 1"), else under one.
/// "cada una", "each", "por habitación", "em cada quarto": a count per room.
fn per_room(scan: &Scan<'_>, end: usize) -> Option<usize> {
    const ONE: &[&str] = &[
        "una",
        "uno",
        "um",
        "uma",
        "one",
        "habitacion",
        "cuarto",
        "pieza",
        "quarto",
        "room",
    ];
    let k = if scan.is(end, &["cada", "each"]) {
        end + 1
    } else if scan.is(end, &["en", "em", "in"]) && scan.is(end + 1, &["cada", "each"]) {
        end + 2
    } else if scan.is(end, &["por", "per"])
        && scan.is(
            end + 1,
            &["habitacion", "cuarto", "pieza", "quarto", "room", "hab"],
        )
    {
        return Some(end + 2);
    } else {
        return None;
    };
    Some(k + usize::from(scan.is(k, ONE)))
}

/// A per-room count times the rooms said ("2 habitaciones ... cada una").
fn times_rooms(scan: &Scan<'_>, g: Guests) -> Guests {
    let rooms = scan.out.iter().rev().find_map(|e| match e.value {
        EntityValue::Rooms(n) => u8::try_from(n).ok(),
        _ => None,
    });
    let Some(r) = rooms.filter(|r| *r > 1) else {
        return g;
    };
    let times = |v: Option<u8>| v.map(|v| v.saturating_mul(r));
    Guests {
        total: times(g.total),
        adults: times(g.adults),
        children: times(g.children),
        child_ages: g.child_ages,
    }
}

/// "otra para 2", "y la otra 3 adultos", "the other one for 2", "outra pra 3".
fn another_room(scan: &Scan<'_>, i: usize) -> bool {
    const OTHER: &[&str] = &["otra", "otro", "other", "another", "outra", "outro"];
    let before = |k: usize| i.checked_sub(k).map_or("", |j| scan.w(j));
    let mut k = 1;
    if !scan.is(i, &["para", "for", "pra", "con", "with", "com"])
        && matches!(before(k), "para" | "for" | "pra" | "con" | "with" | "com")
    {
        k += 1;
    }
    if before(k) == "one" {
        k += 1;
    }
    OTHER.contains(&before(k))
}

/// Two rooms' parties as one.
fn sum(a: &Guests, b: &Guests) -> Guests {
    let add = |x: Option<u8>, y: Option<u8>| match (x, y) {
        (None, None) => None,
        _ => Some(x.unwrap_or(0).saturating_add(y.unwrap_or(0))),
    };
    let mut child_ages = a.child_ages.clone();
    child_ages.extend(&b.child_ages);
    Guests {
        total: add(a.total, b.total),
        adults: add(a.adults, b.adults),
        children: add(a.children, b.children),
        child_ages,
    }
}

/// A total head count, before we know how many are children.
pub(super) fn total(n: u32) -> Option<Guests> {
    let n = u8::try_from(n).ok().filter(|n| (1..=30).contains(n))?;
    Some(Guests {
        total: Some(n),
        ..Default::default()
    })
}

/// A noun after the number that is not about people ("para 2 cosas").
pub(super) fn next_is_noun(scan: &Scan<'_>, k: usize) -> bool {
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
