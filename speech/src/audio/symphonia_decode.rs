//! Everything but Opus: symphonia probes the container (MP4, MP3, WAV, Ogg)
//! and decodes AAC, MP3, PCM and Vorbis in pure Rust.

use super::{AudioError, Mono};
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, DecoderOptions};
use symphonia::core::errors::Error;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

pub fn decode(bytes: &[u8], max_seconds: f64) -> Result<(Mono, &'static str), AudioError> {
    let mss = MediaSourceStream::new(
        Box::new(std::io::Cursor::new(bytes.to_vec())),
        Default::default(),
    );
    let probed = symphonia::default::get_probe()
        .format(
            &Hint::new(),
            mss,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(|e| match e {
            Error::Unsupported(_) => AudioError::Unsupported("not a known audio format".into()),
            other => AudioError::Corrupt(other.to_string()),
        })?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| AudioError::Unsupported("no audio track".into()))?;
    let track_id = track.id;
    let name = codec_name(&track.codec_params);
    let rate = track
        .codec_params
        .sample_rate
        .ok_or_else(|| AudioError::Corrupt("no sample rate".into()))?;
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|e| AudioError::Unsupported(format!("codec {name}: {e}")))?;
    let limit = (max_seconds * f64::from(rate)) as usize;
    let mut out = Vec::new();
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            Err(Error::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(AudioError::Corrupt(e.to_string())),
        };
        if packet.track_id() != track_id {
            continue;
        }
        let buf = decoder
            .decode(&packet)
            .map_err(|e| AudioError::Corrupt(format!("{name}: {e}")))?;
        let spec = *buf.spec();
        let channels = spec.channels.count().max(1);
        let mut samples = SampleBuffer::<f32>::new(buf.capacity() as u64, spec);
        samples.copy_interleaved_ref(buf);
        out.extend(
            samples
                .samples()
                .chunks_exact(channels)
                .map(|c| c.iter().sum::<f32>() / channels as f32),
        );
        if out.len() > limit {
            return Err(AudioError::TooLong {
                limit_s: max_seconds,
            });
        }
    }
    Ok((Mono { rate, samples: out }, name))
}

fn codec_name(p: &symphonia::core::codecs::CodecParameters) -> &'static str {
    use symphonia::core::codecs as c;
    match p.codec {
        c::CODEC_TYPE_AAC => "aac",
        c::CODEC_TYPE_MP3 => "mp3",
        c::CODEC_TYPE_VORBIS => "ogg/vorbis",
        c::CODEC_TYPE_PCM_S16LE
        | c::CODEC_TYPE_PCM_S24LE
        | c::CODEC_TYPE_PCM_S32LE
        | c::CODEC_TYPE_PCM_F32LE
        | c::CODEC_TYPE_PCM_U8 => "wav/pcm",
        _ => "other",
    }
}
