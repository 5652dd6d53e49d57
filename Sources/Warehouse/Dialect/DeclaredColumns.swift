/// The columns of the tables a FROM reads directly, as the warehouse declares them: their types
/// (so casts of VARIANT columns take the element's value) and their exact names. Snowflake's quoted
/// names are case-sensitive, SQLite's are not: a reference that names a column only when case is
/// ignored would be read by SQLite where Snowflake refuses it (or reads another name), so the
/// renderer refuses it.
public struct DeclaredColumns: Sendable {
    /// One table of a FROM: the name or alias that qualifies it, and its columns.
    public struct Table: Sendable {
        public var qualifier: String
        public var columns: [(name: String, type: SnowflakeType?)]

        public init(qualifier: String, columns: [(name: String, type: SnowflakeType?)]) {
            self.qualifier = qualifier
            self.columns = columns
        }
    }

    /// How a reference's names stand against the declared ones.
    enum Match: Equatable {
        /// Each name is declared as written.
        case exact
        /// `written` is declared only as `declared`, another case (SQLite would take one for the other).
        case onlyIgnoringCase(written: String, declared: String)
        /// `written` is declared as written and also as `other`, another case: Snowflake tells them
        /// apart, SQLite cannot (it may read either).
        case alsoInAnotherCase(written: String, other: String)
        /// Not a column of these tables: another source (a subquery, an alias, an outer query) may have it.
        case notHere
    }

    public var tables: [Table]

    public init(_ tables: [Table] = []) { self.tables = tables }

    /// The declared type of `col` or `alias.col` (a bare name more than one table has: none).
    func type(of parts: [Identifier]) -> SnowflakeType? {
        // A stream's METADATA$ISUPDATE is BOOLEAN whatever the stream reads.
        if parts.last?.name.uppercased() == "METADATA$ISUPDATE" { return SnowflakeType(kind: .boolean) }
        let candidates: [Table]
        switch parts.count {
        case 1: candidates = tables
        case 2: candidates = tables.filter { $0.qualifier == parts[0].name }
        default: return nil
        }
        let wanted = parts.last!.name.uppercased()
        let types = candidates.flatMap { $0.columns.filter { $0.name.uppercased() == wanted }.compactMap(\.type) }
        return parts.count == 2 ? types.last : (types.count == 1 ? types[0] : nil)
    }

    /// Whether `col` or `alias.col` names a declared column exactly, only when case is ignored, or not at all.
    func match(_ parts: [Identifier]) -> Match {
        var candidates = tables
        if parts.count == 2 {
            let qualifier = parts[0].name
            candidates = tables.filter { $0.qualifier.sameBytes(qualifier) }
            if candidates.isEmpty {
                if let other = tables.first(where: { $0.qualifier.equalsIgnoringASCIICase(qualifier) }) {
                    return .onlyIgnoringCase(written: qualifier, declared: other.qualifier)
                }
                return .notHere
            }
        } else if parts.count != 1 {
            return .notHere
        }
        let name = parts.last!.name
        let columns = candidates.flatMap(\.columns)
        if columns.contains(where: { $0.name.sameBytes(name) }) {
            if let other = columns.first(where: { !$0.name.sameBytes(name) && $0.name.equalsIgnoringASCIICase(name) }) {
                return .alsoInAnotherCase(written: name, other: other.name)
            }
            return .exact
        }
        if let other = columns.first(where: { $0.name.equalsIgnoringASCIICase(name) }) {
            return .onlyIgnoringCase(written: name, declared: other.name)
        }
        return .notHere
    }
}

extension String {
    /// Equality as SQLite compares names: by bytes, with ASCII letters in either case alike.
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        func folded(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        return utf8.count == other.utf8.count && zip(utf8, other.utf8).allSatisfy { folded($0) == folded($1) }
    }
}
