import SQLite

extension Warehouse {
    /// Session parameters wh honours, with their defaults.
    static let sessionDefaults: [String: String] = [
        "ERROR_ON_NONDETERMINISTIC_MERGE": "TRUE",
        "ERROR_ON_NONDETERMINISTIC_UPDATE": "FALSE",
        "QUERY_TAG": "",
        "TIMEZONE": "UTC",
        "AUTOCOMMIT": "TRUE",
    ]

    /// The value of a session parameter (upper-case name), falling back to its default.
    public func sessionParameter(_ name: String) -> String? {
        sessionParameters[name] ?? Self.sessionDefaults[name]
    }

    func runSession(_ statement: SessionStatement) throws -> ResultSet {
        switch statement {
        case .use:
            // One file is one database with one schema, and there are no warehouses or roles to pick:
            // USE changes nothing, as object names' qualifiers change nothing.
            return Self.status("Statement executed successfully.")
        case .unset(let names):
            for name in names {
                guard Self.sessionDefaults[name] != nil else { throw SessionError.unknownParameter(name) }
                sessionParameters[name] = nil
            }
        case .set(let settings):
            var accepted: [String: String] = [:]
            for (name, expression) in settings {
                let value: String
                switch expression {
                case .string(let s), .number(let s): value = s
                case .boolean(let b): value = b ? "TRUE" : "FALSE"
                case .column(let parts) where parts.count == 1: value = parts[0].name
                default: throw SessionError.badValue(name, "a literal")
                }
                switch name {
                case "ERROR_ON_NONDETERMINISTIC_MERGE", "ERROR_ON_NONDETERMINISTIC_UPDATE", "AUTOCOMMIT":
                    guard ["TRUE", "FALSE"].contains(value.uppercased()) else { throw SessionError.badValue(name, "TRUE or FALSE") }
                    if name == "AUTOCOMMIT", value.uppercased() == "FALSE" {
                        throw SessionError.unsupported(name, "use BEGIN … COMMIT for explicit transactions")
                    }
                    accepted[name] = value.uppercased()
                case "QUERY_TAG":
                    accepted[name] = value
                case "TIMEZONE":
                    guard ["UTC", "ETC/UTC", "GMT", "Z"].contains(value.uppercased()) else {
                        throw SessionError.unsupported("TIMEZONE = '\(value)'", "wh keeps every timestamp in UTC")
                    }
                    accepted[name] = "UTC"
                default:
                    throw SessionError.unknownParameter(name)
                }
            }
            sessionParameters.merge(accepted) { $1 }
        }
        return Self.status("Statement executed successfully.")
    }
}

/// ALTER SESSION problems, naming the parameter.
public enum SessionError: WarehouseError, Equatable {
    case unknownParameter(String)
    case badValue(String, String)
    case unsupported(String, String)

    public var message: String {
        switch self {
        case .unknownParameter(let name): return "invalid session parameter '\(name)' (or not supported by wh)"
        case .badValue(let name, let expected): return "invalid value for session parameter \(name): expected \(expected)"
        case .unsupported(let what, _): return "ALTER SESSION SET \(what) is not supported by wh"
        }
    }

    public var hint: String? {
        switch self {
        case .unknownParameter: return "wh honours \(Warehouse.sessionDefaults.keys.sorted().joined(separator: ", "))"
        case .badValue: return nil
        case .unsupported(_, let hint): return hint
        }
    }
}
