import SQLite

/// A column of a COPY's target table.
struct TargetColumn: Equatable {
    var name: String
    var type: SnowflakeType?
    var notNull: Bool
    /// 1-based position in the table, for Snowflake's `"T"["COL":n]` column names.
    var ordinal: Int
}

/// The METADATA$ columns of a staged file.
enum MetadataColumn: String, CaseIterable {
    case filename = "METADATA$FILENAME"
    case fileRowNumber = "METADATA$FILE_ROW_NUMBER"
    case fileContentKey = "METADATA$FILE_CONTENT_KEY"
    case fileLastModified = "METADATA$FILE_LAST_MODIFIED"
    case startScanTime = "METADATA$START_SCAN_TIME"
}

/// One `?n` of the load's INSERT and where its value comes from in each record.
enum LoadParameter: Equatable {
    /// The value at path slot `slot`, converted in Swift for target column `column` (through `cast`
    /// first when the transformation casts it).
    case converted(slot: Int, cast: SnowflakeType?, isTry: Bool, column: Int)
    /// `COALESCE(path, path …)::TYPE`: the first of these slots the record has (a JSON null counts,
    /// as a VARIANT null is not SQL NULL), cast and converted in Swift like `converted`.
    case firstOf(slots: [Int], cast: SnowflakeType, isTry: Bool, column: Int)
    /// MATCH_BY_COLUMN_NAME: whichever of these slots the record has (two at once is a collision).
    case candidates(slots: [Int], paths: [String], column: Int)
    /// The value at a slot as `->>` gives it, for an expression to use.
    case sqlValue(slot: Int)
    /// The value at a slot as JSON text, for an expression to use as VARIANT.
    case json(slot: Int)
    /// The whole record, as JSON text.
    case document
    case metadata(MetadataColumn)
}

/// How a COPY turns records into rows: the paths the scanner projects, the INSERT it prepares, and
/// how each parameter of that INSERT is filled.
struct LoadPlan {
    var table: String
    var tableSQL: String
    var columns: [TargetColumn]
    var paths: [[JSONPathSet.Step]] = []
    var foldsCase = false
    var parameters: [LoadParameter] = []
    /// One SQL expression per target column, over the parameters.
    var values: [String] = []
    /// MATCH_BY_COLUMN_NAME: a record none of whose keys matches a column is refused.
    var matchByName: (caseSensitive: Bool, flatten: Bool)?
    /// A CSV load into columns by position: the fields a record must have (ERROR_ON_COLUMN_COUNT_MISMATCH).
    var csvFieldCount: Int?

    var insertSQL: String {
        "INSERT INTO \(tableSQL) (" + columns.map { Identifier($0.name, quoted: true).sql }.joined(separator: ", ") + ") VALUES ("
            + values.joined(separator: ", ") + ")"
    }

    init(table: String, tableSQL: String, columns: [TargetColumn]) {
        self.table = table
        self.tableSQL = tableSQL
        self.columns = columns
    }

    mutating func slot(for path: [JSONPathSet.Step]) -> Int {
        paths.append(path)
        return paths.count - 1
    }

    mutating func parameter(_ parameter: LoadParameter) -> Int {
        if let existing = parameters.firstIndex(of: parameter) { return existing + 1 }
        parameters.append(parameter)
        return parameters.count
    }

    /// `?n` as column `column` takes it: VARIANT columns get JSON, other values arrive converted.
    static func placeholder(_ n: Int, for column: TargetColumn) -> String {
        switch column.type?.kind {
        case .variant?, .object?, .array?: return "json(?\(n))"
        default: return "?\(n)"
        }
    }
}

extension LoadPlan {
    /// A plain load: the record goes whole into the table's one VARIANT column.
    static func whole(table: String, tableSQL: String, columns: [TargetColumn]) throws -> LoadPlan {
        guard columns.count == 1, let kind = columns[0].type?.kind, [.variant, .object, .array].contains(kind) else {
            throw CopyError.jsonNeedsOneVariantColumn
        }
        var plan = LoadPlan(table: table, tableSQL: tableSQL, columns: columns)
        plan.values = [placeholder(plan.parameter(.document), for: columns[0])]
        return plan
    }

    /// A CSV load without a transformation: field n fills the n-th column (of the table, or of the
    /// COPY's column list).
    static func csvFields(table: String, tableSQL: String, columns: [TargetColumn]) -> LoadPlan {
        var plan = LoadPlan(table: table, tableSQL: tableSQL, columns: columns)
        plan.csvFieldCount = columns.count
        for (index, column) in columns.enumerated() {
            let slot = plan.slot(for: [.index(index)])
            plan.values.append(placeholder(plan.parameter(.converted(slot: slot, cast: nil, isTry: false, column: index)), for: column))
        }
        return plan
    }

    /// MATCH_BY_COLUMN_NAME: each column takes the key of its name; with FLATTEN_OBJECTS (wh) also
    /// any nesting its name spells (`GPS_LOCATION_LATITUDE` ← `gps_location.latitude`); COLUMN_PATHS
    /// names a column's path outright.
    static func matchByName(table: String, tableSQL: String, columns: [TargetColumn], caseSensitive: Bool, flatten: Bool,
                            columnPaths: [String: String]) throws -> LoadPlan {
        var plan = LoadPlan(table: table, tableSQL: tableSQL, columns: columns)
        plan.foldsCase = !caseSensitive
        plan.matchByName = (caseSensitive, flatten)
        var unused = Set(columnPaths.keys)
        for (index, column) in columns.enumerated() {
            let explicit = columnPaths.first { $0.key.caseInsensitiveCompare(column.name) == .orderedSame }
            if let explicit { unused.remove(explicit.key) }
            let texts = explicit.map { [$0.value] } ?? (flatten ? Self.flattenedPaths(column.name) : [column.name])
            var slots: [Int] = []
            for text in texts {
                let steps = explicit == nil ? text.split(separator: ".").map { JSONPathSet.Step.key(Array($0.utf8)) } : JSONPathSet.steps(text)
                slots.append(plan.slot(for: steps))
            }
            plan.values.append(placeholder(plan.parameter(.candidates(slots: slots, paths: texts, column: index)), for: column))
        }
        if let name = unused.sorted().first { throw CatalogError.noSuchColumn(table: table, column: name) }
        return plan
    }

    /// The paths a column name can spell: every `_` either stays or becomes a nesting step.
    /// `A_B_C` → `A_B_C`, `A.B_C`, `A_B.C`, `A.B.C`. Names with more than 10 underscores try only
    /// themselves and their fully nested form.
    static func flattenedPaths(_ name: String) -> [String] {
        let parts = name.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return [name] }
        guard parts.count <= 11 else { return [name, parts.joined(separator: ".")] }
        var paths: [String] = []
        for mask in 0..<(1 << (parts.count - 1)) {
            var path = parts[0]
            for k in 1..<parts.count { path += (mask & (1 << (k - 1)) != 0 ? "." : "_") + parts[k] }
            paths.append(path)
        }
        return paths
    }
}
