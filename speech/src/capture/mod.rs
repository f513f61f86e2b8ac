//! Push-to-talk capture for staff dictation: the default input device through
//! cpal (ALSA on Linux), recorded until `stop`, converted to what Whisper
//! wants (16 kHz mono f32). Behind the `mic` feature so only the binary that
//! records links ALSA. Tests feed the conversion synthetic samples; no test
//! needs a microphone.

mod convert;
mod device;

pub use convert::to_16k_mono;
pub use device::{CaptureError, Recorder};
