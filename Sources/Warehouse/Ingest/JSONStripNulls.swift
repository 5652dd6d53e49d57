/// STRIP_NULL_VALUES = TRUE: object members whose value is JSON null are dropped from a record.
/// Array elements stay: Snowflake shows a stripped element as a hole (`[,,3]`), which JSON text
/// cannot hold, so wh keeps `null` there.
enum JSONStripNulls {
    /// `text` must be valid JSON (the scanner has checked it).
    static func strip(_ text: String) -> String {
        var bytes = Array(text.utf8)
        guard bytes.contains(0x6E) else { return text }   // no "n": no null to strip
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        value(&bytes, &i, &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func skipSpace(_ b: [UInt8], _ i: inout Int) {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    /// Copies the value at `i` to `out`, stripping inside it.
    private static func value(_ b: inout [UInt8], _ i: inout Int, _ out: inout [UInt8]) {
        skipSpace(b, &i)
        guard i < b.count else { return }
        switch b[i] {
        case 0x7B: // {
            i += 1
            out.append(0x7B)
            var first = true
            while true {
                skipSpace(b, &i)
                if i >= b.count || b[i] == 0x7D { i += 1; break }
                if b[i] == 0x2C { i += 1; continue }
                let keyStart = i
                i = stringEnd(b, i)
                let key = b[keyStart..<i]
                skipSpace(b, &i)
                i += 1 // :
                skipSpace(b, &i)
                if i + 4 <= b.count, b[i] == 0x6E, b[i + 1] == 0x75, b[i + 2] == 0x6C, b[i + 3] == 0x6C { i += 4; continue }
                if !first { out.append(0x2C) }
                first = false
                out.append(contentsOf: key)
                out.append(0x3A)
                value(&b, &i, &out)
            }
            out.append(0x7D)
        case 0x5B: // [
            i += 1
            out.append(0x5B)
            var first = true
            while true {
                skipSpace(b, &i)
                if i >= b.count || b[i] == 0x5D { i += 1; break }
                if b[i] == 0x2C { i += 1; continue }
                if !first { out.append(0x2C) }
                first = false
                value(&b, &i, &out)
            }
            out.append(0x5D)
        case 0x22:
            let start = i
            i = stringEnd(b, i)
            out.append(contentsOf: b[start..<i])
        default:
            let start = i
            while i < b.count, ![0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09].contains(b[i]) { i += 1 }
            out.append(contentsOf: b[start..<i])
        }
    }

    private static func stringEnd(_ b: [UInt8], _ start: Int) -> Int {
        var i = start + 1
        while i < b.count, b[i] != 0x22 { i += b[i] == 0x5C ? 2 : 1 }
        return i + 1
    }
}
