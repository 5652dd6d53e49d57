/// The VARIANT paths a load projects (`gps_location.latitude`, `tags[0]`), compiled into a trie so
/// the scanner follows only the branches some column wants.
public struct JSONPathSet: Sendable {
    /// One step of a path: an object key (case-sensitive, as Snowflake's) or an array index.
    public enum Step: Hashable, Sendable {
        case key([UInt8])
        case index(Int)
    }

    struct Node: Sendable {
        var children: [Step: Int] = [:]
        /// The same key children as plain arrays, for lookups straight against the scanned bytes
        /// (no key is copied out of the buffer to find its child).
        var keys: [[UInt8]] = []
        var keyChildren: [Int] = []
        /// The slots (paths) that end here.
        var slots: [Int] = []
    }

    var nodes: [Node] = [Node()]
    public let count: Int
    /// Keys match without regard to ASCII case (MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE); the trie
    /// then holds its keys upper-cased.
    public let foldsCase: Bool

    // The trie flattened for the scanner's inner loop: contiguous arrays, no per-node arrays to
    // retain while scanning. Node n's key children are entries keyFirst[n]..<keyFirst[n + 1];
    // entry e's key is keyBytes[byteFirst[e]..<byteFirst[e + 1]] and leads to node keyChild[e].
    // Node n's slots are slotList[slotFirst[n]..<slotFirst[n + 1]].
    var keyFirst: [Int] = []
    var byteFirst: [Int] = []
    var keyBytes: [UInt8] = []
    var keyChild: [Int] = []
    var slotFirst: [Int] = []
    var slotList: [Int] = []

    mutating func flatten() {
        keyFirst = [0]; byteFirst = [0]; keyBytes = []; keyChild = []; slotFirst = [0]; slotList = []
        for node in nodes {
            for (key, child) in zip(node.keys, node.keyChildren) {
                keyBytes += key
                byteFirst.append(keyBytes.count)
                keyChild.append(child)
            }
            keyFirst.append(keyChild.count)
            slotList += node.slots
            slotFirst.append(slotList.count)
        }
    }

    /// `paths[i]` fills slot `i`; an empty path is the whole document.
    public init(_ paths: [[Step]], foldsCase: Bool = false) {
        count = paths.count
        self.foldsCase = foldsCase
        for (slot, path) in paths.enumerated() {
            var node = 0
            for var step in path {
                if foldsCase, case .key(let bytes) = step { step = .key(bytes.map(Self.upper)) }
                if let next = nodes[node].children[step] {
                    node = next
                } else {
                    nodes.append(Node())
                    nodes[node].children[step] = nodes.count - 1
                    if case .key(let bytes) = step {
                        nodes[node].keys.append(bytes)
                        nodes[node].keyChildren.append(nodes.count - 1)
                    }
                    node = nodes.count - 1
                }
            }
            nodes[node].slots.append(slot)
        }
        flatten()
    }

    @inline(__always)
    static func upper(_ c: UInt8) -> UInt8 { c >= 0x61 && c <= 0x7A ? c - 0x20 : c }

    /// Paths from Snowflake's text form: `a.b[0]`, `"odd key".x`.
    public init(strings: [String]) {
        self.init(strings.map(JSONPathSet.steps))
    }

    static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        var key = ""
        var chars = Array(path)[...]
        func flush() { if !key.isEmpty { steps.append(.key(Array(key.utf8))); key = "" } }
        while let c = chars.popFirst() {
            switch c {
            case ".": flush()
            case "[":
                flush()
                let inside = String(chars.prefix { $0 != "]" })
                chars = chars.dropFirst(inside.count + 1)
                if let n = Int(inside) { steps.append(.index(n)) }
                else { steps.append(.key(Array(inside.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")).utf8))) }
            case "\"":
                let inside = String(chars.prefix { $0 != "\"" })
                chars = chars.dropFirst(inside.count + 1)
                key += inside
            default: key.append(c)
            }
        }
        flush()
        return steps
    }
}

import Foundation
