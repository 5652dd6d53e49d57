import Dispatch
import Metrics
import Prometheus

/// The server's counters and histograms, kept in its own Prometheus registry (each server has one,
/// so tests that start several never share counts) and read by `GET /metrics`.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let records: Metrics.Counter
    private let bytes: Metrics.Counter
    private let flushes: Metrics.Counter
    private let flushFailures: Metrics.Counter

    init() {
        factory = PrometheusMetricsFactory(registry: registry)
        records = Metrics.Counter(label: "wh_ingest_records_total", factory: factory)
        bytes = Metrics.Counter(label: "wh_ingest_bytes_total", factory: factory)
        flushes = Metrics.Counter(label: "wh_ingest_buffer_flushes_total", factory: factory)
        flushFailures = Metrics.Counter(label: "wh_ingest_buffer_flush_failures_total", factory: factory)
    }

    /// A buffer became a durable stage file.
    func flushed(records count: Int, bytes size: Int) {
        flushes.increment()
        records.increment(by: count)
        bytes.increment(by: size)
    }

    func flushFailed() { flushFailures.increment() }

    /// A pipe loaded a file, or gave up on one.
    func fileLoaded(pipe: String, failed: Bool) {
        Metrics.Counter(label: failed ? "wh_pipe_files_failed_total" : "wh_pipe_files_loaded_total", dimensions: [("pipe", pipe)], factory: factory)
            .increment()
    }

    /// A task ran, or failed.
    func taskRan(task: String, failed: Bool) {
        Metrics.Counter(label: "wh_task_runs_total", dimensions: [("task", task)], factory: factory).increment()
        if failed { Counter(label: "wh_task_failures_total", dimensions: [("task", task)], factory: factory).increment() }
    }

    /// One answered request, by route (the pattern, not the path) and status.
    func answered(route: String, method: String, status: Int, nanoseconds: UInt64) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Metrics.Counter(label: "wh_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Metrics.Timer(label: "wh_http_request_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory)
            .recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// Everything, in Prometheus' text format.
    func text() -> String { registry.emitToString() }
}
