import Dispatch
import Foundation
import Hummingbird
import NIOCore
import Warehouse

/// `POST /v1/statements`: one SQL statement, answered in the shape of Snowflake's SQL API v2
/// (`resultSetMetaData.rowType`, `data` as arrays of strings, `statementHandle`; `code`/`message`
/// on failure), so tools written for that API can read it. A statement still running after its
/// `timeout` (seconds, default 30) is interrupted and answered 408.
struct StatementsRoute: Sendable {
    let writer: WarehouseWorker
    let limits: ServerConfiguration.Limits

    func handle(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let body = try await request.collectedBody(upTo: limits.bodyBytes) else {
            throw APIError.bodyTooLarge(limit: limits.bodyBytes, hint: "send a shorter statement (the server's --max-body-bytes sets the limit)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let statement = object["statement"] as? String, !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError(.badRequest, code: "390142", message: "Incoming request does not contain a valid payload.",
                           hint: "send {\"statement\": \"SELECT …\", \"timeout\": 30} as JSON")
        }
        if object["bindings"] != nil {
            throw APIError(.badRequest, code: "bindings_unsupported", message: "bindings are not supported by wh's SQL API yet",
                           hint: "write the values into the statement as literals")
        }
        let timeout = (object["timeout"] as? NSNumber)?.doubleValue ?? 30
        let handle = UUID().uuidString.lowercased()
        let createdOn = Int64(Date().timeIntervalSince1970 * 1000)
        let canceller = writer.canceller
        let fired = TimeoutFlag()
        let timer = DispatchWorkItem { fired.set(); canceller.cancel() }
        if timeout > 0 { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer) }
        defer { timer.cancel() }
        do {
            let result = try await writer.run { try $0.execute(statement) }
            return Response.json(Self.resultJSON(result, handle: handle, createdOn: createdOn))
        } catch {
            var failure: APIError
            if fired.isSet {
                failure = APIError(.requestTimeout, code: "000630", message: "Statement reached its statement or warehouse timeout of \(Self.seconds(timeout)) second(s) and was canceled.",
                                   hint: "give a larger \"timeout\" (seconds) or narrow the statement")
                failure.extra = [("sqlState", "57014"), ("statementHandle", handle)]
            } else {
                let base = APIError.from(error)
                let code = SnowflakeErrorCode.of(base.message)
                failure = APIError(.unprocessableContent, code: code.code, message: base.message, hint: base.hint)
                failure.extra = [("sqlState", code.sqlState), ("statementHandle", handle)]
            }
            return Response.json(failure.json, status: failure.status)
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The SQL API's ResultSet: a DDL or DML statement answers one row, as Snowflake's do.
    static func resultJSON(_ result: ResultSet, handle: String, createdOn: Int64) -> String {
        let columns = WireResult.columns(of: result)
        let rows = result.rows.map { row in
            "[" + zip(columns, row).map { column, value in WireResult.string(value, in: column).map(JSONString.quoted) ?? "null" }
                .joined(separator: ",") + "]"
        }
        let metadata = "{\"numRows\":\(result.rows.count),\"format\":\"jsonv2\",\"partitionInfo\":[{\"rowCount\":\(result.rows.count)}],"
            + "\"rowType\":[" + columns.map(\.json).joined(separator: ",") + "]}"
        let members = [
            "\"resultSetMetaData\":" + metadata,
            "\"data\":[" + rows.joined(separator: ",") + "]",
            "\"code\":\"090001\"", "\"sqlState\":\"00000\"", "\"message\":\"Statement executed successfully.\"",
            "\"statementHandle\":\(JSONString.quoted(handle))",
            "\"statementStatusUrl\":\(JSONString.quoted("/api/v2/statements/\(handle)"))",
            "\"createdOn\":\(createdOn)",
        ]
        return "{" + members.joined(separator: ",") + "}"
    }
}

/// Set once, from the timer's thread, when a statement's timeout passed.
final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
