import Foundation
import Warehouse

/// A Kinesis stream's records read back from its stage: every file the ingest doors wrote there
/// (`ingest-….ndjson`, in name order, which is time order), one record per line. A record's sequence
/// number is made from its file's name and its line, so it is known when the record is acknowledged
/// and the same whenever it is read: "49", the file's time (17 digits), the writer's pid (7), the
/// file's number (10) and the line (8) — 44 digits, ordered as the records were written.
enum KinesisRecords {
    struct Record {
        var sequenceNumber: String
        var data: [UInt8]
        var partitionKey: String
        var arrival: Double
    }

    /// Where reading starts: after (or at) a sequence number; "" is before everything.
    struct Position: Equatable {
        var sequence: String
        var inclusive: Bool

        var iterator: String {
            Data("wh1|\(inclusive ? "at" : "after")|\(sequence)".utf8).base64EncodedString()
        }

        init(sequence: String, inclusive: Bool) {
            self.sequence = sequence
            self.inclusive = inclusive
        }

        init?(iterator: String) {
            guard let data = Data(base64Encoded: iterator), let text = String(data: data, encoding: .utf8) else { return nil }
            let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, parts[0] == "wh1", ["at", "after"].contains(parts[1]), parts[2].allSatisfy(\.isNumber) else { return nil }
            self.init(sequence: parts[2], inclusive: parts[1] == "at")
        }

        func admits(_ sequence: String) -> Bool {
            inclusive ? sequence >= self.sequence : sequence > self.sequence
        }
    }

    static let length = 44

    /// The sequence number of line `line` of stage file `file`, when `file` is one the doors wrote.
    static func sequenceNumber(file: String, line: Int) -> String? {
        guard let prefix = prefix(of: file) else { return nil }
        return prefix + String(format: "%08d", line)
    }

    /// "49" + time + pid + file number of an `ingest-<time>-<pid>-<n>.ndjson` name.
    private static func prefix(of file: String) -> String? {
        guard file.hasPrefix("ingest-"), file.hasSuffix(".ndjson") else { return nil }
        let digits = file.dropFirst("ingest-".count).dropLast(".ndjson".count).filter(\.isNumber)
        guard digits.count == 17 + 7 + 10 else { return nil }
        return "49" + digits
    }

    /// Seconds since 1970 of a sequence number's time.
    static func time(of sequence: String) -> Double? {
        guard sequence.count == length else { return nil }
        let t = Array(sequence.dropFirst(2).prefix(17))
        let text = "\(String(t[0..<4]))-\(String(t[4..<6]))-\(String(t[6..<8])) \(String(t[8..<10])):\(String(t[10..<12])):\(String(t[12..<14])).\(String(t[14..<17]))"
        return CanonicalTimestamp.epochMicroseconds(text).map { Double($0) / 1_000_000 }
    }

    /// The position just before everything written at or after `seconds` since 1970.
    static func position(at seconds: Double) -> Position {
        let stamp = CanonicalTimestamp.format(Date(timeIntervalSince1970: seconds)).filter(\.isNumber).prefix(17)
        return Position(sequence: "49" + stamp + String(repeating: "0", count: length - 19), inclusive: true)
    }

    /// Up to `limit` records from `position` on, and whether the reading reached the newest record.
    static func read(directory: String, from position: Position, limit: Int) throws -> (records: [Record], reachedEnd: Bool) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { prefix(of: $0) != nil }.sorted()
        var records: [Record] = []
        for name in names {
            guard let prefix = prefix(of: name), position.admits(prefix + "99999999") else { continue }
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            let keys = (FileManager.default.contents(atPath: directory + "/." + name + ".keys")).map { keyData in
                String(decoding: keyData, as: UTF8.self).split(separator: "\n").map { line -> String in
                    (try? JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed)) as? String ?? ""
                }
            } ?? []
            let arrival = time(of: prefix + "00000000") ?? 0
            for (index, line) in data.split(separator: 10, omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                let sequence = prefix + String(format: "%08d", index)
                guard position.admits(sequence) else { continue }
                if records.count == limit { return (records, false) }
                records.append(Record(sequenceNumber: sequence, data: Array(line), partitionKey: index < keys.count ? keys[index] : "", arrival: arrival))
            }
        }
        return (records, true)
    }
}
