//! 16 kHz mono PCM → Ogg/Opus (RFC 7845): an OpusHead page, an OpusTags page,
//! then 20 ms Opus packets whose granule positions count 48 kHz samples from
//! the start, the encoder's look-ahead declared as pre-skip and the last
//! page's granule trimmed to the real length.

use super::TtsError;
use crate::audio::WHISPER_RATE;
use ogg::writing::{PacketWriteEndInfo, PacketWriter};

/// WhatsApp shows audio up to this size as a voice note.
pub const MAX_VOICE_NOTE_BYTES: usize = 512 * 1024;

/// 20 ms at 16 kHz.
const FRAME: usize = 320;
/// Granule positions are always in 48 kHz samples.
const TO_48K: u64 = 3;
/// Plenty for speech; 512 KB then holds almost three minutes.
const BITRATE: i32 = 24_000;
const SERIAL: u32 = 0x636f_6e73; // "cons"

pub fn encode(pcm16k: &[f32]) -> Result<Vec<u8>, TtsError> {
    if pcm16k.is_empty() {
        return Err(TtsError::Empty);
    }
    let enc_err = |e: opus::Error| TtsError::Encoder(e.to_string());
    let mut encoder =
        opus::Encoder::new(WHISPER_RATE, opus::Channels::Mono, opus::Application::Voip)
            .map_err(enc_err)?;
    encoder
        .set_bitrate(opus::Bitrate::Bits(BITRATE))
        .map_err(enc_err)?;
    let lookahead = usize::try_from(encoder.get_lookahead().map_err(enc_err)?).unwrap_or(0);
    let pre_skip = lookahead as u64 * TO_48K;

    // The look-ahead delays the output: feed that much silence after the
    // audio so its end comes out, then pad to whole frames.
    let mut input = pcm16k.to_vec();
    input.resize((pcm16k.len() + lookahead).div_ceil(FRAME) * FRAME, 0.0);
    let end = pre_skip + pcm16k.len() as u64 * TO_48K;

    let mut out = Vec::new();
    let mut w = PacketWriter::new(&mut out);
    let io = |e: std::io::Error| TtsError::Encoder(e.to_string());
    w.write_packet(head(pre_skip), SERIAL, PacketWriteEndInfo::EndPage, 0)
        .map_err(io)?;
    w.write_packet(tags(), SERIAL, PacketWriteEndInfo::EndPage, 0)
        .map_err(io)?;
    let frames = input.len() / FRAME;
    let mut packet = vec![0u8; 4000];
    for (i, frame) in input.chunks_exact(FRAME).enumerate() {
        let n = encoder.encode_float(frame, &mut packet).map_err(enc_err)?;
        let last = i + 1 == frames;
        let granule = ((i as u64 + 1) * FRAME as u64 * TO_48K).min(end);
        let info = if last {
            PacketWriteEndInfo::EndStream
        } else {
            PacketWriteEndInfo::NormalPacket
        };
        w.write_packet(packet[..n].to_vec(), SERIAL, info, granule)
            .map_err(io)?;
    }
    drop(w);
    if out.len() > MAX_VOICE_NOTE_BYTES {
        return Err(TtsError::TooLarge {
            bytes: out.len(),
            limit: MAX_VOICE_NOTE_BYTES,
        });
    }
    Ok(out)
}

/// RFC 7845 §5.1, mono, channel mapping family 0.
fn head(pre_skip: u64) -> Vec<u8> {
    let mut h = Vec::with_capacity(19);
    h.extend_from_slice(b"OpusHead");
    h.push(1); // version
    h.push(1); // channels
    h.extend_from_slice(&u16::try_from(pre_skip).unwrap_or(u16::MAX).to_le_bytes());
    h.extend_from_slice(&WHISPER_RATE.to_le_bytes()); // the input's rate, informative
    h.extend_from_slice(&0i16.to_le_bytes()); // output gain
    h.push(0); // mapping family
    h
}

/// RFC 7845 §5.2: vendor string, no user comments.
fn tags() -> Vec<u8> {
    let vendor = b"conserje";
    let mut t = Vec::with_capacity(8 + 4 + vendor.len() + 4);
    t.extend_from_slice(b"OpusTags");
    t.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    t.extend_from_slice(vendor);
    t.extend_from_slice(&0u32.to_le_bytes());
    t
}
