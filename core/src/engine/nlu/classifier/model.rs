//! Multinomial logistic regression over hashed features, trained by SGD at
//! start-up (deterministic: fixed seed and order), with a temperature fitted
//! on held-out examples so its probabilities are calibrated.

use super::features::{DIM, Features};
use crate::engine::nlu::intent::Intent;

const EPOCHS: usize = 16;
/// 1.0 left the model short of converged in 16 epochs (cross-validation
/// rose with epochs); 2.0 gets there without the cost of more epochs.
const LEARNING_RATE: f32 = 2.0;
const L2: f32 = 1e-5;

pub struct Model {
    /// Class-major weights: `weights[class * DIM + slot]`.
    weights: Vec<f32>,
    bias: Vec<f32>,
    temperature: f32,
}

pub fn classes() -> usize {
    Intent::ALL.len()
}

impl Model {
    /// With `balance`, each example's update is scaled by how rare its class
    /// is (square root of median count / class count, kept within ½–2), so
    /// the many short answers do not pull every message with a date their way.
    pub fn train_balanced(examples: &[(Features, usize)], balance: bool) -> Self {
        let k = classes();
        let mut counts = vec![0usize; k];
        for (_, y) in examples {
            counts[*y] += 1;
        }
        let mut present: Vec<usize> = counts.iter().copied().filter(|c| *c > 0).collect();
        present.sort_unstable();
        let median = present.get(present.len() / 2).copied().unwrap_or(1) as f32;
        let class_weight: Vec<f32> = counts
            .iter()
            .map(|c| {
                if balance && *c > 0 {
                    (median / *c as f32).sqrt().clamp(0.5, 2.0)
                } else {
                    1.0
                }
            })
            .collect();
        let mut m = Model {
            weights: vec![0.0; k * DIM],
            bias: vec![0.0; k],
            temperature: 1.0,
        };
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut probs = vec![0.0f32; k];
        for epoch in 0..EPOCHS {
            // Fisher–Yates with xorshift: same order on every start.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            let lr = LEARNING_RATE / (1.0 + epoch as f32 * 0.25);
            for &ex in &order {
                let (x, y) = &examples[ex];
                m.raw_probs(x, &mut probs);
                let scale = class_weight[*y];
                for (c, p) in probs.iter().enumerate() {
                    let g = scale * (p - if c == *y { 1.0 } else { 0.0 });
                    if g.abs() < 1e-4 {
                        continue;
                    }
                    let row = &mut m.weights[c * DIM..(c + 1) * DIM];
                    for (slot, v) in x {
                        let w = &mut row[*slot as usize];
                        *w -= lr * (g * v + L2 * *w);
                    }
                    m.bias[c] -= lr * g * 0.1;
                }
            }
        }
        m
    }

    /// Picks the temperature that makes held-out probabilities most likely.
    pub fn calibrate(&mut self, held_out: &[(Features, usize)]) {
        if held_out.is_empty() {
            return;
        }
        let mut probs = vec![0.0; classes()];
        let mut best = (f32::INFINITY, 1.0);
        for t in (4..=40).map(|i| i as f32 * 0.1) {
            self.temperature = t;
            let nll: f32 = held_out
                .iter()
                .map(|(x, y)| {
                    self.probs(x, &mut probs);
                    -probs[*y].max(1e-7).ln()
                })
                .sum();
            if nll < best.0 {
                best = (nll, t);
            }
        }
        self.temperature = best.1;
    }

    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    pub fn set_temperature(&mut self, t: f32) {
        self.temperature = t;
    }

    fn raw_probs(&self, x: &Features, out: &mut [f32]) {
        for (c, o) in out.iter_mut().enumerate() {
            let row = &self.weights[c * DIM..(c + 1) * DIM];
            *o = self.bias[c] + x.iter().map(|(s, v)| row[*s as usize] * v).sum::<f32>();
        }
        softmax(out, 1.0);
    }

    /// Calibrated class probabilities into `out` (length [`classes`]).
    pub fn probs(&self, x: &Features, out: &mut [f32]) {
        for (c, o) in out.iter_mut().enumerate() {
            let row = &self.weights[c * DIM..(c + 1) * DIM];
            *o = self.bias[c] + x.iter().map(|(s, v)| row[*s as usize] * v).sum::<f32>();
        }
        softmax(out, self.temperature);
    }

    /// The weight of each feature slot for `class`, for `--debug`.
    pub fn weight(&self, class: usize, slot: u32) -> f32 {
        self.weights[class * DIM + slot as usize]
    }
}

fn softmax(z: &mut [f32], temperature: f32) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = ((*v - max) / temperature).exp();
        sum += *v;
    }
    z.iter_mut().for_each(|v| *v /= sum);
}
