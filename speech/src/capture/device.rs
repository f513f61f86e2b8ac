//! The default input device, opened with its own default configuration (any
//! sample format cpal offers), samples collected on cpal's thread until
//! `stop`. No device, a device that cannot be opened (ALSA names a
//! "default" device even on machines without a sound card) and a device that
//! only yields digital silence (ALSA's null device) are each their own error.

use super::convert::to_16k_mono;
use crate::audio::AudioError;
use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample};
use std::sync::{Arc, Mutex};

#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    #[error("no audio input device: {0} (no microphone on this machine?)")]
    NoDevice(String),
    #[error("the audio input device {device:?} cannot be opened: {reason}")]
    CannotOpen { device: String, reason: String },
    #[error("the audio input device {device:?} failed while recording: {reason}")]
    Failed { device: String, reason: String },
    #[error(
        "the audio input device {device:?} delivered only digital silence: no microphone is connected to it"
    )]
    Silent { device: String },
    #[error("the recording cannot be converted: {0}")]
    Convert(#[from] AudioError),
}

pub struct Recorder {
    stream: cpal::Stream,
    device: String,
    rate: u32,
    channels: u16,
    samples: Arc<Mutex<Vec<f32>>>,
    failure: Arc<Mutex<Option<String>>>,
}

impl Recorder {
    /// Opens the default input device and starts recording. At most
    /// `max_seconds` are kept (a device that delivers faster than real time,
    /// like ALSA's null device, cannot fill the memory).
    pub fn start(max_seconds: f64) -> Result<Self, CaptureError> {
        let host = host()?;
        let device = host.default_input_device().ok_or_else(|| {
            CaptureError::NoDevice(format!("the {} audio system reports none", host.id()))
        })?;
        let name = device.to_string();
        let cannot_open = |e: cpal::Error| CaptureError::CannotOpen {
            device: name.clone(),
            reason: e.to_string(),
        };
        let supported = device.default_input_config().map_err(cannot_open)?;
        let rate = supported.sample_rate();
        let channels = supported.channels();
        let limit = (max_seconds.max(0.0) * f64::from(rate)) as usize * usize::from(channels);
        let samples = Arc::new(Mutex::new(Vec::with_capacity(limit.min(1 << 24))));
        let failure = Arc::new(Mutex::new(None));
        let sink = Sink {
            samples: samples.clone(),
            failure: failure.clone(),
            limit,
        };
        let config: cpal::StreamConfig = supported.config();
        let stream = match supported.sample_format() {
            SampleFormat::I8 => sink.stream::<i8>(&device, &config),
            SampleFormat::I16 => sink.stream::<i16>(&device, &config),
            SampleFormat::I32 => sink.stream::<i32>(&device, &config),
            SampleFormat::U8 => sink.stream::<u8>(&device, &config),
            SampleFormat::U16 => sink.stream::<u16>(&device, &config),
            SampleFormat::F32 => sink.stream::<f32>(&device, &config),
            SampleFormat::F64 => sink.stream::<f64>(&device, &config),
            other => {
                return Err(CaptureError::CannotOpen {
                    device: name,
                    reason: format!("sample format {other} is not supported"),
                });
            }
        }
        .map_err(cannot_open)?;
        stream.play().map_err(cannot_open)?;
        tracing::info!(device = %name, rate, channels, "recording from the microphone");
        Ok(Self {
            stream,
            device: name,
            rate,
            channels,
            samples,
            failure,
        })
    }

    /// The device's name as the audio system gives it.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// Stops recording and returns the audio at 16 kHz mono.
    pub fn stop(self) -> Result<Vec<f32>, CaptureError> {
        drop(self.stream);
        if let Some(reason) = lock(&self.failure).take() {
            return Err(CaptureError::Failed {
                device: self.device,
                reason,
            });
        }
        let interleaved = std::mem::take(&mut *lock(&self.samples));
        if interleaved.iter().all(|s| *s == 0.0) {
            return Err(CaptureError::Silent {
                device: self.device,
            });
        }
        Ok(to_16k_mono(&interleaved, self.channels, self.rate)?)
    }
}

/// The first audio system that starts (on Linux, ALSA). `cpal::default_host`
/// would panic when ALSA's configuration cannot be read.
fn host() -> Result<cpal::Host, CaptureError> {
    let mut why = String::from("no audio system is compiled in");
    for id in cpal::available_hosts() {
        match cpal::host_from_id(id) {
            Ok(host) => return Ok(host),
            Err(e) => why = format!("the {id} audio system is unavailable: {e}"),
        }
    }
    Err(CaptureError::NoDevice(why))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic on cpal's thread leaves the data as it was: still usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct Sink {
    samples: Arc<Mutex<Vec<f32>>>,
    failure: Arc<Mutex<Option<String>>>,
    limit: usize,
}

impl Sink {
    fn stream<T>(
        self,
        device: &cpal::Device,
        config: &cpal::StreamConfig,
    ) -> Result<cpal::Stream, cpal::Error>
    where
        T: SizedSample + Send + 'static,
        f32: FromSample<T>,
    {
        let Self {
            samples,
            failure,
            limit,
        } = self;
        device.build_input_stream::<T, _, _>(
            *config,
            move |data: &[T], _: &cpal::InputCallbackInfo| {
                let mut out = lock(&samples);
                let room = limit.saturating_sub(out.len());
                out.extend(data.iter().take(room).map(|s| s.to_sample::<f32>()));
            },
            move |e: cpal::Error| {
                // An overrun loses a few milliseconds; the recording goes on.
                if !matches!(
                    e.kind(),
                    cpal::ErrorKind::Xrun | cpal::ErrorKind::DeviceChanged
                ) {
                    lock(&failure).get_or_insert_with(|| e.to_string());
                }
            },
            None,
        )
    }
}
