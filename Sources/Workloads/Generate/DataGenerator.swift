import Foundation
import Warehouse

/// `wh generate`'s engine: writes files of telemetry readings or click events into a directory (a
/// stage's), each whole or not at all (written aside, then renamed in), named after the clock's time
/// the way the seed's Lambda names its S3 objects. Reproducible: the same seed, clock and calls give
/// the same files.
public struct DataGenerator {
    /// What a file holds.
    public enum Source: String, CaseIterable, Sendable {
        case telemetry, clicks
    }

    /// One file written.
    public struct File: Equatable, Sendable {
        public var path: String
        public var records: Int
        public var bytes: Int
    }

    public var fleet: FleetSimulator
    public var clicks: ClickGenerator
    public var shape: FleetSimulator.Shape
    private let environment: WarehouseEnvironment
    private var sequence = 0

    /// `interval`: the least time between one truck's readings (when the clock has not moved on
    /// that far, readings are dated ahead of it).
    public init(seed: UInt64, trucks: Int, shape: FleetSimulator.Shape, interval: Double = 15, environment: WarehouseEnvironment) {
        fleet = FleetSimulator(trucks: trucks, seed: seed, minimumInterval: interval)
        clicks = ClickGenerator(seed: seed)
        self.shape = shape
        self.environment = environment
    }

    /// Writes one file of `records` lines of `source` into `directory`; the lines' times come from
    /// the clock (each truck's readings at least the fleet's interval apart).
    public mutating func writeFile(_ source: Source, records: Int, into directory: String) throws -> File {
        let now = environment.clock.now()
        var text = ""
        text.reserveCapacity(records * (source == .telemetry ? 900 : 120))
        for _ in 0..<records {
            text += source == .telemetry ? fleet.reading(at: now, shape: shape) : clicks.event(at: now)
            text += "\n"
        }
        sequence += 1
        let stamp = CanonicalTimestamp.format(now).map { $0.isNumber ? $0 : "-" }
        let name = "\(source.rawValue)-\(String(stamp))-\(String(format: "%06d", sequence)).json"
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        let data = Data(text.utf8)
        try environment.fileSystem.createDirectory(at: directory)
        try environment.fileSystem.write(data, to: path)   // atomic: written aside, renamed in
        return File(path: path, records: records, bytes: data.count)
    }
}
