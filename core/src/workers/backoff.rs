//! Exponential backoff with full jitter: retries of many rows spread out
//! instead of arriving together.

/// Delay before attempt `attempt + 1` (attempt counts from 0): a random value
/// in [base·2^attempt / 2, base·2^attempt], capped at `max_ms`.
pub fn delay_ms(attempt: u32, base_ms: u64, max_ms: u64) -> u64 {
    let ceiling = base_ms
        .saturating_mul(1u64 << attempt.min(30))
        .min(max_ms)
        .max(1);
    let floor = ceiling / 2;
    fastrand::u64(floor..=ceiling)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_within_the_cap() {
        for _ in 0..100 {
            let d0 = delay_ms(0, 500, 60_000);
            assert!((250..=500).contains(&d0), "{d0}");
            let d3 = delay_ms(3, 500, 60_000);
            assert!((2_000..=4_000).contains(&d3), "{d3}");
            let big = delay_ms(40, 500, 60_000);
            assert!((30_000..=60_000).contains(&big), "{big}");
        }
    }
}
