//! What a full national number looks like in the countries our hotels and
//! most of their guests are in. A guest's digits become E.164 only when they
//! could be dialled: a local number without its area code, a DNI or a price
//! gets no phone rather than the country code stuck in front of it.

use crate::domain::PhoneE164;

/// The digits of one number as the guest wrote it.
pub struct Written<'a> {
    pub digits: &'a str,
    /// Indices in `digits` where the guest started a new group ("011 15 …").
    pub group_starts: &'a [usize],
    /// Written with `+` or `00`.
    pub international: bool,
}

/// Countries whose national numbers we check, by calling code. Others only
/// get [`PhoneE164`]'s own rules.
const KNOWN: &[&str] = &["54", "55", "34", "1", "52", "56", "598", "351", "57"];

pub fn to_e164(w: &Written<'_>, calling_code: &str) -> Option<PhoneE164> {
    let d = w.digits;
    if w.international {
        let rest = d.strip_prefix("00").unwrap_or(d);
        let offset = d.len() - rest.len();
        return match KNOWN.iter().find(|cc| rest.starts_with(**cc)) {
            Some(cc) => national(cc, w, offset + cc.len()),
            None => PhoneE164::from_digits(rest).ok(),
        };
    }
    // Written with the country code but without "+" ("5491155551234").
    if d.len() >= 11 && d.starts_with(calling_code) {
        if let Some(p) = in_country(calling_code, w, calling_code.len()) {
            return Some(p);
        }
    }
    if let Some(p) = in_country(calling_code, w, 0) {
        return Some(p);
    }
    // A foreign guest's own number without "+": only when it is unmistakably
    // one ("5491155551234" at a Spanish hotel).
    if d.len() >= 11 {
        if let Some(cc) = KNOWN
            .iter()
            .find(|cc| d.starts_with(**cc) && **cc != calling_code)
        {
            return national(cc, w, cc.len());
        }
    }
    None
}

/// The number read from `from` in `digits` as a national number of `cc`.
fn in_country(cc: &str, w: &Written<'_>, from: usize) -> Option<PhoneE164> {
    if KNOWN.contains(&cc) {
        return national(cc, w, from);
    }
    let rest = w.digits[from..].trim_start_matches('0');
    PhoneE164::from_digits(&format!("{cc}{rest}")).ok()
}

fn national(cc: &str, w: &Written<'_>, from: usize) -> Option<PhoneE164> {
    let mut n = &w.digits[from..];
    let mut offset = from;
    // The trunk prefix, also when written after the country code ("+54 011 …").
    if let Some(rest) = n.strip_prefix('0') {
        n = rest;
        offset += 1;
    }
    let e164 = match cc {
        "54" => argentina(n, offset, w.group_starts)?,
        "55" => brazil(n).then(|| format!("55{n}"))?,
        "52" => {
            // Mobiles used to carry a 1 after the country code.
            let n = if n.len() == 11 {
                n.strip_prefix('1')?
            } else {
                n
            };
            (n.len() == 10).then(|| format!("52{n}"))?
        }
        "1" => (n.len() == 10 && !n.starts_with(['0', '1'])).then(|| format!("1{n}"))?,
        "34" => (n.len() == 9 && n.starts_with(['6', '7', '8', '9'])).then(|| format!("34{n}"))?,
        "56" | "351" => (n.len() == 9).then(|| format!("{cc}{n}"))?,
        "598" => (n.len() == 8).then(|| format!("598{n}"))?,
        "57" => (n.len() == 10).then(|| format!("57{n}"))?,
        _ => format!("{cc}{n}"),
    };
    PhoneE164::from_digits(&e164).ok()
}

/// Argentina: ten digits, area code first (11, 2…, 3…). Mobiles are
/// +54 9 and those ten digits; at home they are written with "15" after the
/// area code instead ("011 15 5555-1234", "(0351) 15-555-1234").
fn argentina(n: &str, offset: usize, group_starts: &[usize]) -> Option<String> {
    let (mut mobile, mut n) = match n.strip_prefix('9') {
        Some(rest) if n.len() == 11 || n.len() == 13 => (true, rest.to_string()),
        _ => (false, n.to_string()),
    };
    if n.len() == 12 {
        // Area codes have two to four digits; where the guest left a gap
        // tells which "15" is the prefix when more than one could be.
        let at = |k: usize| n.get(k..k + 2) == Some("15");
        let skipped = offset + usize::from(mobile);
        let written_apart = (2..=4).find(|&k| at(k) && group_starts.contains(&(skipped + k)));
        let candidates: Vec<usize> = (2..=4).filter(|&k| at(k)).collect();
        let k = written_apart.or(match candidates[..] {
            [only] => Some(only),
            _ => None,
        })?;
        n.replace_range(k..k + 2, "");
        mobile = true;
    }
    let geographic = n.starts_with("11") || n.starts_with(['2', '3']);
    (n.len() == 10 && geographic).then(|| format!("54{}{n}", if mobile { "9" } else { "" }))
}

/// Brazil: a two-digit area code (no zeros) and eight digits, or nine for
/// mobiles, which start with 9.
fn brazil(n: &str) -> bool {
    let b = n.as_bytes();
    let area = b.len() >= 2 && b[0] != b'0' && b[1] != b'0';
    area && (n.len() == 10 || n.len() == 11 && b[2] == b'9')
}
