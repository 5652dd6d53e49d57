extension SQLiteRenderer {
    /// Functions whose first argument is a date or time part written as a bare word (`DATEADD(day, …)`).
    static let datePartFunctions: Set = ["DATEADD", "TIMEADD", "TIMESTAMPADD", "DATEDIFF", "TIMEDIFF", "TIMESTAMPDIFF",
                                         "DATE_TRUNC", "DATE_PART"]

    /// Snowflake functions wh translates, by name: SQLite spells them differently or not at all.
    static let translatedFunctions: Set<String> = arrayObjectFunctions.union([
        "CURRENT_TIMESTAMP", "SYSDATE", "GETDATE", "LOCALTIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "IFF", "NVL",
        "NVL2", "ZEROIFNULL", "NULLIFZERO", "DIV0", "DIV0NULL", "ROUND", "DECODE", "EQUAL_NULL", "TO_DOUBLE", "TRY_TO_DOUBLE", "TO_NUMBER",
        "TO_DECIMAL", "TO_NUMERIC", "TRY_TO_NUMBER", "TRY_TO_DECIMAL", "TRY_TO_NUMERIC", "TO_BOOLEAN", "TRY_TO_BOOLEAN",
        "TO_TIMESTAMP", "TO_TIMESTAMP_NTZ", "TRY_TO_TIMESTAMP", "TRY_TO_TIMESTAMP_NTZ", "TO_DATE", "TRY_TO_DATE",
        "TO_VARCHAR", "TO_CHAR", "CONTAINS", "STARTSWITH", "ENDSWITH", "SPLIT_PART", "REGEXP_LIKE", "RLIKE",
        "REGEXP_SUBSTR", "MD5", "MD5_HEX", "SHA2", "SHA2_HEX", "HASH", "UUID_STRING", "LEN", "DATEADD", "TIMEADD",
        "TIMESTAMPADD", "DATEDIFF", "TIMEDIFF", "TIMESTAMPDIFF", "DATE_TRUNC", "DATE_PART", "YEAR", "MONTH", "DAY",
        "HOUR", "MINUTE", "SECOND", "DAYOFWEEK", "DAYOFYEAR", "QUARTER", "WEEK", "COUNT_IF",
        "PARSE_JSON", "TRY_PARSE_JSON", "CHECK_JSON", "GET_PATH", "GET", "OBJECT_CONSTRUCT", "ARRAY_CONSTRUCT",
        "ARRAY_SIZE", "ARRAY_AGG", "OBJECT_KEYS", "TYPEOF", "IS_NULL_VALUE", "TO_VARIANT", "TO_JSON", "CONCAT",
        "LEAST", "GREATEST", "CURRENT_DATABASE", "CURRENT_SCHEMA", "CURRENT_WAREHOUSE", "CURRENT_ROLE", "CURRENT_USER", "CURRENT_VERSION",
        "INITCAP", "LPAD", "RPAD", "LEFT", "RIGHT", "REVERSE", "POSITION", "CHARINDEX", "REGEXP_REPLACE", "REGEXP_COUNT",
        "SPLIT", "STRTOK", "TRUNC", "TRUNCATE", "FLOOR", "CEIL", "CEILING",
        "LAST_DAY", "ADD_MONTHS", "DATE_FROM_PARTS", "DATEFROMPARTS", "TIMESTAMP_FROM_PARTS", "TIMESTAMPFROMPARTS",
        "TIMESTAMP_NTZ_FROM_PARTS", "DAYNAME", "MONTHNAME", "WEEKISO", "YEAROFWEEKISO", "DAYOFWEEKISO",
        "ANY_VALUE", "APPROX_COUNT_DISTINCT", "IS_ARRAY", "IS_OBJECT", "IS_BOOLEAN", "IS_INTEGER", "IS_DECIMAL", "IS_DOUBLE",
        "IS_REAL", "IS_VARCHAR", "IS_CHAR", "LISTAGG", "MEDIAN", "MIN_BY", "MAX_BY", "PERCENTILE_CONT", "PERCENTILE_DISC",
        "RATIO_TO_REPORT", "LENGTH", "SUBSTR", "SUBSTRING", "UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM", "REPLACE", "MOD", "LIKE", "ILIKE", "ASCII", "CHR", "CHAR", "REPEAT", "SPACE", "TRANSLATE", "CONCAT_WS",
    ])

    /// String functions' text arguments, by position: each is given as Snowflake's cast to VARCHAR
    /// gives it (`LENGTH(12.50)` reads '12.50', not SQLite's 12.5; `UPPER(TRUE)` reads 'true').
    static let textArgumentPositions: [String: Set<Int>] = [
        "LENGTH": [0], "LEN": [0], "SUBSTR": [0], "SUBSTRING": [0], "UPPER": [0], "LOWER": [0], "TRIM": [0, 1],
        "LTRIM": [0, 1], "RTRIM": [0, 1], "REPLACE": [0, 1, 2], "LEFT": [0], "RIGHT": [0], "REVERSE": [0],
        "LIKE": [0, 1], "ILIKE": [0, 1], "ASCII": [0], "REPEAT": [0], "TRANSLATE": [0, 1, 2], "INITCAP": [0, 1], "LPAD": [0, 2], "RPAD": [0, 2], "POSITION": [0, 1], "CHARINDEX": [0, 1], "CONTAINS": [0, 1],
        "STARTSWITH": [0, 1], "ENDSWITH": [0, 1], "SPLIT_PART": [0, 1], "SPLIT": [0, 1], "STRTOK": [0, 1],
    ]

    /// Aggregate functions, by name: what GROUP BY ALL leaves out of the grouping.
    static let aggregateFunctions: Set = [
        "COUNT", "SUM", "AVG", "MIN", "MAX", "ANY_VALUE", "COUNT_IF", "LISTAGG", "ARRAY_AGG", "OBJECT_AGG", "APPROX_COUNT_DISTINCT",
        "MEDIAN", "MODE", "STDDEV", "STDDEV_SAMP", "STDDEV_POP", "VARIANCE", "VAR_SAMP", "VAR_POP", "VARIANCE_SAMP", "VARIANCE_POP",
        "GROUP_CONCAT", "TOTAL", "BOOLAND_AGG", "BOOLOR_AGG", "BITAND_AGG", "BITOR_AGG", "HLL", "PERCENTILE_CONT", "PERCENTILE_DISC",
        "MIN_BY", "MAX_BY", "GROUPING", "GROUPING_ID", "KURTOSIS", "SKEW", "CORR", "COVAR_POP", "COVAR_SAMP", "APPROX_PERCENTILE", "APPROX_TOP_K",
    ]

    /// Whether `expression` calls an aggregate function outside a window.
    static func containsAggregate(_ expression: Expression) -> Bool {
        var found = false
        _ = expression.rewritingTopDown { part in
            switch part {
            case .window: return part   // a window function is not this SELECT's aggregate
            case .function(let name, _, _, _) where aggregateFunctions.contains(name): found = true; return part
            case .subquery, .exists, .inQuery: return part   // a subquery's aggregates are its own
            default: return nil
            }
        }
        return found
    }

    /// True for a literal number that is zero or more (a scale that needs no special rounding).
    static func isNonNegativeLiteral(_ expression: Expression) -> Bool {
        if case .number(let text) = expression, let value = Double(text) { return value >= 0 }
        return false
    }

    func function(_ name: String, _ arguments: [Expression], distinct: Bool, star: Bool) throws -> String {
        var arguments = arguments
        if Self.datePartFunctions.contains(name), case .column(let parts)? = arguments.first, parts.count == 1 {
            arguments[0] = .string(parts[0].name)
        }
        if name.hasPrefix("SYSTEM$") {
            let literals = try arguments.map { argument -> String in
                guard case .string(let text) = argument else {
                    throw UnsupportedFeature(feature: "\(name) with an argument that is not a string literal", hint: "write \(name)('NAME')")
                }
                return text
            }
            return try systemFunction(name, literals)
        }
        // NULL if any is NULL, as in Snowflake; each argument as its text.
        if Self.arrayObjectFunctions.contains(name), let sql = try arrayObjectFunction(name, arguments) { return sql }
        if name == "CONCAT", !arguments.isEmpty { return "(" + (try arguments.map(text(of:))).joined(separator: " || ") + ")" }
        if name == "CONCAT_WS", arguments.count >= 2 { return "wh_concat_ws(" + (try arguments.map(text(of:))).joined(separator: ", ") + ")" }
        let textPositions = Self.textArgumentPositions[name] ?? []
        if ["SUM", "AVG"].contains(name), arguments.count == 1, staticType(of: arguments[0])?.kind == .boolean {
            // SQLite added the 1s and 0s, and the sum showed as TRUE.
            throw CompilationError(problem: "Invalid argument types for function '\(name)': (BOOLEAN)", hint: "count them with COUNT_IF(b)")
        }
        let takesCondition = name == "IFF" || name == "COUNT_IF"   // the first argument is a BOOLEAN
        var args = try arguments.enumerated().map { i, argument in
            textPositions.contains(i) ? try textArgument(argument) : i == 0 && takesCondition ? try condition(argument) : try render(argument)
        }
        if ["ARRAY_CONSTRUCT", "OBJECT_CONSTRUCT", "TO_VARIANT"].contains(name) {
            // A BOOLEAN becomes JSON true/false, not the 1/0 SQLite holds.
            for (i, argument) in arguments.enumerated() where staticType(of: argument)?.kind == .boolean {
                args[i] = "json(CASE WHEN \(args[i]) IS NULL THEN NULL WHEN \(args[i]) THEN 'true' ELSE 'false' END)"
            }
        }
        let isTry = name.hasPrefix("TRY_")
        switch (name, args.count) {
        case ("CURRENT_TIMESTAMP", 0), ("SYSDATE", 0), ("GETDATE", 0), ("LOCALTIMESTAMP", 0): return "SYSDATE()"
        case ("CURRENT_DATE", 0): return "substr(SYSDATE(), 1, 10)"
        case ("CURRENT_TIME", 0): return "substr(SYSDATE(), 12, 8)"
        case ("CURRENT_VERSION", 0): return Self.quote(Warehouse.version)
        case ("CURRENT_DATABASE", 0), ("CURRENT_SCHEMA", 0), ("CURRENT_WAREHOUSE", 0), ("CURRENT_ROLE", 0), ("CURRENT_USER", 0):
            return sessionObject(String(name.dropFirst("CURRENT_".count))).map(Self.quote) ?? "NULL"
        case ("CONCAT", let n) where n >= 1: return "(" + (try arguments.map(text(of:))).joined(separator: " || ") + ")"   // NULL if any is NULL, as in Snowflake
        case ("IFF", 3): return "(CASE WHEN \(args[0]) THEN \(args[1]) ELSE \(args[2]) END)"
        // SQLite's min/max of several arguments are NULL when any is, as Snowflake's LEAST/GREATEST.
        case ("LEAST", let n) where n >= 1: return n == 1 ? args[0] : "min(" + args.joined(separator: ", ") + ")"
        case ("GREATEST", let n) where n >= 1: return n == 1 ? args[0] : "max(" + args.joined(separator: ", ") + ")"
        case ("NVL", 2), ("IFNULL", 2): return "coalesce(\(args[0]), \(args[1]))"
        case ("NVL2", 3): return "(CASE WHEN \(args[0]) IS NOT NULL THEN \(args[1]) ELSE \(args[2]) END)"
        case ("ROUND", 2...3) where args.count == 3 || !Self.isNonNegativeLiteral(arguments[1]):
            // A negative scale (or one known only when the query runs), or a rounding mode.
            return "wh_round_to(\(args[0]), \(args[1]), \(args.count == 3 ? args[2] : "'HALF_AWAY_FROM_ZERO'"), \(staticType(of: arguments[0])?.kind == .number ? 1 : 0))"
        case ("TRUNC", 2) where { if case .string = arguments[1] { return true } else { return false } }():
            return try render(Expression.function(name: "DATE_TRUNC", arguments: [arguments[1], arguments[0]], distinct: false, star: false))
        case ("TRUNC", 1...2), ("TRUNCATE", 1...2), ("FLOOR", 1...2), ("CEIL", 1...2), ("CEILING", 1...2):
            let mode = name.hasPrefix("TRUNC") ? "TRUNC" : name == "FLOOR" ? "FLOOR" : "CEIL"
            return "wh_round_to(\(args[0]), \(args.count == 2 ? args[1] : "0"), '\(mode)', \(staticType(of: arguments[0])?.kind == .number ? 1 : 0))"
        case ("ROUND", 1...2) where staticType(of: arguments[0])?.kind == .number:
            // NUMBER rounds its decimal value half away from zero (2.675 → 2.68; SQLite's round()
            // rounds the binary double, 2.67).
            return "wh_to_number(\(args[0]), 0, \(args.count == 2 ? args[1] : "0"))"
        case ("ROUND", 1), ("ROUND", 2): return "round(" + args.joined(separator: ", ") + ")"   // FLOAT: the double's rounding, as Snowflake's
        case ("DIV0", 2): return "(CASE WHEN \(args[1]) = 0 THEN 0 ELSE \(try render(Expression.binary(op: "/", arguments[0], arguments[1]))) END)"
        case ("DIV0NULL", 2):
            return "(CASE WHEN coalesce(\(args[1]), 0) = 0 THEN 0 ELSE \(try render(Expression.binary(op: "/", arguments[0], arguments[1]))) END)"
        case ("ZEROIFNULL", 1): return "coalesce(\(args[0]), 0)"
        case ("NULLIFZERO", 1): return "nullif(\(args[0]), 0)"
        case ("EQUAL_NULL", 2): return "(\(args[0]) IS \(args[1]))"
        case ("DECODE", let n) where n >= 3:
            // DECODE matches NULL to NULL, so it compares with IS.
            var out = "(CASE"
            var i = 1
            while i + 1 < n { out += " WHEN \(args[0]) IS \(args[i]) THEN \(args[i + 1])"; i += 2 }
            if i < n { out += " ELSE \(args[i])" }
            return out + " END)"
        case ("TO_DOUBLE", 1), ("TRY_TO_DOUBLE", 1): return try cast(args[0], to: SnowflakeType(kind: .float), isTry: isTry)
        case ("TO_NUMBER", 1), ("TO_DECIMAL", 1), ("TO_NUMERIC", 1), ("TRY_TO_NUMBER", 1), ("TRY_TO_DECIMAL", 1), ("TRY_TO_NUMERIC", 1):
            return try cast(args[0], to: SnowflakeType(kind: .number, precision: 38, scale: 0), isTry: isTry)
        case ("TO_BOOLEAN", 1), ("TRY_TO_BOOLEAN", 1): return try cast(args[0], to: SnowflakeType(kind: .boolean), isTry: isTry)
        case ("TO_TIMESTAMP", 1), ("TO_TIMESTAMP_NTZ", 1), ("TRY_TO_TIMESTAMP", 1), ("TRY_TO_TIMESTAMP_NTZ", 1):
            return try cast(args[0], to: SnowflakeType(kind: .timestampNTZ), isTry: isTry)
        case ("TO_DATE", 1), ("TRY_TO_DATE", 1): return try cast(args[0], to: SnowflakeType(kind: .date), isTry: isTry)
        case ("TO_VARCHAR", 1), ("TO_CHAR", 1): return try cast(args[0], to: SnowflakeType(kind: .text), isTry: false)
        case ("TO_VARCHAR", 2), ("TO_CHAR", 2):
            let type = staticType(of: arguments[0])
            let isNumber = type?.kind == .number || type?.kind == .float
            return "wh_to_char(\(args[0]), \(args[1]), \(type?.kind == .number ? String(type?.scale ?? 0) : "NULL"), \(isNumber ? 1 : 0))"
        case ("TO_NUMBER", 2...4), ("TO_DECIMAL", 2...4), ("TO_NUMERIC", 2...4), ("TRY_TO_NUMBER", 2...4), ("TRY_TO_DECIMAL", 2...4),
             ("TRY_TO_NUMERIC", 2...4):
            // (x, format [, precision [, scale]]) or (x, precision [, scale]).
            var value = args[0], rest = Array(arguments.dropFirst())
            if case .string = rest[0] {
                value = "wh_parse_number(\(args[0]), \(args[1]), \(isTry ? 1 : 0))"
                rest.removeFirst()
            }
            guard rest.count <= 2, rest.allSatisfy({ if case .number = $0 { return true } else { return false } }) else {
                throw UnsupportedFeature(feature: "\(name) with a format, precision or scale that is not a constant",
                                         hint: "write \(name)(x, 'format'), \(name)(x, precision, scale) or \(name)(x, 'format', precision, scale)")
            }
            let precision = try rest.first.map { try render($0) } ?? "38"
            let scale = rest.count == 2 ? try render(rest[1]) : "0"
            return "wh_to_number(\(value), \(isTry ? 1 : 0), \(scale), \(precision))"
        case ("TO_TIMESTAMP", 2), ("TO_TIMESTAMP_NTZ", 2), ("TRY_TO_TIMESTAMP", 2), ("TRY_TO_TIMESTAMP_NTZ", 2):
            return "wh_parse_timestamp(\(args[0]), \(args[1]), \(isTry ? 1 : 0), 0)"
        case ("TO_DATE", 2), ("TRY_TO_DATE", 2): return "wh_parse_timestamp(\(args[0]), \(args[1]), \(isTry ? 1 : 0), 1)"
        // SQLite's length, substr, upper and lower stop at a NUL, fold only ASCII, and read SUBSTR(x, 0, n) otherwise.
        case ("LENGTH", 1), ("LEN", 1): return "wh_length(\(args[0]))"
        case ("SUBSTR", 2...3), ("SUBSTRING", 2...3): return "wh_substr(\(args.joined(separator: ", ")))"
        case ("UPPER", 1), ("LOWER", 1): return "wh_\(name.lowercased())(\(args[0]))"
        case ("TRIM", 1...2), ("LTRIM", 1...2), ("RTRIM", 1...2): return "\(name.lowercased())(\(args.joined(separator: ", ")))"
        case ("REPLACE", 2): return "replace(\(args[0]), \(args[1]), '')"   // Snowflake's replacement defaults to ''
        case ("REPLACE", 3): return "replace(\(args.joined(separator: ", ")))"
        case ("MOD", 2): return remainder(arguments[0], arguments[1], args[0], args[1])
        case ("ASCII", 1), ("REPEAT", 2), ("TRANSLATE", 3): return "wh_\(name.lowercased())(\(args.joined(separator: ", ")))"
        case ("CHR", 1), ("CHAR", 1): return "wh_chr(\(args[0]))"
        case ("SPACE", 1): return "wh_repeat(' ', \(args[0]))"
        case ("LIKE", 2...3), ("ILIKE", 2...3):
            // x LIKE p [ESCAPE e] and LIKE(subject, pattern [, escape]): case-sensitive (the warehouse
            // sets case_sensitive_like); ILIKE folds with wh_lower (SQLite's lower() folds only ASCII).
            let (subject, pattern) = name == "ILIKE" ? ("wh_lower(\(args[0]))", "wh_lower(\(args[1]))") : (args[0], args[1])
            return "(\(subject) LIKE \(pattern)\(args.count == 3 ? " ESCAPE \(args[2])" : ""))"
        case ("PARSE_JSON", 1): return "json(\(args[0]))"
        case ("TRY_PARSE_JSON", 1): return "(CASE WHEN json_valid(\(args[0])) THEN json(\(args[0])) END)"
        case ("CHECK_JSON", 1): return "(CASE WHEN \(args[0]) IS NULL OR json_valid(\(args[0])) THEN NULL ELSE 'invalid JSON' END)"
        case ("TO_VARIANT", 1): return "json_quote(\(args[0]))"
        case ("TO_JSON", 1): return "json(\(args[0]))"
        case ("GET_PATH", 2): return "(\(args[0]) -> wh_json_path(\(args[1])))"
        case ("GET", 2):
            return "(\(args[0]) -> (CASE typeof(\(args[1])) WHEN 'integer' THEN '$[' || \(args[1]) || ']' ELSE '$.' || json_quote(\(args[1])) END))"
        case ("ARRAY_CONSTRUCT", _): return "json_array(\(args.joined(separator: ", ")))"
        case ("OBJECT_CONSTRUCT", let n) where n % 2 == 0 && n > 0:
            // Snowflake leaves out keys whose value is SQL NULL: build the object, then remove them
            // (a path to a key no object has stands in for the pairs to keep).
            var pairs: [String] = []
            var removals: [String] = []
            for i in stride(from: 0, to: n, by: 2) {
                pairs += [args[i], args[i + 1]]
                removals.append("CASE WHEN \(args[i + 1]) IS NULL THEN '$.' || json_quote(\(args[i])) ELSE '$.\"\\u0000\"' END")
            }
            return "json_remove(json_object(\(pairs.joined(separator: ", "))), \(removals.joined(separator: ", ")))"
        case ("OBJECT_CONSTRUCT", 0): return "json_object()"
        case ("ARRAY_SIZE", 1): return "(CASE json_type(\(args[0])) WHEN 'array' THEN json_array_length(\(args[0])) END)"
        case ("ARRAY_AGG", 1):
            return "json_group_array(\(distinct ? "DISTINCT " : "")\(args[0])) FILTER (WHERE \(args[0]) IS NOT NULL)"
        case ("OBJECT_KEYS", 1): return "(SELECT json_group_array(key) FROM json_each(\(args[0])))"
        case ("IS_NULL_VALUE", 1): return "(json_type(\(args[0])) = 'null')"
        case ("TYPEOF", 1):
            // As Snowflake parses JSON: 55.0 is DECIMAL, only an exponent makes a DOUBLE.
            return "(CASE json_type(\(args[0])) WHEN 'null' THEN 'NULL_VALUE' WHEN 'true' THEN 'BOOLEAN' WHEN 'false' THEN 'BOOLEAN' "
                + "WHEN 'integer' THEN 'INTEGER' WHEN 'real' THEN (CASE WHEN instr(lower(\(args[0])), 'e') > 0 THEN 'DOUBLE' ELSE 'DECIMAL' END) "
                + "WHEN 'text' THEN 'VARCHAR' WHEN 'array' THEN 'ARRAY' "
                + "WHEN 'object' THEN 'OBJECT' END)"
        case ("COUNT_IF", 1): return "count(CASE WHEN \(args[0]) THEN 1 END)"   // 0 over no rows, as in Snowflake
        case ("CONTAINS", 2), ("STARTSWITH", 2), ("ENDSWITH", 2), ("SPLIT_PART", 3), ("REGEXP_SUBSTR", 2...4),
             ("MD5", 1), ("SHA2", 1...2), ("HASH", 1...), ("UUID_STRING", 0), ("DATEADD", 3), ("DATEDIFF", 3),
             ("DATE_TRUNC", 2), ("DATE_PART", 2):
            return "wh_\(name.lowercased())(\(args.joined(separator: ", ")))"
        case ("INITCAP", 1...2), ("LPAD", 2...3), ("RPAD", 2...3), ("LEFT", 2), ("RIGHT", 2), ("REVERSE", 1), ("POSITION", 2...3),
             ("REGEXP_REPLACE", 2...5), ("REGEXP_COUNT", 2...3), ("SPLIT", 2), ("STRTOK", 1...3):
            return "wh_\(name.lowercased())(\(args.joined(separator: ", ")))"
        case ("CHARINDEX", 2...3): return "wh_position(\(args.joined(separator: ", ")))"
        case ("IS_ARRAY", 1), ("IS_OBJECT", 1), ("IS_BOOLEAN", 1), ("IS_INTEGER", 1), ("IS_DECIMAL", 1), ("IS_DOUBLE", 1),
             ("IS_REAL", 1), ("IS_VARCHAR", 1), ("IS_CHAR", 1):
            // The type of the VARIANT's value; a VARCHAR given is a string value, as its cast to VARIANT is.
            let kind = staticType(of: arguments[0])?.kind == .text ? "(CASE WHEN \(args[0]) IS NULL THEN NULL ELSE 'text' END)" : "json_type(\(args[0]))"
            let types: [String] = switch name {
            case "IS_ARRAY": ["array"]
            case "IS_OBJECT": ["object"]
            case "IS_BOOLEAN": ["true", "false"]
            case "IS_INTEGER": ["integer"]
            case "IS_DECIMAL": ["integer", "real"]
            case "IS_DOUBLE", "IS_REAL": ["integer", "real"]
            default: ["text"]
            }
            if name == "IS_DECIMAL", kind.hasPrefix("json_type") {
                // As TYPEOF reads JSON: 55.0 is a DECIMAL, only an exponent makes a DOUBLE.
                return "(\(kind) = 'integer' OR (\(kind) = 'real' AND instr(lower(\(args[0])), 'e') = 0))"
            }
            return "(\(kind) IN (" + types.map { "'\($0)'" }.joined(separator: ", ") + "))"
        case ("RATIO_TO_REPORT", _):
            throw UnsupportedFeature(feature: "RATIO_TO_REPORT without OVER", hint: "write RATIO_TO_REPORT(x) OVER (PARTITION BY …)")
        case ("ANY_VALUE", 1): return "min(\(args[0]))"   // a value of the group, as ANY_VALUE promises
        case ("APPROX_COUNT_DISTINCT", 1): return "count(DISTINCT \(args[0]))"   // exact, which the estimate allows
        case ("COUNT", let n) where distinct && n > 1:
            // COUNT(DISTINCT a, b): distinct combinations of rows where none of them is NULL.
            return "count(DISTINCT CASE WHEN " + args.map { "\($0) IS NOT NULL" }.joined(separator: " AND ")
                + " THEN json_array(\(args.joined(separator: ", "))) END)"
        case ("LAST_DAY", 1): return "date(\(args[0]), 'start of month', '+1 month', '-1 day')"
        case ("LAST_DAY", 2):
            guard case .string(let part) = arguments[1], let unit = DatePart(part) else {
                throw UnsupportedFeature(feature: "LAST_DAY with a part that is not a string literal", hint: "write LAST_DAY(d, 'MONTH') or LAST_DAY(d, 'YEAR')")
            }
            switch unit {
            case .month: return "date(\(args[0]), 'start of month', '+1 month', '-1 day')"
            case .year: return "date(\(args[0]), 'start of year', '+1 year', '-1 day')"
            case .quarter:
                return "date(\(args[0]), 'start of month', printf('%+d months', 2 - (cast(strftime('%m', \(args[0])) AS INTEGER) - 1) % 3 + 1), '-1 day')"
            case .week: return "date(\(args[0]), 'weekday 0')"   // weeks end on Sunday
            default: throw UnsupportedFeature(feature: "LAST_DAY(…, '\(part)')", hint: "LAST_DAY takes YEAR, QUARTER, MONTH or WEEK")
            }
        case ("ADD_MONTHS", 2): return "wh_add_months(\(args[0]), \(args[1]))"
        case ("DATE_FROM_PARTS", 3), ("DATEFROMPARTS", 3):
            // Out-of-range months and days carry over, as in Snowflake (month 0 is the previous December).
            return "date(printf('%04d-01-01', \(args[0])), printf('%+d months', \(args[1]) - 1), printf('%+d days', \(args[2]) - 1))"
        case ("TIMESTAMP_FROM_PARTS", 6...7), ("TIMESTAMPFROMPARTS", 6...7), ("TIMESTAMP_NTZ_FROM_PARTS", 6...7):
            let day = "date(printf('%04d-01-01', \(args[0])), printf('%+d months', \(args[1]) - 1), printf('%+d days', \(args[2]) - 1))"
            let nanos = args.count == 7 ? args[6] : "0"
            return "(strftime('%Y-%m-%d %H:%M:%S', \(day), printf('%+d hours', \(args[3])), printf('%+d minutes', \(args[4])), printf('%+d seconds', \(args[5]) + (\(nanos)) / 1000000000)) || printf('.%06d', ((\(nanos)) % 1000000000) / 1000))"
        case ("DAYNAME", 1): return "substr('SunMonTueWedThuFriSat', 1 + 3 * cast(strftime('%w', \(args[0])) AS INTEGER), 3)"
        case ("MONTHNAME", 1): return "substr('JanFebMarAprMayJunJulAugSepOctNovDec', 1 + 3 * (cast(strftime('%m', \(args[0])) AS INTEGER) - 1), 3)"
        // ISO weeks: the week's Thursday decides its year and number.
        case ("WEEKISO", 1): return "((cast(strftime('%j', date(\(args[0]), '-3 days', 'weekday 4')) AS INTEGER) - 1) / 7 + 1)"
        case ("YEAROFWEEKISO", 1): return "cast(strftime('%Y', date(\(args[0]), '-3 days', 'weekday 4')) AS INTEGER)"
        case ("DAYOFWEEKISO", 1): return "((cast(strftime('%w', \(args[0])) AS INTEGER) + 6) % 7 + 1)"
        case ("MD5_HEX", 1): return "wh_md5(\(args[0]))"
        case ("SHA2_HEX", 1...2): return "wh_sha2(\(args.joined(separator: ", ")))"
        case ("REGEXP_LIKE", 2), ("RLIKE", 2): return "wh_regexp_like(\(args[0]), \(args[1]))"
        case ("TIMEADD", 3), ("TIMESTAMPADD", 3): return "wh_dateadd(\(args.joined(separator: ", ")))"
        case ("TIMEDIFF", 3), ("TIMESTAMPDIFF", 3): return "wh_datediff(\(args.joined(separator: ", ")))"
        case ("YEAR", 1), ("MONTH", 1), ("DAY", 1), ("HOUR", 1), ("MINUTE", 1), ("SECOND", 1), ("DAYOFWEEK", 1),
             ("DAYOFYEAR", 1), ("QUARTER", 1), ("WEEK", 1):
            return "wh_date_part('\(name)', \(args[0]))"
        default:
            if Self.translatedFunctions.contains(name) {
                throw UnsupportedFeature(feature: "\(name) with \(args.count) argument\(args.count == 1 ? "" : "s")",
                                         hint: "check the arguments; the forms wh supports are listed in the README")
            }
            if let known = knownFunctions, !known.contains(name) {
                let candidates = known.union(Self.translatedFunctions).filter { !$0.hasPrefix("WH_") }
                throw UnknownFunction(name: name, suggestion: Self.closest(to: name, in: candidates))
            }
            if star { return "\(name)(*)" }
            return "\(name)(\(distinct ? "DISTINCT " : "")\(args.joined(separator: ", ")))"
        }
    }

    /// The candidate with the smallest edit distance to `name`, when it is close enough to be a typo.
    static func closest(to name: String, in candidates: Set<String>) -> String? {
        let target = Array(name.unicodeScalars)
        let limit = max(2, name.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let scalars = Array(candidate.unicodeScalars)
            // The length difference is a lower bound of the distance: most candidates stop here.
            guard abs(scalars.count - target.count) <= limit else { continue }
            let distance = editDistance(target, scalars)
            if distance <= limit, best.map({ distance < $0.distance || (distance == $0.distance && candidate < $0.name) }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Levenshtein distance by Unicode scalar, with two reused rows.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count), current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// A function name neither Snowflake-through-wh nor SQLite knows.
public struct UnknownFunction: Error, Equatable, Sendable {
    public var name: String
    public var suggestion: String?
    public var message: String { "SQL compilation error: Unknown function \(name)" }
    public var hint: String {
        suggestion.map { "did you mean \($0)?" } ?? "check the name; wh supports SQLite's functions and the Snowflake ones in the README"
    }
}
