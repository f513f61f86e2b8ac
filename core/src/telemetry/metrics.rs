//! The Prometheus registry. HTTP metrics are built in; other modules register
//! theirs once at composition with [`Metrics::register`].

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Metric, Registry};
use std::sync::Mutex;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub listener: &'static str,
    pub method: String,
    /// The matched route template (`/health/ready`), never the raw path, so
    /// label cardinality stays bounded whatever clients send.
    pub route: String,
    pub status: u16,
}

type HistogramFamily = Family<HttpLabels, Histogram, fn() -> Histogram>;

pub struct Metrics {
    registry: Mutex<Registry>,
    http_requests: Family<HttpLabels, Counter>,
    http_duration: HistogramFamily,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms … ~4 s: webhook acks sit at the low end, PMS calls at the high end.
    Histogram::new(exponential_buckets(0.0005, 2.0, 14))
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("conserje");
        let http_requests = Family::<HttpLabels, Counter>::default();
        let http_duration: HistogramFamily = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_requests",
            "HTTP requests answered, by listener, method, route and status",
            http_requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency, by listener, method, route and status",
            http_duration.clone(),
        );
        Self {
            registry: Mutex::new(registry),
            http_requests,
            http_duration,
        }
    }

    /// Adds a metric under the `conserje_` prefix; keep a clone to update it.
    pub fn register(&self, name: &str, help: &str, metric: impl Metric) {
        if let Ok(mut r) = self.registry.lock() {
            r.register(name, help, metric);
        }
    }

    pub fn observe_http(&self, labels: HttpLabels, seconds: f64) {
        self.http_duration.get_or_create(&labels).observe(seconds);
        self.http_requests.get_or_create(&labels).inc();
    }

    /// The registry in the Prometheus text exposition format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if let Ok(r) = self.registry.lock() {
            // Writing into a String cannot fail.
            let _ = prometheus_client::encoding::text::encode(&mut out, &r);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prometheus_client::metrics::gauge::Gauge;

    #[test]
    fn http_observations_and_registered_metrics_are_exported() {
        let m = Metrics::new();
        m.observe_http(
            HttpLabels {
                listener: "public",
                method: "GET".into(),
                route: "/health/live".into(),
                status: 200,
            },
            0.002,
        );
        let g = Gauge::<i64>::default();
        m.register("inbox_pending", "Inbox rows waiting", g.clone());
        g.set(7);
        let text = m.encode();
        assert!(text.contains("conserje_http_requests_total{listener=\"public\",method=\"GET\",route=\"/health/live\",status=\"200\"} 1"), "{text}");
        assert!(
            text.contains("conserje_http_request_duration_seconds_count"),
            "{text}"
        );
        assert!(text.contains("conserje_inbox_pending 7"), "{text}");
        assert!(text.trim_end().ends_with("# EOF"));
    }
}
