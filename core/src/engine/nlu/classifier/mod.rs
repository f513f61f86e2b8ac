//! The statistical half of intent recognition: a linear model trained at
//! start-up from the embedded corpus (see `core/data/nlu/train/`).

pub mod features;
pub mod memory;
pub mod model;
pub mod place;

use super::context::NluContext;
use super::corpus::Example;
use super::entities;
use super::intent::Intent;
use super::lang::WordCounts;
use super::lexicon::Lexicon;
use super::output::Entity;
use super::segment::{self, Segment};
use super::text::{Token, tokenize};
use crate::domain::Language;
use features::{Extra, Features};
pub use model::Model;

/// Features of one piece of a message.
pub fn piece_features(
    text: &str,
    toks: &[Token],
    seg: Segment,
    ents: &[Entity],
    lx: &Lexicon,
) -> Features {
    let piece: Vec<&Token> = toks[seg.from..seg.to].iter().collect();
    let std::ops::Range { start, end } = seg.span(toks);
    let kinds: Vec<&'static str> = ents
        .iter()
        .filter(|e| e.start < end && e.end > start)
        .map(|e| e.value.kind())
        .collect();
    // Punctuation right after the piece ends it: "tienen lugar?" asks.
    let tail_end = toks.get(seg.to).map_or(text.len(), |t| t.end);
    let has_question_mark = text[start..tail_end].contains('?');
    let symbols_end = toks.get(seg.to).map_or(text.len(), |t| t.start);
    let symbols: String = text[start..symbols_end]
        .chars()
        .filter(|c| !c.is_alphanumeric() && !c.is_whitespace() && !c.is_ascii_punctuation())
        .collect();
    features::extract(
        &piece,
        &Extra {
            entity_kinds: &kinds,
            has_question_mark,
            symbols: &symbols,
        },
        lx,
    )
}

/// Folded words of a piece, for the politeness rule.
pub fn piece_words(toks: &[Token], seg: Segment) -> Vec<&str> {
    toks[seg.from..seg.to]
        .iter()
        .filter(|t| t.kind != super::text::TokKind::Punct)
        .map(|t| t.norm.as_str())
        .collect()
}

/// One piece of a training line with its intent.
pub struct Labelled {
    pub features: Features,
    pub intent: usize,
    pub lang: Option<Language>,
    pub text: String,
}

/// Training pieces from labelled lines: each piece that is not politeness by
/// rule gets the line's intent (or, for lines with several, the matching one).
/// A line whose pieces cannot be matched to its intents teaches nothing.
/// The lines are read on every core (reading means finding entities, about
/// a quarter of start-up); the pieces keep the lines' order.
pub fn training_pieces(examples: &[Example], lx: &Lexicon, ctx: &NluContext) -> Reading {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    pieces_on(threads, examples, lx, ctx)
}

/// What reading the training lines yields: the pieces to train on and, from
/// the same tokens, the words each language uses.
pub struct Reading {
    pub pieces: Vec<Labelled>,
    pub words: WordCounts,
}

fn pieces_on(threads: usize, examples: &[Example], lx: &Lexicon, ctx: &NluContext) -> Reading {
    let chunk = examples.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let readers: Vec<_> = examples
            .chunks(chunk)
            .map(|part| scope.spawn(move || pieces_of(part, lx, ctx)))
            .collect();
        let mut all = Reading {
            pieces: Vec::new(),
            words: WordCounts::default(),
        };
        for r in readers {
            // A panic in a reader is a bug in this module; re-raise it here.
            let part = r.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            all.pieces.extend(part.pieces);
            all.words.merge(part.words);
        }
        all
    })
}

fn pieces_of(examples: &[Example], lx: &Lexicon, ctx: &NluContext) -> Reading {
    let mut out = Vec::new();
    let mut words = WordCounts::default();
    for ex in examples {
        let toks = tokenize(&ex.text, &lx.typos);
        if toks.is_empty() {
            continue;
        }
        if let Some(lang) = ex.lang {
            words.add(lang, &toks);
        }
        let lang = ex.lang.unwrap_or(ctx.default_language);
        let ents = entities::extract(&ex.text, &toks, ctx, lang);
        let segs = segment::pieces(&ex.text, &toks, lx);
        let content: Vec<Segment> = segs
            .iter()
            .copied()
            .filter(|s| segment::social(&piece_words(&toks, *s), lx).is_none())
            .collect();
        let wanted: Vec<Intent> = if ex.intents.is_empty() {
            vec![ex.intent]
        } else {
            ex.intents.clone()
        };
        let mut push = |seg: Segment, intent: Intent| {
            out.push(Labelled {
                features: piece_features(&ex.text, &toks, seg, &ents, lx),
                intent: intent.index(),
                lang: ex.lang,
                text: ex.text[seg.span(&toks)].to_string(),
            })
        };
        let mut content_labels: Vec<Intent> =
            wanted.iter().copied().filter(|i| !i.is_social()).collect();
        // "yes book it": a yes written in the same piece as the request it
        // agrees to has no piece of its own; the piece is the request.
        if content_labels.len() > content.len() {
            content_labels.retain(|i| *i != Intent::Affirm);
        }
        if content.is_empty() {
            // Politeness the rule did not catch ("que tal todo por ahi"): learn it whole.
            let whole = Segment {
                from: 0,
                to: toks.len(),
            };
            push(whole, ex.intent);
        } else if content_labels.len() == content.len() {
            for (seg, label) in content.iter().zip(&content_labels) {
                push(*seg, *label);
            }
        } else if content_labels.len() <= 1 {
            let label = content_labels.first().copied().unwrap_or(ex.intent);
            for seg in &content {
                push(*seg, label);
            }
        }
    }
    Reading { pieces: out, words }
}

/// Trains on 80 % of the pairs, fits the temperature on the other 20 %, then
/// retrains on everything and keeps that temperature (the two trainings run
/// on two threads).
pub fn train(pairs: &[(Features, usize)]) -> Model {
    train_with(pairs, BALANCE_CLASSES)
}

/// Whether training evens out class sizes (chosen by cross-validation and the
/// dev split; see `nlu::tests::cross_validation`).
pub const BALANCE_CLASSES: bool = false;

pub fn train_with(pairs: &[(Features, usize)], balance: bool) -> Model {
    let (fit, held): (Vec<_>, Vec<_>) = pairs
        .iter()
        .cloned()
        .enumerate()
        .partition(|(i, _)| i % 5 != 4);
    let fit: Vec<_> = fit.into_iter().map(|(_, p)| p).collect();
    let held: Vec<_> = held.into_iter().map(|(_, p)| p).collect();
    // The probe and the final model are independent: train them side by
    // side so start-up waits for one training, not two.
    std::thread::scope(|scope| {
        let probe = scope.spawn(|| {
            let mut probe = Model::train_balanced(&fit, balance);
            probe.calibrate(&held);
            probe.temperature()
        });
        let mut model = Model::train_balanced(pairs, balance);
        // A panic in the probe is a bug in this module; re-raise it here.
        let temperature = probe
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        model.set_temperature(temperature);
        model
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_read_on_several_threads_are_the_pieces_read_on_one() {
        let lx = Lexicon::load().expect("lexicon");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let ctx = NluContext::new(day, chrono_tz::UTC);
        let examples = crate::engine::nlu::corpus::train().expect("corpus");
        let one = pieces_on(1, &examples, &lx, &ctx);
        // Three readers split the lines unevenly; the order must not change,
        // nor the words counted.
        let three = pieces_on(3, &examples, &lx, &ctx);
        assert_eq!(one.words, three.words);
        let (one, three) = (one.pieces, three.pieces);
        assert!(one.len() > examples.len() / 2);
        assert_eq!(one.len(), three.len());
        for (a, b) in one.iter().zip(&three) {
            assert_eq!(
                (&a.text, a.intent, a.lang, &a.features),
                (&b.text, b.intent, b.lang, &b.features)
            );
        }
    }
}
