//! BM25 over the entries of one language. A few hundred entries at most, so a
//! plain in-memory index rebuilt on every edit is both simple and fast.

use super::text::terms;
use crate::domain::Language;
use std::collections::HashMap;

const K1: f64 = 1.2;
const B: f64 = 0.75;

#[derive(Debug, Default)]
pub struct Index {
    docs: Vec<Doc>,
    df: HashMap<String, usize>,
    avg_len: f64,
}

#[derive(Debug)]
struct Doc {
    key: usize,
    tf: HashMap<String, usize>,
    len: usize,
}

impl Index {
    /// `docs` are (caller's key, text) pairs.
    pub fn build(docs: impl IntoIterator<Item = (usize, String)>, lang: Language) -> Self {
        let mut index = Index::default();
        for (key, text) in docs {
            let words = terms(&text, lang);
            let mut tf = HashMap::new();
            for w in &words {
                *tf.entry(w.clone()).or_insert(0) += 1;
            }
            for w in tf.keys() {
                *index.df.entry(w.clone()).or_insert(0) += 1;
            }
            index.docs.push(Doc {
                key,
                tf,
                len: words.len(),
            });
        }
        let total: usize = index.docs.iter().map(|d| d.len).sum();
        index.avg_len = if index.docs.is_empty() {
            1.0
        } else {
            total as f64 / index.docs.len() as f64
        };
        index
    }

    /// Best (key, score, share of query words matched), if any word matched.
    pub fn best(&self, query: &str, lang: Language) -> Option<(usize, f64, f64)> {
        let q = terms(query, lang);
        if q.is_empty() {
            return None;
        }
        let n = self.docs.len() as f64;
        self.docs
            .iter()
            .filter_map(|d| {
                let mut score = 0.0;
                let mut matched = 0;
                for w in &q {
                    let Some(&f) = d.tf.get(w) else { continue };
                    matched += 1;
                    let df = self.df.get(w).copied().unwrap_or(0) as f64;
                    let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
                    let f = f as f64;
                    score += idf * f * (K1 + 1.0)
                        / (f + K1 * (1.0 - B + B * d.len as f64 / self.avg_len));
                }
                (matched > 0).then(|| (d.key, score, matched as f64 / q.len() as f64))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_the_entry_sharing_rare_words_first() {
        let idx = Index::build(
            [
                (
                    1,
                    "¿Hay servicio de lavandería? Sí, de lunes a sábado".to_string(),
                ),
                (
                    2,
                    "¿Tienen cuna para bebés? Sí, cunas sin costo".to_string(),
                ),
                (3, "Servicio de traslado al aeropuerto".to_string()),
            ],
            Language::Es,
        );
        assert_eq!(
            idx.best("tienen cunas?", Language::Es).map(|b| b.0),
            Some(2)
        );
        assert_eq!(idx.best("lavanderia", Language::Es).map(|b| b.0), Some(1));
        assert_eq!(
            idx.best("hola que tal", Language::Es),
            None,
            "stop words only"
        );
    }
}
