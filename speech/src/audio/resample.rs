//! Resampling to 16 kHz with rubato's FFT resampler (a band-limited
//! resampler: naive decimation would alias consonants into the speech band).

use super::{AudioError, Mono, WHISPER_RATE};
use rubato::{FftFixedInOut, Resampler};

const CHUNK: usize = 1024;

pub fn to_16k(mono: &Mono) -> Result<Vec<f32>, AudioError> {
    if mono.rate == WHISPER_RATE {
        return Ok(mono.samples.clone());
    }
    let err = |e: String| AudioError::Unsupported(format!("resampling from {} Hz: {e}", mono.rate));
    let mut r = FftFixedInOut::<f32>::new(mono.rate as usize, WHISPER_RATE as usize, CHUNK, 1)
        .map_err(|e| err(e.to_string()))?;
    let expected = (mono.samples.len() as u64 * u64::from(WHISPER_RATE))
        .div_ceil(u64::from(mono.rate)) as usize;
    let delay = r.output_delay();
    let mut out = Vec::with_capacity(expected + delay + CHUNK);
    let mut rest = mono.samples.as_slice();
    while rest.len() >= r.input_frames_next() {
        let (chunk, tail) = rest.split_at(r.input_frames_next());
        let o = r.process(&[chunk], None).map_err(|e| err(e.to_string()))?;
        out.extend_from_slice(&o[0]);
        rest = tail;
    }
    if !rest.is_empty() {
        let o = r
            .process_partial(Some(&[rest]), None)
            .map_err(|e| err(e.to_string()))?;
        out.extend_from_slice(&o[0]);
    }
    while out.len() < expected + delay {
        let o = r
            .process_partial::<&[f32]>(None, None)
            .map_err(|e| err(e.to_string()))?;
        if o[0].is_empty() {
            break;
        }
        out.extend_from_slice(&o[0]);
    }
    out.drain(..delay.min(out.len()));
    out.truncate(expected);
    Ok(out)
}
