//! PMS call metrics per operation: count by outcome, latency, errors by kind.

use crate::ports::pms::PmsError;
use crate::telemetry::Metrics;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CallLabels {
    pub operation: &'static str,
    /// "ok", "error" or "cache".
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OpLabels {
    pub operation: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorLabels {
    pub operation: &'static str,
    pub kind: &'static str,
}

type Latency = Family<OpLabels, Histogram, fn() -> Histogram>;

#[derive(Clone)]
pub struct PmsMetrics {
    calls: Family<CallLabels, Counter>,
    latency: Latency,
    errors: Family<ErrorLabels, Counter>,
}

fn histogram() -> Histogram {
    // 1 ms … ~16 s: a cached quote at the bottom, a slow PMS at the top.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl PmsMetrics {
    pub fn new(registry: Option<&Metrics>) -> Self {
        let m = Self {
            calls: Family::default(),
            latency: Family::new_with_constructor(histogram),
            errors: Family::default(),
        };
        if let Some(r) = registry {
            r.register(
                "pms_calls",
                "PMS operations, by operation and outcome",
                m.calls.clone(),
            );
            r.register(
                "pms_call_duration_seconds",
                "Latency of PMS operations that reached the PMS",
                m.latency.clone(),
            );
            r.register(
                "pms_errors",
                "PMS errors, by operation and kind",
                m.errors.clone(),
            );
        }
        m
    }

    pub fn cached(&self, operation: &'static str) {
        self.calls
            .get_or_create(&CallLabels {
                operation,
                outcome: "cache",
            })
            .inc();
    }

    pub fn observe<T>(
        &self,
        operation: &'static str,
        took: Duration,
        result: &Result<T, PmsError>,
    ) {
        self.latency
            .get_or_create(&OpLabels { operation })
            .observe(took.as_secs_f64());
        self.outcome(operation, result);
    }

    /// Counts a call (also one refused before reaching the PMS).
    pub fn outcome<T>(&self, operation: &'static str, result: &Result<T, PmsError>) {
        let outcome = if result.is_ok() { "ok" } else { "error" };
        self.calls
            .get_or_create(&CallLabels { operation, outcome })
            .inc();
        if let Err(e) = result {
            self.errors
                .get_or_create(&ErrorLabels {
                    operation,
                    kind: e.kind(),
                })
                .inc();
        }
    }
}
