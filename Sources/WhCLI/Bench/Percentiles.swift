import Foundation

/// p50/p90/p99/max of measured values, in milliseconds, for the benchmarks' reports.
struct Percentiles {
    var p50: Double, p90: Double, p99: Double, max: Double
    var text: String { String(format: "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", p50, p90, p99, max) }
    var json: String { String(format: "{\"p50\": %.3f, \"p90\": %.3f, \"p99\": %.3f, \"max\": %.3f}", p50, p90, p99, max) }
}

func percentiles(_ values: [Double]) -> Percentiles {
    guard !values.isEmpty else { return Percentiles(p50: .nan, p90: .nan, p99: .nan, max: .nan) }
    let sorted = values.sorted()
    func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)] }
    return Percentiles(p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.last ?? 0)
}
