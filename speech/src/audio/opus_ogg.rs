//! Ogg/Opus (RFC 7845), the WhatsApp voice note: Ogg pages read with the
//! `ogg` crate, packets decoded by libopus at 48 kHz, mixed to mono.

use super::{AudioError, Mono};
use std::io::Cursor;

const RATE: u32 = 48_000;
/// The longest Opus frame: 120 ms at 48 kHz.
const MAX_FRAME: usize = 5760;

pub fn decode(bytes: &[u8], max_seconds: f64) -> Result<Mono, AudioError> {
    let mut reader = ogg::PacketReader::new(Cursor::new(bytes));
    let corrupt = |e: String| AudioError::Corrupt(format!("ogg/opus: {e}"));
    let head = reader
        .read_packet()
        .map_err(|e| corrupt(e.to_string()))?
        .ok_or_else(|| corrupt("no packets".into()))?;
    let head = head.data;
    if head.len() < 19 || !head.starts_with(b"OpusHead") {
        return Err(corrupt("first packet is not OpusHead".into()));
    }
    let channels = usize::from(head[9]);
    let pre_skip = usize::from(u16::from_le_bytes([head[10], head[11]]));
    let mapping = head[18];
    let layout = match (channels, mapping) {
        (1, 0 | 1) => opus::Channels::Mono,
        (2, 0 | 1) => opus::Channels::Stereo,
        _ => {
            return Err(AudioError::Unsupported(format!(
                "opus with {channels} channels (mapping family {mapping})"
            )));
        }
    };
    let mut decoder = opus::Decoder::new(RATE, layout).map_err(|e| corrupt(e.to_string()))?;
    let limit = (max_seconds * f64::from(RATE)) as usize;
    let mut out = Vec::new();
    let mut frame = vec![0f32; MAX_FRAME * channels];
    let mut index = 0usize;
    while let Some(packet) = reader.read_packet().map_err(|e| corrupt(e.to_string()))? {
        index += 1;
        // The second packet is OpusTags (metadata).
        if index == 1 && packet.data.starts_with(b"OpusTags") {
            continue;
        }
        let n = decoder
            .decode_float(&packet.data, &mut frame, false)
            .map_err(|e| corrupt(format!("packet {index}: {e}")))?;
        out.extend(
            frame[..n * channels]
                .chunks_exact(channels)
                .map(|c| c.iter().sum::<f32>() / channels as f32),
        );
        if out.len() > limit + pre_skip {
            return Err(AudioError::TooLong {
                limit_s: max_seconds,
            });
        }
    }
    // The encoder's priming samples are not part of the audio.
    out.drain(..pre_skip.min(out.len()));
    Ok(Mono {
        rate: RATE,
        samples: out,
    })
}
