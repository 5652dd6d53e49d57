@preconcurrency import Glibc
import Foundation
import Warehouse

/// Records posted for each stage, buffered as Firehose buffers them: a stage's buffer becomes a file
/// when it reaches `bytes` or when its oldest record is `age` old. The file is written beside its
/// final name as a hidden `.tmp` (which pipes never read), fsync'd, renamed into the stage and the
/// directory fsync'd, so a pipe sees it whole, once, and it survives a crash from then on. Each
/// request's records go into one file, and its `append` returns only once that file is durable.
actor StageBuffers {
    struct Options: Sendable {
        var bytes: Int
        var age: Duration
    }

    private struct Buffer {
        var data: [UInt8] = []
        var records = 0
        /// Each record's Kinesis partition key ("" for records posted without one), one per line.
        var keys: [String] = []
        var waiters: [CheckedContinuation<String, Error>] = []
        var generation = 0
    }

    /// Where a request's records went: the stage file, and the line of its first record (0-based).
    struct Placement: Sendable {
        var file: String
        var firstLine: Int
    }

    private let options: Options
    private let metrics: ServerMetrics
    private var buffers: [String: Buffer] = [:]   // by stage directory
    private var sequence = 0

    init(options: Options, metrics: ServerMetrics) {
        self.options = options
        self.metrics = metrics
    }

    /// Adds one request's records (NDJSON lines) to the stage's buffer; returns the name of the
    /// file that holds them once it is durable in `directory`.
    func append(_ lines: [ArraySlice<UInt8>], directory: String) async throws -> String {
        try await place(lines, keys: nil, directory: directory).file
    }

    /// As `append`, with each record's partition key kept beside the file (for Kinesis GetRecords),
    /// and the first record's line in the file.
    func place(_ lines: [ArraySlice<UInt8>], keys: [String]?, directory: String) async throws -> Placement {
        var firstLine = 0
        let file: String = try await withCheckedThrowingContinuation { continuation in
            var buffer = buffers[directory] ?? Buffer()
            let wasEmpty = buffer.records == 0
            firstLine = buffer.records
            for line in lines {
                buffer.data.append(contentsOf: line)
                buffer.data.append(10)
            }
            buffer.keys += keys ?? Array(repeating: "", count: lines.count)
            buffer.records += lines.count
            buffer.waiters.append(continuation)
            buffers[directory] = buffer
            if buffer.data.count >= options.bytes {
                flush(directory)
            } else if wasEmpty {
                let generation = buffer.generation, age = options.age
                Task { [weak self] in
                    try? await Task.sleep(for: age)
                    await self?.flush(directory, generation: generation)
                }
            }
        }
        return Placement(file: file, firstLine: firstLine)
    }

    /// Writes every buffer out now (at shutdown).
    func flushAll() {
        for directory in buffers.keys { flush(directory) }
    }

    private func flush(_ directory: String, generation: Int) {
        guard buffers[directory]?.generation == generation else { return }   // flushed by size meanwhile
        flush(directory)
    }

    private func flush(_ directory: String) {
        guard var buffer = buffers[directory], buffer.records > 0 else { return }
        let taken = buffer
        buffer = Buffer()
        buffer.generation = taken.generation + 1
        buffers[directory] = buffer
        sequence += 1
        let name = Self.fileName(sequence: sequence)
        do {
            if taken.keys.contains(where: { !$0.isEmpty }) {
                // The partition keys first, hidden (pipes never read them): once the stage file is
                // renamed in, its keys are already durable beside it.
                let keys = taken.keys.map { JSONString.quoted($0) }.joined(separator: "\n") + "\n"
                try DurableFile.write(Array(keys.utf8), to: directory + "/." + name + ".keys")
            }
            try DurableFile.write(taken.data, to: directory + "/" + name)
            metrics.flushed(records: taken.records, bytes: taken.data.count)
            for waiter in taken.waiters { waiter.resume(returning: name) }
        } catch {
            metrics.flushFailed()
            for waiter in taken.waiters { waiter.resume(throwing: error) }
        }
    }

    /// `ingest-20250317T153554.597Z-<pid, 7 digits>-<n, 10 digits>.ndjson`: sorts by time, unique
    /// within the process and across processes; Kinesis sequence numbers are made from it.
    private static func fileName(sequence: Int) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var time = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &time)
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02d.%03dZ", time.tm_year + 1900, time.tm_mon + 1, time.tm_mday,
                           time.tm_hour, time.tm_min, time.tm_sec, now.tv_nsec / 1_000_000)
        return "ingest-\(stamp)-" + String(format: "%07d-%010d", getpid(), sequence) + ".ndjson"
    }
}

/// A stage file could not be written.
struct StagingError: Error, CustomStringConvertible {
    let path: String
    let call: String
    let reason: String

    init(path: String, call: String) {
        self.path = path
        self.call = call
        self.reason = String(cString: strerror(errno))
    }

    var description: String { "cannot write stage file '\(path)' (\(call): \(reason))" }
}
