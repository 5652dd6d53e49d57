extension SQLiteRenderer {
    static let arrayObjectFunctions: Set = [
        "ARRAY_APPEND", "ARRAY_PREPEND", "ARRAY_CAT", "ARRAY_INSERT", "ARRAY_CONTAINS", "ARRAY_POSITION", "ARRAY_DISTINCT",
        "ARRAY_COMPACT", "ARRAY_SLICE", "ARRAY_TO_STRING", "ARRAYS_OVERLAP", "OBJECT_INSERT", "OBJECT_DELETE", "OBJECT_PICK",
        "STRIP_NULL_VALUE", "AS_VARCHAR", "AS_CHAR", "AS_INTEGER", "AS_DOUBLE", "AS_REAL", "AS_NUMBER", "AS_DECIMAL", "AS_NUMERIC",
        "AS_BOOLEAN", "AS_ARRAY", "AS_OBJECT", "AS_DATE", "AS_TIMESTAMP_NTZ", "AS_TIMESTAMP_LTZ", "AS_TIMESTAMP_TZ", "AS_TIME",
        "AS_BINARY",
    ]

    /// ARRAY_* and OBJECT_* functions, STRIP_NULL_VALUE and AS_*; nil for other names or counts.
    func arrayObjectFunction(_ name: String, _ arguments: [Expression]) throws -> String? {
        let n = arguments.count
        func value(_ i: Int) throws -> String { try jsonElement(arguments[i]) }
        func plain(_ i: Int) throws -> String { try render(arguments[i]) }
        switch (name, n) {
        case ("ARRAY_APPEND", 2), ("ARRAY_PREPEND", 2):
            return "json(wh_\(name.lowercased())(\(try plain(0)), \(try value(1))))"
        case ("ARRAY_CAT", 2), ("ARRAYS_OVERLAP", 2):
            let call = "wh_\(name.lowercased())(\(try plain(0)), \(try plain(1)))"
            return name == "ARRAY_CAT" ? "json(\(call))" : call
        case ("ARRAY_INSERT", 3): return "json(wh_array_insert(\(try plain(0)), \(try plain(1)), \(try value(2))))"
        case ("ARRAY_CONTAINS", 2), ("ARRAY_POSITION", 2): return "wh_\(name.lowercased())(\(try value(0)), \(try plain(1)))"
        case ("ARRAY_DISTINCT", 1), ("ARRAY_COMPACT", 1): return "json(wh_\(name.lowercased())(\(try plain(0))))"
        case ("ARRAY_SLICE", 3): return "json(wh_array_slice(\(try plain(0)), \(try plain(1)), \(try plain(2))))"
        case ("ARRAY_TO_STRING", 2): return "wh_array_to_string(\(try plain(0)), \(try plain(1)))"
        case ("OBJECT_INSERT", 3...4):
            return "json(wh_object_insert(\(try plain(0)), \(try plain(1)), \(try value(2)), \(n == 4 ? try plain(3) : "0")))"
        case ("OBJECT_DELETE", 2...), ("OBJECT_PICK", 2...):
            return "json(wh_\(name.lowercased())(" + (try (0..<n).map(plain)).joined(separator: ", ") + "))"
        case ("STRIP_NULL_VALUE", 1):
            let v = try plain(0)
            return "(CASE WHEN json_type(\(v)) = 'null' THEN NULL ELSE \(v) END)"
        case ("AS_VARCHAR", 1), ("AS_CHAR", 1), ("AS_INTEGER", 1), ("AS_DOUBLE", 1), ("AS_REAL", 1), ("AS_BOOLEAN", 1), ("AS_ARRAY", 1),
             ("AS_OBJECT", 1), ("AS_NUMBER", 1...3), ("AS_DECIMAL", 1...3), ("AS_NUMERIC", 1...3):
            // The VARIANT's value when it holds that type, else NULL.
            let v = try value(0)
            let type = "json_type(\(v))"
            switch name {
            case "AS_VARCHAR", "AS_CHAR": return "(CASE WHEN \(type) = 'text' THEN \(v) ->> '$' END)"
            case "AS_INTEGER": return "(CASE WHEN \(type) = 'integer' THEN \(v) ->> '$' END)"
            case "AS_DOUBLE", "AS_REAL": return "(CASE WHEN \(type) IN ('integer', 'real') THEN CAST(\(v) ->> '$' AS REAL) END)"
            case "AS_BOOLEAN": return "(CASE \(type) WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)"
            case "AS_ARRAY": return "(CASE WHEN \(type) = 'array' THEN \(v) END)"
            case "AS_OBJECT": return "(CASE WHEN \(type) = 'object' THEN \(v) END)"
            default:
                // A fixed-point value: an integer, or a decimal written without an exponent (as TYPEOF reads it).
                let scale = n == 3 ? try plain(2) : "0"
                return "(CASE WHEN \(type) = 'integer' OR (\(type) = 'real' AND instr(lower(\(v)), 'e') = 0) "
                    + "THEN wh_to_number(\(v) ->> '$', 0, \(scale)) END)"
            }
        case ("AS_DATE", 1), ("AS_TIMESTAMP_NTZ", 1), ("AS_TIMESTAMP_LTZ", 1), ("AS_TIMESTAMP_TZ", 1), ("AS_TIME", 1), ("AS_BINARY", 1):
            throw UnsupportedFeature(feature: name, hint: "wh's VARIANTs hold dates and times as strings: use \(name.replacingOccurrences(of: "AS_", with: "TRY_TO_"))(v::STRING)")
        default:
            return nil
        }
    }
}
