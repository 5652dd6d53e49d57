/// What a JSON value is.
public enum JSONKind: UInt8, Sendable {
    case string, number, `true`, `false`, null, object, array
}

/// Where a value sits in the scanned bytes: strings include their quotes, containers their brackets.
public struct JSONSlice: Equatable, Sendable {
    public var kind: JSONKind
    public var start: Int
    public var end: Int
    /// True for a string with backslash escapes (it needs decoding, not just the bytes between quotes).
    public var escaped: Bool
}

/// A document that is not valid JSON, or breaks a limit: the reason and the byte offset.
public struct JSONScanError: Error, Equatable, Sendable {
    public var reason: String
    public var offset: Int
    /// The data ended inside the document: with more bytes to come, the document may yet be whole.
    public var truncated = false

    public init(reason: String, offset: Int, truncated: Bool = false) {
        self.reason = reason
        self.offset = offset
        self.truncated = truncated
    }

    static func endOfData(at offset: Int) -> JSONScanError {
        JSONScanError(reason: "unexpected end of data (truncated JSON)", offset: offset, truncated: true)
    }
}

/// Limits and switches of a scan, from the file format.
public struct JSONScanOptions: Sendable {
    /// Deepest nesting allowed; deeper is an error, never a stack overflow (the scanner is iterative).
    public var maximumDepth = 1000
    /// ALLOW_DUPLICATE = FALSE (Snowflake's default): a key twice in one object is an error.
    public var allowDuplicateKeys = false
    /// REPLACE_INVALID_CHARACTERS / IGNORE_UTF8_ERRORS = TRUE: invalid UTF-8 in a string is let
    /// through (and later replaced by U+FFFD) instead of failing the record.
    public var replaceInvalidUTF8 = false
    public init(maximumDepth: Int = 1000, allowDuplicateKeys: Bool = false, replaceInvalidUTF8: Bool = false) {
        self.maximumDepth = maximumDepth
        self.allowDuplicateKeys = allowDuplicateKeys
        self.replaceInvalidUTF8 = replaceInvalidUTF8
    }
}

/// Validates one JSON document and records where the wanted paths' values are, in one pass over the
/// bytes: no dictionaries, no Foundation JSON. This is the load path's parser.
/// A scanner keeps its working stacks between documents, so use one per thread.
public struct JSONScanner {
    let paths: JSONPathSet
    let options: JSONScanOptions
    private let workspace = Workspace()

    public init(paths: JSONPathSet, options: JSONScanOptions = JSONScanOptions()) {
        self.paths = paths
        self.options = options
    }

    private struct Frame {
        var isObject: Bool
        var node: Int          // trie node of this container, -1 when no path goes through it
        var index: Int         // next array index
        var firstKey: Int      // where this object's keys start in the key stack
    }

    /// Stacks reused from document to document: scanning allocates nothing per record.
    private final class Workspace {
        var frames: [Frame] = []
        var keys: [(hash: UInt64, start: Int, end: Int)] = []
        var sawDuplicateKey = false
        var sawInvalidUTF8 = false
    }

    /// True when the last document scanned with ALLOW_DUPLICATE = TRUE repeated a key in an object
    /// (its projected slots hold the last value; `JSONDeduplicate` rewrites the whole document).
    public var lastDocumentHadDuplicateKeys: Bool { workspace.sawDuplicateKey }
    /// True when the last document had invalid UTF-8 that REPLACE_INVALID_CHARACTERS let through.
    public var lastDocumentHadInvalidUTF8: Bool { workspace.sawInvalidUTF8 }

    /// Scans the document starting at `offset` (leading white space allowed). Fills `slots` (one per
    /// path, nil where the path is missing) and returns the offset just past the document.
    public func scan(_ b: UnsafeBufferPointer<UInt8>, from offset: Int, into slots: inout [JSONSlice?]) throws(JSONScanError) -> Int {
        for i in slots.indices { slots[i] = nil }
        var i = skipSpace(b, offset)
        var stack = workspace.frames
        var keys = workspace.keys
        workspace.frames = []
        workspace.keys = []
        stack.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        workspace.sawDuplicateKey = false
        workspace.sawInvalidUTF8 = false
        defer { workspace.frames = stack; workspace.keys = keys }
        var pendingNode = 0           // trie node for the value about to be read
        while true {
            guard i < b.count else { throw stack.isEmpty ? JSONScanError(reason: "empty document", offset: i, truncated: true) : .endOfData(at: i) }
            let c = b[i]
            let valueStart = i
            let node = pendingNode
            switch c {
            case 0x7B, 0x5B: // { [
                guard stack.count < options.maximumDepth else {
                    throw JSONScanError(reason: "JSON nested more than \(options.maximumDepth) levels deep", offset: i)
                }
                record(node, JSONSlice(kind: c == 0x7B ? .object : .array, start: i, end: -1, escaped: false), &slots)
                stack.append(Frame(isObject: c == 0x7B, node: node, index: 0, firstKey: keys.count))
                i = skipSpace(b, i + 1)
                if i < b.count, b[i] == (c == 0x7B ? 0x7D : 0x5D) {
                    // empty container: close it below
                } else if c == 0x7B {
                    (i, pendingNode) = try readKey(b, i, &stack, &keys)
                    continue
                } else {
                    pendingNode = child(stack[stack.count - 1].node, .index(0))
                    continue
                }
            case 0x22: // "
                let (end, escaped) = try scanString(b, i)
                record(node, JSONSlice(kind: .string, start: i, end: end, escaped: escaped), &slots)
                i = end
            case 0x74: i = try literal(b, i, "true", .true, node, &slots)
            case 0x66: i = try literal(b, i, "false", .false, node, &slots)
            case 0x6E: i = try literal(b, i, "null", .null, node, &slots)
            case 0x2D, 0x30...0x39:
                let end = try scanNumber(b, i)
                record(node, JSONSlice(kind: .number, start: i, end: end, escaped: false), &slots)
                i = end
            default:
                throw JSONScanError(reason: c == 0 ? "NUL byte in JSON" : "unexpected character '\(printable(c))'", offset: valueStart)
            }
            // After a value: close containers, or move to the next element.
            while true {
                guard let top = stack.last else { return i }
                i = skipSpace(b, i)
                guard i < b.count else { throw JSONScanError.endOfData(at: i) }
                let close: UInt8 = top.isObject ? 0x7D : 0x5D
                if b[i] == close {
                    i += 1
                    let frame = stack.removeLast()
                    if frame.isObject { keys.removeSubrange(frame.firstKey...) }
                    closeSlice(frame.node, end: i, &slots)
                    continue
                }
                guard b[i] == 0x2C else {
                    throw JSONScanError(reason: "expected ',' or '\(top.isObject ? "}" : "]")' but found '\(printable(b[i]))'", offset: i)
                }
                i = skipSpace(b, i + 1)
                if top.isObject {
                    (i, pendingNode) = try readKey(b, i, &stack, &keys)
                } else {
                    stack[stack.count - 1].index += 1
                    pendingNode = child(top.node, .index(stack[stack.count - 1].index))
                }
                break
            }
        }
    }

    // MARK: - Pieces

    private func child(_ node: Int, _ step: JSONPathSet.Step) -> Int {
        guard node >= 0 else { return -1 }
        return paths.nodes[node].children[step] ?? -1
    }

    /// The child of `node` for the key in `b[from..<to]`, compared in place.
    @inline(__always)
    private func keyChild(_ node: Int, _ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        let length = to - from
        var entry = paths.keyFirst[node]
        let last = paths.keyFirst[node + 1]
        while entry < last {
            let keyStart = paths.byteFirst[entry]
            if paths.byteFirst[entry + 1] - keyStart == length {
                var j = 0
                if paths.foldsCase {
                    while j < length, paths.keyBytes[keyStart + j] == JSONPathSet.upper(b[from + j]) { j += 1 }
                } else {
                    while j < length, paths.keyBytes[keyStart + j] == b[from + j] { j += 1 }
                }
                if j == length { return paths.keyChild[entry] }
            }
            entry += 1
        }
        return -1
    }

    @inline(__always)
    private func record(_ node: Int, _ slice: JSONSlice, _ slots: inout [JSONSlice?]) {
        guard node >= 0 else { return }
        var k = paths.slotFirst[node]
        while k < paths.slotFirst[node + 1] { slots[paths.slotList[k]] = slice; k += 1 }
    }

    @inline(__always)
    private func closeSlice(_ node: Int, end: Int, _ slots: inout [JSONSlice?]) {
        guard node >= 0 else { return }
        var k = paths.slotFirst[node]
        while k < paths.slotFirst[node + 1] { slots[paths.slotList[k]]?.end = end; k += 1 }
    }

    /// Reads `"key" :` at `i` and returns the offset of the value and the trie node for it.
    private func readKey(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ stack: inout [Frame],
                         _ keys: inout [(hash: UInt64, start: Int, end: Int)]) throws(JSONScanError) -> (Int, Int) {
        guard start < b.count else { throw JSONScanError.endOfData(at: start) }
        guard b[start] == 0x22 else { throw JSONScanError(reason: "expected a key in double quotes but found '\(printable(b[start]))'", offset: start) }
        let (end, escaped) = try scanString(b, start)
        let top = stack.count - 1
        do {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for k in (start + 1)..<(end - 1) { hash = (hash ^ UInt64(b[k])) &* 0x100_0000_01b3 }
            for k in stack[top].firstKey..<keys.count {
                let seen = keys[k]
                if seen.hash == hash, seen.end - seen.start == end - start,
                   (0..<(end - start)).allSatisfy({ b[seen.start + $0] == b[start + $0] }) {
                    if options.allowDuplicateKeys { workspace.sawDuplicateKey = true; break }
                    throw JSONScanError(reason: "duplicate key \(String(decoding: UnsafeBufferPointer(rebasing: b[(start)..<end]), as: UTF8.self)) (ALLOW_DUPLICATE = FALSE)", offset: start)
                }
            }
            keys.append((hash, start, end))
        }
        var node = -1
        let parent = stack[top].node
        if parent >= 0 {
            if escaped {
                let key = Array(decodeString(b, start, end).utf8)
                node = child(parent, .key(paths.foldsCase ? key.map(JSONPathSet.upper) : key))
            } else {
                node = keyChild(parent, b, start + 1, end - 1)
            }
        }
        var i = skipSpace(b, end)
        guard i < b.count, b[i] == 0x3A else {
            throw i < b.count ? JSONScanError(reason: "expected ':' after a key but found '\(printable(b[i]))'", offset: i) : .endOfData(at: i)
        }
        i = skipSpace(b, i + 1)
        return (i, node)
    }

    /// Returns the offset past the closing quote, and whether the string has escapes.
    private func scanString(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) throws(JSONScanError) -> (Int, Bool) {
        var i = start + 1
        var escaped = false
        while i < b.count {
            let c = b[i]
            if c == 0x22 { return (i + 1, escaped) }
            if c == 0x5C {
                escaped = true
                guard i + 1 < b.count else { break }
                switch b[i + 1] {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: i += 2
                case 0x75:
                    guard i + 6 <= b.count else { throw JSONScanError.endOfData(at: i) }
                    for k in (i + 2)..<(i + 6) where !isHexDigit(b[k]) {
                        throw JSONScanError(reason: "invalid escape sequence \\u\(String(decoding: UnsafeBufferPointer(rebasing: b[(i + 2)..<(i + 6)]), as: UTF8.self)) in a string", offset: i)
                    }
                    i += 6
                default: throw JSONScanError(reason: "invalid escape sequence \\\(printable(b[i + 1])) in a string", offset: i)
                }
                continue
            }
            if c < 0x20 { throw JSONScanError(reason: c == 0 ? "NUL byte in a string" : "control character in a string", offset: i) }
            if c >= 0x80 {
                let length = try utf8Length(b, i)
                if length == 0 {
                    guard options.replaceInvalidUTF8 else {
                        throw JSONScanError(reason: "Invalid UTF8 detected in string", offset: i)
                    }
                    workspace.sawInvalidUTF8 = true
                    escaped = true   // its text must be repaired, not copied
                    i += 1
                    continue
                }
                i += length
                continue
            }
            i += 1
        }
        throw JSONScanError(reason: "unterminated string (truncated JSON)", offset: start, truncated: true)
    }

    /// The length of the UTF-8 sequence starting at `i`, or 0 when it is not valid UTF-8.
    private func utf8Length(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) throws(JSONScanError) -> Int {
        let c = b[i]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard i + length <= b.count else { throw JSONScanError.endOfData(at: i) }
        guard b[i + 1] >= low, b[i + 1] <= high else { return 0 }
        var k = 2
        while k < length {
            guard b[i + k] & 0xC0 == 0x80 else { return 0 }
            k += 1
        }
        return length
    }

    private func scanNumber(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) throws(JSONScanError) -> Int {
        // Running out of data inside a number ("2.", "1e") may only mean the rest is still to come.
        func invalid(_ i: Int) -> JSONScanError { i >= b.count ? .endOfData(at: i) : JSONScanError(reason: "invalid number", offset: start) }
        var i = start
        if b[i] == 0x2D { i += 1 }
        let digitsStart = i
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        guard i > digitsStart else { throw invalid(i) }
        // JSON allows no leading zero (is 017 seventeen, or octal fifteen?): refused, never guessed.
        if b[digitsStart] == 0x30 && i - digitsStart > 1 {
            throw JSONScanError(reason: "invalid number: a leading zero", offset: start)
        }
        if i < b.count, b[i] == 0x2E {
            i += 1
            let fraction = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > fraction else { throw invalid(i) }
        }
        if i < b.count, b[i] | 0x20 == 0x65 {
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            let exponent = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > exponent else { throw invalid(i) }
        }
        return i
    }

    private func literal(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString, _ kind: JSONKind,
                         _ node: Int, _ slots: inout [JSONSlice?]) throws(JSONScanError) -> Int {
        let count = word.utf8CodeUnitCount
        guard start + count <= b.count else { throw JSONScanError.endOfData(at: start) }
        let pointer = word.utf8Start
        for k in 0..<count where b[start + k] != pointer[k] {
            throw JSONScanError(reason: "unexpected character '\(printable(b[start]))'", offset: start)
        }
        record(node, JSONSlice(kind: kind, start: start, end: start + count, escaped: false), &slots)
        return start + count
    }

    public func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        return i
    }

    private func printable(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? String(UnicodeScalar(c)) : String(format: "\\x%02X", c)
    }
}

/// The text of a JSON string slice (quotes included), escapes decoded.
public func decodeString(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(end - start)
    var i = start + 1
    while i < end - 1 {
        let c = b[i]
        guard c == 0x5C, i + 1 < end - 1 else { out.append(c); i += 1; continue }
        let e = b[i + 1]
        i += 2
        switch e {
        case 0x6E: out.append(0x0A)
        case 0x74: out.append(0x09)
        case 0x72: out.append(0x0D)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x75:
            guard i + 4 <= end - 1, var code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: b[i..<(i + 4)]), as: UTF8.self), radix: 16) else {
                out.append(0x3F); continue
            }
            i += 4
            // A surrogate pair spells one scalar beyond the basic plane.
            if (0xD800...0xDBFF).contains(code), i + 6 <= end - 1, b[i] == 0x5C, b[i + 1] == 0x75,
               let low = UInt32(String(decoding: UnsafeBufferPointer(rebasing: b[(i + 2)..<(i + 6)]), as: UTF8.self), radix: 16),
               (0xDC00...0xDFFF).contains(low) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                i += 6
            }
            out.append(contentsOf: Array(String(UnicodeScalar(code).map(Character.init) ?? "\u{FFFD}").utf8))
        default: out.append(e)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

import Foundation
