import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Warehouse

/// The Snowflake connector's protocol (snowflake-connector-python 4.x and 5.x, and the drivers built
/// on it): login, queries answered with an inline JSON rowset, session close, heartbeat, abort and
/// result fetches. Every answer is HTTP 200 with `{"success", "code", "message", "data"}`.
struct ConnectorRoute: Sendable {
    let sessions: ConnectorSessions
    let readers: ReaderPool
    let limits: ServerConfiguration.Limits
    /// With `--token-file` and no users, on loopback, the password every login must give.
    let password: String?
    /// On loopback with no users and no token, any user name and password are accepted.
    let isLoopback: Bool

    // MARK: - Endpoints

    func login(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await Self.json(request, limit: limits.bodyBytes)
        let query = request.uri.queryParameters
        let user = body?["data"]?["LOGIN_NAME"]?.stringValue ?? "", given = body?["data"]?["PASSWORD"]?.stringValue ?? ""
        guard !user.isEmpty else {
            return Self.failure(code: "390100", message: "Incorrect username or password was specified. (no user name given)")
        }
        // Users (wh user create) when there are any; else the server's token; else, on loopback, anyone.
        let check = try await readers.run { warehouse -> (hasUsers: Bool, valid: Bool) in
            let users = try warehouse.users()
            return (!users.isEmpty, try !users.isEmpty && warehouse.checkUser(user, password: given))
        }
        if check.hasUsers, !check.valid {
            return Self.failure(code: "390100", message: "Incorrect username or password was specified.")
        }
        if !check.hasUsers, !isLoopback {
            return Self.failure(code: "390100", message: "Incorrect username or password was specified. (this server listens beyond loopback, where Snowflake clients need users: wh user create NAME)")
        }
        if !check.hasUsers, let password, given != password {
            return Self.failure(code: "390100", message: "Incorrect username or password was specified. (with no users, this server's password is the token of its --token-file)")
        }
        var objects: [String: String] = [:]
        for (kind, parameter) in [("DATABASE", "databaseName"), ("SCHEMA", "schemaName"), ("WAREHOUSE", "warehouse"), ("ROLE", "roleName")] {
            if let value = query[Substring(parameter)], !value.isEmpty { objects[kind] = String(value) }
        }
        objects["USER"] = user
        let opened = try await sessions.open(objects)
        // Session parameters the client gives at login (connect(session_parameters=…)): those wh honours
        // are set as ALTER SESSION would; the client-side ones it also sends (CLIENT_…) are the client's.
        let requested = body?["data"]?["SESSION_PARAMETERS"]?.members ?? []
        if let autocommit = requested.first(where: { $0.0.uppercased() == "AUTOCOMMIT" })?.1,
           autocommit == .bool(false) || autocommit.stringValue?.uppercased() == "FALSE" {
            await sessions.update(opened.token) { $0.autocommit = false }
        }
        let settings = requested.compactMap { name, value -> (String, String)? in
            guard Warehouse.sessionParameterNames.contains(name.uppercased()), name.uppercased() != "AUTOCOMMIT" else { return nil }
            switch value {
            case .string(let s): return (name.uppercased(), s)
            case .number(let n): return (name.uppercased(), n)
            case .bool(let b): return (name.uppercased(), b ? "TRUE" : "FALSE")
            default: return nil
            }
        }
        if !settings.isEmpty {
            do {
                try await opened.session.worker.run { warehouse in
                    for (name, value) in settings { _ = try warehouse.execute("ALTER SESSION SET \(name) = '\(value.replacingEvery("'", with: "''"))'") }
                }
            } catch {
                await sessions.close(opened.token)
                return Self.failure(code: "390201", message: (error as? any WarehouseError)?.message ?? "\(error)")
            }
        }
        let names = try await opened.session.worker.run { Self.currentNames($0) }
        let parameters: [(String, JSONValue)] = [("TIMEZONE", .string("UTC")), ("AUTOCOMMIT", .bool(true)),
                                                 ("CLIENT_STAGE_ARRAY_BINDING_THRESHOLD", .number("0")),
                                                 ("CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", .number("3600")),
                                                 ("CLIENT_TELEMETRY_ENABLED", .bool(false))]
        return Self.success(.object([
            ("token", .string(opened.token)), ("masterToken", .string(opened.master)), ("sessionId", .number(String(opened.session.id))),
            ("validityInSeconds", .number("3600")), ("masterValidityInSeconds", .number("14400")), ("serverVersion", .string("wh")),
            ("parameters", .array(parameters.map { .object([("name", .string($0.0)), ("value", $0.1)]) })),
            ("sessionInfo", .object([("databaseName", names.database), ("schemaName", names.schema),
                                     ("warehouseName", names.warehouse), ("roleName", names.role)])),
        ]))
    }

    func query(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let token = Self.token(request), let session = await sessions.session(token) else { return Self.noSession() }
        guard let body = try await Self.json(request, limit: limits.bodyBytes), let sql = body["sqlText"]?.stringValue else {
            return Self.failure(code: "000005", message: "the request has no sqlText")
        }
        let queryID = UUID().uuidString.lowercased()
        let describeOnly = body["describeOnly"]?.boolValue == true
        let statementType = Self.statementTypeID(sql)
        let answer: String
        do {
            let statements = try ConnectorBindings.substitute(sql, bindings: body["bindings"])
            if describeOnly && statementType != 0x1000 {
                // A DML statement described: the count column its result will have (5.x reads the rowtype).
                let counted = [0x3100: "number of rows inserted", 0x3200: "number of rows updated", 0x3300: "number of rows deleted",
                               0x3400: "number of rows inserted"][statementType]
                let rowtype = counted.map { [Self.rowType(WireResult.Column(name: $0, type: "fixed", precision: 19, scale: 0))] } ?? []
                answer = Self.success(.object([
                    ("rowtype", .array(rowtype)), ("rowset", .array([])), ("total", .number("0")), ("queryResultFormat", .string("json")),
                    ("statementTypeId", .number(String(statementType))), ("queryId", .string(queryID)),
                    ("numberOfBinds", .number(String(ConnectorBindings.count(body["bindings"])))), ("arrayBindSupported", .bool(true)),
                ]) + Self.final(try await session.worker.run { Self.currentNames($0) })).text
            } else {
                let autocommit = session.autocommit
                let (results, names, format) = try await session.worker.run { warehouse in
                    // Without autocommit, a statement opens the transaction COMMIT or ROLLBACK ends.
                    if !autocommit, statementType != 0x5000 { _ = try? warehouse.execute("BEGIN") }
                    return (try Self.run(statements, on: warehouse), Self.currentNames(warehouse),
                            warehouse.sessionParameter("PYTHON_CONNECTOR_QUERY_RESULT_FORMAT"))
                }
                answer = Self.success(Self.resultData(results, statementType: statementType, queryID: queryID, arrow: format == "ARROW")
                                      + Self.final(names)).text
            }
        } catch {
            let message = (error as? any WarehouseError)?.message ?? "\(error)"
            let code = SnowflakeErrorCode.of(message)
            let hint = (error as? any WarehouseError)?.hint.map { "\n(\($0))" } ?? ""
            answer = Self.failure(code: code.code, message: message + hint, data: .object([
                ("queryId", .string(queryID)), ("sqlState", .string(code.sqlState)), ("errorCode", .string(code.code)),
            ])).text
        }
        await sessions.remember(token, queryID: queryID, answer: answer)
        return Self.response(answer)
    }

    func result(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let token = Self.token(request), let session = await sessions.session(token) else { return Self.noSession() }
        let id = context.parameters.get("id") ?? ""
        guard let answer = session.results[id] else { return Self.failure(code: "000709", message: "Statement \(id) not found") }
        return Self.response(answer)
    }

    func status(_ request: Request, context: some RequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        return Self.success(.object([("queries", .array([.object([("id", .string(id)), ("status", .string("SUCCESS"))])]))]))
    }

    func logout(_ request: Request, context: some RequestContext) async throws -> Response {
        if let token = Self.token(request) { await sessions.close(token) }
        return Self.success(.null)
    }

    func heartbeat(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let token = Self.token(request), await sessions.session(token) != nil else { return Self.noSession() }
        return Self.success(.null)
    }

    /// Queries run one at a time per session and finish quickly: there is nothing to abort by the
    /// time an abort arrives, which Snowflake answers with success too.
    func abort(_ request: Request, context: some RequestContext) async throws -> Response {
        Self.success(.null)
    }

    /// Runs the statements; several (one per row of array bindings) as one transaction, unless the
    /// session already has one open.
    static func run(_ statements: [String], on warehouse: Warehouse) throws -> [ResultSet] {
        guard statements.count > 1, (try? warehouse.execute("BEGIN")) != nil else { return try statements.map { try warehouse.execute($0) } }
        do {
            let results = try statements.map { try warehouse.execute($0) }
            _ = try warehouse.execute("COMMIT")
            return results
        } catch {
            _ = try? warehouse.execute("ROLLBACK")
            throw error
        }
    }

    // MARK: - Results

    /// A query's `data`: rowtype and rowset of the last statement's result (several when the
    /// statement was run once per row of array bindings: their counts added up).
    static func resultData(_ results: [ResultSet], statementType: Int, queryID: String, arrow: Bool = false) -> JSONValue {
        var result = results.last ?? ResultSet()
        if results.count > 1, let first = results.first, first.columns.allSatisfy({ $0.name.hasPrefix("number of rows") }) {
            result.rows = [first.columns.indices.map { index in
                .integer(results.reduce(0) { $0 + ($1.rows.first?[index].integerValue ?? 0) })
            }]
        }
        var columns = WireResult.columns(of: result)
        for index in columns.indices where columns[index].type == "fixed" && columns[index].name.hasPrefix("number of ") {
            columns[index].precision = 19
        }
        let common: [(String, JSONValue)] = [("rowtype", .array(columns.map(Self.rowType))), ("total", .number(String(result.rows.count))),
                                             ("returned", .number(String(result.rows.count))), ("queryId", .string(queryID)),
                                             ("statementTypeId", .number(String(statementType)))]
        // Query results as Arrow (as Snowflake sends them), DML counts and anything Arrow cannot carry here as JSON.
        if arrow, statementType == 0x1000, !columns.isEmpty, let stream = ConnectorArrow.stream(result, columns: columns) {
            let encoded = result.rows.isEmpty ? "" : Data(stream).base64EncodedString()
            return .object(common + [("queryResultFormat", .string("arrow")), ("rowsetBase64", .string(encoded))])
        }
        let rows: [JSONValue] = result.rows.map { row in
            .array(zip(columns, row).map { column, value in Self.cell(value, column).map(JSONValue.string) ?? .null })
        }
        return .object(common + [("rowset", .array(rows)), ("queryResultFormat", .string("json"))])
    }

    /// One value as the connector's JSON rowset writes it: WireResult's form, except BOOLEAN as 1/0
    /// (4.x reads only "1" as true), BINARY as upper-case hex, times with exactly `scale` digits, and
    /// VARIANT indented as Snowflake sends it.
    static func cell(_ value: SQLValue, _ column: WireResult.Column) -> String? {
        guard var text = WireResult.string(value, in: column) else { return nil }
        switch column.type {
        case "boolean": return text == "true" ? "1" : text == "false" ? "0" : text
        case "variant", "object", "array":
            return JSONValue.parse(text)?.pretty() ?? text
        case "binary":
            if case .blob(let bytes) = value { return bytes.map { String(format: "%02X", $0) }.joined() }
            return text.uppercased()
        case "time", "timestamp_ntz", "timestamp_ltz", "timestamp_tz":
            let scale = column.scale ?? 9
            guard let dot = text.firstIndex(of: ".") else { return text }
            let rest = text[text.index(after: dot)...]
            let digits = rest.prefix { $0.isNumber }
            let tail = rest.dropFirst(digits.count)
            text = String(text[..<dot]) + (scale > 0 ? "." + String(digits.prefix(scale)) + String(repeating: "0", count: max(0, scale - digits.count)) : "") + tail
            return text
        default: return text
        }
    }

    static func rowType(_ column: WireResult.Column) -> JSONValue {
        func number(_ value: Int?) -> JSONValue { value.map { .number(String($0)) } ?? .null }
        return .object([("name", .string(column.name)), ("database", .string("")), ("schema", .string("")), ("table", .string("")),
                        ("type", .string(column.type)), ("precision", number(column.precision)), ("scale", number(column.scale)),
                        ("length", number(column.length)), ("byteLength", number(column.length.map { $0 * 4 })),
                        ("nullable", .bool(column.nullable)), ("collation", .null)])
    }

    /// Snowflake's statement type ids (the connector derives rowcount from them).
    static func statementTypeID(_ sql: String) -> Int {
        let words = sql.split(whereSeparator: { $0.isWhitespace || $0 == "(" }).prefix(2).map { $0.uppercased() }
        switch words.first ?? "" {
        case "SELECT", "WITH", "CALL", "VALUES", "EXPLAIN": return 0x1000
        case "INSERT": return 0x3100
        case "UPDATE": return 0x3200
        case "DELETE": return 0x3300
        case "MERGE": return 0x3400
        case "COPY": return 0x3600
        case "USE": return 0x4300
        case "SHOW", "LIST", "LS": return 0x4400
        case "DESC", "DESCRIBE": return 0x4500
        case "ALTER" where words.count > 1 && words[1] == "SESSION": return 0x4100
        case "BEGIN", "START", "COMMIT", "ROLLBACK": return 0x5000
        case "CREATE", "DROP", "ALTER", "TRUNCATE", "UNDROP", "COMMENT", "GRANT", "REVOKE": return 0x6000
        case "PUT": return 0x7101
        default: return 0
        }
    }

    /// The session's current database, schema, warehouse and role, as CURRENT_DATABASE() … answer.
    struct Names: Sendable { var database, schema, warehouse, role: JSONValue }

    static func currentNames(_ warehouse: Warehouse) -> Names {
        func name(_ kind: String) -> JSONValue { warehouse.sessionObject(kind).map(JSONValue.string) ?? .null }
        return Names(database: name("DATABASE"), schema: name("SCHEMA"), warehouse: name("WAREHOUSE"), role: name("ROLE"))
    }

    private static func final(_ names: Names) -> JSONValue {
        .object([("finalDatabaseName", names.database), ("finalSchemaName", names.schema),
                 ("finalWarehouseName", names.warehouse), ("finalRoleName", names.role),
                 ("parameters", .array([.object([("name", .string("TIMEZONE")), ("value", .string("UTC"))])]))])
    }

    // MARK: - Envelope

    static func token(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.hasPrefix("Snowflake Token=\"") else { return nil }
        return String(header.dropFirst("Snowflake Token=\"".count).prefix { $0 != "\"" })
    }

    static func json(_ request: Request, limit: Int) async throws -> JSONValue? {
        var body = Data(try await request.body.collect(upTo: limit).readableBytesView)
        if request.headers[.contentEncoding]?.lowercased() == "gzip" || Gzip.isGzip(body) { body = try Gzip.decompress(body) }
        return body.isEmpty ? nil : JSONValue.parse(Array(body))
    }

    static func success(_ data: JSONValue) -> Response {
        response(JSONValue.object([("success", .bool(true)), ("code", .null), ("message", .null), ("data", data)]).text)
    }

    static func success(_ data: JSONValue) -> JSONValue {
        .object([("success", .bool(true)), ("code", .null), ("message", .null), ("data", data)])
    }

    static func failure(code: String, message: String, data: JSONValue = .null) -> Response {
        response(failure(code: code, message: message, data: data).text)
    }

    static func failure(code: String, message: String, data: JSONValue = .null) -> JSONValue {
        .object([("success", .bool(false)), ("code", .string(code)), ("message", .string(message)), ("data", data)])
    }

    static func noSession() -> Response {
        failure(code: "390104", message: "the session does not exist or has expired: connect again")
    }

    static func response(_ text: String) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(text)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }
}

extension JSONValue {
    /// The members of two objects, in order (for adding fields to a reply's data).
    static func + (a: JSONValue, b: JSONValue) -> JSONValue {
        .object((a.members ?? []) + (b.members ?? []))
    }
}
