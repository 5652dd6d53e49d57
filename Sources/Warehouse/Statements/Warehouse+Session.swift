import SQLite

extension Warehouse {
    /// Session parameters wh honours, with their defaults.
    static let sessionDefaults: [String: String] = [
        "ERROR_ON_NONDETERMINISTIC_MERGE": "TRUE",
        "ERROR_ON_NONDETERMINISTIC_UPDATE": "FALSE",
        "QUERY_TAG": "",
        "TIMEZONE": "UTC",
        "AUTOCOMMIT": "TRUE",
        // How `wh serve` sends results to snowflake-connector-python: ARROW (as Snowflake does) or JSON.
        "PYTHON_CONNECTOR_QUERY_RESULT_FORMAT": "ARROW",
    ]

    /// CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ROLE(), CURRENT_USER(): what
    /// USE (or a client's login) set, else the warehouse file's name, PUBLIC, no warehouse, SYSADMIN and WH.
    public func sessionObject(_ kind: String) -> String? {
        if let value = sessionObjects[kind] { return value }
        switch kind {
        case "DATABASE": return databaseName
        case "SCHEMA": return "PUBLIC"
        case "ROLE": return "SYSADMIN"
        case "USER": return "WH"
        default: return nil
        }
    }

    /// Sets what CURRENT_USER() (or another of them) answers: a client's login name.
    public func setSessionObject(_ kind: String, to value: String?) { sessionObjects[kind] = value }

    /// The session parameters wh honours (ALTER SESSION refuses others).
    public static var sessionParameterNames: Set<String> { Set(sessionDefaults.keys) }

    /// The value of a session parameter (upper-case name), falling back to its default.
    public func sessionParameter(_ name: String) -> String? {
        sessionParameters[name] ?? Self.sessionDefaults[name]
    }

    func runSession(_ statement: SessionStatement) throws -> ResultSet {
        switch statement {
        case .use(let kind, let name):
            // One file is one database with one schema, and there are no warehouses or roles to pick:
            // USE changes which objects names resolve to no more than qualifiers do; it sets what
            // CURRENT_DATABASE() and the others answer.
            let parts = name.split(separator: ".").map(String.init)
            if kind == "SCHEMA", parts.count == 2 {
                sessionObjects["DATABASE"] = parts[0]
                sessionObjects["SCHEMA"] = parts[1]
            } else if kind != "SECONDARY ROLES" {
                sessionObjects[kind] = parts.last ?? name
            }
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
                case "PYTHON_CONNECTOR_QUERY_RESULT_FORMAT":
                    guard ["ARROW", "JSON"].contains(value.uppercased()) else { throw SessionError.badValue(name, "ARROW or JSON") }
                    accepted[name] = value.uppercased()
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
