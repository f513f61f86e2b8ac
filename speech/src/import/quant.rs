//! How the big weight matrices are stored: 16-bit floats, as OpenAI
//! published them, or ggml's 8-bit blocks (`q8_0`), which halve the model's
//! memory and let ggml use integer dot products on the CPU.

use super::ImportError;

/// ggml's `q8_0`: blocks of 32 values, each an f16 scale then 32 signed bytes.
pub const Q8_0_BLOCK: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weights {
    #[default]
    F16,
    Q8_0,
}

impl Weights {
    /// The file header's `ftype` (ggml's file type, with the quantisation
    /// format version whisper.cpp expects folded in for quantised files).
    pub fn ftype(self) -> usize {
        const GGML_QNT_VERSION: usize = 2;
        const GGML_QNT_VERSION_FACTOR: usize = 1000;
        match self {
            Self::F16 => 1,
            Self::Q8_0 => 7 + GGML_QNT_VERSION * GGML_QNT_VERSION_FACTOR,
        }
    }

    /// What the model's name gets appended, so both kinds can sit side by side.
    pub fn name_suffix(self) -> &'static str {
        match self {
            Self::F16 => "",
            Self::Q8_0 => "-q8_0",
        }
    }
}

impl std::str::FromStr for Weights {
    type Err = ImportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "f16" => Ok(Self::F16),
            "q8_0" => Ok(Self::Q8_0),
            other => Err(ImportError::Input(format!(
                "weights {other:?}: use f16 or q8_0"
            ))),
        }
    }
}

/// Quantises rows of `row_len` values (a multiple of the block size) as ggml
/// does: each block's scale is its largest magnitude over 127, each value
/// rounded to the nearest step.
pub fn q8_0(values: &[f32], row_len: usize) -> Result<Vec<u8>, ImportError> {
    if row_len == 0 || row_len % Q8_0_BLOCK != 0 || values.len() % row_len != 0 {
        return Err(ImportError::Shape(format!(
            "rows of {row_len} values cannot be cut in blocks of {Q8_0_BLOCK} for q8_0"
        )));
    }
    let mut out = Vec::with_capacity(values.len() / Q8_0_BLOCK * (2 + Q8_0_BLOCK));
    for block in values.chunks_exact(Q8_0_BLOCK) {
        let max = block.iter().fold(0f32, |m, v| m.max(v.abs()));
        let scale = max / 127.0;
        let inverse = if scale > 0.0 { 1.0 / scale } else { 0.0 };
        out.extend_from_slice(&half::f16::from_f32(scale).to_le_bytes());
        for v in block {
            // |v × inverse| ≤ 127 by construction; the clamp only guards NaN.
            let q = (v * inverse).round().clamp(-127.0, 127.0) as i8;
            out.extend_from_slice(&q.to_le_bytes());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dequantise(bytes: &[u8]) -> Vec<f32> {
        bytes
            .chunks_exact(2 + Q8_0_BLOCK)
            .flat_map(|b| {
                let scale = half::f16::from_le_bytes([b[0], b[1]]).to_f32();
                b[2..].iter().map(move |q| f32::from(*q as i8) * scale)
            })
            .collect()
    }

    #[test]
    fn blocks_keep_each_value_within_half_a_step() {
        let values: Vec<f32> = (0..128)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0)
            .collect();
        let bytes = q8_0(&values, 64).expect("two rows of 64");
        assert_eq!(bytes.len(), 4 * 34, "4 blocks of an f16 scale and 32 bytes");
        let back = dequantise(&bytes);
        for (block, got) in values.chunks(32).zip(back.chunks(32)) {
            let step = block.iter().fold(0f32, |m, v| m.max(v.abs())) / 127.0;
            for (v, g) in block.iter().zip(got) {
                assert!((v - g).abs() <= step * 0.51 + 1e-3, "{v} came back as {g}");
            }
        }
        // The largest magnitude of a block is stored exactly at ±127 steps.
        assert_eq!(
            bytes[2..34].iter().map(|q| (*q as i8).unsigned_abs()).max(),
            Some(127)
        );
    }

    #[test]
    fn zeros_and_ragged_rows() {
        let bytes = q8_0(&[0.0; 32], 32).expect("one block");
        assert!(dequantise(&bytes).iter().all(|v| *v == 0.0));
        assert!(matches!(q8_0(&[0.0; 40], 40), Err(ImportError::Shape(_))));
        assert!(matches!(q8_0(&[0.0; 48], 32), Err(ImportError::Shape(_))));
    }

    #[test]
    fn weights_names_and_header_types() {
        assert_eq!("q8_0".parse::<Weights>().expect("q8_0"), Weights::Q8_0);
        assert!("q4_0".parse::<Weights>().is_err());
        assert_eq!(Weights::F16.ftype(), 1);
        assert_eq!(Weights::Q8_0.ftype(), 2007);
    }
}
