/// Why a warehouse file could not be opened.
public enum OpenError: WarehouseError, Equatable {
    case isDirectory(path: String)
    case notADatabase(path: String)
    case missingDirectory(path: String, directory: String)
    case cannotOpen(path: String, reason: String)
    case newerSchema(path: String, found: Int, known: Int)
    case sqliteTooOld(found: String, required: String)
    case readOnlyNeedsUpgrade(path: String, found: Int, known: Int)
    case migrationFailed(version: Int, name: String, reason: String)

    public var message: String {
        switch self {
        case .isDirectory(let path):
            return "cannot open warehouse '\(path)': it is a directory, not a database file"
        case .notADatabase(let path):
            return "cannot open warehouse '\(path)': the file is not an SQLite database"
        case .missingDirectory(let path, let directory):
            return "cannot create warehouse '\(path)': directory '\(directory)' does not exist"
        case .cannotOpen(let path, let reason):
            return "cannot open warehouse '\(path)': \(reason)"
        case .newerSchema(let path, let found, let known):
            return "warehouse '\(path)' has catalog schema \(found), newer than the \(known) this wh knows"
        case .sqliteTooOld(let found, let required):
            return "SQLite \(found) is too old: wh needs SQLite \(required) or newer"
        case .readOnlyNeedsUpgrade(let path, let found, let known):
            return "warehouse '\(path)' is read-only and has catalog schema \(found); this wh needs schema \(known)"
        case .migrationFailed(let version, let name, let reason):
            return "catalog migration \(version) (\(name)) failed: \(reason)"
        }
    }

    public var hint: String? {
        switch self {
        case .isDirectory: return "pass a file path with --db, for example --db ./warehouse.db"
        case .notADatabase: return "check the --db path; wh leaves the file untouched"
        case .missingDirectory: return "create the directory first, or pass another --db path"
        case .cannotOpen: return "check the path and its permissions"
        case .newerSchema: return "use a newer wh (`wh version` shows this one's schema)"
        case .sqliteTooOld: return "install a newer libsqlite3"
        case .readOnlyNeedsUpgrade: return "make the file writable once so wh can upgrade it"
        case .migrationFailed: return "the warehouse was left at the previous schema; report this as a bug"
        }
    }
}
