//! A device's interleaved frames at its own rate → 16 kHz mono: channels
//! averaged, then the same band-limited resampler guest audio goes through.

use crate::audio::{AudioError, Mono, to_16k};

pub fn to_16k_mono(interleaved: &[f32], channels: u16, rate: u32) -> Result<Vec<f32>, AudioError> {
    let n = usize::from(channels.max(1));
    let samples = interleaved
        .chunks_exact(n)
        .map(|frame| frame.iter().sum::<f32>() / n as f32)
        .collect();
    to_16k(&Mono { rate, samples })
}

#[cfg(test)]
mod tests {
    use super::to_16k_mono;
    use std::f32::consts::TAU;

    fn tone(rate: u32, hz: f32, seconds: f32) -> Vec<f32> {
        let n = (rate as f32 * seconds) as usize;
        (0..n)
            .map(|i| 0.5 * (TAU * hz * i as f32 / rate as f32).sin())
            .collect()
    }

    fn crossings(s: &[f32]) -> usize {
        s.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count()
    }

    fn rms(s: &[f32]) -> f32 {
        (s.iter().map(|x| x * x).sum::<f32>() / s.len().max(1) as f32).sqrt()
    }

    #[test]
    fn stereo_48k_becomes_one_second_of_16k_mono_with_the_same_pitch_and_level() {
        let left = tone(48_000, 440.0, 1.0);
        let stereo: Vec<f32> = left.iter().flat_map(|&s| [s, s]).collect();
        let out = to_16k_mono(&stereo, 2, 48_000).expect("convert");
        assert_eq!(out.len(), 16_000);
        // 440 Hz for one second: 440 upward zero crossings, give or take the edges.
        assert!(
            (438..=441).contains(&crossings(&out)),
            "{}",
            crossings(&out)
        );
        // A sine of amplitude 0.5 has RMS 0.354; resampling keeps the level.
        let level = rms(&out[1000..15_000]);
        assert!((0.34..0.37).contains(&level), "{level}");
    }

    #[test]
    fn channels_are_averaged_not_just_the_first_taken() {
        let s = tone(44_100, 300.0, 0.5);
        let opposite: Vec<f32> = s.iter().flat_map(|&x| [x, -x]).collect();
        let out = to_16k_mono(&opposite, 2, 44_100).expect("convert");
        assert_eq!(out.len(), 8_000);
        assert!(rms(&out) < 1e-4, "{}", rms(&out));
    }

    #[test]
    fn a_44k1_mono_device_keeps_its_duration_and_a_16k_one_is_untouched() {
        let out = to_16k_mono(&tone(44_100, 1000.0, 2.0), 1, 44_100).expect("convert");
        assert_eq!(out.len(), 32_000);
        assert!(
            (1996..=2001).contains(&crossings(&out)),
            "{}",
            crossings(&out)
        );
        let native = tone(16_000, 200.0, 0.25);
        assert_eq!(to_16k_mono(&native, 1, 16_000).expect("convert"), native);
    }

    #[test]
    fn a_tone_above_8k_is_filtered_out_instead_of_aliasing_into_speech() {
        let out = to_16k_mono(&tone(48_000, 12_000.0, 1.0), 1, 48_000).expect("convert");
        assert!(rms(&out[1000..15_000]) < 0.02, "{}", rms(&out));
    }
}
