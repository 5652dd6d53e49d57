import Foundation
import Warehouse

/// The dashboard as HTML: the whole page (`GET /`) or just its live part (`GET /dashboard/live`),
/// which the page's own small script fetches every second. Everything is rendered here, charts
/// included, so the page works with scripts off and needs nothing from elsewhere.
struct DashboardPage {
    let data: DashboardData
    let options: DashboardOptions

    func page() -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>wh — fleet and clicks</title>
        <noscript><meta http-equiv="refresh" content="10"></noscript>
        <style>\(DashboardAssets.css)</style>
        </head><body>
        <header><h1>Fleet and clicks</h1><p class="freshness" id="freshness">\(freshness())</p></header>
        <main id="live" data-query="\(HTML.escape(options.query()))">\(live())</main>
        <footer>Served by <code>wh serve</code> from the seed's views; the same data as <a href="/v1/trucks">/v1/trucks</a>, <a href="/v1/maintenance">/v1/maintenance</a>, <a href="/v1/products/top">/v1/products/top</a>, <a href="/v1/fuel-efficiency">/v1/fuel-efficiency</a> and <a href="/v1/health">/v1/health</a>.</footer>
        <script>\(DashboardAssets.script)</script>
        </body></html>
        """
    }

    /// The part that updates by itself.
    func live() -> String {
        "<div class=\"grid\" data-as-of=\"\(Int(data.now))\" data-last-load=\"\(data.health.lastLoad.flatMap(CanonicalTime.seconds).map { String(Int($0)) } ?? "")\">"
            + products() + fleet() + maintenance() + truck() + efficiency() + health() + "</div>"
    }

    private func freshness() -> String {
        guard let last = data.health.lastLoad.flatMap(CanonicalTime.seconds) else { return "No data has been loaded yet." }
        return "Newest data loaded <span class=\"age\">\(Format.age(seconds: data.now - last))</span> · updates every second"
    }

    private func section(_ id: String, _ title: String, _ body: String) -> String {
        "<section id=\"\(id)\" aria-labelledby=\"\(id)-title\"><h2 id=\"\(id)-title\">\(title)</h2>\(body)</section>"
    }

    private func link(_ label: String, _ changes: [String: String?], current: Bool = false, anchor: String = "") -> String {
        "<a href=\"/\(HTML.escape(options.query(changes)))\(anchor)\"\(current ? " aria-current=\"true\" class=\"current\"" : "")>\(HTML.escape(label))</a>"
    }

    // 1. Most-clicked products.
    private func products() -> String {
        let windows = [("hour", "Last hour"), ("day", "Last day"), ("all", "All time")]
        let choice = "<nav class=\"choice\" aria-label=\"Click window\">" + windows.map { link($0.1, ["window": $0.0], current: options.window == $0.0, anchor: "#products") }.joined() + "</nav>"
        let items = data.products.rows.map { (label: $0[1].displayText ?? $0[0].displayText ?? "", value: Double($0[2].displayText ?? "0") ?? 0) }
        return section("products", "Most-clicked products", choice + SVGCharts.bars(title: "Clicks per product, \(windows.first { $0.0 == options.window }!.1.lowercased())", unit: "clicks", items: items))
    }

    // 2. The fleet now.
    private func fleet() -> String {
        let columns = data.fleet.columns.map(\.name)
        func value(_ row: [SQLValue], _ name: String) -> SQLValue { columns.firstIndex(of: name).map { row[$0] } ?? .null }
        let reasons = Dictionary(data.maintenance.map { ($0.truck, $0.reasons) }, uniquingKeysWith: { a, _ in a })
        struct Row { var truck: String; var reading: Double; var speed: Double?; var fuel: Double?; var odometer: Double?; var lat: Double?; var lon: Double?; var status: String }
        var rows = data.fleet.rows.map { row -> Row in
            let truck = value(row, "TRUCK_ID").displayText ?? ""
            let reading = CanonicalTime.seconds(value(row, "LAST_READING").displayText ?? "") ?? 0
            let status = data.now - reading > options.silentAfter ? "silent" : (reasons[truck] != nil ? "needs maintenance" : "ok")
            return Row(truck: truck, reading: reading, speed: value(row, "VEHICLE_SPEED").number, fuel: value(row, "FUEL_LEVEL").number,
                       odometer: value(row, "ODOMETER_READING").number, lat: value(row, "GPS_LATITUDE").number, lon: value(row, "GPS_LONGITUDE").number,
                       status: status)
        }
        let order: (Row, Row) -> Bool
        switch options.sort {
        case "reading": order = { $0.reading < $1.reading }
        case "speed": order = { ($0.speed ?? -1) < ($1.speed ?? -1) }
        case "fuel": order = { ($0.fuel ?? -1) < ($1.fuel ?? -1) }
        case "odometer": order = { ($0.odometer ?? -1) < ($1.odometer ?? -1) }
        case "status": order = { $0.status < $1.status }
        default: order = { $0.truck < $1.truck }
        }
        rows.sort { a, b in options.descending ? order(b, a) : order(a, b) }
        guard !rows.isEmpty else { return section("fleet", "The fleet now", "<p class=\"empty\">No truck has reported yet.</p>") }
        let headers = [("truck", "Truck"), ("reading", "Last reading"), ("speed", "Speed"), ("fuel", "Fuel"), ("odometer", "Odometer"), ("", "Position"), ("status", "Status")]
        var html = "<div class=\"scroll\"><table><thead><tr>"
        for (key, label) in headers {
            guard !key.isEmpty else { html += "<th scope=\"col\">\(label)</th>"; continue }
            let current = options.sort == key
            let sort = current ? (options.descending ? "descending" : "ascending") : "none"
            html += "<th scope=\"col\" aria-sort=\"\(sort)\">" + link(label + (current ? (options.descending ? " ▼" : " ▲") : ""),
                                                                         ["sort": key, "dir": current && !options.descending ? "desc" : nil], anchor: "#fleet") + "</th>"
        }
        html += "</tr></thead><tbody>"
        for row in rows {
            let badge = row.status.replacingOccurrences(of: " ", with: "-")
            html += "<tr><th scope=\"row\">" + link(row.truck, ["truck": row.truck], current: data.truck == row.truck, anchor: "#truck") + "</th>"
            html += "<td><time datetime=\"\(HTML.escape(CanonicalTime.text(row.reading)))\">\(Format.clock(row.reading))</time> <span class=\"muted\">\(Format.age(seconds: data.now - row.reading))</span></td>"
            html += "<td class=\"num\">\(row.speed.map { Format.number($0) + " km/h" } ?? "—")</td>"
            html += "<td class=\"num\">\(row.fuel.map { Format.number($0) + " %" } ?? "—")</td>"
            html += "<td class=\"num\">\(row.odometer.map { Format.number($0, decimals: 0) + " km" } ?? "—")</td>"
            html += "<td class=\"num\">\(row.lat.map { String(format: "%.4f", $0) } ?? "—"), \(row.lon.map { String(format: "%.4f", $0) } ?? "—")</td>"
            html += "<td><span class=\"badge \(badge)\">\(row.status)</span></td></tr>"
        }
        html += "</tbody></table></div><p class=\"note\">Silent: no reading for more than \(Format.number(options.silentAfter)) s. Choose a truck to see its history.</p>"
        return section("fleet", "The fleet now", html)
    }

    // 3. Maintenance.
    private func maintenance() -> String {
        guard !data.maintenance.isEmpty else { return section("maintenance", "Maintenance", "<p class=\"empty\">No truck needs maintenance.</p>") }
        let items = data.maintenance.map { truck in
            "<li><span class=\"truck\">" + link(truck.truck, ["truck": truck.truck], anchor: "#truck") + "</span> <ul class=\"reasons\">"
                + truck.reasons.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></li>"
        }
        return section("maintenance", "Maintenance — most reasons first", "<ul class=\"maintenance\">" + items.joined() + "</ul>")
    }

    // 4. One truck.
    private func truck() -> String {
        guard let truck = data.truck, let history = data.truckHistory else {
            return section("truck", "One truck", "<p class=\"empty\">No truck to show yet.</p>")
        }
        let columns = history.columns.map(\.name)
        let rows = history.rows.reversed()
        func series(_ name: String) -> [(time: Double, value: Double, label: String)] {
            guard let start = columns.firstIndex(of: "EFFECTIVE_START_DATE"), let column = columns.firstIndex(of: name) else { return [] }
            return rows.compactMap { row in
                guard let text = row[start].displayText, let time = CanonicalTime.seconds(text), let value = row[column].number else { return nil }
                return (time, value, String(text.prefix(19)))
            }
        }
        let ranges = "<nav class=\"choice\" aria-label=\"Time range\">" + DashboardOptions.ranges.map { link($0.label, ["range": $0.key], current: options.range == $0.key, anchor: "#truck") }.joined() + "</nav>"
        let capped = history.rows.count >= 1999 ? "<p class=\"note\">Showing the newest 1,999 versions of this range.</p>" : ""
        var events = "<h3>Maintenance history</h3>"
        if data.truckMaintenance.isEmpty {
            events += "<p class=\"empty\">No fault in this range.</p>"
        } else {
            events += "<ul class=\"events\">" + data.truckMaintenance.map { event in
                "<li><time>\(HTML.escape(String(event.time.prefix(19))))</time> " + event.reasons.map(HTML.escape).joined(separator: "; ") + "</li>"
            }.joined() + "</ul>"
        }
        let one = history.rows.count == 1 ? "<p class=\"note\">One reading so far: the lines will grow as readings arrive.</p>" : ""
        return section("truck", "Truck \(HTML.escape(truck)) — each dot starts a version", ranges + one
            + "<h3>Speed</h3>" + SVGCharts.line(title: "Speed of \(truck)", unit: "km/h", points: series("VEHICLE_SPEED"))
            + "<h3>Fuel level</h3>" + SVGCharts.line(title: "Fuel level of \(truck)", unit: "%", points: series("FUEL_LEVEL")) + capped + events)
    }

    // 5. Fuel efficiency.
    private func efficiency() -> String {
        guard !data.efficiency.rows.isEmpty else { return section("efficiency", "Fuel efficiency", "<p class=\"empty\">Needs two readings of a truck.</p>") }
        let columns = data.efficiency.columns.map(\.name)
        func cell(_ row: [SQLValue], _ name: String, _ unit: String) -> String {
            guard let index = columns.firstIndex(of: name), let value = row[index].number else { return "<td class=\"num\">—</td>" }
            return "<td class=\"num\">\(Format.number(value, decimals: name == "READINGS" ? 0 : (name == "KM_PER_LITRE" ? 2 : 1)))\(unit)</td>"
        }
        var html = "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Truck</th><th scope=\"col\">Readings</th><th scope=\"col\">Distance</th>"
            + "<th scope=\"col\">Fuel used</th><th scope=\"col\">km per litre</th><th scope=\"col\">Litres per 100 km</th></tr></thead><tbody>"
        for row in data.efficiency.rows {
            html += "<tr><th scope=\"row\">\(HTML.escape(row[0].displayText ?? ""))</th>" + cell(row, "READINGS", "") + cell(row, "DISTANCE_KM", " km")
                + cell(row, "FUEL_USED_LITRES", " L") + cell(row, "KM_PER_LITRE", "") + cell(row, "LITRES_PER_100_KM", "") + "</tr>"
        }
        return section("efficiency", "Fuel efficiency", html + "</tbody></table></div><p class=\"note\">From odometer and fuel-level changes between readings (a 400-litre tank; refills use no fuel).</p>")
    }

    // 6. Pipeline health.
    private func health() -> String {
        var html = "<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Pipe</th><th scope=\"col\">State</th><th scope=\"col\">Files pending</th>"
            + "<th scope=\"col\">Last load</th><th scope=\"col\">Files, last hour</th><th scope=\"col\">Rejected records, last hour</th></tr></thead><tbody>"
        for pipe in data.health.pipes {
            let state = pipe.status.executionState
            let last = pipe.status.lastIngestedTimestamp.flatMap { CanonicalTime.seconds($0.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")) }
            html += "<tr><th scope=\"row\">\(HTML.escape(pipe.status.name))</th><td><span class=\"badge \(state == "RUNNING" ? "ok" : "silent")\">\(HTML.escape(state))</span></td>"
                + "<td class=\"num\">\(pipe.status.pendingFileCount)</td><td>\(last.map { Format.age(seconds: data.now - $0) } ?? "never")</td>"
                + "<td class=\"num\">\(pipe.filesLastHour)</td><td class=\"num\">\(pipe.rejectedLastHour)</td></tr>"
        }
        html += "</tbody></table></div>"
        let errors = data.health.pipes.flatMap { pipe in pipe.recentErrors.rows.prefix(3).map { (pipe.status.name, $0) } }
        if !errors.isEmpty {
            html += "<h3>Latest load errors</h3><ul class=\"events\">" + errors.map { pipe, row in
                "<li><strong>\(HTML.escape(pipe))</strong> \(HTML.escape(row[0].displayText ?? "")): \(HTML.escape(row[3].displayText ?? ""))</li>"
            }.joined() + "</ul>"
        }
        if let problem = data.health.pipes.first(where: { $0.status.error != nil })?.status {
            html += "<p class=\"alert\" role=\"alert\">\(HTML.escape(problem.name)): \(HTML.escape(problem.error ?? ""))</p>"
        }
        let failures = data.health.taskFailuresLastHour.sorted { $0.key < $1.key }
        html += failures.isEmpty ? "<p>No task failed in the last hour.</p>"
            : "<p class=\"alert\" role=\"alert\">Task failures in the last hour: " + failures.map { "\(HTML.escape($0.key)) \($0.value)" }.joined(separator: ", ") + "</p>"
        return section("health", "Pipeline health", html)
    }
}

extension SQLValue {
    /// The value as a number, when it is one.
    var number: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let t): return Double(t)
        default: return nil
        }
    }
}
