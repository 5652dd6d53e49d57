import Hummingbird
import NIOCore

extension Request {
    /// The whole body, or nil when it is longer than `limit` bytes (each route answers that in its
    /// own protocol's words).
    func collectedBody(upTo limit: Int) async throws -> ByteBuffer? {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            return nil
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return nil
        }
    }
}

extension ReaderPool {
    /// The stage a name given in a URL or an AWS request stands for (stage names match whatever
    /// their case, as the catalog keeps them): its name as the catalog has it, and its directory;
    /// nil when there is none.
    func stage(named name: String) async throws -> (name: String, directory: String)? {
        try await run { warehouse in
            // The path names the stage ignoring case (telemetry_stage is TELEMETRY_STAGE); the stage
            // is then named to the warehouse as it is stored.
            let names = try warehouse.stageNames()
            guard let named = names.first(where: { $0.sameBytes(name) }) ?? names.first(where: { $0.equalsIgnoringASCIICase(name) }) else { return nil }
            let quoted = "\"" + named.replacingEvery("\"", with: "\"\"") + "\""
            guard let directory = try? warehouse.directory(ofStage: quoted) else { return nil }
            return (named, directory)
        }
    }
}
