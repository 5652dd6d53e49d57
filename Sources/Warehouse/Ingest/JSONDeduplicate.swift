/// Rewrites a valid JSON document so that a key repeated in one object keeps only its last value
/// (Snowflake's ALLOW_DUPLICATE = TRUE), in the place of its first occurrence. Everything else is
/// copied byte for byte. Only documents that have duplicates need this; the scanner says which.
enum JSONDeduplicate {
    static func rewrite(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String {
        var i = start
        let bytes = value(b, &i, end)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) {
        while i < end, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    /// One value at `i` (the document is known valid), advancing `i` past it.
    private static func value(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> [UInt8] {
        skipSpace(b, &i, end)
        switch b[i] {
        case 0x7B:
            i += 1
            var keys: [[UInt8]] = []
            var values: [[UInt8]] = []
            skipSpace(b, &i, end)
            while b[i] != 0x7D {
                let key = string(b, &i)
                skipSpace(b, &i, end)
                i += 1 // :
                let item = value(b, &i, end)
                if let earlier = keys.firstIndex(of: key) { values[earlier] = item } else { keys.append(key); values.append(item) }
                skipSpace(b, &i, end)
                if b[i] == 0x2C { i += 1; skipSpace(b, &i, end) }
            }
            i += 1
            var out: [UInt8] = [0x7B]
            for (n, key) in keys.enumerated() {
                if n > 0 { out.append(0x2C) }
                out += key
                out.append(0x3A)
                out += values[n]
            }
            out.append(0x7D)
            return out
        case 0x5B:
            i += 1
            var out: [UInt8] = [0x5B]
            skipSpace(b, &i, end)
            var first = true
            while b[i] != 0x5D {
                if !first { out.append(0x2C) }
                first = false
                out += value(b, &i, end)
                skipSpace(b, &i, end)
                if b[i] == 0x2C { i += 1; skipSpace(b, &i, end) }
            }
            i += 1
            out.append(0x5D)
            return out
        case 0x22:
            return string(b, &i)
        default:
            let from = i
            while i < end, ![0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09].contains(b[i]) { i += 1 }
            return Array(b[from..<i])
        }
    }

    private static func string(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> [UInt8] {
        let from = i
        i += 1
        while b[i] != 0x22 { i += b[i] == 0x5C ? 2 : 1 }
        i += 1
        return Array(b[from..<i])
    }
}
