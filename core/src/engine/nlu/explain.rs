//! What `--debug` shows: why the parse came out as it did.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explain {
    /// The primary intent and the rule that chose it.
    pub primary: String,
    /// Evidence for es, en, pt from the word lists and spelling cues.
    pub language_scores: [f32; 3],
    /// Folded tokens after typo fixes.
    pub tokens: Vec<String>,
    pub pieces: Vec<PieceExplain>,
    /// The classifier's temperature (calibration).
    pub temperature: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PieceExplain {
    pub text: String,
    /// "rule" for politeness recognised by word lists, else "classifier".
    pub by: &'static str,
    /// The best three intents with their probabilities.
    pub top: Vec<(String, f32)>,
    /// Intent cues from the lexicon found in the piece.
    pub cues: Vec<String>,
    /// The closest training pieces of the same language (text, intent,
    /// cosine similarity), whose vote is blended into `top`.
    pub neighbours: Vec<(String, String, f32)>,
    /// What became of the piece's intent: kept, joined to the piece
    /// before, or dropped and why.
    pub outcome: String,
}

#[cfg(test)]
mod tests {
    use crate::engine::nlu::{
        Intent, IntentHit, Nlu, NluContext, PieceRead, combine, demo_room_types,
    };

    fn hit(intent: Intent, confidence: f32, start: usize) -> PieceRead {
        let h = IntentHit {
            intent,
            confidence,
            subtopic: None,
            start,
            end: start + 5,
        };
        PieceRead {
            hit: h,
            ack: false,
            refusal: false,
        }
    }

    #[test]
    fn a_dropped_piece_says_why() {
        // "hi, what time is checkout? my husband is not breathing": the
        // urgent piece at 0.28 vanished from the intents with no word why.
        let (intents, fates) = combine(
            vec![
                hit(Intent::Greeting, 0.97, 0),
                hit(Intent::CheckinCheckoutTimes, 0.95, 4),
                hit(Intent::Urgent, 0.28, 27),
            ],
            60,
        );
        assert_eq!(intents.len(), 2);
        assert_eq!(fates[..2], ["kept", "kept"]);
        assert!(
            fates[2].starts_with("dropped: urgent 0.28 is under 0.3") && fates[2].contains("0.97"),
            "{fates:?}"
        );
        let (_, fates) = combine(
            vec![
                hit(Intent::OutOfScope, 0.8, 0),
                hit(Intent::CancelBooking, 0.9, 6),
                hit(Intent::CancelBooking, 0.7, 12),
            ],
            20,
        );
        assert!(fates[0].contains("out_of_scope"), "{fates:?}");
        assert!(fates[2].starts_with("joined"), "{fates:?}");
    }

    #[test]
    fn debug_says_what_became_of_every_piece_and_why_one_is_primary() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).expect("date");
        let ctx = NluContext::new(today, chrono_tz::America::Argentina::Buenos_Aires)
            .with_room_types(demo_room_types());
        let nlu = Nlu::shared().expect("nlu");
        for (text, primary) in [
            (
                "hola, tienen lugar el finde? y aceptan mascotas?",
                "check_availability: the first request",
            ),
            ("hi, thanks!", "greeting: only politeness: the first"),
            ("ok perfecto", "affirm: no request: the first answer"),
            (
                "oi, quero cancelar a reserva",
                "cancel_booking: the first request",
            ),
        ] {
            let p = nlu.parse_with(text, &ctx, None, true);
            let debug = p.debug.expect("debug");
            assert_eq!(debug.primary, primary, "{text}");
            assert!(
                debug.pieces.iter().all(|piece| !piece.outcome.is_empty()),
                "{text}: {:?}",
                debug.pieces
            );
        }
    }
}
