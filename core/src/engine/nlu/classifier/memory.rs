//! The training pieces themselves, kept beside the linear model: a piece's
//! nearest training pieces (cosine similarity of the same features, same
//! language) vote, and the vote is blended into the model's probabilities.
//!
//! The linear model gives every word one weight per intent, so a word that
//! usually means one thing drags along the few lines where it means another
//! ("is there an atm close to u": `close to u` asks where the hotel is far
//! more often than `atm` asks about the town). Close neighbours keep such
//! lines' own reading. Measured by 5-fold cross-validation, mean of 8 shuffle
//! orders (BENCHMARKS.md, twelfth session): en 93.30 → 93.87 %, es 91.15 →
//! 91.00 %, pt 91.63 → 91.55 %, with more gained where the training lines are
//! dense (English) than lost where they are sparse.

use super::Labelled;
use super::features::{DIM, Features};
use crate::domain::Language;
use crate::engine::nlu::intent::Intent;
use crate::engine::nlu::lexicon::lang_index;
use std::cell::RefCell;

/// Share of the blended probability that comes from the neighbours' vote.
const VOTE_SHARE: f32 = 0.3;
/// How many neighbours vote.
const NEIGHBOURS: usize = 10;
/// How much a closer neighbour outweighs a farther one: its vote is
/// `exp(SHARPNESS × similarity)`.
const SHARPNESS: f32 = 10.0;

/// Votes are tallied in a fixed array (and intents kept as bytes), so the
/// build fails, rather than a parse panicking, if intents outgrow it.
const MAX_INTENTS: usize = 32;
const _: () = assert!(Intent::ALL.len() <= MAX_INTENTS);

/// A training piece close to the one being read, for `--debug`.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour<'a> {
    pub text: &'a str,
    pub intent: Intent,
    pub similarity: f32,
}

/// The pieces of one language as an inverted index: for each feature slot,
/// the pieces that have it and with what value (compressed rows).
#[derive(Default)]
struct Shelf {
    /// `entries[starts[slot]..starts[slot + 1]]` are the slot's (piece, value).
    starts: Vec<u32>,
    entries: Vec<(u32, f32)>,
    intents: Vec<u8>,
    texts: Vec<Box<str>>,
}

pub struct Memory {
    /// es, en, pt (by [`lang_index`]); lines without a language are not kept.
    shelves: [Shelf; 3],
}

thread_local! {
    /// Similarity per piece, reused between calls so reading a message
    /// allocates nothing here.
    static SCORES: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

impl Shelf {
    /// The index of `pieces` (one language's), ids in their order.
    fn build<'a>(pieces: impl Iterator<Item = &'a Labelled> + Clone) -> Self {
        // Count each slot's pieces first, so every row is filled in place.
        let mut starts = vec![0u32; DIM + 1];
        for p in pieces.clone() {
            for (slot, _) in &p.features {
                starts[*slot as usize + 1] += 1;
            }
        }
        for s in 1..=DIM {
            starts[s] += starts[s - 1];
        }
        let mut next = starts.clone();
        let mut shelf = Shelf {
            entries: vec![(0, 0.0); starts[DIM] as usize],
            starts,
            intents: Vec::new(),
            texts: Vec::new(),
        };
        for (id, p) in pieces.enumerate() {
            for (slot, v) in &p.features {
                let at = &mut next[*slot as usize];
                shelf.entries[*at as usize] = (id as u32, *v);
                *at += 1;
            }
            shelf.intents.push(p.intent as u8);
            shelf.texts.push(p.text.as_str().into());
        }
        shelf
    }
}

impl Memory {
    pub fn build(pieces: &[Labelled]) -> Self {
        let mut shelves: [Shelf; 3] = Default::default();
        for lang in [Language::Es, Language::En, Language::Pt] {
            shelves[lang_index(lang)] =
                Shelf::build(pieces.iter().filter(|p| p.lang == Some(lang)));
        }
        Memory { shelves }
    }

    /// Blends the neighbours' vote into `probs` (calibrated probabilities
    /// from the model, one per intent) and returns those neighbours. A
    /// language with no training pieces leaves the probabilities as they are.
    pub fn blend(&self, x: &Features, lang: Language, probs: &mut [f32]) -> Nearest {
        let near = self.nearest(x, lang);
        if near.as_slice().is_empty() {
            return near;
        }
        let shelf = &self.shelves[lang_index(lang)];
        let mut vote = [0.0f32; MAX_INTENTS];
        let mut total = 0.0;
        for (sim, id) in near.as_slice() {
            let w = (SHARPNESS * sim).exp();
            vote[usize::from(shelf.intents[*id as usize])] += w;
            total += w;
        }
        for (p, v) in probs.iter_mut().zip(vote) {
            *p = (1.0 - VOTE_SHARE) * *p + VOTE_SHARE * v / total;
        }
        near
    }

    /// What [`Memory::blend`] found, as training texts, for `--debug`.
    pub fn neighbours(&self, near: &Nearest, lang: Language) -> Vec<Neighbour<'_>> {
        let shelf = &self.shelves[lang_index(lang)];
        near.as_slice()
            .iter()
            .map(|(similarity, id)| Neighbour {
                text: &shelf.texts[*id as usize],
                intent: Intent::ALL[usize::from(shelf.intents[*id as usize])],
                similarity: *similarity,
            })
            .collect()
    }

    /// Up to [`NEIGHBOURS`] (similarity, piece) pairs, most similar first.
    fn nearest(&self, x: &Features, lang: Language) -> Nearest {
        let shelf = &self.shelves[lang_index(lang)];
        let mut top = Nearest::default();
        if shelf.intents.is_empty() {
            return top;
        }
        SCORES.with_borrow_mut(|scores| {
            scores.clear();
            scores.resize(shelf.intents.len(), 0.0);
            for (slot, v) in x {
                let s = *slot as usize;
                let row = &shelf.entries[shelf.starts[s] as usize..shelf.starts[s + 1] as usize];
                for (id, w) in row {
                    scores[*id as usize] += v * w;
                }
            }
            for (id, sim) in scores.iter().enumerate() {
                top.offer(*sim, id as u32);
            }
        });
        top
    }
}

/// A fixed-size list of the best (score, id) pairs, without allocating.
#[derive(Default)]
pub struct Nearest {
    items: [(f32, u32); NEIGHBOURS],
    len: usize,
}

impl Nearest {
    /// Keeps `(score, id)` if it is among the best so far (ties keep the
    /// earlier piece, so results do not depend on anything but order).
    fn offer(&mut self, score: f32, id: u32) {
        if self.len == NEIGHBOURS && score <= self.items[NEIGHBOURS - 1].0 {
            return;
        }
        let mut at = self.len.min(NEIGHBOURS - 1);
        while at > 0 && self.items[at - 1].0 < score {
            self.items[at] = self.items[at - 1];
            at -= 1;
        }
        self.items[at] = (score, id);
        self.len = (self.len + 1).min(NEIGHBOURS);
    }

    fn as_slice(&self) -> &[(f32, u32)] {
        &self.items[..self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(slots: &[(u32, f32)], intent: Intent, lang: Language, text: &str) -> Labelled {
        let norm = slots.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
        Labelled {
            features: slots.iter().map(|(s, v)| (*s, v / norm)).collect(),
            intent: intent.index(),
            lang: Some(lang),
            text: text.to_string(),
        }
    }

    #[test]
    fn the_nearest_pieces_come_first_and_only_from_the_same_language() {
        let m = Memory::build(&[
            piece(
                &[(1, 1.0), (2, 1.0)],
                Intent::HotelInfo,
                Language::En,
                "near",
            ),
            piece(
                &[(1, 1.0), (3, 1.0)],
                Intent::OutOfScope,
                Language::En,
                "half",
            ),
            piece(
                &[(1, 1.0), (2, 1.0)],
                Intent::Greeting,
                Language::Es,
                "otro idioma",
            ),
            piece(&[(9, 1.0)], Intent::Thanks, Language::En, "far"),
        ]);
        let x: Features = vec![(1, 0.6), (2, 0.8)];
        let mut probs = vec![0.0f32; Intent::ALL.len()];
        let near = m.neighbours(&m.blend(&x, Language::En, &mut probs), Language::En);
        let texts: Vec<&str> = near.iter().map(|n| n.text).collect();
        assert_eq!(texts, ["near", "half", "far"]);
        assert_eq!(near[0].intent, Intent::HotelInfo);
        assert!((near[0].similarity - 1.4 / 2f32.sqrt()).abs() < 1e-5);
        assert_eq!(near[2].similarity, 0.0);
    }

    #[test]
    fn the_vote_moves_probabilities_towards_the_neighbours_and_keeps_them_summing_to_one() {
        let m = Memory::build(&[piece(&[(5, 1.0)], Intent::Deny, Language::Pt, "nao")]);
        let mut probs = vec![0.0f32; Intent::ALL.len()];
        probs[Intent::Affirm.index()] = 1.0;
        m.blend(&vec![(5, 1.0)], Language::Pt, &mut probs);
        assert!((probs[Intent::Deny.index()] - VOTE_SHARE).abs() < 1e-6);
        assert!((probs[Intent::Affirm.index()] - (1.0 - VOTE_SHARE)).abs() < 1e-6);
        assert!((probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        // No English pieces: English probabilities are left alone.
        let mut en = vec![0.0f32; Intent::ALL.len()];
        en[Intent::Affirm.index()] = 1.0;
        m.blend(&vec![(5, 1.0)], Language::En, &mut en);
        assert_eq!(en[Intent::Affirm.index()], 1.0);
    }

    #[test]
    fn the_best_list_keeps_the_highest_scores_in_order_and_the_earlier_of_ties() {
        let mut top = Nearest::default();
        for (i, s) in [0.1, 0.5, 0.5, 0.9, 0.0, 0.3, 0.7, 0.2, 0.6, 0.8, 0.4, 0.95]
            .into_iter()
            .enumerate()
        {
            top.offer(s, i as u32);
        }
        let got: Vec<u32> = top.as_slice().iter().map(|(_, id)| *id).collect();
        assert_eq!(got, [11, 3, 9, 6, 8, 1, 2, 10, 5, 7]);
    }
}
