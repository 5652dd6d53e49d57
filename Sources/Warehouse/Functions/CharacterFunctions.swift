import SQLite

/// ASCII, CHR/CHAR, REPEAT, SPACE, TRANSLATE and CONCAT_WS as Snowflake defines them: characters are
/// Unicode code points, and a NULL argument gives NULL.
extension Warehouse {
    func registerCharacterFunctions() throws {
        func function(_ name: String, _ count: Int, _ body: @escaping @Sendable ([Value]) throws -> Value) throws {
            try createNullPropagatingFunction(name, argumentCount: count, body)
        }
        try function("wh_ascii", 1) { a in
            // The first character's code; 0 for ''. Snowflake documents ASCII codes only: another
            // character is refused rather than guessed at.
            guard let first = (a[0].textValue ?? "").unicodeScalars.first else { return .integer(0) }
            guard first.isASCII else { throw FunctionError("ASCII of '\(first)', which is not an ASCII character: use UNICODE(x) for its code point") }
            return .integer(Int64(first.value))
        }
        try function("wh_chr", 1) { a in
            let code = try Self.wholeNumber(a[0], "CHR code point")
            guard code >= 0, code <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(code)) else {
                throw FunctionError("CHR: \(code) is not a valid Unicode code point")
            }
            return .text(String(scalar))
        }
        try function("wh_repeat", 2) { a in
            let count = try Self.wholeNumber(a[1], "REPEAT count"), text = a[0].textValue ?? ""
            guard count > 0, !text.isEmpty else { return .text("") }
            guard text.utf8.count.multipliedReportingOverflow(by: count).partialValue <= 16_777_216, count <= 16_777_216 else {
                throw FunctionError("REPEAT: the result would be longer than 16,777,216 bytes, the longest VARCHAR")
            }
            return .text(String(repeating: text, count: count))
        }
        try function("wh_translate", 3) { a in
            let from = Array((a[1].textValue ?? "").unicodeScalars), to = Array((a[2].textValue ?? "").unicodeScalars)
            var map: [Unicode.Scalar: Unicode.Scalar?] = [:]
            for (index, scalar) in from.enumerated() where map[scalar] == nil {
                map[scalar] = index < to.count ? .some(to[index]) : .some(nil)   // no counterpart: removed
            }
            var out = String.UnicodeScalarView()
            for scalar in (a[0].textValue ?? "").unicodeScalars {
                if let mapped = map[scalar] { if let replacement = mapped { out.append(replacement) } } else { out.append(scalar) }
            }
            return .text(String(out))
        }
        try createNullPropagatingFunction("wh_concat_ws") { a in   // Snowflake: NULL if any argument is
            guard a.count >= 2 else { throw FunctionError("CONCAT_WS takes a separator and at least one value") }
            return .text(a.dropFirst().map { $0.textValue ?? "" }.joined(separator: a[0].textValue ?? ""))
        }
    }
}
