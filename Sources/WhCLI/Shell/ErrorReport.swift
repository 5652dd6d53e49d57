import Warehouse

/// Formats an error for stderr: the message with its place, the source line with a caret under the
/// spot, and the hint.
enum ErrorReport {
    static func text(for error: Error, source: String?) -> String {
        if let error = error as? StatementError { return statement(error, source: source) }
        if let error = error as? WarehouseError {
            return "Error: \(error.message)\n" + (error.hint.map { "Hint: \($0)\n" } ?? "")
        }
        return "Error: \(error)\n"
    }

    static func statement(_ error: StatementError, source: String?) -> String {
        guard let location = error.location else {
            let place = (source.map { "\($0) " } ?? "") + "line \(error.statementLocation.line)"
            return "Error in the statement at \(place): \(error.message)\n" + (error.hint.map { "Hint: \($0)\n" } ?? "")
        }
        var place = "line \(location.line), column \(location.column)"
        if let source { place = "\(source) " + place }
        var out = "Error at \(place): \(error.message)\n"
        let line = error.sourceLine
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            out += line + "\n"
            out += String(repeating: " ", count: max(0, location.column - 1)) + "^\n"
        }
        if let hint = error.hint { out += "Hint: \(hint)\n" }
        return out
    }
}

import Foundation
