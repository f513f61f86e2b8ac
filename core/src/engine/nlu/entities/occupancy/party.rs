//! A party described in words rather than counted: "una pareja", "somos un
//! grupo de 6", "a family of 5", "dos parejas", "yo y mi señora", "vamos con
//! mi esposa", "mi hija de 12".

use super::super::{Scan, room_type, vocab};
use super::child_ages::ages;
use super::{ADULTS, BABIES, CHILDREN, PEOPLE, next_is_noun, total};
use crate::engine::nlu::output::Guests;

const COUPLE: &[&str] = &["pareja", "couple", "casal", "matrimonio"];
const COUPLES: &[&str] = &["parejas", "couples", "casais", "matrimonios"];
const GROUP: &[&str] = &["grupo", "group", "familia", "family", "party", "turma"];
/// What may follow the count of a group: "familia de 4 integrantes".
const MEMBERS: &[&str] = &["integrantes", "miembros", "members", "membros"];
const PARTNER: &[&str] = &[
    "esposa",
    "esposo",
    "marido",
    "mujer",
    "senora",
    "senor",
    "novia",
    "novio",
    "pareja",
    "companera",
    "companero",
    "wife",
    "husband",
    "partner",
    "girlfriend",
    "boyfriend",
    "fiance",
    "fiancee",
    "spouse",
    "mulher",
    "namorada",
    "namorado",
    "companheira",
    "companheiro",
    "noiva",
    "noivo",
];
const MY: &[&str] = &["mi", "my", "minha", "meu"];
const OUR: &[&str] = &["nuestro", "nuestra", "our", "nosso", "nossa"];
/// The guest in person: "yo", "me", "eu", "para mí".
const ME: &[&str] = &["yo", "me", "eu", "i", "mi"];
const AND: &[&str] = &["y", "and", "e", ","];
const WITH: &[&str] = &["con", "with", "com"];
/// Verbs of going and staying: "vamos con mi esposa" brings two guests,
/// "hablé con mi esposa" does not.
const TRAVEL: &[&str] = &[
    "vamos",
    "voy",
    "viajo",
    "viajamos",
    "viajar",
    "vengo",
    "venimos",
    "venir",
    "ir",
    "iremos",
    "llego",
    "llegamos",
    "travel",
    "traveling",
    "travelling",
    "coming",
    "come",
    "going",
    "go",
    "stay",
    "staying",
    "vou",
    "indo",
    "vindo",
    "venho",
    "viajando",
    "chego",
    "chegamos",
    "yo",
    "me",
    "i",
    "eu",
    "mi",
];
const CHILD_ONE: &[&str] = &[
    "hijo", "hija", "nene", "nena", "son", "daughter", "kid", "child", "filho", "filha", "nieto",
    "nieta", "neto", "neta",
];

/// "una pareja", "a couple", "somos pareja", "casal com 2 filhos".
pub(super) fn couple(scan: &Scan<'_>, i: usize) -> Option<(Guests, usize)> {
    let c = i + usize::from(vocab::is_article(scan.w(i)));
    let said = scan.is(c, COUPLE)
        // "somos un par", not "un par de noches".
        || (scan.is(c, &["par"])
            && c >= 2
            && scan.is(c - 2, &["somos", "seremos", "sao"])
            && !scan.is(c + 1, &["de"]));
    if !said
        // "a couple of nights/questions".
        || scan.is(c + 1, &["of"])
        // "quarto de casal", "cama de matrimonio", "couple room": the room, not the party.
        || room_type::beside_room_noun(scan, c)
        // "mi pareja" is one person.
        || c.checked_sub(1).is_some_and(|p| scan.is(p, MY))
    {
        return None;
    }
    Some((adults(2), c + 1))
}

/// "dos parejas", "somos 2 parejas", "two couples": two adults each.
pub(super) fn couples(scan: &Scan<'_>, i: usize) -> Option<(Guests, usize)> {
    let (n, k) = scan.count(i)?;
    if vocab::is_article(scan.w(i)) || !scan.is(k, COUPLES) {
        return None;
    }
    Some((adults(u8::try_from(n.checked_mul(2)?).ok()?), k + 1))
}

/// "un grupo de 6", "a family of 5", "família de 4 pessoas", "party of 6".
pub(super) fn group(scan: &Scan<'_>, i: usize) -> Option<(Guests, usize)> {
    let g = i + usize::from(vocab::is_article(scan.w(i)));
    if !scan.is(g, GROUP) || !scan.is(g + 1, &["de", "of"]) || vocab::is_article(scan.w(g + 2)) {
        return None;
    }
    let (n, k) = scan.count(g + 2)?;
    // "una familia de 2 adultos y 2 niños" is read from the counts themselves.
    if scan.is(k, ADULTS) || scan.is(k, CHILDREN) || scan.is(k, BABIES) {
        return None;
    }
    if scan.is(k, PEOPLE) || scan.is(k, MEMBERS) {
        return Some((total(n)?, k + 1));
    }
    if next_is_noun(scan, k) {
        return None; // "un grupo de 2 familias"
    }
    Some((total(n)?, k))
}

/// The guest and a partner: "mi esposa y yo", "yo y mi señora", "me, my wife",
/// "vamos con mi esposa", "I'm traveling with my wife".
pub(super) fn partner(scan: &Scan<'_>, i: usize) -> Option<(Guests, usize)> {
    if scan.is(i, MY)
        && scan.is(i + 1, PARTNER)
        && scan.is(i + 2, AND)
        && scan.is(i + 3, &["yo", "i", "me", "eu"])
    {
        return Some((adults(2), i + 4));
    }
    if scan.is(i, ME) && scan.is(i + 1, AND) && scan.is(i + 2, MY) && scan.is(i + 3, PARTNER) {
        return Some((adults(2), i + 4));
    }
    let travelling = i
        .checked_sub(1)
        .and_then(|p| scan.toks.get(p))
        .is_some_and(|t| TRAVEL.contains(&t.norm.as_str()));
    if travelling && scan.is(i, WITH) && scan.is(i + 1, MY) && scan.is(i + 2, PARTNER) {
        return Some((adults(2), i + 3));
    }
    None
}

/// One child named by relation: "mi hija de 12", "meu filho de 5 anos",
/// "my wife and our baby".
pub(super) fn my_child(scan: &Scan<'_>, i: usize) -> Option<(Guests, usize)> {
    if !(scan.is(i, MY) || scan.is(i, OUR)) {
        return None;
    }
    let baby = scan.is(i + 1, BABIES);
    if !baby && !scan.is(i + 1, CHILD_ONE) {
        return None;
    }
    let (mut child_ages, end) = ages(scan, i + 2, 1);
    // "my son got hurt", "con mi hijo adentro" speak of a child, not of the
    // party: only an age or a list ("mi esposa y mi hijo") makes it a guest.
    let listed = i
        .checked_sub(1)
        .and_then(|p| scan.toks.get(p))
        .is_some_and(|t| matches!(t.norm.as_str(), "y" | "and" | "e" | "," | "+"));
    if child_ages.is_empty() && !listed {
        return None;
    }
    if baby && child_ages.is_empty() {
        child_ages.push(0);
    }
    Some((
        Guests {
            children: Some(1),
            child_ages,
            ..Default::default()
        },
        end,
    ))
}

fn adults(n: u8) -> Guests {
    Guests {
        adults: Some(n),
        ..Default::default()
    }
}
