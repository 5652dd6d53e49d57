import Foundation
import SQLite

extension Warehouse {
    /// PUT copies local files into a stage, gzip-compressed unless AUTO_COMPRESS = FALSE, and answers
    /// with Snowflake's columns. A file already there is SKIPPED unless OVERWRITE = TRUE.
    func put(_ statement: PutStatement) throws -> ResultSet {
        let stage = try stage(named: statement.location.stage)
        let prefix = statement.location.prefix
        if Self.leavesStage(prefix) { throw StageError.escapingPath(prefix) }
        let sources = try sourceFiles(statement.source)
        var targetDirectory = stage.directory
        if !prefix.isEmpty { targetDirectory += "/" + (prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix) }
        try environment.fileSystem.createDirectory(at: targetDirectory)
        var rows: [[Value]] = []
        for source in sources {
            let data = try environment.fileSystem.contents(of: source)
            let name = source.split(separator: "/").last.map(String.init) ?? source
            let alreadyGzip = Gzip.isGzip(data)
            let compress = statement.autoCompress && !alreadyGzip
            let target = compress ? name + ".gz" : name
            let targetPath = targetDirectory + "/" + target
            let sourceCompression = alreadyGzip ? "GZIP" : "NONE"
            if environment.fileSystem.kind(of: targetPath) != nil && !statement.overwrite {
                let size = environment.fileSystem.entry(at: targetPath)?.size ?? 0
                rows.append([.text(name), .text(target), .integer(Int64(data.count)), .integer(size), .text(sourceCompression),
                             .text(compress || alreadyGzip ? "GZIP" : "NONE"), .text("SKIPPED"), .text("")])
                continue
            }
            let stored = compress ? try Gzip.compress(data) : data
            try environment.fileSystem.write(stored, to: targetPath)
            rows.append([.text(name), .text(target), .integer(Int64(data.count)), .integer(Int64(stored.count)), .text(sourceCompression),
                         .text(compress || alreadyGzip ? "GZIP" : "NONE"), .text("UPLOADED"), .text("")])
        }
        let columns = ["source", "target", "source_size", "target_size", "source_compression", "target_compression", "status", "message"]
        return ResultSet(columns: columns.map { ResultColumn(name: $0) }, sqliteRows: rows, isQuery: true)
    }

    /// The local files PUT names: `file:///dir/name`, with `*` and `?` allowed in the name.
    func sourceFiles(_ source: String) throws -> [String] {
        var path = source
        if path.lowercased().hasPrefix("file://") { path = String(path.dropFirst("file://".count)) }
        path = environment.fileSystem.absolutePath(path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.contains("*") || name.contains("?") else {
            guard environment.fileSystem.kind(of: path) == .file else { throw StageError.noSourceFiles(source, lookedFor: path) }
            return [path]
        }
        let directory = environment.fileSystem.parentDirectory(of: path)
        let glob = "^" + NSRegularExpression.escapedPattern(for: name)
            .replacingOccurrences(of: "\\*", with: "[^/]*").replacingOccurrences(of: "\\?", with: "[^/]") + "$"
        let regex = try NSRegularExpression(pattern: glob)
        let matches = try environment.fileSystem.files(under: directory).map(\.relativePath).filter { relative in
            !relative.contains("/") && regex.firstMatch(in: relative, range: NSRange(relative.startIndex..., in: relative)) != nil
        }
        guard !matches.isEmpty else { throw StageError.noSourceFiles(source, lookedFor: path) }
        return matches.map { directory + "/" + $0 }
    }

    func showStages(like: String?) throws -> ResultSet {
        let statement = try connection.prepare("""
            SELECT created_at, name, ?1, 'PUBLIC', coalesce(url, ''), 'N', 'N', comment,
                   CASE WHEN url IS NULL THEN 'INTERNAL' ELSE 'EXTERNAL' END, directory
            FROM _wh_stages WHERE ?2 IS NULL OR upper(name) LIKE upper(?2) ORDER BY name
            """)
        try statement.bind([.text(databaseName), like.map { .text($0) } ?? .null])
        let columns = ["created_on", "name", "database_name", "schema_name", "url", "has_credentials", "has_encryption_key",
                       "comment", "type", "directory"]
        return ResultSet(columns: columns.map { ResultColumn(name: $0) }, sqliteRows: try statement.all(), isQuery: true)
    }

    func showFileFormats(like: String?) throws -> ResultSet {
        let statement = try connection.prepare("""
            SELECT created_at, name, ?1, 'PUBLIC', options ->> '$.TYPE', comment, options
            FROM _wh_file_formats WHERE ?2 IS NULL OR upper(name) LIKE upper(?2) ORDER BY name
            """)
        try statement.bind([.text(databaseName), like.map { .text($0) } ?? .null])
        let columns = ["created_on", "name", "database_name", "schema_name", "type", "comment", "format_options"]
        return ResultSet(columns: columns.map { ResultColumn(name: $0) }, sqliteRows: try statement.all(), isQuery: true)
    }

    /// DESC STAGE: one row per property, as Snowflake lists them.
    func describeStage(_ name: Identifier) throws -> ResultSet {
        let stage = try stage(named: name)
        var rows: [[Value]] = []
        let options = try connection.prepare("SELECT key, value FROM json_each(?) ORDER BY key")
        try options.bind([.text(stage.fileFormat)])
        for row in try options.all() {
            rows.append([.text("STAGE_FILE_FORMAT"), row[0], .text("String"), .text(row[1].textValue ?? ""), .text("")])
        }
        rows.append([.text("STAGE_LOCATION"), .text("URL"), .text("String"), .text(stage.url ?? ""), .text("")])
        rows.append([.text("STAGE_LOCATION"), .text("DIRECTORY"), .text("String"), .text(stage.directory), .text("")])
        let columns = ["parent_property", "property", "property_type", "property_value", "property_default"]
        return ResultSet(columns: columns.map { ResultColumn(name: $0) }, sqliteRows: rows, isQuery: true)
    }
}
