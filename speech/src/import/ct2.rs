//! Reader for CTranslate2's `model.bin` (format version 6): a flat list of
//! named tensors plus aliases. Only what a Whisper spec uses is supported.

use super::ImportError;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    I8,
    I16,
    I32,
    F16,
}

impl DType {
    fn from_code(code: u8) -> Result<Self, ImportError> {
        Ok(match code {
            0 => Self::F32,
            1 => Self::I8,
            2 => Self::I16,
            3 => Self::I32,
            4 => Self::F16,
            other => return Err(ImportError::Format(format!("unknown dtype code {other}"))),
        })
    }

    pub fn size(self) -> usize {
        match self {
            Self::I8 => 1,
            Self::I16 | Self::F16 => 2,
            Self::F32 | Self::I32 => 4,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Variable<'a> {
    pub dims: Vec<usize>,
    pub dtype: DType,
    pub data: &'a [u8],
}

impl Variable<'_> {
    /// A scalar integer such as `encoder/num_heads`.
    pub fn scalar_int(&self) -> Option<i64> {
        if !self.dims.is_empty() {
            return None;
        }
        let d = self.data;
        Some(match self.dtype {
            DType::I8 => i64::from(i8::from_le_bytes([*d.first()?])),
            DType::I16 => i64::from(i16::from_le_bytes(d.get(..2)?.try_into().ok()?)),
            DType::I32 => i64::from(i32::from_le_bytes(d.get(..4)?.try_into().ok()?)),
            _ => return None,
        })
    }

    /// Values as f32, for float tensors.
    pub fn to_f32(&self) -> Result<Vec<f32>, ImportError> {
        match self.dtype {
            DType::F32 => Ok(self
                .data
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()),
            DType::F16 => Ok(self
                .data
                .chunks_exact(2)
                .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                .collect()),
            other => Err(ImportError::Format(format!(
                "expected a float tensor, found {other:?}"
            ))),
        }
    }
}

pub struct Ct2Model<'a> {
    pub spec: String,
    pub vars: HashMap<String, Variable<'a>>,
}

impl<'a> Ct2Model<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Self, ImportError> {
        let mut r = Reader { bytes, pos: 0 };
        let version = r.u32()?;
        if version != 6 {
            return Err(ImportError::Format(format!(
                "CTranslate2 model version {version}; only version 6 is supported"
            )));
        }
        let spec = r.string()?;
        let _revision = r.u32()?;
        let n = r.u32()?;
        let mut vars = HashMap::new();
        for _ in 0..n {
            let name = r.string()?;
            let ndim = r.u8()?;
            let dims = (0..ndim)
                .map(|_| r.u32().map(|d| d as usize))
                .collect::<Result<Vec<_>, _>>()?;
            let dtype = DType::from_code(r.u8()?)?;
            let nbytes = r.u32()? as usize;
            let data = r.take(nbytes)?;
            let expected = dims.iter().product::<usize>() * dtype.size();
            if expected != nbytes {
                return Err(ImportError::Format(format!(
                    "{name}: {nbytes} bytes for shape {dims:?} of {dtype:?}"
                )));
            }
            vars.insert(name, Variable { dims, dtype, data });
        }
        let aliases = r.u32()?;
        for _ in 0..aliases {
            let alias = r.string()?;
            let target = r.string()?;
            let v = vars.get(&target).cloned().ok_or_else(|| {
                ImportError::Format(format!("alias {alias} points to missing {target}"))
            })?;
            vars.entry(alias).or_insert(v);
        }
        if r.pos != bytes.len() {
            return Err(ImportError::Format(format!(
                "{} trailing bytes after the model",
                bytes.len() - r.pos
            )));
        }
        Ok(Self { spec, vars })
    }

    pub fn get(&self, name: &str) -> Result<&Variable<'a>, ImportError> {
        self.vars
            .get(name)
            .ok_or_else(|| ImportError::Missing(name.to_string()))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ImportError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ImportError::Format("model.bin is truncated".into()))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, ImportError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, ImportError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn string(&mut self) -> Result<String, ImportError> {
        let b = self.take(2)?;
        let len = usize::from(u16::from_le_bytes([b[0], b[1]]));
        let raw = self.take(len)?;
        let raw = raw.strip_suffix(&[0]).unwrap_or(raw);
        String::from_utf8(raw.to_vec())
            .map_err(|_| ImportError::Format("a name in model.bin is not UTF-8".into()))
    }
}
