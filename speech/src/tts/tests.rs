use super::{MAX_VOICE_NOTE_BYTES, TtsError, encode, voice_note, wav};
use crate::audio::{self, Limits};
use std::f32::consts::TAU;

fn tone(seconds: f32, hz: f32) -> Vec<f32> {
    (0..(16_000.0 * seconds) as usize)
        .map(|i| 0.4 * (TAU * hz * i as f32 / 16_000.0).sin())
        .collect()
}

fn crossings(s: &[f32]) -> usize {
    s.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count()
}

#[test]
fn spoken_replies_in_each_language_decode_back_with_their_length_under_the_size_bound() {
    for (lang, text) in [
        ("es", "Hola, el desayuno se sirve de siete y media a diez."),
        ("en", "Hello, breakfast is served from seven thirty to ten."),
        (
            "pt",
            "Olá, o café da manhã é servido das sete e meia às dez.",
        ),
    ] {
        let note = voice_note(text, lang).expect("espeak-ng (scripts/setup.sh installs it)");
        assert!(
            (2.0..8.0).contains(&note.seconds),
            "{lang}: {}",
            note.seconds
        );
        assert!(note.bytes.len() <= MAX_VOICE_NOTE_BYTES);
        assert!(note.bytes.starts_with(b"OggS"));
        let back = audio::decode(&note.bytes, Limits::default()).expect("our own decoder");
        assert_eq!(back.format, "ogg/opus");
        // Whole 20 ms frames: at most one frame longer than what was spoken.
        let extra = back.seconds() - note.seconds;
        assert!((0.0..=0.021).contains(&extra), "{lang}: {extra}");
        let loud = back.samples.iter().filter(|s| s.abs() > 0.05).count();
        assert!(
            loud > back.samples.len() / 10,
            "{lang}: speech, not silence"
        );
    }
}

#[test]
fn a_tone_keeps_its_pitch_and_length_through_ogg_opus() {
    let bytes = encode(&tone(1.0, 440.0)).expect("encode");
    let back = audio::decode(&bytes, Limits::default()).expect("decode");
    assert!(
        (16_000..=16_320).contains(&back.samples.len()),
        "{}",
        back.samples.len()
    );
    let c = crossings(&back.samples[..16_000]);
    assert!((436..=442).contains(&c), "{c}");
    // Pre-skip is honoured: the tone starts at once, not after the look-ahead.
    assert!(back.samples[100..400].iter().any(|s| s.abs() > 0.2));
}

#[test]
fn opusinfo_from_opus_tools_accepts_the_stream() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("reply.opus");
    std::fs::write(&path, encode(&tone(2.0, 300.0)).expect("encode")).expect("write");
    let out = std::process::Command::new("opusinfo")
        .arg(&path)
        .output()
        .expect("opusinfo (apt opus-tools, scripts/setup.sh)");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(
        !text.contains("WARNING") && !text.contains("ERROR"),
        "{text}"
    );
    assert!(text.contains("Playback length: 0m:02.000s"), "{text}");
}

#[test]
fn too_long_for_a_voice_note_is_refused_not_truncated() {
    let mut seed = 1u32;
    let noise: Vec<f32> = (0..16_000 * 240)
        .map(|_| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1u32 << 24) as f32 - 0.5
        })
        .collect();
    match encode(&noise) {
        Err(TtsError::TooLarge { bytes, limit }) => assert!(bytes > limit),
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn unknown_languages_and_empty_text_are_refused() {
    assert!(matches!(voice_note("Bonjour", "fr"), Err(TtsError::NoVoice(l)) if l == "fr"));
    assert!(matches!(voice_note("  ", "es"), Err(TtsError::Empty)));
}

#[test]
fn the_wav_of_a_pipe_with_placeholder_sizes_is_read_to_its_end() {
    let mut w = b"RIFF\x24\xf0\xff\x7fWAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x22\x56\x00\x00\x44\xac\x00\x00\x02\x00\x10\x00data\x00\xf0\xff\x7f".to_vec();
    for v in [0i16, 16_384, -16_384, 32_767] {
        w.extend_from_slice(&v.to_le_bytes());
    }
    let mono = wav::parse(&w).expect("parse");
    assert_eq!(mono.rate, 22_050);
    assert_eq!(mono.samples, vec![0.0, 0.5, -0.5, 32_767.0 / 32_768.0]);
    assert!(wav::parse(b"RIFF....AVI LIST").is_err());
}
