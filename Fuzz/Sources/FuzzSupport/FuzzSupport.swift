import Foundation
import FuzzDriver

/// Stops the run with `message` when a property does not hold. Unlike `precondition`, whose message
/// an optimised build drops, the message reaches libFuzzer's report.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError(message()) }
}

/// Where a long run keeps going past a property that does not hold: `WH_FUZZ_FINDINGS` names a
/// directory, and each such input is saved there (with its message beside it) instead of stopping
/// the run. A crash or a sanitizer report still stops it.
private let findingsDirectory = ProcessInfo.processInfo.environment["WH_FUZZ_FINDINGS"]

/// Reports a property that does not hold for `input`: saved to WH_FUZZ_FINDINGS when set, else the
/// run stops with `message`.
public func propertyFailed(_ message: String, input: UnsafeBufferPointer<UInt8>) {
    guard let findingsDirectory else { fatalError(message) }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in input { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    let name = findingsDirectory + "/finding-" + String(hash, radix: 16)
    FileManager.default.createFile(atPath: name, contents: Data(input))
    FileManager.default.createFile(atPath: name + ".txt", contents: Data((message + "\n").utf8))
}

/// Foundation's JSON booleans are NSNumbers of C type `char`; its numbers never are.
public func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

/// Hands the program's run to libFuzzer, which calls `body` with each input. Each target's
/// `<Target>_main` (SwiftPM's name for an executable's entry point) calls it.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ body: @convention(c) (UnsafePointer<UInt8>?, UInt) -> CInt) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, body)
}

/// A comma before a closing bracket or brace, outside strings.
public func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
    var inString = false, escaped = false, lastSignificant: UInt8 = 0
    for c in bytes {
        if inString {
            if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
            continue
        }
        if c == UInt8(ascii: "\"") { inString = true }
        if (c == UInt8(ascii: "]") || c == UInt8(ascii: "}")) && lastSignificant == UInt8(ascii: ",") { return true }
        if ![0x20, 0x09, 0x0A, 0x0D].contains(c) { lastSignificant = c }
    }
    return false
}

/// A \uD800–\uDFFF escape.
public func hasSurrogateEscape(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= 4 else { return false }
    for i in 0..<(bytes.count - 3) where bytes[i] == UInt8(ascii: "\\") && bytes[i + 1] == UInt8(ascii: "u") && bytes[i + 2] | 0x20 == UInt8(ascii: "d") {
        if "89abAB".utf8.contains(bytes[i + 3]) || "cdefCDEF".utf8.contains(bytes[i + 3]) { return true }
    }
    return false
}

/// Input Foundation's parser reads differently from JSON itself, so comparisons skip it: a NUL byte
/// (Foundation stops reading there, as at the end of a C string) or a number beyond a Double's range
/// (Foundation refuses it; JSON's grammar, and wh's readers, take it).
public func foundationDiffers(_ bytes: [UInt8]) -> Bool {
    if bytes.contains(0) { return true }
    var digits = 0, exponentDigits = 0, inExponent = false
    for c in bytes {
        if c >= 0x30 && c <= 0x39 {
            if inExponent { exponentDigits += 1 } else { digits += 1 }
            if digits > 300 || exponentDigits > 2 { return true }
        } else if c | 0x20 == UInt8(ascii: "e") && digits > 0 {
            inExponent = true
            exponentDigits = 0
        } else if !(inExponent && (c == UInt8(ascii: "+") || c == UInt8(ascii: "-"))) {
            inExponent = false
            if c != UInt8(ascii: ".") { digits = 0 }
        }
    }
    return false
}

/// Whether the JSON number `text` is the number Foundation read. Foundation keeps a number of more
/// than 17 significant digits as a Decimal of 38, whose conversion to Double is not correctly
/// rounded, so those compare to 12 digits; numbers beyond ±1e300 are not compared.
public func sameNumber(_ text: String, _ number: NSNumber) -> Bool {
    guard let value = Double(text), value.isFinite, abs(value) < 1e300 else { return true }
    let significant = text.prefix { $0 != "e" && $0 != "E" }.filter(\.isNumber).drop { $0 == "0" }.count
    return abs(value - number.doubleValue) <= abs(value) * (significant > 17 ? 1e-12 : 1e-15)
}

/// Paths `scratchPath` handed out, removed when the run exits.
nonisolated(unsafe) private var scratchPaths: [String] = []

/// A path for a target's warehouse file or directory (`name`, after this process's id), removed
/// with SQLite's -wal and -shm files at exit. It is on /dev/shm where that is writable: a fuzzed COPY commits and writes a file per
/// input, and on a disk their syncs, not wh, would set the pace.
public func scratchPath(_ name: String) -> String {
    let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory()
    let path = base + "/wh-fuzz-\(getpid())-\(name)"
    if scratchPaths.isEmpty {
        atexit { for path in scratchPaths { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } } }
    }
    scratchPaths.append(path)
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    return path
}
