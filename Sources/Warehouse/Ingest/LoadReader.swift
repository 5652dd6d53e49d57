import Foundation
import SQLite

/// A staged file chosen for a load.
struct LoadFile: Sendable {
    var path: String
    /// The path below the stage, as METADATA$FILENAME gives it.
    var relativePath: String
    /// How COPY's result and the history name it.
    var displayName: String
    var size: Int64
    var modified: Date
}

/// The JSON options of a load's file format.
struct JSONLoadFormat: Sendable {
    var compression = StagedFileReader.Compression.auto
    var stripOuterArray = false
    var stripNullValues = false
    var allowDuplicate = false
    var replaceInvalidCharacters = false
    var skipByteOrderMark = true

    init(_ options: FileFormatOptions) throws {
        func flag(_ name: String, default value: Bool) throws -> Bool {
            guard let text = options[name]?.uppercased() else { return value }
            guard text == "TRUE" || text == "FALSE" else { throw FileFormatError.badValue(name, text, expected: "TRUE or FALSE") }
            return text == "TRUE"
        }
        switch options["COMPRESSION"]?.uppercased() ?? "AUTO" {
        case "AUTO": compression = .auto
        case "GZIP": compression = .gzip
        case "NONE": compression = .none
        case let other: throw FileFormatError.badValue("COMPRESSION", other, expected: "AUTO, GZIP or NONE")
        }
        stripOuterArray = try flag("STRIP_OUTER_ARRAY", default: false)
        stripNullValues = try flag("STRIP_NULL_VALUES", default: false)
        allowDuplicate = try flag("ALLOW_DUPLICATE", default: false)
        replaceInvalidCharacters = try flag("REPLACE_INVALID_CHARACTERS", default: false) || flag("IGNORE_UTF8_ERRORS", default: false)
        skipByteOrderMark = try flag("SKIP_BYTE_ORDER_MARK", default: true)
        // Options JSON shares with CSV that wh does not apply to JSON: refused, not ignored.
        if options.values["NULL_IF"] != nil { throw FileFormatError.badValue("NULL_IF", "(…)", expected: "no NULL_IF for JSON in wh (a JSON null is already NULL)") }
        if try flag("TRIM_SPACE", default: false) { throw FileFormatError.badValue("TRIM_SPACE", "TRUE", expected: "FALSE for JSON in wh (trim in a transformation with TRIM)") }
        for name in ["DATE_FORMAT", "TIME_FORMAT", "TIMESTAMP_FORMAT"] {
            if let format = options[name], format.uppercased() != "AUTO" {
                throw FileFormatError.badValue(name, format, expected: "AUTO (convert other forms in a transformation with TO_DATE/TO_TIMESTAMP)")
            }
        }
    }
}

/// How a load reads its files: JSON documents or CSV records.
enum LoadFormat: Sendable {
    case json(JSONLoadFormat)
    case csv(CSVFormat)

    init(_ options: FileFormatOptions) throws {
        switch options.type {
        case "CSV": self = .csv(try CSVFormat(options))
        default: self = .json(try JSONLoadFormat(options))
        }
    }

    var compression: StagedFileReader.Compression {
        switch self {
        case .json(let f): f.compression
        case .csv(let f): f.compression
        }
    }
}

/// The reading half of a load, run on its own thread: reads each file in pieces, cuts it into
/// records, projects and converts each record's values, and hands batches to the loader. Parsing
/// thus runs beside SQLite's inserts instead of before them.
final class LoadReader: @unchecked Sendable {
    let files: [LoadFile]
    let plan: LoadPlan
    let format: LoadFormat
    let fileSystem: any FileSystem
    let scanTime: Value
    let queue: LoadQueue
    let batchRows = 512

    init(files: [LoadFile], plan: LoadPlan, format: LoadFormat, fileSystem: any FileSystem, scanTime: Value, queue: LoadQueue) {
        self.files = files
        self.plan = plan
        self.format = format
        self.fileSystem = fileSystem
        self.scanTime = scanTime
        self.queue = queue
    }

    /// Starts the reading thread.
    func start() {
        let thread = Thread { [self] in
            self.run()
            self.queue.finish()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    func run() {
        switch format {
        case .json(let json):
            let scanner = JSONScanner(paths: JSONPathSet(plan.paths, foldsCase: plan.foldsCase),
                                      options: JSONScanOptions(allowDuplicateKeys: json.allowDuplicate,
                                                               replaceInvalidUTF8: json.replaceInvalidCharacters))
            var slots = [JSONSlice?](repeating: nil, count: plan.paths.count)
            for index in files.indices {
                if queue.isCancelled { return }
                read(index) { reader, context, batch, rowsParsed in
                    try self.readJSON(reader, json, scanner: scanner, slots: &slots, context: context, batch: &batch, rowsParsed: &rowsParsed, file: index)
                }
            }
        case .csv(let csv):
            for index in files.indices {
                if queue.isCancelled { return }
                read(index) { reader, context, batch, rowsParsed in
                    try self.readCSV(reader, csv, context: context, batch: &batch, rowsParsed: &rowsParsed, file: index)
                }
            }
        }
    }

    /// Reads file `index` with `records`, which cuts the records and adds them to the batch (handed
    /// on whenever full): the file's events, whatever happens.
    private func read(_ index: Int, records: (StagedFileReader, RecordContext, inout RowBatch, inout Int) throws -> Void) {
        let file = files[index]
        var rowsParsed = 0
        do {
            var contentKey: Value = .null
            if plan.parameters.contains(.metadata(.fileContentKey)) {
                // METADATA$FILE_CONTENT_KEY is wanted on every row: hash the file before reading it.
                let hasher = StagedFileReader(source: try fileSystem.openForReading(file.path), compression: .none)
                let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
                defer { scratch.deallocate() }
                while try hasher.read(into: scratch) > 0 {}
                contentKey = .text(hasher.contentHash)
            }
            let reader = StagedFileReader(source: try fileSystem.openForReading(file.path), compression: format.compression)
            var stripNullValues = false
            if case .json(let json) = format { stripNullValues = json.stripNullValues }
            let context = RecordContext(file: file, plan: plan, scanTime: scanTime, contentKey: contentKey, stripNullValues: stripNullValues)
            var batch = RowBatch(file: index, width: plan.parameters.count)
            try records(reader, context, &batch, &rowsParsed)
            if queue.isCancelled { return }
            if !batch.rows.isEmpty { queue.put(.batch(batch)) }
            if queue.isAbandoned(index) {
                queue.put(.fileDone(file: index, rowsParsed: rowsParsed, bytes: file.size, hash: ""))
            } else {
                queue.put(.fileDone(file: index, rowsParsed: rowsParsed, bytes: reader.bytesRead, hash: reader.contentHash))
            }
        } catch {
            let message = (error as? WarehouseError)?.message ?? "\(error)"
            queue.put(.fileFailed(file: index, rowsParsed: rowsParsed,
                                  error: RecordError(message: message, line: 0, character: 0, byteOffset: 0, category: "parsing", code: 100069,
                                                     sqlState: "22P02", columnName: nil, rowNumber: rowsParsed, rowStartLine: 0)))
        }
    }

    /// Hands the batch on when it is full; false when the load was cancelled or the file abandoned.
    private func flush(_ batch: inout RowBatch, file index: Int) -> Bool {
        if queue.isCancelled || queue.isAbandoned(index) { return false }
        if batch.rows.count >= batchRows {
            queue.put(.batch(batch))
            batch = RowBatch(file: index, width: plan.parameters.count)
        }
        return true
    }

    private func readJSON(_ reader: StagedFileReader, _ json: JSONLoadFormat, scanner: JSONScanner, slots: inout [JSONSlice?],
                          context: RecordContext, batch: inout RowBatch, rowsParsed: inout Int, file index: Int) throws {
        let window = RecordWindow(reader: reader, scanner: scanner, stripOuterArray: json.stripOuterArray,
                                  skipByteOrderMark: json.skipByteOrderMark)
        while flush(&batch, file: index) {
            do {
                guard let record = try window.next(into: &slots) else { break }
                rowsParsed += 1
                context.add(record, slots: slots, bytes: window.bytes, base: window.base, scanner: scanner, to: batch)
            } catch let error as JSONRecordError {
                rowsParsed += 1
                batch.raw.append(contentsOf: window.bytes[error.start..<max(error.start, min(error.end, window.bytes.count))])
                batch.rows.append(RowBatch.Row(rowNumber: error.rowNumber, line: error.line, byteOffset: error.byteOffset,
                                               rawEnd: batch.raw.count, error: .parsing(error)))
            }
        }
    }

    private func readCSV(_ reader: StagedFileReader, _ csv: CSVFormat, context: RecordContext, batch: inout RowBatch,
                         rowsParsed: inout Int, file index: Int) throws {
        let window = CSVWindow(reader: reader, format: csv)
        var slots = [JSONSlice?](repeating: nil, count: plan.paths.count)
        let fieldOfSlot = plan.paths.map { path -> Int in if case .index(let n)? = path.first { return n } else { return Int.max } }
        while flush(&batch, file: index) {
            do {
                guard let record = try window.next() else { break }
                rowsParsed += 1
                for (slot, field) in fieldOfSlot.enumerated() { slots[slot] = field < record.fields.count ? record.fields[field] : nil }
                context.add(record, slots: slots, window: window, mismatch: csv.errorOnColumnCountMismatch ? plan.csvFieldCount : nil, to: batch)
            } catch let error as CSVRecordError {
                rowsParsed += 1
                batch.raw.append(contentsOf: window.bytes[error.start..<max(error.start, min(error.end, window.bytes.count))])
                batch.rows.append(RowBatch.Row(rowNumber: error.rowNumber, line: error.line, byteOffset: error.byteOffset, rawEnd: batch.raw.count,
                                               error: RecordError(message: "Error parsing CSV: \(error.reason)", line: error.line,
                                                                  character: error.character, byteOffset: error.byteOffset, category: "parsing",
                                                                  code: 100065, sqlState: "22000", columnName: nil, rowNumber: error.rowNumber,
                                                                  rowStartLine: error.line)))
            }
        }
    }
}

/// Turns one scanned record into the INSERT's parameter values (or its error) in a batch.
final class RecordContext {
    let file: LoadFile
    let plan: LoadPlan
    let metadata: [MetadataColumn: Value]
    let stripNullValues: Bool

    init(file: LoadFile, plan: LoadPlan, scanTime: Value, contentKey: Value, stripNullValues: Bool) {
        self.file = file
        self.plan = plan
        self.stripNullValues = stripNullValues
        metadata = [.filename: .text(file.relativePath), .fileLastModified: .text(CanonicalTimestamp.format(file.modified)),
                    .startScanTime: scanTime, .fileContentKey: contentKey]
    }

    /// `base`: the file offset of the window's first byte.
    func add(_ record: JSONRecord, slots: [JSONSlice?], bytes: UnsafeBufferPointer<UInt8>, base: Int, scanner: JSONScanner, to batch: RowBatch) {
        add(Place(line: record.line, rowNumber: record.rowNumber, start: record.start, end: record.end, byteOffset: base + record.start),
            slots: slots, values: bytes, raw: bytes,
            place: { position in let (line, character) = record.place(of: position, in: bytes); return (line, character, base + position) },
            document: { self.documentText(record, bytes: bytes, scanner: scanner) }, to: batch)
    }

    /// A CSV record: its fields are the slots' values; `mismatch` is the field count the load
    /// expects, when a record with another count is an error.
    func add(_ record: CSVRecord, slots: [JSONSlice?], window: CSVWindow, mismatch: Int?, to batch: RowBatch) {
        let raw = window.bytes
        let place = Place(line: record.line, rowNumber: record.rowNumber, start: record.start, end: record.end, byteOffset: window.base + record.start)
        if let expected = mismatch, record.fields.count != expected {
            batch.raw.append(contentsOf: UnsafeBufferPointer(rebasing: raw[record.start..<record.end]))
            let error = RecordError(message: "Number of columns in file (\(record.fields.count)) does not match that of the corresponding table (\(expected)), "
                                    + "use file format option error_on_column_count_mismatch=false to ignore this error",
                                    line: record.line, character: 1, byteOffset: place.byteOffset, category: "parsing", code: 100080,
                                    sqlState: "22000", columnName: nil, rowNumber: record.rowNumber, rowStartLine: record.line)
            batch.rows.append(RowBatch.Row(rowNumber: record.rowNumber, line: record.line, byteOffset: place.byteOffset, rawEnd: batch.raw.count, error: error))
            return
        }
        window.fieldBytes.withUnsafeBufferPointer { values in
            add(place, slots: slots, values: values, raw: raw, fieldsAreText: true, place: { position in
                // A value's position is in the decoded fields: the place is its field's in the file.
                // (A number read inside a field starts after the field's quote.)
                let field = record.fields.lastIndex { ($0?.start ?? .max) <= position } ?? 0
                let fieldStart = record.fieldStarts.isEmpty ? record.start : record.fieldStarts[field]
                return (record.line, characters(raw, from: record.start, to: fieldStart) + 1, window.base + fieldStart)
            }, document: {
                // A stage query's record: the fields as a JSON array of strings (null for SQL NULL).
                "[" + record.fields.map { field in
                    field.map { JSONString.quoted(SliceConversion.string($0, values)) } ?? "null"
                }.joined(separator: ",") + "]"
            }, to: batch)
        }
    }

    /// Where a record is: its line, number, its text in the raw bytes, and its offset in the file.
    struct Place {
        var line: Int
        var rowNumber: Int
        var start: Int
        var end: Int
        var byteOffset: Int
    }

    /// `fieldsAreText`: the slots are CSV fields, whose text a VARIANT column reads as JSON.
    private func add(_ record: Place, slots: [JSONSlice?], values bytes: UnsafeBufferPointer<UInt8>, raw: UnsafeBufferPointer<UInt8>,
                     fieldsAreText: Bool = false, place: (Int) -> (line: Int, character: Int, byteOffset: Int), document makeDocument: () -> String, to batch: RowBatch) {
        let start = batch.values.count
        var failure: RecordError?
        var document: Value?
        var anyMatched = plan.matchByName == nil
        for parameter in plan.parameters {
            let value: Value
            switch parameter {
            case .converted(let slot, let cast, let isTry, let column):
                let target = plan.columns[column]
                guard let slice = slots[slot] else { value = .null; break }
                if fieldsAreText, cast == nil, let kind = target.type?.kind, kind == .variant || kind == .object || kind == .array {
                    value = .text(SliceConversion.string(slice, bytes))   // parsed as JSON by the INSERT's json(?)
                    break
                }
                do {
                    value = try SliceConversion.converted(slice, bytes, to: target.type, cast: cast, isTry: isTry)
                } catch {
                    failure = failure ?? conversionError(error, record: record, column: column, place: place)
                    value = .null
                }
            case .firstOf(let slotList, let cast, let isTry, let column):
                guard let slot = slotList.first(where: { slots[$0] != nil }), let slice = slots[slot] else { value = .null; break }
                do {
                    value = try SliceConversion.converted(slice, bytes, to: plan.columns[column].type, cast: cast, isTry: isTry)
                } catch {
                    failure = failure ?? conversionError(error, record: record, column: column, place: place)
                    value = .null
                }
            case .candidates(let slotList, let paths, let column):
                let found = slotList.indices.filter { slots[slotList[$0]] != nil }
                guard let first = found.first else { value = .null; break }
                anyMatched = true
                if found.count > 1 {
                    let names = found.map { "'\(paths[$0])'" }.joined(separator: " and ")
                    failure = failure ?? RecordError(message: "both \(names) are in the record: which one fills column \(plan.columns[column].name) is ambiguous",
                                                     line: record.line, character: 1, byteOffset: record.byteOffset, category: "conversion",
                                                     code: 100183, sqlState: "22000", columnName: columnName(column),
                                                     rowNumber: record.rowNumber, rowStartLine: record.line)
                }
                do {
                    value = try SliceConversion.converted(slots[slotList[first]]!, bytes, to: plan.columns[column].type, cast: nil, isTry: false)
                } catch {
                    failure = failure ?? conversionError(error, record: record, column: column, place: place)
                    value = .null
                }
            case .sqlValue(let slot): value = slots[slot].map { SliceConversion.sqlValue($0, bytes) } ?? .null
            case .json(let slot): value = slots[slot].map { SliceConversion.json($0, bytes) } ?? .null
            case .document:
                if document == nil { document = .text(makeDocument()) }
                value = document!
            case .metadata(.fileRowNumber): value = .integer(Int64(record.rowNumber))
            case .metadata(let column): value = metadata[column] ?? .null
            }
            batch.values.append(value)
        }
        if failure == nil, !anyMatched {
            failure = RecordError(message: "no key of the record matches a column of table \(plan.table) (MATCH_BY_COLUMN_NAME = \(plan.matchByName!.caseSensitive ? "CASE_SENSITIVE" : "CASE_INSENSITIVE"))",
                                  line: record.line, character: 1, byteOffset: record.byteOffset, category: "conversion", code: 100184,
                                  sqlState: "22000", columnName: nil, rowNumber: record.rowNumber, rowStartLine: record.line)
        }
        if failure == nil { failure = notNullViolation(batch.values[start...], record: record) }
        if failure != nil { batch.values.removeSubrange(start...) }
        batch.raw.append(contentsOf: UnsafeBufferPointer(rebasing: raw[record.start..<record.end]))
        batch.rows.append(RowBatch.Row(rowNumber: record.rowNumber, line: record.line, byteOffset: record.byteOffset,
                                       rawEnd: batch.raw.count, error: failure))
    }

    /// A NULL bound straight into a NOT NULL column, named before SQLite refuses the row.
    private func notNullViolation(_ values: ArraySlice<Value>, record: Place) -> RecordError? {
        for (offset, parameter) in plan.parameters.enumerated() {
            let column: Int
            switch parameter {
            case .converted(_, _, _, let c), .candidates(_, _, let c), .firstOf(_, _, _, let c): column = c
            default: continue
            }
            guard plan.columns[column].notNull, values[values.startIndex + offset].isNull,
                  plan.values[column] == LoadPlan.placeholder(offset + 1, for: plan.columns[column]) else { continue }
            return RecordError(message: "NULL result in a non-nullable column", line: record.line, character: 1, byteOffset: record.byteOffset,
                               category: "conversion", code: 100088, sqlState: "22000", columnName: columnName(column),
                               rowNumber: record.rowNumber, rowStartLine: record.line)
        }
        return nil
    }

    func columnName(_ column: Int) -> String {
        "\"\(plan.table)\"[\"\(plan.columns[column].name)\":\(plan.columns[column].ordinal)]"
    }

    private func conversionError(_ error: ConversionFailure, record: Place, column: Int,
                                 place: (Int) -> (line: Int, character: Int, byteOffset: Int)) -> RecordError {
        let (line, character, byteOffset) = place(error.position)
        return RecordError(message: error.message, line: line, character: character, byteOffset: byteOffset, category: "conversion",
                           code: 100038, sqlState: "22018", columnName: columnName(column), rowNumber: record.rowNumber,
                           rowStartLine: record.line)
    }

    /// The record as the VARIANT `$1` holds it: duplicate keys resolved (last wins), invalid UTF-8
    /// replaced, JSON nulls stripped under STRIP_NULL_VALUES.
    private func documentText(_ record: JSONRecord, bytes: UnsafeBufferPointer<UInt8>, scanner: JSONScanner) -> String {
        var text = scanner.lastDocumentHadDuplicateKeys
            ? JSONDeduplicate.rewrite(bytes, from: record.start, to: record.end)
            : String(decoding: UnsafeBufferPointer(rebasing: bytes[record.start..<record.end]), as: UTF8.self)
        if stripNullValues { text = JSONStripNulls.strip(text) }
        return text
    }
}
