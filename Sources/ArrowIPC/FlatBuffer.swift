/// A FlatBuffers writer just large enough for Arrow's IPC metadata: tables, strings, vectors of
/// tables and of structs. Objects are laid out front to back (a parent before its children), each
/// offset patched once its child is written, so every offset points forward as FlatBuffers requires.
public indirect enum FlatBuffer {
    /// A table: its fields by id (nil: absent, the reader's default).
    case table([Field?])
    case string(String)
    case tables([FlatBuffer])
    /// A vector of structs: their bytes, already laid out (`count` of `size` bytes, 8-aligned).
    case structs(count: Int, bytes: [UInt8])

    public enum Field {
        case int8(UInt8), int16(Int16), int32(Int32), int64(Int64), bool(Bool)
        case object(FlatBuffer)

        var size: Int {
            switch self {
            case .int8, .bool: return 1
            case .int16: return 2
            case .int32, .object: return 4
            case .int64: return 8
            }
        }
    }

    /// The finished buffer: a root offset, then the root table and everything it refers to.
    public func serialized() -> [UInt8] {
        var writer = Writer()
        writer.bytes = [0, 0, 0, 0]
        let root = writer.write(self)
        writer.patch(at: 0, to: root)
        while writer.bytes.count % 8 != 0 { writer.bytes.append(0) }
        return writer.bytes
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func align(_ alignment: Int, after extra: Int = 0) {
            while (bytes.count + extra) % alignment != 0 { bytes.append(0) }
        }

        mutating func put<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func set<T: FixedWidthInteger>(_ value: T, at position: Int) {
            withUnsafeBytes(of: value.littleEndian) { raw in for (i, byte) in raw.enumerated() { bytes[position + i] = byte } }
        }

        mutating func patch(at position: Int, to target: Int) { set(UInt32(target - position), at: position) }

        /// Writes `object`; returns its position (what an offset to it points at).
        mutating func write(_ object: FlatBuffer) -> Int {
            switch object {
            case .string(let text):
                align(4)
                let position = bytes.count
                let utf8 = Array(text.utf8)
                put(UInt32(utf8.count))
                bytes.append(contentsOf: utf8)
                bytes.append(0)
                return position
            case .structs(let count, let data):
                align(8, after: 4)
                let position = bytes.count
                put(UInt32(count))
                bytes.append(contentsOf: data)
                return position
            case .tables(let elements):
                align(4)
                let position = bytes.count
                put(UInt32(elements.count))
                let slots = elements.indices.map { position + 4 + 4 * $0 }
                for _ in elements { put(UInt32(0)) }
                for (slot, element) in zip(slots, elements) { patch(at: slot, to: write(element)) }
                return position
            case .table(let fields):
                // Inline layout: the soffset to the vtable, then fields largest first, each aligned.
                var layout: [(id: Int, offset: Int)] = []
                var cursor = 4
                let present: [(id: Int, field: Field)] = fields.enumerated().compactMap { index, field in field.map { (index, $0) } }
                for (id, field) in present.sorted(by: { $0.field.size > $1.field.size }) {
                    while cursor % field.size != 0 { cursor += 1 }
                    layout.append((id, cursor))
                    cursor += field.size
                }
                let tableSize = cursor
                let vtableSize = 4 + 2 * fields.count
                align(8, after: vtableSize)
                let vtable = bytes.count
                put(UInt16(vtableSize))
                put(UInt16(tableSize))
                for id in fields.indices { put(UInt16(layout.first { $0.id == id }?.offset ?? 0)) }
                let table = bytes.count
                put(Int32(table - vtable))
                bytes.append(contentsOf: [UInt8](repeating: 0, count: tableSize - 4))
                var children: [(slot: Int, object: FlatBuffer)] = []
                for (id, offset) in layout {
                    let position = table + offset
                    switch fields[id]! {
                    case .int8(let v): set(v, at: position)
                    case .bool(let v): set(UInt8(v ? 1 : 0), at: position)
                    case .int16(let v): set(v, at: position)
                    case .int32(let v): set(v, at: position)
                    case .int64(let v): set(v, at: position)
                    case .object(let child): children.append((position, child))
                    }
                }
                for (slot, child) in children { patch(at: slot, to: write(child)) }
                return table
            }
        }
    }
}
