import Foundation
import Warehouse

/// The dashboard's charts, drawn on the server as SVG: no script, no font and nothing from
/// elsewhere, readable with scripts off and by screen readers (each chart has a title and a
/// description, each bar and point a tooltip).
enum SVGCharts {
    /// A horizontal bar chart with each value written at the end of its bar.
    static func bars(title: String, unit: String, items: [(label: String, value: Double)]) -> String {
        guard !items.isEmpty else { return "<p class=\"empty\">No \(HTML.escape(unit)) yet.</p>" }
        let width = 640.0, labelWidth = 170.0, barHeight = 26.0, gap = 8.0, top = 8.0, bottom = 34.0
        let height = top + Double(items.count) * (barHeight + gap) + bottom
        let maximum = max(items.map(\.value).max() ?? 1, 1)
        let plot = width - labelWidth - 70
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"bars-title bars-desc\">"
        svg += "<title id=\"bars-title\">\(HTML.escape(title))</title>"
        svg += "<desc id=\"bars-desc\">" + HTML.escape(items.map { "\($0.label): \(Format.number($0.value)) \(unit)" }.joined(separator: "; ")) + "</desc>"
        for (index, item) in items.enumerated() {
            let y = top + Double(index) * (barHeight + gap)
            let length = max(2, plot * item.value / maximum)
            svg += "<text class=\"label\" x=\"\(Int(labelWidth - 8))\" y=\"\(Format.svg(y + barHeight * 0.68))\" text-anchor=\"end\">\(HTML.escape(Format.shorten(item.label, to: 22)))</text>"
            svg += "<rect class=\"bar\" x=\"\(Int(labelWidth))\" y=\"\(Format.svg(y))\" width=\"\(Format.svg(length))\" height=\"\(Int(barHeight))\" rx=\"3\">"
            svg += "<title>\(HTML.escape(item.label)): \(Format.number(item.value)) \(HTML.escape(unit))</title></rect>"
            svg += "<text class=\"value\" x=\"\(Format.svg(labelWidth + length + 6))\" y=\"\(Format.svg(y + barHeight * 0.68))\">\(Format.number(item.value))</text>"
        }
        let axisY = top + Double(items.count) * (barHeight + gap)
        svg += "<line class=\"axis\" x1=\"\(Int(labelWidth))\" y1=\"\(Format.svg(axisY))\" x2=\"\(Format.svg(labelWidth + plot))\" y2=\"\(Format.svg(axisY))\"/>"
        svg += "<text class=\"axis-label\" x=\"\(Format.svg(labelWidth + plot / 2))\" y=\"\(Format.svg(axisY + 24))\" text-anchor=\"middle\">\(HTML.escape(unit))</text>"
        return svg + "</svg>"
    }

    /// A line over time, with a mark at each version boundary (each SCD2 version's start) and
    /// labelled axes.
    static func line(title: String, unit: String, points: [(time: Double, value: Double, label: String)]) -> String {
        guard points.count >= 1 else { return "<p class=\"empty\">No readings in this range.</p>" }
        let width = 640.0, height = 220.0, left = 70.0, right = 16.0, top = 12.0, bottom = 46.0
        let times = points.map(\.time), values = points.map(\.value)
        let (t0, t1) = (times.min()!, max(times.max()!, times.min()! + 1))
        let v0 = min(values.min()!, 0)
        let step = niceStep((max(values.max()!, v0 + 1) - v0) / 4)
        let v1 = (max(values.max()!, v0 + 1) / step).rounded(.up) * step
        let x = { (t: Double) in left + (width - left - right) * (t - t0) / (t1 - t0) }
        let y = { (v: Double) in top + (height - top - bottom) * (1 - (v - v0) / (v1 - v0)) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        svg += "<title>\(HTML.escape(title))</title>"
        svg += "<desc>\(points.count) readings from \(HTML.escape(points.first!.label)) to \(HTML.escape(points.last!.label)); "
            + "\(Format.number(values.min()!)) to \(Format.number(values.max()!)) \(HTML.escape(unit))</desc>"
        for value in stride(from: v0, through: v1 + step / 2, by: step) {
            svg += "<line class=\"grid\" x1=\"\(Int(left))\" y1=\"\(Format.svg(y(value)))\" x2=\"\(Int(width - right))\" y2=\"\(Format.svg(y(value)))\"/>"
            svg += "<text class=\"tick\" x=\"\(Int(left - 6))\" y=\"\(Format.svg(y(value) + 4))\" text-anchor=\"end\">\(Format.number(value))</text>"
        }
        for step in 0...3 {
            let t = t0 + (t1 - t0) * Double(step) / 3
            let anchor = step == 0 ? "start" : step == 3 ? "end" : "middle"
            svg += "<text class=\"tick\" x=\"\(Format.svg(x(t)))\" y=\"\(Int(height - bottom + 16))\" text-anchor=\"\(anchor)\">\(Format.clock(t))</text>"
        }
        svg += "<text class=\"axis-label\" x=\"12\" y=\"\(Format.svg((height - bottom) / 2))\" transform=\"rotate(-90 12 \(Format.svg((height - bottom) / 2)))\" text-anchor=\"middle\">\(HTML.escape(unit))</text>"
        svg += "<text class=\"axis-label\" x=\"\(Format.svg((width + left) / 2))\" y=\"\(Int(height - 6))\" text-anchor=\"middle\">time (UTC)</text>"
        let path = points.map { "\(Format.svg(x($0.time))),\(Format.svg(y($0.value)))" }.joined(separator: " ")
        svg += "<polyline class=\"line\" points=\"\(path)\"/>"
        if points.count <= 400 {
            for point in points {
                svg += "<circle class=\"version\" cx=\"\(Format.svg(x(point.time)))\" cy=\"\(Format.svg(y(point.value)))\" r=\"2.5\">"
                svg += "<title>version from \(HTML.escape(point.label)): \(Format.number(point.value)) \(HTML.escape(unit))</title></circle>"
            }
        }
        return svg + "</svg>"
    }
}

/// 1, 2, 2.5 or 5 times a power of ten: the grid step nearest `rough` that reads well.
func niceStep(_ rough: Double) -> Double {
    guard rough > 0, rough.isFinite else { return 1 }
    let power = pow(10, floor(log10(rough)))
    let fraction = rough / power
    return power * (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10)
}

/// HTML text escaping, by Unicode scalar: a browser reads `"` followed by a combining mark as a `"`
/// that ends an attribute, while Swift's Character `"\u{301}` is not `"`.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// Numbers and times for people.
enum Format {
    static func svg(_ value: Double) -> String { String(format: "%.1f", value) }

    /// 1,234 or 12.3 (at most one decimal, thousands grouped).
    static func number(_ value: Double, decimals: Int? = nil) -> String {
        let places = decimals ?? (abs(value - value.rounded()) < 0.05 ? 0 : 1)
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.minimumFractionDigits = places
        formatter.maximumFractionDigits = places
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    /// "3 s ago", "2 min ago", "1 h 5 min ago", "2 d ago".
    static func age(seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s) s ago" }
        if s < 3600 { return "\(s / 60) min ago" }
        if s < 86_400 { return "\(s / 3600) h \(s % 3600 / 60) min ago" }
        return "\(s / 86_400) d ago"
    }

    /// HH:MM:SS of seconds since 1970 (UTC).
    static func clock(_ seconds: Double) -> String {
        String(CanonicalTime.text(seconds).dropFirst(11).prefix(8))
    }

    static func shorten(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}

/// Canonical timestamps as seconds since 1970 and back (the warehouse keeps them as text).
enum CanonicalTime {
    static func seconds(_ text: String) -> Double? {
        CanonicalTimestamp.epochMicroseconds(text).map { Double($0) / 1_000_000 }
    }

    static func text(_ seconds: Double) -> String {
        CanonicalTimestamp.format(Date(timeIntervalSince1970: seconds))
    }
}
