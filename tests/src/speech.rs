//! Speech test support: the Whisper model that `scripts/setup.sh` installs,
//! and speech made at test time with espeak-ng, encoded like a WhatsApp
//! voice note (Ogg/Opus) with opusenc.

use std::path::{Path, PathBuf};
use std::process::Command;

const SETUP: &str = "run scripts/setup.sh (or scripts/speech-models.sh) to install it";

/// The base (multilingual) model: `$CONSERJE_MODELS_DIR/ggml-base.bin`, else
/// the daemon's default data directory. Missing is a failure, never a skip.
pub fn base_model() -> PathBuf {
    let dir = std::env::var_os("CONSERJE_MODELS_DIR")
        .map_or_else(|| PathBuf::from("/var/lib/conserje/models"), PathBuf::from);
    let path = dir.join("ggml-base.bin");
    assert!(
        path.is_file(),
        "the Whisper base model is missing at {}: {SETUP}",
        path.display()
    );
    path
}

/// `text` spoken by espeak-ng in `voice` (es, en, pt), as Ogg/Opus bytes.
pub fn voice_note(dir: &Path, voice: &str, text: &str) -> Vec<u8> {
    let wav = dir.join(format!("{voice}-{}.wav", text.len()));
    let ogg = wav.with_extension("ogg");
    run(Command::new("espeak-ng")
        .args(["-v", voice, "-s", "150", "-w"])
        .arg(&wav)
        .arg(text));
    run(Command::new("opusenc")
        .args(["--quiet", "--bitrate", "24"])
        .arg(&wav)
        .arg(&ogg));
    std::fs::read(&ogg).expect("opusenc output")
}

/// `seconds` of near-silence (very quiet noise), as Ogg/Opus bytes.
pub fn silence_note(dir: &Path, seconds: u32) -> Vec<u8> {
    let wav = dir.join(format!("silence-{seconds}.wav"));
    let ogg = wav.with_extension("ogg");
    let rate = 16_000u32;
    let frames = rate * seconds;
    let mut w = Vec::new();
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + frames * 2).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes());
    w.extend_from_slice(&rate.to_le_bytes());
    w.extend_from_slice(&(rate * 2).to_le_bytes());
    w.extend_from_slice(&2u16.to_le_bytes());
    w.extend_from_slice(&16u16.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&(frames * 2).to_le_bytes());
    let mut seed = 7u32;
    for _ in 0..frames {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let v = i16::try_from((seed >> 16) % 7).unwrap_or(0) - 3;
        w.extend_from_slice(&v.to_le_bytes());
    }
    std::fs::write(&wav, w).expect("write wav");
    run(Command::new("opusenc").arg("--quiet").arg(&wav).arg(&ogg));
    std::fs::read(&ogg).expect("opusenc output")
}

fn run(cmd: &mut Command) {
    let name = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {name} ({e}): {SETUP}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Word error rate of `heard` against `said`: edits over the words said,
/// case and punctuation ignored.
pub fn wer(said: &str, heard: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (a, b) = (words(said), words(heard));
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, wa) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, wb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(wa != wb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] as f64 / a.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn wer_counts_word_edits_ignoring_case_and_punctuation() {
        assert_eq!(super::wer("Hola, ¿qué tal?", "hola que tal"), 1.0 / 3.0);
        assert_eq!(super::wer("a b c d", "a b c d"), 0.0);
        assert_eq!(super::wer("a b c d", "a x c"), 0.5);
    }
}
