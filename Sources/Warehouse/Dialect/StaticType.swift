/// The Snowflake type an expression has when it can be told from the expression alone, so results
/// of computed columns display as Snowflake shows them (`1 = 1` → TRUE, `v:a` → VARIANT). Column
/// references are left to SQLite, which reports their declared types itself.
enum StaticType {
    static let boolean = SnowflakeType(kind: .boolean)
    static let variant = SnowflakeType(kind: .variant)

    static let booleanFunctions: Set = ["IS_ARRAY", "IS_OBJECT", "IS_BOOLEAN", "IS_INTEGER", "IS_DECIMAL", "IS_DOUBLE", "IS_REAL",
                                        "IS_VARCHAR", "IS_CHAR", "TO_BOOLEAN", "TRY_TO_BOOLEAN", "IS_NULL_VALUE", "CONTAINS", "STARTSWITH", "ENDSWITH",
                                        "REGEXP_LIKE", "RLIKE", "EQUAL_NULL", "SYSTEM$STREAM_HAS_DATA", "ARRAY_CONTAINS", "ARRAYS_OVERLAP",
                                        "AS_BOOLEAN", "LIKE", "ILIKE"]
    /// Functions whose result is VARCHAR.
    static let textFunctions: Set = ["UPPER", "LOWER", "SUBSTR", "SUBSTRING", "TRIM", "LTRIM", "RTRIM", "REPLACE", "LEFT", "RIGHT",
                                     "REVERSE", "INITCAP", "LPAD", "RPAD", "SPLIT_PART", "STRTOK", "REGEXP_REPLACE", "REGEXP_SUBSTR",
                                     "CONCAT", "CONCAT_WS", "CHR", "CHAR", "REPEAT", "SPACE", "TRANSLATE", "MD5", "MD5_HEX", "SHA2", "SHA2_HEX", "UUID_STRING", "DAYNAME", "MONTHNAME"]
    static let variantFunctions: Set = ["PARSE_JSON", "TRY_PARSE_JSON", "OBJECT_CONSTRUCT", "ARRAY_CONSTRUCT", "ARRAY_AGG",
                                        "OBJECT_KEYS", "GET", "GET_PATH", "TO_VARIANT", "SPLIT", "ARRAY_APPEND", "ARRAY_PREPEND",
                                        "ARRAY_CAT", "ARRAY_INSERT", "ARRAY_DISTINCT", "ARRAY_COMPACT", "ARRAY_SLICE", "OBJECT_INSERT",
                                        "OBJECT_DELETE", "OBJECT_PICK", "STRIP_NULL_VALUE", "AS_ARRAY", "AS_OBJECT"]

    /// `columns` gives the declared type of a column reference, when the caller knows the tables.
    static func of(_ expression: Expression, columns: @escaping ([Identifier]) -> SnowflakeType? = { _ in nil }) -> SnowflakeType? {
        func of(_ e: Expression) -> SnowflakeType? { StaticType.of(e, columns: columns) }
        switch expression {
        case .column(let parts): return columns(parts)
        case .boolean: return boolean
        case .number(let text): return NumericType.literal(text)
        case .string: return SnowflakeType(kind: .text)
        case .cast(_, let type, _): return type
        case .path: return variant
        case .isNull, .between, .inList, .inQuery, .exists: return boolean
        case .unary(let op, let operand): return op == "NOT" ? boolean : of(operand)
        case .function("DIV0", let arguments, _, _) where arguments.count == 2, .function("DIV0NULL", let arguments, _, _) where arguments.count == 2:
            return NumericType.arithmetic("/", of(arguments[0]), of(arguments[1]))
        case .function("MOD", let arguments, _, _) where arguments.count == 2:
            return NumericType.arithmetic("%", of(arguments[0]), of(arguments[1]))
        case .binary(let op, let left, let right):
            if ["=", "<>", "!=", "<", "<=", ">", ">=", "AND", "OR", "LIKE", "ILIKE", "RLIKE"].contains(op) { return boolean }
            if case .function("INTERVAL", _, _, _) = right { return of(left) }
            if case .function("INTERVAL", _, _, _) = left { return of(right) }
            // Each side once: twice made a chain like `a + b + c + …` cost 2^n.
            let (leftType, rightType) = (of(left), of(right))
            let (l, r) = (leftType?.kind, rightType?.kind)
            if op == "-", l == .date, r == .date { return SnowflakeType(kind: .number, precision: 38, scale: 0) }
            if op == "+" || op == "-", l == .date || r == .date { return SnowflakeType(kind: .date) }
            return NumericType.arithmetic(op, leftType, rightType)
        case .function(let name, let arguments, _, _):
            if booleanFunctions.contains(name) { return boolean }
            if ["CURRENT_DATE", "LAST_DAY", "DATE_FROM_PARTS", "DATEFROMPARTS"].contains(name) { return SnowflakeType(kind: .date) }
            if ["TIMESTAMP_FROM_PARTS", "TIMESTAMPFROMPARTS", "TIMESTAMP_NTZ_FROM_PARTS"].contains(name) { return SnowflakeType(kind: .timestampNTZ, precision: 9) }
            if name == "ROUND", let type = arguments.first.flatMap(of), type.kind == .number {
                var places = 0
                if arguments.count == 2 { guard case .number(let k) = arguments[1], let n = Int(k) else { return nil }; places = n }
                return SnowflakeType(kind: .number, precision: 38, scale: max(0, min(places, type.scale ?? 0)))
            }
            if variantFunctions.contains(name) { return variant }
            if ["MIN", "MAX", "ANY_VALUE", "ABS", "NULLIF", "LEAD", "LAG", "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE"].contains(name),
               let first = arguments.first { return of(first) }
            if ["MIN_BY", "MAX_BY"].contains(name), let first = arguments.first { return arguments.count == 3 ? variant : of(first) }
            if name == "MEDIAN", let first = arguments.first { return of(first).map(Self.percentile) }
            if ["LISTAGG", "ARRAY_TO_STRING", "AS_VARCHAR", "AS_CHAR"].contains(name) || textFunctions.contains(name) { return SnowflakeType(kind: .text) }
            if ["LENGTH", "LEN", "POSITION", "CHARINDEX", "REGEXP_COUNT", "ASCII"].contains(name) { return SnowflakeType(kind: .number, precision: 38, scale: 0) }
            if ["AS_INTEGER", "ARRAY_POSITION"].contains(name) { return SnowflakeType(kind: .number, precision: 38, scale: 0) }
            if ["AS_DOUBLE", "AS_REAL"].contains(name) { return SnowflakeType(kind: .float) }
            if ["TO_NUMBER", "TO_DECIMAL", "TO_NUMERIC", "TRY_TO_NUMBER", "TRY_TO_DECIMAL", "TRY_TO_NUMERIC"].contains(name), arguments.count >= 2 {
                // (x, format [, p [, s]]) or (x, p [, s]): the scale is the last number when there are two.
                let numbers = arguments.dropFirst().filter { if case .number = $0 { return true } else { return false } }
                guard numbers.count == 2, case .number(let k) = numbers.last!, let scale = Int(k) else {
                    return SnowflakeType(kind: .number, precision: 38, scale: 0)
                }
                return SnowflakeType(kind: .number, precision: 38, scale: scale)
            }
            if ["AS_NUMBER", "AS_DECIMAL", "AS_NUMERIC"].contains(name) {
                var scale = 0
                if arguments.count == 3 { guard case .number(let k) = arguments[2], let s = Int(k) else { return nil }; scale = s }
                return SnowflakeType(kind: .number, precision: 38, scale: scale)
            }
            if name == "RATIO_TO_REPORT", let first = arguments.first, let type = of(first) {
                return NumericType.arithmetic("/", type, type.kind == .number ? SnowflakeType(kind: .number, precision: 38, scale: type.scale) : type)
            }
            if ["GREATEST", "LEAST"].contains(name) { return common(arguments, of) }
            if name == "AVG", arguments.count == 1, let type = of(arguments[0]), type.kind == .number || type.kind == .float {
                return type.kind == .float ? type : NumericType.arithmetic("/", type, SnowflakeType(kind: .number, precision: 38, scale: 0))
            }
            if name == "SUM", arguments.count == 1, let type = of(arguments[0]) {
                // SUM keeps a NUMBER's scale, so money adds up to cents, not to 0.30000000000000004.
                return type.kind == .number ? SnowflakeType(kind: .number, precision: 38, scale: type.scale) : type
            }
            if ["IFF", "NVL", "IFNULL", "COALESCE", "NVL2"].contains(name) {
                return common(name == "IFF" || name == "NVL2" ? Array(arguments.dropFirst()) : arguments, of)
            }
            return nil
        case .window(let call, _): return of(call)
        case .withinGroup(.function(let name, let arguments, _, _), let order):
            switch name {
            case "LISTAGG": return SnowflakeType(kind: .text)
            case "ARRAY_AGG": return variant
            case "PERCENTILE_DISC": return order.first.flatMap { of($0.expression) }
            case "PERCENTILE_CONT": return order.first.flatMap { of($0.expression) }.map(Self.percentile)
            default: return of(.function(name: name, arguments: arguments, distinct: false, star: false))
            }
        case .caseWhen(_, let branches, let otherwise):
            return common(branches.map(\.1) + (otherwise.map { [$0] } ?? []), of)
        default:
            return nil
        }
    }

    /// MEDIAN's and PERCENTILE_CONT's type: a NUMBER gains three decimals (MEDIAN of 1, 3, 10 shows
    /// 3.000), a FLOAT stays FLOAT.
    static func percentile(_ type: SnowflakeType) -> SnowflakeType {
        type.kind == .number ? SnowflakeType(kind: .number, precision: 38, scale: min(37, (type.scale ?? 0) + 3)) : type
    }

    /// The type of an expression that is one of `alternatives` (IFF, CASE, COALESCE, GREATEST…), as
    /// Snowflake unifies them: a FLOAT among NUMBERs makes FLOAT, NUMBERs keep the largest scale. When
    /// one alternative's type is unknown (a column of a subquery), or kinds cannot be unified here,
    /// the answer is unknown and the values display as SQLite holds them: `IFF(x > 0, x, 0)` with a
    /// FLOAT x once took its type from the `0` alone and showed 133.06 as 133.
    static func common(_ alternatives: [Expression], _ of: (Expression) -> SnowflakeType?) -> SnowflakeType? {
        var result: SnowflakeType?
        for alternative in alternatives {
            if case .null = alternative { continue }
            guard let type = of(alternative) else { return nil }
            guard let sofar = result else { result = type; continue }
            switch (sofar.kind, type.kind) {
            case (.number, .number):
                result = SnowflakeType(kind: .number, precision: 38, scale: max(sofar.scale ?? 0, type.scale ?? 0))
            case (.float, .number), (.number, .float), (.float, .float):
                result = SnowflakeType(kind: .float)
            case let (a, b) where a == b:
                continue
            default:
                return nil
            }
        }
        return result
    }
}

extension QueryBody {
    /// Every SELECT of the body, left to right.
    var cores: [SelectCore] {
        switch self {
        case .select(let core): return [core]
        case .compound(let left, _, let right): return left.cores + right.cores
        case .parenthesized(let inner): return inner.body.cores
        }
    }

    /// The first SELECT of the body, whose items name and type the result columns.
    var firstCore: SelectCore? {
        switch self {
        case .select(let core): return core
        case .compound(let left, _, _): return left.firstCore
        case .parenthesized(let inner): return inner.body.firstCore
        }
    }
}

extension Expression {
    /// True for a VARIANT path (`v:a.b`, `v['a']`).
    var isPath: Bool { if case .path = self { return true } else { return false } }
}
