import Foundation

/// A COPY compiled once, whose reading half (`Warehouse.readFiles(of:)`) can then be run many
/// times: for the copy fuzz target, which puts each input through the reader COPY uses — staged
/// file, gzip, JSON or CSV windows, projection and conversion to the columns' types — without a
/// whole statement around it (a statement per input ran 150 inputs a second under AddressSanitizer).
@_spi(Fuzzing) public struct CompiledLoad {
    let compiled: CompiledCopy
}

/// What the reading half made of one staged file.
@_spi(Fuzzing) public struct FileReading: Sendable {
    /// Records the reader counted (COPY's rows_parsed).
    public var rowsParsed = 0
    /// Records made into the INSERT's values, and records that failed with an error of their own.
    public var goodRows = 0
    public var rejectedRows: [RejectedRow] = []
    /// Values handed on, and how many each good record has.
    public var valueCount = 0
    public var width = 0
    /// Why the whole file could not be read (a corrupt gzip stream, say), when it could not.
    public var failure: String?
    /// Bytes read from the file (compressed bytes for gzip), once it was read to its end.
    public var bytesRead: Int64?

    /// A record that failed, with the place and words COPY would report.
    public struct RejectedRow: Sendable {
        public var line: Int, character: Int, rowNumber: Int, byteOffset: Int
        public var message: String, rawText: String
    }
}

extension Warehouse {
    /// Parses and compiles `copy` (a COPY INTO statement) against the catalog as it is now.
    @_spi(Fuzzing) public func compileLoad(_ copy: String) throws -> CompiledLoad {
        var parser = try Parser(copy)
        return CompiledLoad(compiled: try compile(try parser.copyInto()))
    }

    /// Runs the reading half of `load` over the files its COPY names (FILES = (…)) on this thread,
    /// as COPY's reading thread would, and tells what it handed on: nothing is inserted or recorded.
    @_spi(Fuzzing) public func readFiles(of load: CompiledLoad) throws -> [FileReading] {
        let compiled = load.compiled
        let files = try copyFiles(compiled.statement, stage: compiled.stage).0
        // Room for every event: the reader runs before anything is taken.
        let queue = LoadQueue(capacity: .max)
        let reader = LoadReader(files: files, plan: compiled.plan, format: compiled.format, fileSystem: environment.fileSystem,
                                scanTime: .text(CanonicalTimestamp.format(environment.clock.now())), queue: queue)
        reader.run()
        queue.finish()
        var readings = [FileReading](repeating: FileReading(), count: files.count)
        while let event = queue.take() {
            switch event {
            case .batch(let batch):
                readings[batch.file].width = batch.width
                readings[batch.file].valueCount += batch.values.count
                for (k, row) in batch.rows.enumerated() {
                    guard let error = row.error else { readings[batch.file].goodRows += 1; continue }
                    readings[batch.file].rejectedRows.append(.init(line: error.line, character: error.character, rowNumber: error.rowNumber,
                                                                   byteOffset: error.byteOffset, message: error.message, rawText: batch.rawText(k)))
                }
            case .fileDone(let f, let parsed, let bytes, _):
                readings[f].rowsParsed = parsed
                readings[f].bytesRead = bytes
            case .fileFailed(let f, let parsed, let error):
                readings[f].rowsParsed = parsed
                readings[f].failure = error.message
            }
        }
        return readings
    }
}
