//! What `--debug` shows: why the parse came out as it did.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explain {
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
}
