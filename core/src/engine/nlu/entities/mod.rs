//! Entities by rules: dates, numbers, guests, contacts, room types, times.
//!
//! Extractors run in a fixed order over one [`Scan`]; each marks the tokens it
//! used so later ones don't read the same words twice (an e-mail's digits are
//! not a phone, "a las 10" is not a date).

mod booking_ref;
mod contacts;
pub mod dates;
mod merge;
mod names;
mod not_names;
mod not_phones;
mod numbering;
mod occupancy;
mod quantities;
mod room_type;
#[cfg(test)]
mod tests;
mod times;
pub mod vocab;

use super::context::NluContext;
use super::output::{Entity, EntityFlag, EntityValue};
use super::text::Token;
use crate::domain::Language;

/// The state one message's extraction works on.
pub struct Scan<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
    pub used: Vec<bool>,
    pub ctx: &'a NluContext,
    pub lang: Language,
    pub out: Vec<Entity>,
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str, toks: &'a [Token], ctx: &'a NluContext, lang: Language) -> Self {
        Self {
            text,
            toks,
            used: vec![false; toks.len()],
            ctx,
            lang,
            out: Vec::new(),
        }
    }

    /// The folded token at `i`, or "" past the end or when already used.
    pub fn w(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) if !self.used[i] => t.norm.as_str(),
            _ => "",
        }
    }

    pub fn is(&self, i: usize, words: &[&str]) -> bool {
        let w = self.w(i);
        !w.is_empty() && words.contains(&w)
    }

    /// Whether tokens `i` and `i + 1` touch ("2pm", "15th").
    pub fn adjacent(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// A number at `i`, in digits or words: its value and the next index.
    pub fn count(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(i).filter(|_| !self.used[i])?;
        // Portuguese "dos" is "of the", not two.
        if self.lang == Language::Pt && t.norm == "dos" {
            return None;
        }
        t.num()
            .filter(|_| t.norm.len() <= 3)
            .or_else(|| vocab::number_word(&t.norm))
            .map(|n| (n, i + 1))
    }

    /// Records an entity over tokens `from..to` and marks them used.
    pub fn push(&mut self, from: usize, to: usize, value: EntityValue, flags: Vec<EntityFlag>) {
        let (start, end) = (self.toks[from].start, self.toks[to - 1].end);
        self.used[from..to].iter_mut().for_each(|u| *u = true);
        self.out.push(Entity {
            start,
            end,
            text: self.text[start..end].to_string(),
            value,
            flags,
        });
    }

    /// Records an entity by byte span (for extractors that read the raw text).
    pub fn push_bytes(&mut self, start: usize, end: usize, value: EntityValue) {
        for (t, u) in self.toks.iter().zip(self.used.iter_mut()) {
            if t.start < end && t.end > start {
                *u = true;
            }
        }
        self.out.push(Entity {
            start,
            end,
            text: self.text[start..end].to_string(),
            value,
            flags: Vec::new(),
        });
    }

    /// Whether any token overlapping the byte span is used.
    pub fn bytes_used(&self, start: usize, end: usize) -> bool {
        self.toks
            .iter()
            .zip(&self.used)
            .any(|(t, u)| *u && t.start < end && t.end > start)
    }
}

/// All entities of a message, by position.
pub fn extract(text: &str, toks: &[Token], ctx: &NluContext, lang: Language) -> Vec<Entity> {
    let mut scan = Scan::new(text, toks, ctx, lang);
    contacts::emails(&mut scan);
    booking_ref::extract(&mut scan);
    contacts::phones(&mut scan);
    times::extract(&mut scan);
    dates::extract(&mut scan);
    quantities::extract(&mut scan);
    occupancy::extract(&mut scan);
    room_type::extract(&mut scan);
    names::extract(&mut scan);
    let mut out = merge::dates_with_nights(scan.out);
    out.sort_by_key(|e| e.start);
    dates::change::mark_previous(&mut out, toks);
    out
}

/// Entities and slots of `text` without the classifier, for the rule tests.
#[cfg(test)]
pub fn for_test(
    text: &str,
    lang: Language,
    ctx: &NluContext,
) -> (Vec<Entity>, super::output::Slots) {
    use std::sync::OnceLock;
    static LX: OnceLock<super::lexicon::Lexicon> = OnceLock::new();
    let lx = LX.get_or_init(|| super::lexicon::Lexicon::load().expect("lexicon"));
    let toks = super::text::tokenize(text, &lx.typos);
    let ents = extract(text, &toks, ctx, lang);
    let slots = super::slots::fold(&ents, &toks);
    (ents, slots)
}

#[cfg(test)]
pub fn test_ctx(today: &str) -> NluContext {
    let today = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").expect("date");
    NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires)
}
