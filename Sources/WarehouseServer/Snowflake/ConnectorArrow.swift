import ArrowIPC
import Foundation
import Warehouse

/// A query result as the Arrow IPC stream Snowflake sends connector 5.x (and 4.x reads): each column
/// with Snowflake's field metadata. FIXED as 64-bit integers scaled by 10^scale, REAL as doubles,
/// text and semi-structured values as UTF-8, DATE as days, TIME and TIMESTAMP_NTZ/LTZ as 64-bit
/// integers scaled by 10^scale. Nil when a column or value has no such form here (TIMESTAMP_TZ, a
/// NUMBER beyond 64 bits): the result then goes as JSON.
enum ConnectorArrow {
    static let powers: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    static func stream(_ result: ResultSet, columns: [WireResult.Column]) -> [UInt8]? {
        var arrow: [ArrowStream.Column] = []
        for (index, column) in columns.enumerated() {
            var metadata: [(String, String)] = [("logicalType", column.type.uppercased()), ("precision", String(column.precision ?? 38)),
                                                ("scale", String(column.scale ?? 0))]
            if let length = column.length { metadata.append(("charLength", String(length))) }
            let kind: ArrowStream.Kind
            switch column.type {
            case "fixed", "time", "timestamp_ntz", "timestamp_ltz", "date": kind = column.type == "date" ? .date32 : .int64
            case "real": kind = .float64
            case "text", "variant", "object", "array": kind = .utf8
            case "boolean": kind = .bool
            case "binary": kind = .binary
            default: return nil
            }
            var values: [ArrowStream.Value?] = []
            values.reserveCapacity(result.rows.count)
            let scale = column.scale ?? 0
            for row in result.rows {
                let value = row[index]
                // The common cases straight from the stored value; the rest through the JSON form.
                switch (column.type, value) {
                case (_, .null): values.append(nil); continue
                case ("fixed", .integer(let i)) where scale == 0: values.append(.int(i)); continue
                case ("real", .real(let d)): values.append(.double(d)); continue
                case ("real", .integer(let i)): values.append(.double(Double(i))); continue
                case ("text", .text(let t)): values.append(.text(t)); continue
                case ("boolean", .integer(let i)): values.append(.bool(i != 0)); continue
                case ("timestamp_ntz", .text(let t)), ("timestamp_ltz", .text(let t)):
                    if scale <= 9, let micros = CanonicalTimestamp.epochMicroseconds(t) {
                        values.append(.int(scale >= 6 ? micros * Self.powers[scale - 6] : micros / Self.powers[6 - scale]))
                        continue
                    }
                default: break
                }
                guard let text = ConnectorRoute.cell(value, column) else { values.append(nil); continue }
                switch kind {
                case .int64, .date32:
                    // The JSON form with its decimal point taken out: the value × 10^scale, exactly.
                    guard let scaled = Int64(text.replacingOccurrences(of: ".", with: "")) else { return nil }
                    values.append(.int(scaled))
                case .float64:
                    let number: Double?
                    switch value {
                    case .real(let d): number = d
                    case .integer(let i): number = Double(i)
                    default: number = Double(text)
                    }
                    guard let number else { return nil }
                    values.append(.double(number))
                case .utf8: values.append(.text(text))
                case .bool: values.append(.bool(text == "1"))
                case .binary:
                    if case .blob(let bytes) = value { values.append(.bytes(bytes)) } else { values.append(.bytes(Array(text.utf8))) }
                }
            }
            arrow.append(ArrowStream.Column(name: column.name, kind: kind, metadata: metadata, values: values))
        }
        return ArrowStream.write(arrow)
    }
}
