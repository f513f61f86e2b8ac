use super::*;

/// A 16-bit PCM WAV file of a sine tone.
pub fn wav(rate: u32, channels: u16, seconds: f64) -> Vec<u8> {
    let frames = (f64::from(rate) * seconds) as u32;
    let data_len = frames * u32::from(channels) * 2;
    let mut w = Vec::new();
    w.extend_from_slice(b"RIFF");
    w.extend_from_slice(&(36 + data_len).to_le_bytes());
    w.extend_from_slice(b"WAVEfmt ");
    w.extend_from_slice(&16u32.to_le_bytes());
    w.extend_from_slice(&1u16.to_le_bytes());
    w.extend_from_slice(&channels.to_le_bytes());
    w.extend_from_slice(&rate.to_le_bytes());
    w.extend_from_slice(&(rate * u32::from(channels) * 2).to_le_bytes());
    w.extend_from_slice(&(channels * 2).to_le_bytes());
    w.extend_from_slice(&16u16.to_le_bytes());
    w.extend_from_slice(b"data");
    w.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..frames {
        let t = f64::from(i) / f64::from(rate);
        let v = ((t * 440.0 * std::f64::consts::TAU).sin() * 12_000.0) as i16;
        for _ in 0..channels {
            w.extend_from_slice(&v.to_le_bytes());
        }
    }
    w
}

#[test]
fn wav_at_any_rate_comes_out_16k_mono_with_the_same_duration() {
    for (rate, channels) in [(8_000, 1), (44_100, 2), (48_000, 1), (16_000, 1)] {
        let pcm = decode(&wav(rate, channels, 1.5), Limits::default()).expect("decodes");
        assert_eq!(pcm.samples.len(), 24_000, "{rate} Hz × {channels}");
        assert_eq!(pcm.format, "wav/pcm");
        let peak = pcm.samples.iter().fold(0f32, |m, s| m.max(s.abs()));
        assert!(
            (0.3..0.45).contains(&peak),
            "amplitude kept at {rate} Hz: {peak}"
        );
    }
}

#[test]
fn each_bad_input_gets_its_own_error() {
    let limits = Limits {
        max_bytes: 100_000,
        max_seconds: 2.0,
    };
    assert_eq!(decode(&[], limits), Err(AudioError::Empty));
    assert!(matches!(
        decode(&wav(16_000, 1, 4.0), limits),
        Err(AudioError::TooLarge { .. })
    ));
    assert!(matches!(
        decode(&wav(8_000, 1, 3.0), limits),
        Err(AudioError::TooLong { .. })
    ));
    assert!(matches!(
        decode(b"#!AMR\n\x3c\x00\x00", limits),
        Err(AudioError::Unsupported(_))
    ));
    assert!(matches!(
        decode(b"hello, this is text", limits),
        Err(AudioError::Unsupported(_))
    ));
    assert_eq!(decode(&wav(16_000, 1, 0.0), limits), Err(AudioError::Empty));
    let mut opus = b"OggS\x00\x02".to_vec();
    opus.extend_from_slice(&[0u8; 20]);
    opus.extend_from_slice(b"OpusHead garbage");
    assert!(matches!(decode(&opus, limits), Err(AudioError::Corrupt(_))));
}
