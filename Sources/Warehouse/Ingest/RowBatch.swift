import Foundation
import SQLite

/// Why one record of a file did not load, with its place, as COPY's result, VALIDATE and
/// RETURN_ERRORS report it.
struct RecordError: Equatable {
    var message: String
    var line: Int
    var character: Int
    var byteOffset: Int
    /// `parsing` or `conversion`, as Snowflake's VALIDATION_MODE calls them.
    var category: String
    var code: Int
    var sqlState: String
    /// `"TABLE"["COLUMN":n]`, when one column is to blame.
    var columnName: String?
    var rowNumber: Int
    var rowStartLine: Int

    static func parsing(_ error: JSONRecordError) -> RecordError {
        RecordError(message: "Error parsing JSON: \(error.reason)", line: error.line, character: error.character,
                    byteOffset: error.byteOffset, category: "parsing", code: 100069, sqlState: "22P02", columnName: nil,
                    rowNumber: error.rowNumber, rowStartLine: error.startLine)
    }
}

/// Records of one file made ready for the INSERT by the reading thread: each good record's
/// parameter values (`width` per record, in order) and its raw text (kept for the rejects), or the
/// error that stopped it.
final class RowBatch: @unchecked Sendable {
    let file: Int
    let width: Int
    var values: [Value] = []
    var rows: [Row] = []
    var raw: [UInt8] = []

    struct Row {
        var rowNumber: Int
        var line: Int
        var byteOffset: Int
        var rawEnd: Int
        var error: RecordError?
    }

    init(file: Int, width: Int) {
        self.file = file
        self.width = width
    }

    /// The raw text of row `index`.
    func rawText(_ index: Int) -> String {
        let start = index == 0 ? 0 : rows[index - 1].rawEnd
        return String(decoding: raw[start..<rows[index].rawEnd], as: UTF8.self)
    }
}

/// What the reading thread tells the loading thread, in file order.
enum LoadEvent {
    case batch(RowBatch)
    /// The file is read: how many records, and its size and md5 as read.
    case fileDone(file: Int, rowsParsed: Int, bytes: Int64, hash: String)
    /// The file could not be read at all (gone, unreadable, corrupt gzip): nothing of it loads.
    case fileFailed(file: Int, rowsParsed: Int, error: RecordError)
}
