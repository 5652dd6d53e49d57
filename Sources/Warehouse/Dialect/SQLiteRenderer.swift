/// Renders parsed Snowflake SQL as SQLite SQL. Table names are resolved by the warehouse (which
/// knows the attached databases); QUALIFY needs the column names of the query it filters.
public struct SQLiteRenderer {
    /// `db.schema.table` → the SQLite table reference.
    public var tableName: ([Identifier]) throws -> String
    /// The result column names of a SQLite query (QUALIFY wraps its query and lists them).
    public var columnNames: (String) throws -> [String]

    /// Every function name SQLite knows on this connection (nil: do not check names).
    public var knownFunctions: Set<String>?
    /// Loads a stage's records for a query and returns the table that holds them.
    public var stageTable: (StageLocation, _ formatName: String?, _ pattern: String?) throws -> String = { location, _, _ in
        throw UnsupportedFeature(feature: "querying @\(location.stage.name) outside a warehouse", hint: "run the query in a warehouse")
    }
    /// What CURRENT_DATABASE() and its kin answer (DATABASE, SCHEMA, WAREHOUSE, ROLE, USER).
    public var sessionObject: (String) -> String? = { _ in nil }
    /// The value of a SYSTEM$ function as SQL, worked out before the query runs (SYSTEM$PIPE_STATUS).
    public var systemFunction: (String, [String]) throws -> String = { name, _ in
        throw UnsupportedFeature(feature: name, hint: "wh has SYSTEM$PIPE_STATUS")
    }
    /// The SELECT a table function (VALIDATE, COPY_HISTORY) stands for.
    public var tableFunction: (String, [NamedArgument]) throws -> String = { name, _ in
        throw UnsupportedFeature(feature: "table function \(name)", hint: "wh has VALIDATE and INFORMATION_SCHEMA.COPY_HISTORY")
    }
    /// FLATTEN aliases in scope, for mapping their SEQ, KEY, PATH, INDEX, VALUE and THIS columns.
    var flattens: [String: FlattenCall] = [:]
    /// Beside a FLATTEN, SQLite's json_each adds hidden columns (ID, TYPE, JSON …) that make a bare
    /// `id` ambiguous: such names are qualified with the table that has them.
    var hiddenColumnOwners: [String: String] = [:]
    /// The FLATTEN aliases of the SELECT being rendered (not of enclosing ones): bare VALUE, KEY …
    /// mean these.
    var localFlattens: [String] = []
    /// What SEQ is for each FLATTEN alias (see `nameFlattens`).
    var flattenSequences: [String: String] = [:]
    /// The columns of the tables a FROM reads (set by the warehouse): their types, so casts and
    /// conversions of VARIANT columns take the element's value, and their exact names.
    public var declaredColumns: ([TableExpression]) throws -> DeclaredColumns = { _ in DeclaredColumns() }
    /// The types of the column references of the SELECT being rendered: its tables', FLATTENs',
    /// subqueries' and CTEs'.
    var columnTypes: ([Identifier]) -> SnowflakeType? = { _ in nil }
    /// How a column reference stands against the declared names of the tables of the SELECTs being
    /// rendered, innermost first (`notHere` outside a SELECT, and in ORDER BY, which may name the
    /// select list's aliases).
    var columnNameMatch: ([Identifier]) -> DeclaredColumns.Match = { _ in .notHere }
    /// The result column types of the CTEs in scope, by name.
    var cteTypes: [String: [(name: String, type: SnowflakeType?)]] = [:]
    /// The result column names of the CTEs in scope, by name (nil where not all are known).
    var cteNames: [String: [String]?] = [:]
    /// The sources of the SELECT being rendered whose column names are all known, and whether that
    /// is every source of its FROM (a `*` in its select list then stands for their names).
    var namedSources = DeclaredColumns()
    var everySourceNamed = false

    /// The Snowflake type of `expression` when known from it and the columns in scope.
    func staticType(of expression: Expression) -> SnowflakeType? { StaticType.of(expression, columns: columnTypes) }

    public init(tableName: @escaping ([Identifier]) throws -> String, columnNames: @escaping (String) throws -> [String],
                knownFunctions: Set<String>? = nil) {
        self.tableName = tableName
        self.columnNames = columnNames
        self.knownFunctions = knownFunctions
    }

    /// A renderer with no warehouse behind it: names render as written, QUALIFY is refused.
    public static var detached: SQLiteRenderer { SQLiteRenderer(tableName: { $0.map(\.sql).joined(separator: ".") }, columnNames: { _ in
        throw UnsupportedFeature(feature: "QUALIFY outside a warehouse", hint: "run the query in a warehouse")
    }) }

    /// Renders an expression without a warehouse (for DEFAULT clauses and tests).
    public static func render(_ expression: Expression) throws -> String { try detached.render(expression) }

    public func render(_ expression: Expression) throws -> String {
        switch expression {
        case .null: return "NULL"
        case .parameter(let n): return "?\(n)"
        case .boolean(let b): return b ? "1" : "0"
        case .number(let n): return n
        case .string(let s): return Self.quote(s)
        case .column(let parts) where parts.count >= 2 && parts.last == Identifier("NEXTVAL"):
            // `seq.NEXTVAL`: the sequence's next value, one a row.
            return "wh_nextval(\(Self.quote(parts[parts.count - 2].name)))"
        case .column(let parts):
            if let mapped = try flattenColumn(parts) { return mapped }
            switch columnNameMatch(parts) {
            case .onlyIgnoringCase(let written, let declared):
                throw CatalogError.columnDiffersOnlyInCase(reference: parts.map { Identifier.display($0.name) }.joined(separator: "."),
                                                           written: written, declared: declared)
            case .alsoInAnotherCase(let written, let other):
                throw CatalogError.columnsDifferingOnlyInCase(reference: parts.map { Identifier.display($0.name) }.joined(separator: "."),
                                                              written: written, other: other)
            case .exact, .notHere:
                break
            }
            guard parts.count <= 3 else {
                // SQLite's syntax stops at schema.table.column; a database part means nothing here.
                throw UnsupportedFeature(feature: "the column name \(parts.map(\.name).joined(separator: ".")) (\(parts.count) parts)",
                                         hint: "name a column as column, table.column or schema.table.column: a warehouse file is one database")
            }
            // schema.table as FROM names it (PUBLIC.T is "T" there, and SQLite has no schema PUBLIC).
            if parts.count == 3 { return try tableName(Array(parts[0..<2])) + "." + parts[2].sql }
            return parts.map(\.sql).joined(separator: ".")
        case .function(let name, let arguments, _, _) where arguments.count == 1 && Self.conversions[name] != nil:
            // TO_VARCHAR(x), TO_NUMBER(x) … are casts (so a VARIANT converts from its element's value).
            return try render(.cast(arguments[0], Self.conversions[name]!, isTry: name.hasPrefix("TRY_")))
        case .function("INTERVAL", _, _, _):
            throw UnsupportedFeature(feature: "INTERVAL outside value ± INTERVAL", hint: "add it to or subtract it from a DATE or TIMESTAMP")
        case .function(let name, let arguments, let distinct, let star):
            // Rendered once: rendering an argument may read a stage or pin a stream.
            if name == "AVG", let average = try numberAverage(expression, over: "") { return average }
            if name == "SUM", let (sum, divisor) = try exactSum(expression) { return "(\(sum) / \(divisor))" }
            if let ordered = try orderedAggregate(name, arguments, distinct: distinct, order: nil) { return ordered }
            return try function(name, arguments, distinct: distinct, star: star)
        case .unary(let op, let operand):
            return op == "NOT" ? "(NOT \(try condition(operand)))" : "(\(op)\(try render(operand)))"
        case .binary(let op, let left, let right):
            // A VARIANT compared with anything compares by its value, as in Snowflake: a JSON string
            // equals the same text, numbers compare as numbers (not as JSON text).
            if op == "+" || op == "-", let datetime = try dateArithmetic(op, left, right) { return datetime }
            if let arithmetic = try numericArithmetic(op, left, right) { return arithmetic }
            if op == "||" { return "(\(try text(of: left)) || \(try text(of: right)))" }
            if op == "AND" || op == "OR" { return "(\(try condition(left)) \(op) \(try condition(right)))" }
            if op == "LIKE" || op == "ILIKE" { return try function(op, [left, right], distinct: false, star: false) }
            if op == "RLIKE" { return "wh_regexp_like(\(try textArgument(left)), \(try textArgument(right)))" }
            let compares = Self.comparisons.contains(op)
            var l = compares ? try comparable(left, with: right) : try render(left)
            var r = compares ? try comparable(right, with: left) : try render(right)
            if compares { (l, r) = Self.comparingDatesWithTimestamps(l, staticType(of: left), r, staticType(of: right)) }
            switch op {
            case "!=": return "(\(l) <> \(r))"
            default: return "(\(l) \(op) \(r))"
            }
        case .cast(let value, let type, let isTry) where type.kind != .variant && (staticType(of: value)?.kind == .variant || value.isPath):
            // Casting a VARIANT takes its element's value: "x" becomes x, JSON null NULL, true 'true' as text.
            return try cast(try variantValue(value, asText: type.kind == .text), to: type, isTry: isTry)
        case .cast(let value, let type, _) where type.kind == .text:
            return try text(of: value)
        case .cast(let value, let type, let isTry):
            return try cast(try render(value), to: type, isTry: isTry)
        case .isNull(let value, let negated):
            return "(\(try render(value)) IS \(negated ? "NOT " : "")NULL)"
        case .between(let value, let low, let high, let negated):
            return "(\(try comparable(value, with: low)) \(negated ? "NOT " : "")BETWEEN \(try comparable(low, with: value)) AND \(try comparable(high, with: value)))"
        case .inList(let value, let items, let negated):
            return "(\(try comparable(value, with: items.first ?? .null)) \(negated ? "NOT " : "")IN (\(try items.map { try comparable($0, with: value) }.joined(separator: ", "))))"
        case .caseWhen(let operand, let branches, let otherwise):
            // CASE x WHEN v compares as x = v does (text meeting a number is a number …).
            var out = "CASE"
            if let operand { out += " " + (try comparable(operand, with: branches.first?.0 ?? .null)) }
            for (when, result) in branches {
                out += " WHEN \(try operand.map { try comparable(when, with: $0) } ?? (try condition(when))) THEN \(try render(result))"
            }
            if let otherwise { out += " ELSE \(try render(otherwise))" }
            return out + " END"
        case .subquery(let query): return "(\(try render(query)))"
        case .exists(let query): return "(EXISTS (\(try render(query))))"
        case .inQuery(let value, let query, let negated):
            // Compared as x = column is: text on either side meets the other's type.
            let column = try resultColumns(withCTEsOf: query).typed.first
            var values = try render(query)
            if let column, column.type?.kind == .text, [.number, .float].contains(staticType(of: value)?.kind) {
                values = "SELECT wh_text_number(\"__wh_in\".\(Identifier(column.name, quoted: true).sql), 0) FROM (\(values)) AS \"__wh_in\""
            }
            return "(\(try comparable(value, withType: column?.type)) \(negated ? "NOT " : "")IN (\(values)))"
        case .path(let base, let steps):
            // `->` keeps JSON: a string comes back quoted, JSON null as null, a missing path as SQL NULL.
            return "(\(try render(base)) -> \(try jsonPath(steps)))"
        case .window(.function("RATIO_TO_REPORT", let arguments, false, false), var window) where arguments.count == 1:
            // The value over its partition's sum (the window's order does not matter); NULL when the sum is 0.
            window.orderBy = []
            window.frame = nil
            let sum = Expression.window(.function(name: "SUM", arguments: arguments, distinct: false, star: false), window)
            return try render(.binary(op: "/", arguments[0], .function(name: "NULLIF", arguments: [sum, .number("0")], distinct: false, star: false)))
        case .withinGroup(.function(let name, let arguments, let distinct, false), let order):
            guard let ordered = try orderedAggregate(name, arguments, distinct: distinct, order: order) else {
                throw UnsupportedFeature(feature: "\(name) with \(arguments.count) arguments and WITHIN GROUP", hint: "check the arguments")
            }
            return ordered
        case .withinGroup:
            throw UnsupportedFeature(feature: "WITHIN GROUP after something that is not a function call", hint: "write LISTAGG(x, ',') WITHIN GROUP (ORDER BY x)")
        case .window(let call, let window):
            var parts: [String] = []
            if !window.partitionBy.isEmpty { parts.append("PARTITION BY " + (try window.partitionBy.map(render).joined(separator: ", "))) }
            if !window.orderBy.isEmpty { parts.append("ORDER BY " + (try render(window.orderBy))) }
            if let frame = window.frame {
                parts.append(frame)
            } else if !window.orderBy.isEmpty, case .function(let name, _, _, _) = call, Self.wholePartitionByDefault.contains(name) {
                // Snowflake's default frame for these is the whole partition; SQLite's (and the
                // standard's) ends at the current row, which would give LAST_VALUE the row itself.
                parts.append("ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING")
            }
            let over = " OVER (\(parts.joined(separator: " ")))"
            if let (sum, divisor) = try exactSum(call) { return "(\(sum)\(over) / \(divisor))" }
            if let average = try numberAverage(call, over: over) { return average }
            switch call {
            case .withinGroup(.function(let name, let arguments, let distinct, false), let order):
                if let ordered = try orderedAggregate(name, arguments, distinct: distinct, order: order, over: over) { return ordered }
            case .function(let name, let arguments, let distinct, false):
                if let ordered = try orderedAggregate(name, arguments, distinct: distinct, order: nil, over: over) { return ordered }
            default: break
            }
            return "\(try render(call))\(over)"
        }
    }

    static let comparisons: Set = ["=", "<>", "!=", "<", "<=", ">", ">="]

    /// An operand of a comparison: a VARIANT by its SQL value (`"x"` → x, 5 → 5), anything else as it is.
    /// Compared with a value of a known type, a VARIANT is cast to that type first, as Snowflake does
    /// (`v:flag = 'true'`, `v:n = '5'` hold); compared with an unknown or another VARIANT it compares
    /// its element's value. Text compared with a number, a BOOLEAN, a DATE or a TIMESTAMP_NTZ is
    /// cast to it, as Snowflake coerces it (`'10' > 9` holds, `'abc' = 1` is an error, a timestamp
    /// equals '2024-01-05 10:00'); SQLite compared it as text, or found any text greater than any number.
    func comparable(_ expression: Expression, with other: Expression) throws -> String {
        try comparable(expression, withType: staticType(of: other))
    }

    /// `comparable(_:with:)` given the other side's type (an IN subquery's column).
    func comparable(_ expression: Expression, withType otherType: SnowflakeType?) throws -> String {
        let kind = staticType(of: expression)?.kind
        if kind == .text, let target = otherType {
            switch target.kind {
            case .number, .float: return "wh_text_number(\(try render(expression)), 0)"
            // Dates and timestamps are held as canonical text: '2024-1-4' or '… 10:00:00' (held as
            // '… 10:00:00.000000') compared as written gave other answers.
            case .boolean, .date, .timestampNTZ: return try cast(try render(expression), to: SnowflakeType(kind: target.kind), isTry: false)
            default: break
            }
        }
        guard kind == .variant else { return try render(expression) }
        if let type = otherType, type.kind != .variant, ![.object, .array, .binary, .time].contains(type.kind) {
            // A number compares as a number (at the VARIANT's own precision, not the other side's scale).
            let target = type.kind == .number ? SnowflakeType(kind: .float) : type
            return try render(.cast(expression, target, isTry: false))
        }
        return try variantValue(expression, asText: false)
    }

    /// A VARIANT's element as an SQL value: strings unquoted, numbers as numbers, JSON null as NULL;
    /// `asText` gives booleans as 'true'/'false' (SQLite's `->>` gives 1/0), as a cast to text does.
    func variantValue(_ expression: Expression, asText: Bool) throws -> String {
        let json: String, value: String
        if case .path(let base, let steps) = expression {
            let (b, path) = (try render(base), try jsonPath(steps))
            (json, value) = ("(\(b) -> \(path))", "(\(b) ->> \(path))")
        } else {
            let rendered = try render(expression)
            (json, value) = (rendered, "(\(rendered) ->> '$')")
        }
        return asText ? "(CASE json_type(\(json)) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE \(value) END)" : value
    }

    /// DATE ± integer (days) and DATE − DATE (days between), as Snowflake does them; nil when neither
    /// side is a DATE. Arithmetic on TIMESTAMP or TIME values is refused: wh cannot give Snowflake's answer.
    func dateArithmetic(_ op: String, _ left: Expression, _ right: Expression) throws -> String? {
        if let interval = try intervalArithmetic(op, left, right) { return interval }
        let lt = staticType(of: left)?.kind, rt = staticType(of: right)?.kind
        let clock: Set<SnowflakeType.Kind> = [.time, .timestampNTZ, .timestampLTZ, .timestampTZ]
        if let kind = [lt, rt].compactMap({ $0 }).first(where: clock.contains) {
            throw UnsupportedFeature(feature: "\(op == "+" ? "adding to" : "subtracting from") a \(SnowflakeType(kind: kind).description) value with \(op)",
                                     hint: "use DATEADD(unit, n, value) or DATEDIFF(unit, a, b)")
        }
        guard lt == .date || rt == .date else { return nil }
        let l = try render(left), r = try render(right)
        switch (lt == .date, rt == .date, op) {
        case (true, true, "-"): return "CAST(round(julianday(\(l)) - julianday(\(r))) AS INTEGER)"
        case (true, false, _): return "date(\(l), printf('%+d days', \(op == "-" ? "-" : "")(\(r))))"
        case (false, true, "+"): return "date(\(r), printf('%+d days', \(l)))"
        default: throw UnsupportedFeature(feature: "\(op == "+" ? "adding two DATEs" : "subtracting a DATE from a number")",
                                          hint: "DATE − DATE gives days; DATE ± n adds days")
        }
    }

    /// Fixed-point arithmetic with Snowflake's result scale: a sum, difference or product of NUMBERs
    /// is rounded to its scale (so 0.1 + 0.2 = 0.3 holds), and every division goes through
    /// wh_divide: decimal division rounded half away from zero to Snowflake's scale, "Division by
    /// zero" for a zero divisor. Integer + − * stay SQLite's exact integer arithmetic.
    func numericArithmetic(_ op: String, _ left: Expression, _ right: Expression) throws -> String? {
        guard ["+", "-", "*", "/", "%"].contains(op) else { return nil }
        let lt = staticType(of: left), rt = staticType(of: right)
        if lt?.kind == .boolean || rt?.kind == .boolean {
            // Snowflake has no arithmetic on BOOLEAN (SQLite's TRUE + 1 is 2).
            throw CompilationError(problem: "Invalid argument types for function '\(op)': (\(lt?.description ?? "?"), \(rt?.description ?? "?"))",
                                   hint: "cast the BOOLEAN to a number first: IFF(b, 1, 0) or b::NUMBER")
        }
        let coerced: Set<SnowflakeType.Kind?> = [.text, .variant]
        if coerced.contains(lt?.kind) || coerced.contains(rt?.kind) {
            // Text, or a VARIANT's value, is a number here, as Snowflake coerces it ('5' + 1 and
            // PARSE_JSON('"5"') + 1 are 6; 'abc' + 1 an error). SQLite read the JSON text '"5"' as 0.
            func number(_ side: Expression, _ type: SnowflakeType?) throws -> String {
                switch type?.kind {
                case .text?: return "wh_text_number(\(try render(side)), 0)"
                case .variant?: return "wh_text_number(\(try variantValue(side, asText: false)), 0)"
                default: return try render(side)
                }
            }
            let (l, r) = (try number(left, lt), try number(right, rt))
            switch op {
            case "/": return "wh_divide(\(l), \(r), NULL)"
            case "%": return "wh_mod(\(l), \(r), NULL)"
            default: return "(\(l) \(op) \(r))"
            }
        }
        if op == "%" { return remainder(left, right, try render(left), try render(right)) }
        let result = NumericType.arithmetic(op, lt, rt)
        if op == "/" {
            let scale = result.map { $0.kind == .number ? String($0.scale ?? 0) : "-1" } ?? "NULL"
            return "wh_divide(\(try render(left)), \(try render(right)), \(scale))"
        }
        guard let result, result.kind == .number, let scale = result.scale else { return nil }
        if scale == 0 {
            // SQLite turns an integer result past 64 bits into a double: refused instead, when it can happen.
            guard (result.precision ?? 38) > 18 else { return nil }
            // Without parentheses of its own: each level of them costs SQLite's parser stack.
            return "wh_to_number(\(try render(left)) \(op) \(try render(right)), 0, 0)"
        }
        // Rounded as a decimal to the result's scale (Snowflake cuts a product's scale at 12), and
        // refused past the 15 significant digits a double keeps exactly.
        return "wh_to_number(\(try render(left)) \(op) \(try render(right)), 0, \(scale))"
    }

    /// `a % b` and MOD(a, b): SQLite's `%` cuts both sides to integers and gives NULL for a zero
    /// divisor, its mod() gives a FLOAT. Two integer NUMBERs by a nonzero integer literal stay
    /// SQLite's `%` (the same answer, and the common `id % 10`); the rest is wh_mod. `l` and `r`
    /// are the sides already rendered (rendering twice could read a stage twice).
    func remainder(_ left: Expression, _ right: Expression, _ l: String, _ r: String) -> String {
        let lt = staticType(of: left), rt = staticType(of: right)
        let isInteger = { (t: SnowflakeType?) in t?.kind == .number && (t?.scale ?? 0) == 0 }
        if isInteger(lt), isInteger(rt), case .number(let text) = right, let n = Int64(text), n != 0 {
            return "(\(l) % \(r))"
        }
        let scale: String
        switch (lt?.kind, rt?.kind) {
        case (.float?, _), (_, .float?): scale = "-1"
        case (.number?, .number?): scale = String(max(lt?.scale ?? 0, rt?.scale ?? 0))
        default: scale = "NULL"
        }
        return "wh_mod(\(l), \(r), \(scale))"
    }

    /// SUM of a NUMBER(p,s) with s > 0 adds exact integers (the values scaled by 10^s), not doubles:
    /// the aggregate and the divisor that scales it back; nil for any other call. SQLite reports an
    /// integer overflow rather than losing digits.
    func exactSum(_ call: Expression) throws -> (String, String)? {
        guard case .function("SUM", let arguments, let distinct, false) = call, arguments.count == 1,
              let type = staticType(of: arguments[0]), type.kind == .number, let scale = type.scale, scale > 0, scale <= 15 else { return nil }
        let factor = "1e\(scale)"
        return ("sum(\(distinct ? "DISTINCT " : "")CAST(round((\(try render(arguments[0]))) * \(factor)) AS INTEGER))", factor)
    }

    /// AVG of a NUMBER: its exact SUM divided by the count as a decimal, with division's scale
    /// (Snowflake's AVG of integers shows six decimals); `over` is a window clause or empty.
    func numberAverage(_ call: Expression, over: String) throws -> String? {
        guard case .function("AVG", let arguments, let distinct, false) = call, arguments.count == 1,
              let type = staticType(of: arguments[0]), type.kind == .number,
              let result = NumericType.arithmetic("/", type, SnowflakeType(kind: .number, precision: 38, scale: 0)) else { return nil }
        let sumCall = Expression.function(name: "SUM", arguments: arguments, distinct: distinct, star: false)
        let sum = try exactSum(sumCall).map { "(\($0.0)\(over) / \($0.1))" } ?? "sum(\(distinct ? "DISTINCT " : "")\(try render(arguments[0])))\(over)"
        let count = "count(\(distinct ? "DISTINCT " : "")\(try render(arguments[0])))\(over)"
        return "wh_divide(\(sum), \(count), \(result.scale ?? 6))"
    }

    /// `value ± INTERVAL '1 year, 2 hours'` (or `INTERVAL … + value`): one DATEADD per part, as
    /// Snowflake adds an interval; nil when no side is an INTERVAL.
    func intervalArithmetic(_ op: String, _ left: Expression, _ right: Expression) throws -> String? {
        func interval(_ e: Expression) -> String? {
            if case .function("INTERVAL", let arguments, _, _) = e, case .string(let text)? = arguments.first { return text }
            return nil
        }
        let (value, text): (Expression, String)
        if let t = interval(right) {
            (value, text) = (left, t)
        } else if let t = interval(left), op == "+" {
            (value, text) = (right, t)
        } else if interval(left) != nil {
            throw UnsupportedFeature(feature: "subtracting a value from an INTERVAL", hint: "write value - INTERVAL '…'")
        } else {
            return nil
        }
        let datetime: Set<SnowflakeType.Kind> = [.date, .timestampNTZ, .timestampLTZ, .timestampTZ]
        guard let kind = staticType(of: value)?.kind, datetime.contains(kind) else {
            throw UnsupportedFeature(feature: "INTERVAL arithmetic on a value that is not a DATE or TIMESTAMP",
                                     hint: "cast it first: '2025-03-17'::DATE + INTERVAL '1 day'")
        }
        var sql = try render(value)
        for (amount, unit) in try Self.intervalParts(text) {
            sql = "wh_dateadd('\(unit)', \(op == "-" ? -amount : amount), \(sql))"
        }
        return sql
    }

    /// `'1 year, 2 hours'` → [(1, "year"), (2, "hour")]; a number without a unit is seconds, as in Snowflake.
    static func intervalParts(_ text: String) throws -> [(Int64, String)] {
        let words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        var parts: [(Int64, String)] = []
        var index = 0
        while index < words.count {
            guard let amount = Int64(words[index]) else {
                throw UnsupportedFeature(feature: "INTERVAL '\(text)'", hint: "write whole numbers with units, like INTERVAL '1 day, 2 hours'")
            }
            index += 1
            var unit = "second"
            if index < words.count, Int64(words[index]) == nil {
                guard let part = DatePart(words[index]), ![.dayofweek, .dayofyear, .epochSecond].contains(part) else {
                    throw UnsupportedFeature(feature: "INTERVAL unit '\(words[index])'", hint: "use years, months, days, hours, minutes, seconds …")
                }
                unit = part.rawValue
                index += 1
            }
            parts.append((amount, unit))
        }
        guard !parts.isEmpty else { throw UnsupportedFeature(feature: "an empty INTERVAL", hint: "write INTERVAL '1 day'") }
        return parts
    }

    /// A DATE compared with a TIMESTAMP is that day at midnight, as in Snowflake.
    static func comparingDatesWithTimestamps(_ l: String, _ lt: SnowflakeType?, _ r: String, _ rt: SnowflakeType?) -> (String, String) {
        let stamps: Set<SnowflakeType.Kind> = [.timestampNTZ, .timestampLTZ, .timestampTZ]
        if lt?.kind == .date, let kind = rt?.kind, stamps.contains(kind) { return ("(\(l) || ' 00:00:00.000000')", r) }
        if rt?.kind == .date, let kind = lt?.kind, stamps.contains(kind) { return (l, "(\(r) || ' 00:00:00.000000')") }
        return (l, r)
    }

    /// One-argument conversion functions and the type each casts to.
    static let conversions: [String: SnowflakeType] = {
        let number = SnowflakeType(kind: .number, precision: 38, scale: 0)
        var table: [String: SnowflakeType] = ["TO_VARCHAR": SnowflakeType(kind: .text), "TO_CHAR": SnowflakeType(kind: .text)]
        for (names, type) in [(["TO_DOUBLE"], SnowflakeType(kind: .float)), (["TO_NUMBER", "TO_DECIMAL", "TO_NUMERIC"], number),
                              (["TO_BOOLEAN"], SnowflakeType(kind: .boolean)), (["TO_TIMESTAMP", "TO_TIMESTAMP_NTZ"], SnowflakeType(kind: .timestampNTZ)),
                              (["TO_DATE"], SnowflakeType(kind: .date))] {
            for name in names { table[name] = type; table["TRY_" + name] = type }
        }
        return table
    }()

    /// Window functions whose default frame in Snowflake, given an ORDER BY, is the whole partition.
    static let wholePartitionByDefault: Set = ["FIRST_VALUE", "LAST_VALUE", "NTH_VALUE"]

    /// A single-quoted SQLite string literal.
    /// `s` as an SQLite string literal. A NUL inside is written as `char(0)`: SQLite reads SQL text
    /// only up to a NUL, so one inside a literal would cut the statement short.
    public static func quote(_ s: String) -> String {
        // By scalar: a NUL followed by a combining mark is one Character, which Character-wise
        // search would not find.
        guard s.unicodeScalars.contains("\0") else { return "'" + s.replacingEvery("'", with: "''") + "'" }
        return "(" + s.unicodeScalars.split(separator: "\0", omittingEmptySubsequences: false)
            .map { quote(String(String.UnicodeScalarView($0))) }.joined(separator: " || char(0) || ") + ")"
    }

    /// A SQLite JSON path for VARIANT path steps: a literal when every step is, else built at run time.
    func jsonPath(_ steps: [PathStep]) throws -> String {
        var literal = "$"
        var dynamic: [String] = []
        for step in steps {
            switch step {
            case .key(let key):
                let simple = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !key.first!.isNumber
                literal += simple ? "." + key : ".\"" + key.replacingEvery("\"", with: "\\\"") + "\""
            case .index(.number(let n)):
                literal += "[\(n)]"
            case .index(let value):
                dynamic.append(Self.quote(literal))
                dynamic.append("'[' || \(try render(value)) || ']'")
                literal = ""
            }
        }
        if dynamic.isEmpty { return Self.quote(literal) }
        if !literal.isEmpty { dynamic.append(Self.quote(literal)) }
        return "(" + dynamic.joined(separator: " || ") + ")"
    }

    /// An expression's value as text, as Snowflake casts it to VARCHAR: a NUMBER with its scale's
    /// decimals (`300.00`), a BOOLEAN as `true`/`false`, a VARIANT's element value.
    func text(of value: Expression) throws -> String {
        let type = staticType(of: value)
        if type?.kind == .variant || value.isPath {
            return try cast(try variantValue(value, asText: true), to: SnowflakeType(kind: .text), isTry: false)
        }
        let sql = try render(value)
        switch type?.kind {
        case .number? where (type?.scale ?? 0) > 0: return "wh_number_text(\(sql), \(type?.scale ?? 0))"
        case .boolean?: return "(CASE WHEN \(sql) IS NULL THEN NULL WHEN \(sql) THEN 'true' ELSE 'false' END)"
        case .text?: return sql
        // Snowflake's TIMESTAMP_OUTPUT_FORMAT, milliseconds (wh holds microseconds: 10:00:00.000000).
        case .timestampNTZ?: return "wh_to_char(\(sql), 'YYYY-MM-DD HH24:MI:SS.FF3', NULL, 0)"
        default: return try cast(sql, to: SnowflakeType(kind: .text), isTry: false)
        }
    }

    /// A string function's argument as Snowflake's implicit cast to VARCHAR reads it, where SQLite's
    /// own text of the value differs (a NUMBER's decimals, FLOAT, BOOLEAN, VARIANT, dates); text,
    /// BINARY, integers and values of no known type as they are.
    func textArgument(_ value: Expression) throws -> String {
        let type = staticType(of: value)
        switch type?.kind {
        case .text?, .binary?: return try render(value)
        case nil: return value.isPath ? try text(of: value) : try render(value)
        case .number? where (type?.scale ?? 0) == 0: return try render(value)
        default: return try text(of: value)
        }
    }

    /// An expression where a BOOLEAN is wanted (WHERE, ON, HAVING, QUALIFY, CASE WHEN, IFF, NOT,
    /// AND, OR): text is cast to BOOLEAN as Snowflake coerces it ('true', 'yes', 'on', '1' …; other
    /// text an error). SQLite read any text as a number, so WHERE 'true' kept no row.
    func condition(_ expression: Expression) throws -> String {
        switch staticType(of: expression)?.kind {
        case .text?: return try cast(try render(expression), to: SnowflakeType(kind: .boolean), isTry: false)
        // A VARIANT's value: JSON true/false, or a string such as "true" ('->' gave JSON text, false as a truthy 'false').
        case .variant?: return try cast(try variantValue(expression, asText: true), to: SnowflakeType(kind: .boolean), isTry: false)
        default: return try render(expression)
        }
    }

    /// Casts call wh's conversions, which fail like Snowflake (`Numeric value 'abc' is not
    /// recognized`) where SQLite's CAST would quietly give 0; TRY_CAST gives NULL instead.
    func cast(_ value: String, to type: SnowflakeType, isTry: Bool) throws -> String {
        let flag = isTry ? "1" : "0"
        switch type.kind {
        case .float: return "wh_to_float(\(value), \(flag))"
        case .number:
            // NUMBER(p,s) holds p - s integer digits: 1000::NUMBER(3,0) is Snowflake's out-of-range error.
            let precision = type.precision.map { $0 < 38 ? ", \($0)" : "" } ?? ""
            return "wh_to_number(\(value), \(flag), \(type.scale ?? 0)\(precision))"
        case .boolean: return "wh_to_boolean(\(value), \(flag))"
        case .text: return "wh_to_varchar(\(value), \(flag))"
        case .timestampNTZ, .timestampLTZ, .timestampTZ: return "wh_to_timestamp(\(value), \(flag))"
        case .date: return "wh_to_date(\(value), \(flag))"
        case .variant: return "json_quote(\(value))"
        case .time, .object, .array, .binary:
            throw UnsupportedFeature(feature: "\(isTry ? "TRY_CAST" : "CAST") to \(type)",
                                     hint: "this cast arrives with the rest of the Snowflake dialect")
        }
    }
}

/// A Snowflake feature wh does not translate (yet): named, never silently mistranslated.
public struct UnsupportedFeature: WarehouseError, Equatable, Sendable {
    public var feature: String
    public var hint: String?
    public var message: String { "\(feature) is not supported by wh yet" }
}
