//! The WAV espeak-ng writes to stdout: RIFF with 16-bit PCM, whose sizes are
//! placeholders (it cannot seek back on a pipe), so the data chunk runs to
//! the end of the bytes.

use super::TtsError;
use crate::audio::Mono;

pub fn parse(bytes: &[u8]) -> Result<Mono, TtsError> {
    let bad = |why: &str| TtsError::Synthesis(format!("unexpected WAV from espeak-ng: {why}"));
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(bad("no RIFF/WAVE header"));
    }
    let (mut at, mut format) = (12usize, None);
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]);
        let body = at + 8;
        if id == b"fmt " && body + 16 <= bytes.len() {
            let u16_at = |i: usize| u16::from_le_bytes([bytes[body + i], bytes[body + i + 1]]);
            let rate = u32::from_le_bytes([
                bytes[body + 4],
                bytes[body + 5],
                bytes[body + 6],
                bytes[body + 7],
            ]);
            format = Some((u16_at(0), u16_at(2), rate, u16_at(14)));
        } else if id == b"data" {
            let Some((1, channels @ 1.., rate, 16)) = format else {
                return Err(bad("not 16-bit PCM"));
            };
            let n = usize::from(channels);
            let samples = bytes[body..]
                .chunks_exact(2 * n)
                .map(|frame| {
                    frame
                        .chunks_exact(2)
                        .map(|s| f32::from(i16::from_le_bytes([s[0], s[1]])) / 32768.0)
                        .sum::<f32>()
                        / n as f32
                })
                .collect();
            return Ok(Mono { rate, samples });
        }
        at = body.saturating_add(usize::try_from(size).unwrap_or(usize::MAX));
        at += at % 2; // chunks are word-aligned
    }
    Err(bad("no data chunk"))
}
