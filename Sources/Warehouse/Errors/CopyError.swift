/// COPY INTO problems that stop the statement, naming the file, record or option and the fix.
public enum CopyError: WarehouseError, Equatable {
    case jsonNeedsOneVariantColumn
    case unsupportedType(String)
    case matchWithTransform
    case validationWithTransform
    case flattenNeedsMatch
    case transformColumn(String)
    case transformPositional(String)
    case dynamicPath(String)
    /// A VARIANT path on a CSV field, which is text.
    case csvPath(Expression)
    case tooManyFiles(Int)
    case missingFile(String, stage: String)
    case notRegularFile(String)
    /// A file could not be read at all (gone, unreadable, corrupt gzip) under ABORT_STATEMENT.
    case unreadableFile(String, reason: String)
    /// ON_ERROR = ABORT_STATEMENT met a bad record: Snowflake's message, file, line, character, row
    /// and column.
    case recordRejected(message: String, file: String, line: Int, character: Int, row: Int, column: String?, table: String)

    public var message: String {
        switch self {
        case .jsonNeedsOneVariantColumn:
            return "JSON file format can produce one and only one column of type variant, object, or array. Load data into separate columns using the MATCH_BY_COLUMN_NAME copy option or copy with transformation."
        case .unsupportedType(let type): return "COPY of \(type) files is not supported by wh yet"
        case .matchWithTransform: return "match_by_column_name is not supported with copy transform."
        case .validationWithTransform: return "VALIDATION_MODE is not supported with copy transform."
        case .flattenNeedsMatch: return "FLATTEN_OBJECTS needs MATCH_BY_COLUMN_NAME"
        case .transformColumn(let name): return "invalid identifier '\(name)': a COPY transformation reads only $1 and METADATA$ columns"
        case .transformPositional(let name): return "JSON files have one column, $1; \(name) does not exist"
        case .dynamicPath(let text): return "the path in \(text) is not a constant"
        case .csvPath: return "a CSV field is text: it has no path (:key) and the whole record has no $1 of its own"
        case .tooManyFiles(let count): return "FILES lists \(count) files; at most 1000 are allowed"
        case .missingFile(let name, let stage): return "Remote file '\(name)' was not found in stage \(stage)."
        case .unreadableFile(let file, let reason): return "\(reason)\n  File '\(file)'"
        case .notRegularFile(let name): return "'\(name)' is not a regular file: wh does not follow symbolic links in a stage"
        case .recordRejected(let message, let file, let line, let character, let row, let column, _):
            var text = "\(message)\n  File '\(file)', line \(line), character \(character)\n  Row \(row)"
            if let column { text += ", column \(column)" }
            return text
        }
    }

    public var hint: String? {
        switch self {
        case .jsonNeedsOneVariantColumn:
            return "COPY INTO t FROM (SELECT $1:a::FLOAT, … FROM @stage), or add MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
        case .unsupportedType: return "stage the data as JSON or CSV and use FILE_FORMAT = (TYPE = JSON) or (TYPE = CSV)"
        case .matchWithTransform: return "either name the values in a SELECT or match by column name, not both"
        case .validationWithTransform: return "validate with a plain COPY (no SELECT), or load with ON_ERROR = CONTINUE and read the rejects with VALIDATE"
        case .flattenNeedsMatch: return "add MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE (or CASE_SENSITIVE)"
        case .transformColumn: return "write $1:path for a value of the record, or METADATA$FILENAME, METADATA$FILE_ROW_NUMBER …"
        case .transformPositional: return "use $1:path to reach the values of a JSON record"
        case .dynamicPath: return "write the path literally: $1:a.b[0]"
        case .csvPath: return "read fields as $1, $2, …; to read JSON inside a field, write PARSE_JSON($2):key"
        case .tooManyFiles: return "load in several COPY statements, or select the files with PATTERN"
        case .missingFile: return "LIST @stage shows the files; FILES names are relative to the FROM location"
        case .unreadableFile:
            return "with ON_ERROR = CONTINUE or SKIP_FILE the other files load; this one is recorded LOAD_FAILED and the next COPY tries it again"
        case .notRegularFile: return "copy the file into the stage's directory (PUT does), or point a stage's URL at the directory it is in"
        case .recordRejected(_, _, _, _, _, _, let table) where table.hasPrefix("@"):
            return "fix or remove the file; COPY INTO with ON_ERROR = CONTINUE loads the good records and keeps the bad ones"
        case .recordRejected(_, _, _, _, _, _, let table):
            return "use ON_ERROR = CONTINUE or SKIP_FILE to load the good records (the bad ones are kept: SELECT * FROM TABLE(VALIDATE(\(table), JOB_ID => '_last'))), or VALIDATION_MODE = RETURN_ERRORS to list every error"
        }
    }
}
