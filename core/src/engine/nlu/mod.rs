//! Understanding guests: language, intents (in order, with calibrated
//! confidence) and entities (with spans and normalised values) of one message.
//!
//! Pure and fast: no network, no clock (today and the time zone come in a
//! [`NluContext`]), no model files. The intent classifier is trained once, at
//! first use, from the corpus embedded in the binary; rules handle what rules
//! do better (dates, numbers, contacts). See `core/data/nlu/` for the data.

pub mod classifier;
pub mod context;
pub mod corpus;
pub mod entities;
pub mod eval;
pub mod explain;
pub mod intent;
pub mod lang;
pub mod lexicon;
pub mod output;
pub mod phrases;
pub mod praise;
pub mod refusal;
pub mod segment;
pub mod slots;
pub mod text;

#[cfg(test)]
mod any_text;
#[cfg(test)]
mod past_stay_tests;
#[cfg(test)]
mod tests;

pub use context::{DateOrder, NluContext, RoomTypeDef, demo_room_types};
pub use intent::{InfoTopic, Intent};
pub use output::{
    Entity, EntityFlag, EntityValue, Guests, IntentHit, LanguageSource, Parse, Slots,
};

use crate::domain::Language;
use classifier::Model;
use classifier::memory::{Memory, Neighbour};
use explain::{Explain, PieceExplain};
use lexicon::Lexicon;
use std::sync::OnceLock;

#[derive(Debug, Clone, thiserror::Error)]
#[error("the embedded NLU data is invalid: {0}")]
pub struct NluError(pub String);

/// With an emergency named, this much belief in `urgent` is enough: the
/// classifier spreads a rare, short plea ("my husband is not breathing")
/// over several intents, and a missed emergency costs more than a false one.
const URGENT_WITH_EMERGENCY: f32 = 0.15;

/// The built understanding: word lists and the trained classifier. Build it
/// once ([`Nlu::shared`]) and share it; parsing borrows it immutably.
pub struct Nlu {
    lx: Lexicon,
    model: Model,
    memory: Memory,
}

/// A piece's intent below this probability is dropped when the message has
/// other, surer intents.
const MIN_PIECE_CONFIDENCE: f32 = 0.3;

/// Words that acknowledge rather than say yes to a question.
const ACKNOWLEDGEMENTS: &[&str] = &[
    "super",
    "amazing",
    "brilliant",
    "excellent",
    "excelente",
    "lovely",
    "nice",
    "fantastic",
    "wonderful",
    "sweet",
    "noted",
    "gotcha",
    "understood",
    "entendido",
    "entendi",
    "ok",
    "okay",
    "oka",
    "okey",
    "listo",
    "bueno",
    "dale",
    "perfecto",
    "genial",
    "joya",
    "barbaro",
    "great",
    "perfect",
    "cool",
    "alright",
    "awesome",
    "beleza",
    "blz",
    "show",
    "otimo",
    "perfeito",
    "fechado",
    "certo",
    "bom",
    "buenisimo",
];

impl Nlu {
    /// Loads the lexicons and trains the classifier on the embedded corpus.
    pub fn build() -> Result<Self, NluError> {
        Self::from_examples(&corpus::train().map_err(NluError)?)
    }

    /// Trains on the given labelled lines instead of the embedded corpus
    /// (cross-validation, experiments).
    pub fn from_examples(examples: &[corpus::Example]) -> Result<Self, NluError> {
        Self::from_examples_with(examples, classifier::BALANCE_CLASSES)
    }

    /// Like [`Nlu::from_examples`], choosing whether class sizes are evened out.
    pub fn from_examples_with(
        examples: &[corpus::Example],
        balance: bool,
    ) -> Result<Self, NluError> {
        Self::with_lexicon(Lexicon::load().map_err(NluError)?, examples, balance)
    }

    /// Trains on `examples` with the given word lists.
    fn with_lexicon(
        mut lx: Lexicon,
        examples: &[corpus::Example],
        balance: bool,
    ) -> Result<Self, NluError> {
        // Entity kinds are features; the date they resolve to is not, so any day will do.
        let ctx = NluContext::new(
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).ok_or_else(|| NluError("date".into()))?,
            chrono_tz::UTC,
        );
        let classifier::Reading { pieces, words } =
            classifier::training_pieces(examples, &lx, &ctx);
        lang::learn_words(&mut lx.lang_words, words);
        let memory = Memory::build(&pieces);
        let pairs: Vec<_> = pieces.into_iter().map(|p| (p.features, p.intent)).collect();
        let model = classifier::train_with(&pairs, balance);
        Ok(Self { lx, model, memory })
    }

    /// The process-wide instance, built on first use.
    pub fn shared() -> Result<&'static Nlu, NluError> {
        static SHARED: OnceLock<Result<Nlu, NluError>> = OnceLock::new();
        SHARED
            .get_or_init(Nlu::build)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Understands one message. `lang`, when given, overrides detection.
    pub fn parse(&self, text: &str, ctx: &NluContext) -> Parse {
        self.parse_with(text, ctx, None, false)
    }

    pub fn parse_with(
        &self,
        text: &str,
        ctx: &NluContext,
        lang: Option<Language>,
        debug: bool,
    ) -> Parse {
        let toks = text::tokenize(text, &self.lx.typos);
        let fallback = ctx.conversation_language.unwrap_or(ctx.default_language);
        let guess = lang::detect(text, &toks, &self.lx, fallback);
        let (language, language_confidence, language_source) = match lang {
            Some(l) => (l, 1.0, LanguageSource::Given),
            None => (guess.language, guess.confidence, guess.source),
        };
        let mut entities = entities::extract(text, &toks, ctx, language);
        let mut pieces = Vec::new();
        let mut hits: Vec<PieceRead> = Vec::new();
        let mut probs = vec![0.0f32; Intent::ALL.len()];
        for seg in segment::pieces(text, &toks, &self.lx) {
            let words = classifier::piece_words(&toks, seg);
            let std::ops::Range { start, end } = seg.span(&toks);
            let mut near = Vec::new();
            let (intent, confidence, by) = match segment::social(&words, &self.lx) {
                Some(intent) => (intent, 0.97, "rule"),
                None => {
                    let x = classifier::piece_features(text, &toks, seg, &entities, &self.lx);
                    self.model.probs(&x, &mut probs);
                    let voted = self.memory.blend(&x, language, &mut probs);
                    if debug {
                        near = self.memory.neighbours(&voted, language);
                    }
                    let (best, p) = argmax(&probs);
                    let intent = Intent::ALL[best];
                    // A piece that names an emergency is one when it reads as
                    // a complaint, a plea for a person ("pueden llamar a un
                    // médico") or a likely emergency: staff must hear of a
                    // fire or someone not breathing at once, not in a queue.
                    let plea = matches!(
                        intent,
                        Intent::Complaint | Intent::Urgent | Intent::TalkToHuman
                    ) || probs[Intent::Urgent.index()] >= URGENT_WITH_EMERGENCY;
                    if plea && !self.lx.emergencies.found(&words).is_empty() {
                        (Intent::Urgent, p.max(output::SURELY_URGENT), "rule")
                    } else {
                        (intent, p, "classifier")
                    }
                }
            };
            if debug {
                pieces.push(self.explain_piece(&text[start..end], &words, by, &probs, &near));
            }
            let subtopic = (intent == Intent::HotelInfo)
                .then(|| self.subtopic(&words))
                .flatten();
            hits.push(PieceRead {
                hit: IntentHit {
                    intent,
                    confidence,
                    subtopic,
                    start,
                    end,
                },
                ack: words.iter().all(|w| ACKNOWLEDGEMENTS.contains(w)),
                refusal: refusal::is_refusal(&words),
            });
        }
        let intents = if toks.iter().all(|t| t.kind == text::TokKind::Punct) {
            for piece in &mut pieces {
                piece.outcome = "replaced: a message of emoji only is read from its emoji".into();
            }
            vec![emoji_only(text)]
        } else {
            let (intents, fates) = combine(hits, text.len());
            for (piece, fate) in pieces.iter_mut().zip(fates) {
                piece.outcome = fate;
            }
            intents
        };
        if about_a_past_stay(&intents) {
            entities::dates::past::unroll(&mut entities);
        }
        let slots = slots::fold(&entities, &toks);
        let debug = debug.then(|| Explain {
            primary: primary_reason(&intents),
            language_scores: guess.scores,
            tokens: toks.iter().map(|t| t.norm.clone()).collect(),
            pieces,
            temperature: self.model.temperature(),
        });
        Parse {
            language,
            language_confidence,
            language_source,
            intents,
            entities,
            slots,
            debug,
        }
    }

    fn subtopic(&self, words: &[&str]) -> Option<InfoTopic> {
        self.lx
            .info_topics
            .found(words)
            .into_iter()
            .min_by_key(|(_, at)| *at)
            .map(|((_, topic), _)| *topic)
    }

    fn explain_piece(
        &self,
        text: &str,
        words: &[&str],
        by: &'static str,
        probs: &[f32],
        near: &[Neighbour<'_>],
    ) -> PieceExplain {
        let mut ranked: Vec<(usize, f32)> = probs.iter().copied().enumerate().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        PieceExplain {
            text: text.to_string(),
            by,
            top: if by == "rule" {
                Vec::new()
            } else {
                ranked
                    .iter()
                    .take(3)
                    .map(|(i, p)| (Intent::ALL[*i].to_string(), *p))
                    .collect()
            },
            cues: self
                .lx
                .intent_cues
                .found(words)
                .into_iter()
                .map(|((phrase, intent), _)| format!("{} → {intent}", phrase.join(" ")))
                .collect(),
            neighbours: near
                .iter()
                .map(|n| (n.text.to_string(), n.intent.to_string(), n.similarity))
                .collect(),
            outcome: String::new(),
        }
    }
}

/// Intents under which a date may be a booking's, so that a day already past
/// this year is next year's.
const BOOKING_INTENTS: &[Intent] = &[
    Intent::CheckAvailability,
    Intent::AskPrices,
    Intent::MakeBooking,
    Intent::ModifyBooking,
    Intent::CancelBooking,
    Intent::BookingStatus,
    Intent::EarlyCheckin,
    Intent::LateCheckout,
    Intent::ProvideInfo,
    Intent::Affirm,
];

/// Whether the message speaks of a stay already over: a complaint or thanks
/// and nothing that could be about a booking ("el 3 de enero me cobraron de
/// más", "we stayed on Feb 2nd and the room was dirty"). Its past dates are
/// then this year's, not rolled to next year. Narrow on purpose: any booking
/// intent keeps the roll, which is right for every booking question.
fn about_a_past_stay(intents: &[IntentHit]) -> bool {
    intents
        .iter()
        .any(|h| matches!(h.intent, Intent::Complaint | Intent::Thanks))
        && !intents.iter().any(|h| BOOKING_INTENTS.contains(&h.intent))
}

/// Which intent is primary and by which rule, for `--debug`.
fn primary_reason(intents: &[IntentHit]) -> String {
    let (hit, why) = output::primary_of(intents);
    format!("{}: {why}", hit.intent)
}

/// Emojis guests send on their own, and what they mean as an answer.
const EMOJI_ANSWERS: [(char, Intent); 9] = [
    ('👍', Intent::Affirm),
    ('👌', Intent::Affirm),
    ('✅', Intent::Affirm),
    ('🙌', Intent::Affirm),
    ('💯', Intent::Affirm),
    ('👎', Intent::Deny),
    ('❌', Intent::Deny),
    ('🙏', Intent::Thanks),
    ('👋', Intent::Goodbye),
];

/// A message with no words at all ("👍", "🙏🙏"): the first emoji we know
/// decides (skin tones and other modifiers are ignored), else out of scope.
fn emoji_only(text: &str) -> IntentHit {
    let known = text
        .chars()
        .find_map(|c| EMOJI_ANSWERS.iter().find(|(e, _)| *e == c).map(|(_, i)| *i));
    IntentHit {
        intent: known.unwrap_or(Intent::OutOfScope),
        confidence: if known.is_some() { 0.95 } else { 0.0 },
        subtopic: None,
        start: 0,
        end: text.len(),
    }
}

fn argmax(p: &[f32]) -> (usize, f32) {
    p.iter().copied().enumerate().fold(
        (0, f32::MIN),
        |best, (i, v)| if v > best.1 { (i, v) } else { best },
    )
}

/// One piece's intent, with what [`combine`] needs to know of its words.
struct PieceRead {
    hit: IntentHit,
    /// Made only of acknowledgement words ("awesome").
    ack: bool,
    /// A cancellation the guest turns down ("en vez de cancelar").
    refusal: bool,
}

/// Pieces' intents in order: unsure pieces dropped when surer ones exist,
/// neighbours with the same intent (and subtopic) joined. Also says, per
/// piece, what became of it (for `--debug`: a dropped emergency must be
/// visible as dropped, and why).
fn combine(hits: Vec<PieceRead>, len: usize) -> (Vec<IntentHit>, Vec<String>) {
    if hits.is_empty() {
        let none = IntentHit {
            intent: Intent::OutOfScope,
            confidence: 0.0,
            subtopic: None,
            start: 0,
            end: len,
        };
        return (vec![none], Vec::new());
    }
    let mut fates = vec![String::from("kept"); hits.len()];
    let best = hits.iter().map(|r| r.hit.confidence).fold(0.0, f32::max);
    let only_oos_or_social = hits
        .iter()
        .all(|r| r.hit.intent == Intent::OutOfScope || r.hit.intent.is_social());
    let other_request = |k: usize| {
        hits.iter()
            .enumerate()
            .any(|(j, r)| j != k && !r.refusal && r.hit.intent.is_request())
    };
    let mut sure: Vec<(usize, &PieceRead)> = Vec::new();
    for (k, read) in hits.iter().enumerate() {
        let h = &read.hit;
        if read.refusal && other_request(k) {
            fates[k] = "dropped: a cancellation turned down; the request beside it is what the guest wants".into();
        } else if h.confidence < MIN_PIECE_CONFIDENCE && h.confidence < best {
            fates[k] = format!(
                "dropped: {} {:.2} is under {MIN_PIECE_CONFIDENCE} and another piece is surer ({best:.2})",
                h.intent, h.confidence
            );
        } else if h.intent == Intent::OutOfScope && !only_oos_or_social {
            fates[k] = "dropped: out_of_scope beside pieces that say what the guest wants".into();
        } else {
            sure.push((k, read));
        }
    }
    // A piece made only of acknowledgement words counts as one whatever the
    // classifier read in it ("awesome, thank you": "awesome" alone is unsure).
    let only_ack = sure
        .iter()
        .all(|(_, r)| r.hit.intent.is_social() || r.hit.intent == Intent::Affirm || r.ack);
    let mut out: Vec<IntentHit> = Vec::new();
    for (i, (k, read)) in sure.iter().enumerate() {
        let h = &read.hit;
        // "listo, chau", "ok, thanks": an acknowledgement before politeness is the politeness.
        let closing_follows = sure[i + 1..]
            .iter()
            .any(|(_, n)| matches!(n.hit.intent, Intent::Thanks | Intent::Goodbye));
        if read.ack && closing_follows && only_ack {
            fates[*k] = "dropped: an acknowledgement before thanks or goodbye is part of it".into();
            continue;
        }
        match out.last_mut() {
            Some(last)
                if last.intent == h.intent
                    && (last.subtopic == h.subtopic
                        || h.subtopic.is_none()
                        || last.subtopic.is_none()) =>
            {
                last.end = h.end;
                last.confidence = last.confidence.max(h.confidence);
                last.subtopic = last.subtopic.or(h.subtopic);
                fates[*k] = "joined to the piece before: the same intent".into();
            }
            _ => out.push(h.clone()),
        }
    }
    if out.is_empty() {
        out.push(hits[0].hit.clone());
        fates[0] = "kept: every piece was dropped, so the first stands".into();
    }
    (out, fates)
}
