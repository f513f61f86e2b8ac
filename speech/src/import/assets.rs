//! The two assets whisper.cpp's file embeds besides the weights: the mel
//! filter bank (numpy `.npz` from the openai-whisper sdist) and the byte-level
//! vocabulary (`.tiktoken`: one base64 token and its rank per line).

use super::ImportError;
use base64::Engine as _;
use std::io::{Cursor, Read};

/// A `rows × cols` matrix of f32, row-major.
pub struct MelFilters {
    pub rows: usize,
    pub cols: usize,
    pub values: Vec<f32>,
}

/// Reads array `mel_{n_mels}` from `mel_filters.npz`.
pub fn mel_filters(npz: &[u8], n_mels: usize) -> Result<MelFilters, ImportError> {
    let bad = |m: String| ImportError::Format(format!("mel_filters.npz: {m}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(npz)).map_err(|e| bad(e.to_string()))?;
    let name = format!("mel_{n_mels}.npy");
    let mut entry = zip
        .by_name(&name)
        .map_err(|_| bad(format!("no array {name}")))?;
    let mut npy = Vec::new();
    entry
        .read_to_end(&mut npy)
        .map_err(|e| bad(e.to_string()))?;
    parse_npy_f32_2d(&npy).map_err(bad)
}

fn parse_npy_f32_2d(npy: &[u8]) -> Result<MelFilters, String> {
    if npy.get(..6) != Some(b"\x93NUMPY".as_slice()) {
        return Err("not a .npy array".into());
    }
    let major = *npy.get(6).ok_or("truncated")?;
    let (header_len, start) = match major {
        1 => (usize::from(u16::from_le_bytes([npy[8], npy[9]])), 10),
        2 | 3 => {
            let b = npy.get(8..12).ok_or("truncated")?;
            (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize, 12)
        }
        v => return Err(format!("npy version {v}")),
    };
    let header = std::str::from_utf8(npy.get(start..start + header_len).ok_or("truncated")?)
        .map_err(|_| "header is not text")?;
    if !header.contains("'descr': '<f4'") || header.contains("'fortran_order': True") {
        return Err(format!(
            "expected little-endian f32 in C order, header {header}"
        ));
    }
    let shape = header
        .split("'shape': (")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .ok_or("no shape")?;
    let dims: Vec<usize> = shape
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| format!("bad shape {shape}")))
        .collect::<Result<_, _>>()?;
    let [rows, cols] = dims[..] else {
        return Err(format!("expected 2 dimensions, shape ({shape})"));
    };
    let data = &npy[start + header_len..];
    if data.len() != rows * cols * 4 {
        return Err(format!("{} bytes of data for {rows}×{cols}", data.len()));
    }
    let values = data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok(MelFilters { rows, cols, values })
}

/// Tokens in rank order, as raw bytes.
pub fn tiktoken(text: &str) -> Result<Vec<Vec<u8>>, ImportError> {
    let mut tokens: Vec<(usize, Vec<u8>)> = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let bad = || ImportError::Format(format!("tiktoken line {}: {line:?}", n + 1));
        let mut parts = line.split_whitespace();
        let token = parts.next().ok_or_else(bad)?;
        let rank: usize = parts.next().and_then(|r| r.parse().ok()).ok_or_else(bad)?;
        // Python's lenient b64decode (what openai-whisper uses) reads "=" as
        // an empty token: the multilingual file has one, at rank 50256.
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(token.trim_end_matches('='))
            .map_err(|_| bad())?;
        tokens.push((rank, bytes));
    }
    tokens.sort_by_key(|(rank, _)| *rank);
    if tokens.iter().enumerate().any(|(i, (rank, _))| i != *rank) {
        return Err(ImportError::Format(
            "tiktoken ranks are not 0..n without gaps".into(),
        ));
    }
    Ok(tokens.into_iter().map(|(_, b)| b).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npy_header_and_data_are_read() {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        let mut npy = b"\x93NUMPY\x01\x00".to_vec();
        npy.extend_from_slice(&u16::try_from(header.len()).expect("short").to_le_bytes());
        npy.extend_from_slice(header.as_bytes());
        for v in [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0] {
            npy.extend_from_slice(&v.to_le_bytes());
        }
        let m = parse_npy_f32_2d(&npy).expect("valid npy");
        assert_eq!((m.rows, m.cols), (2, 3));
        assert_eq!(m.values[5], 6.0);
        npy.pop();
        assert!(
            parse_npy_f32_2d(&npy).is_err(),
            "a truncated array is refused"
        );
    }

    #[test]
    fn tiktoken_is_sorted_by_rank_and_gaps_are_refused() {
        let t = tiktoken("IQ== 1\nIA== 0\n= 2\n").expect("valid");
        assert_eq!(t, vec![b" ".to_vec(), b"!".to_vec(), Vec::new()]);
        assert!(tiktoken("IQ== 0\nIA== 2\n").is_err());
        assert!(tiktoken("not-base64! 0\n").is_err());
    }
}
