/// Writes the Arrow IPC stream format (a schema message, one record batch, the end marker) for the
/// few column types a Snowflake client reads: 64-bit integers, doubles, UTF-8, booleans, days
/// (date32) and binary, each with the field metadata the client asks for (logicalType, scale…).
public enum ArrowStream {
    public enum Kind: Equatable, Sendable {
        case int64, float64, utf8, bool, date32, binary
    }

    public enum Value: Equatable, Sendable {
        case int(Int64), double(Double), text(String), bool(Bool), bytes([UInt8])
    }

    public struct Column: Sendable {
        public var name: String
        public var kind: Kind
        /// Field metadata (Snowflake's logicalType, precision, scale, charLength…).
        public var metadata: [(String, String)]
        /// One value per row; nil is NULL.
        public var values: [Value?]

        public init(name: String, kind: Kind, metadata: [(String, String)] = [], values: [Value?]) {
            (self.name, self.kind, self.metadata, self.values) = (name, kind, metadata, values)
        }
    }

    /// The whole stream for these columns (all of one length).
    public static func write(_ columns: [Column]) -> [UInt8] {
        let rows = columns.first?.values.count ?? 0
        var out: [UInt8] = []
        frame(schema(columns).serialized(), body: [], into: &out)
        var body: [UInt8] = []
        var nodes: [UInt8] = [], buffers: [UInt8] = []
        func put64(_ value: Int64, _ target: inout [UInt8]) { withUnsafeBytes(of: value.littleEndian) { target.append(contentsOf: $0) } }
        func addBuffer(_ data: [UInt8]) {
            put64(Int64(body.count), &buffers)
            put64(Int64(data.count), &buffers)
            body.append(contentsOf: data)
            while body.count % 8 != 0 { body.append(0) }
        }
        for column in columns {
            let nulls = column.values.filter { $0 == nil }.count
            put64(Int64(rows), &nodes)
            put64(Int64(nulls), &nodes)
            addBuffer(nulls == 0 ? [] : bitmap(column.values.map { $0 != nil }))
            switch column.kind {
            case .int64, .float64:
                var data: [UInt8] = []
                data.reserveCapacity(rows * 8)
                for value in column.values {
                    switch value {
                    case .int(let i)?: withUnsafeBytes(of: i.littleEndian) { data.append(contentsOf: $0) }
                    case .double(let d)?: withUnsafeBytes(of: d.bitPattern.littleEndian) { data.append(contentsOf: $0) }
                    default: data.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
                    }
                }
                addBuffer(data)
            case .date32:
                var data: [UInt8] = []
                for value in column.values {
                    let days: Int32 = if case .int(let i)? = value { Int32(truncatingIfNeeded: i) } else { 0 }
                    withUnsafeBytes(of: days.littleEndian) { data.append(contentsOf: $0) }
                }
                addBuffer(data)
            case .bool:
                addBuffer(bitmap(column.values.map { if case .bool(true)? = $0 { return true } else { return false } }))
            case .utf8, .binary:
                var offsets: [UInt8] = [], data: [UInt8] = []
                withUnsafeBytes(of: Int32(0).littleEndian) { offsets.append(contentsOf: $0) }
                for value in column.values {
                    switch value {
                    case .text(let s)?: data.append(contentsOf: Array(s.utf8))
                    case .bytes(let b)?: data.append(contentsOf: b)
                    default: break
                    }
                    withUnsafeBytes(of: Int32(data.count).littleEndian) { offsets.append(contentsOf: $0) }
                }
                addBuffer(offsets)
                addBuffer(data)
            }
        }
        let batch = FlatBuffer.table([
            .int64(Int64(rows)),
            .object(.structs(count: columns.count, bytes: nodes)),
            .object(.structs(count: buffers.count / 16, bytes: buffers)),
        ])
        let message = FlatBuffer.table([.int16(4), .int8(3), .object(batch), .int64(Int64(body.count))])
        frame(message.serialized(), body: body, into: &out)
        out.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
        return out
    }

    /// The schema message's flatbuffer: Message { version V5, header Schema { fields } }.
    static func schema(_ columns: [Column]) -> FlatBuffer {
        let fields = columns.map { column -> FlatBuffer in
            let (typeID, type): (UInt8, FlatBuffer)
            switch column.kind {
            case .int64: (typeID, type) = (2, .table([.int32(64), .bool(true)]))
            case .float64: (typeID, type) = (3, .table([.int16(2)]))
            case .binary: (typeID, type) = (4, .table([]))
            case .utf8: (typeID, type) = (5, .table([]))
            case .bool: (typeID, type) = (6, .table([]))
            case .date32: (typeID, type) = (8, .table([.int16(0)]))
            }
            let metadata = column.metadata.map { FlatBuffer.table([.object(.string($0.0)), .object(.string($0.1))]) }
            return .table([.object(.string(column.name)), .bool(true), .int8(typeID), .object(type), nil,
                           .object(.tables([])), .object(.tables(metadata))])
        }
        let schema = FlatBuffer.table([.int16(0), .object(.tables(fields))])
        return .table([.int16(4), .int8(1), .object(schema), .int64(0)])
    }

    /// An encapsulated message: continuation marker, metadata length, metadata (8-aligned), body.
    static func frame(_ metadata: [UInt8], body: [UInt8], into out: inout [UInt8]) {
        out.append(contentsOf: [0xFF, 0xFF, 0xFF, 0xFF])
        withUnsafeBytes(of: Int32(metadata.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: metadata)
        out.append(contentsOf: body)
    }

    /// A validity (or boolean) bitmap: bit i of byte i/8, least significant first, padded to 8 bytes.
    static func bitmap(_ bits: [Bool]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (i, bit) in bits.enumerated() where bit { bytes[i / 8] |= 1 << UInt8(i % 8) }
        return bytes
    }
}
