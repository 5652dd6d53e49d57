import Crypto
import Foundation
import SQLite

/// A stage as the catalog holds it.
struct Stage {
    var name: String
    var url: String?
    var directory: String
    var fileFormat: String
    var comment: String?
    var createdAt: String
    var isInternal: Bool { url == nil }
}

extension Warehouse {
    /// Where internal stages live: a folder beside the warehouse file (`fleet.db` → `fleet.stages/`).
    var internalStagesDirectory: String {
        let absolute = environment.fileSystem.absolutePath(path)
        let directory = environment.fileSystem.parentDirectory(of: absolute)
        let file = absolute.split(separator: "/").last.map(String.init) ?? "warehouse.db"
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        return directory + "/" + stem + ".stages"
    }

    /// Where the S3 buckets `wh serve` answers for live: a folder beside the warehouse file
    /// (`fleet.db` → `fleet.buckets/<bucket>/`), one directory per bucket.
    public var bucketsDirectory: String {
        String(internalStagesDirectory.dropLast(".stages".count)) + ".buckets"
    }

    /// The directory a stage URL names: `file:///abs/dir/`, an absolute path, a path relative to the
    /// warehouse file, or `s3://bucket/prefix/`, a bucket wh serves itself (in `bucketsDirectory`).
    /// Other cloud URLs are refused: a wh stage is a local directory.
    func stageDirectory(url: String) throws -> String {
        let lower = url.lowercased()
        if lower.hasPrefix("s3://") {
            let rest = url.dropFirst("s3://".count)
            let bucket = String(rest.prefix { $0 != "/" })
            let prefix = Self.pathComponents(rest.dropFirst(bucket.count))
            guard Self.isBucketName(bucket) else { throw StageError.badBucket(url) }
            guard !prefix.contains(where: { $0 == "." || $0 == ".." }) else { throw StageError.escapingPath(url) }
            return ([bucketsDirectory, bucket] + prefix).joined(separator: "/")
        }
        if let scheme = ["s3gov://", "gcs://", "azure://", "https://", "http://"].first(where: lower.hasPrefix) {
            throw StageError.remoteURL(url, scheme: scheme)
        }
        var path = url
        if lower.hasPrefix("file://") { path = String(url.dropFirst("file://".count)) }
        if !path.hasPrefix("/") {
            let base = environment.fileSystem.parentDirectory(of: environment.fileSystem.absolutePath(self.path))
            path = base + "/" + path
        }
        return environment.fileSystem.absolutePath(path)
    }

    /// A stage path's components as the file system splits them: at every "/" byte. Split by
    /// Character, a "/" followed by a combining mark is not "/", and `../\u{301}x` passed as one name
    /// while the file system read it as the directory above the stage.
    static func pathComponents<S: StringProtocol>(_ path: S) -> [String] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `path` has a `..` component, so it would reach outside the stage's directory.
    static func leavesStage<S: StringProtocol>(_ path: S) -> Bool { pathComponents(path).contains("..") }

    /// S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, starting and
    /// ending with a letter or digit.
    public static func isBucketName(_ name: String) -> Bool {
        let allowed = name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." || $0 == "-" }
        return (3...63).contains(name.count) && allowed && name.first.map { $0 != "." && $0 != "-" } == true
            && name.last.map { $0 != "." && $0 != "-" } == true && !name.contains("..")
    }

    /// True for `file:///dir/` and `/dir/`; false for a URL relative to the warehouse file.
    static func isAbsoluteStageURL(_ url: String) -> Bool {
        url.lowercased().hasPrefix("file://") || url.hasPrefix("/")
    }

    /// The directory holding a stage's files (`wh generate` writes there).
    public func directory(ofStage text: String) throws -> String {
        var parser = try Parser(text.hasPrefix("@") ? String(text.dropFirst()) : text)
        return try stage(named: try parser.objectName()).directory
    }

    /// Every stage's name, in order.
    public func stageNames() throws -> [String] {
        try connection.prepare("SELECT name FROM _wh_stages ORDER BY name").all().compactMap { $0.first?.textValue }
    }

    func stage(named name: Identifier) throws -> Stage {
        let statement = try connection.prepare("SELECT name, url, directory, file_format, comment, created_at FROM _wh_stages WHERE name = ?")
        try statement.bind([.text(name.name)])
        guard let row = try statement.all().first else { throw StageError.noSuchStage(name.name) }
        try Self.refuse(name.name, storedAs: row[0].textValue)
        return Stage(name: row[0].textValue ?? "", url: row[1].textValue, directory: row[2].textValue ?? "",
                     fileFormat: row[3].textValue ?? "{}", comment: row[4].textValue, createdAt: row[5].textValue ?? "")
    }

    func fileFormat(named name: String) throws -> String {
        let statement = try connection.prepare("SELECT options, name FROM _wh_file_formats WHERE name = ?")
        try statement.bind([.text(name)])
        guard let row = try statement.all().first, let options = row[0].textValue else { throw FileFormatError.noSuchFormat(name) }
        try Self.refuse(name, storedAs: row[1].textValue)
        return options
    }

    func createStage(_ statement: CreateStageStatement) throws -> ResultSet {
        try refuseNameDifferingOnlyInCase(statement.name.name, of: .stage)
        let exists = (try? stage(named: statement.name)) != nil
        if exists {
            if statement.ifNotExists { return Self.status("\(statement.name.name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw StageError.stageExists(statement.name.name) }
        }
        var format = statement.fileFormat.json
        if let formatName = statement.formatName {
            format = try fileFormat(named: Identifier(formatName).name)
        } else {
            try statement.fileFormat.validate()
        }
        let directory = try statement.url.map(stageDirectory) ?? internalStagesDirectory + "/" + statement.name.name.lowercased()
        if environment.fileSystem.kind(of: directory) == .file { throw StageError.notADirectory(directory) }
        // An internal stage, or a URL relative to the warehouse file, is the warehouse's own landing
        // area: made here. An absolute URL names a directory someone else owns: a missing one is not
        // made silently (a mistyped path would load nothing), but named in the answer.
        var warning = ""
        if let url = statement.url, Self.isAbsoluteStageURL(url), environment.fileSystem.kind(of: directory) == nil {
            warning = " Warning: its directory '\(directory)' does not exist yet; COPY, LIST and the pipes say so until it is created (mkdir -p '\(directory)')."
        } else {
            try environment.fileSystem.createDirectory(at: directory)
        }
        try catalog("""
            INSERT OR REPLACE INTO _wh_stages(name, url, directory, file_format, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(statement.name.name), statement.url.map { .text($0) } ?? .null, .text(directory), .text(format),
                  statement.comment.map { .text($0) } ?? .null, .text(CanonicalTimestamp.format(environment.clock.now()))])
        if let credentials = statement.credentials {
            guard statement.url?.lowercased().hasPrefix("s3://") == true else {
                throw StageError.credentialsWithoutBucket(statement.name.name)
            }
            if let keys = environment.awsCredentials {
                // Under `wh serve --aws-credentials`, the key must be one of the server's, with its secret.
                let key = credentials["AWS_KEY_ID"] ?? ""
                guard let secret = keys[key], secret == credentials["AWS_SECRET_KEY"] else {
                    throw StageError.credentialsRefused(statement.name.name, key: key)
                }
            } else {
                warning += " CREDENTIALS are accepted, not checked: the bucket is the warehouse's own directory '\(directory)', which `wh serve` answers S3 requests for."
            }
        }
        return Self.status("Stage area \(statement.name.name) successfully created." + warning)
    }

    func createFileFormat(_ statement: CreateFileFormatStatement) throws -> ResultSet {
        try refuseNameDifferingOnlyInCase(statement.name.name, of: .fileFormat)
        if (try? fileFormat(named: statement.name.name)) != nil {
            if statement.ifNotExists { return Self.status("\(statement.name.name) already exists, statement succeeded.") }
            guard statement.orReplace else { throw StageError.formatExists(statement.name.name) }
        }
        var options = statement.options
        if options.values["TYPE"] == nil { options.values["TYPE"] = .text("CSV") }   // Snowflake's default type
        try options.validate()
        try catalog("INSERT OR REPLACE INTO _wh_file_formats(name, options, comment, created_at) VALUES (?, ?, ?, ?)",
                    [.text(statement.name.name), .text(options.json), statement.comment.map { .text($0) } ?? .null,
                     .text(CanonicalTimestamp.format(environment.clock.now()))])
        return Self.status("File format \(statement.name.name) successfully created.")
    }

    func dropStageOrFormat(_ name: Identifier, ifExists: Bool, isStage: Bool) throws -> ResultSet {
        let table = isStage ? "_wh_stages" : "_wh_file_formats"
        if isStage, let stage = try? stage(named: name), stage.isInternal {
            // An internal stage's files go with it, as in Snowflake; an external directory stays.
            if environment.fileSystem.kind(of: stage.directory) == .directory { try environment.fileSystem.removeItem(at: stage.directory) }
        }
        try catalog("DELETE FROM \(table) WHERE name = ?", [.text(name.name)])
        if connection.changes == 0 && !ifExists {
            throw isStage ? StageError.noSuchStage(name.name) : FileFormatError.noSuchFormat(name.name)
        }
        return Self.status("\(name.name) successfully dropped.")
    }

    /// The files of `location` (prefix and PATTERN applied), with the stage.
    /// `only`: look at these absolute paths instead of listing the stage (the daemon's events).
    func stagedFiles(_ location: StageLocation, pattern: String?, only: Set<String>? = nil) throws -> (Stage, [FileEntry]) {
        let stage = try stage(named: location.stage)
        if Self.leavesStage(location.prefix) { throw StageError.escapingPath(location.prefix) }
        guard environment.fileSystem.kind(of: stage.directory) == .directory else { throw StageError.missingDirectory(stage.name, stage.directory) }
        let regex = try pattern.map { try Self.regex($0) }
        let listed: [FileEntry]
        if let only {
            listed = only.sorted().compactMap { path in
                let base = Array((stage.directory + "/").utf8)
                guard path.utf8.starts(with: base), var entry = environment.fileSystem.entry(at: path) else { return nil }
                entry.relativePath = String(decoding: path.utf8.dropFirst(base.count), as: UTF8.self)
                return entry
            }
        } else {
            listed = try environment.fileSystem.files(under: stage.directory)
        }
        // Hidden and temporary names are not staged files: a writer is still using them (wh serve's
        // `.….tmp` before its rename) or they are not data (its `.….keys`, editors' files).
        let files = listed.filter { file in
            // By byte, as Snowflake matches a path: a prefix ending before a combining mark matches.
            guard file.relativePath.utf8.starts(with: location.prefix.utf8), !Self.isIgnoredStageName(file.relativePath) else { return false }
            guard let regex else { return true }
            let range = NSRange(file.relativePath.startIndex..., in: file.relativePath)
            return regex.firstMatch(in: file.relativePath, options: [.anchored], range: range)?.range == range
        }
        return (stage, files)
    }

    /// How LIST names a file: `stage/path` inside an internal stage, the file URL for an external one.
    static func listName(_ stage: Stage, _ file: FileEntry) -> String {
        stage.isInternal ? stage.name.lowercased() + "/" + file.relativePath : "file://" + stage.directory + "/" + file.relativePath
    }

    func list(_ statement: StageFilesStatement) throws -> ResultSet {
        let (stage, files) = try stagedFiles(statement.location, pattern: statement.pattern)
        let rows = try files.map { file -> [Value] in
            let data = try environment.fileSystem.contents(of: stage.directory + "/" + file.relativePath)
            return [.text(Self.listName(stage, file)), .integer(file.size), .text(Self.hex(Insecure.MD5.hash(data: data))),
                    .text(HTTPDate.format(file.modified))]
        }
        return ResultSet(columns: ["name", "size", "md5", "last_modified"].map { ResultColumn(name: $0) }, sqliteRows: rows, isQuery: true)
    }

    func remove(_ statement: StageFilesStatement) throws -> ResultSet {
        let (stage, files) = try stagedFiles(statement.location, pattern: statement.pattern)
        for file in files { try environment.fileSystem.removeItem(at: stage.directory + "/" + file.relativePath) }
        return ResultSet(columns: [ResultColumn(name: "name"), ResultColumn(name: "result")],
                         rows: files.map { [.text(Self.listName(stage, $0)), .text("removed")] }, isQuery: true)
    }
}

/// Stage problems, naming the stage or path and the fix.
public enum StageError: WarehouseError, Equatable {
    case noSuchStage(String)
    case stageExists(String)
    case formatExists(String)
    case remoteURL(String, scheme: String)
    case notADirectory(String)
    case missingDirectory(String, String)
    case escapingPath(String)
    case noSourceFiles(String, lookedFor: String)
    case badBucket(String)
    case credentialsWithoutBucket(String)
    case credentialsRefused(String, key: String)

    public var message: String {
        switch self {
        case .noSuchStage(let name): return "Stage '\(name)' does not exist or not authorized."
        case .stageExists(let name), .formatExists(let name): return "Object '\(name)' already exists."
        case .remoteURL(let url, _): return "stage URL '\(url)' is not a local directory"
        case .notADirectory(let path): return "stage directory '\(path)' is a file"
        case .missingDirectory(let name, let path): return "the directory of stage \(name) does not exist: '\(path)'"
        case .escapingPath(let path): return "stage path '\(path)' leaves the stage (it contains ..)"
        case .noSourceFiles(let source, _): return "File '\(source)' does not exist or not authorized."
        case .badBucket(let url): return "stage URL '\(url)' does not name a valid S3 bucket"
        case .credentialsWithoutBucket(let name): return "CREDENTIALS on stage \(name) need an s3:// URL: a local directory has none"
        case .credentialsRefused(let name, let key): return "Failure using stage area \(name). Cause: [The AWS Access Key Id you provided ('\(key)') is not valid or its secret does not match]"
        }
    }

    public var hint: String? {
        switch self {
        case .noSuchStage: return "list stages with SHOW STAGES; unquoted names are upper-cased"
        case .stageExists, .formatExists: return "use CREATE OR REPLACE, or IF NOT EXISTS"
        case .remoteURL(_, let scheme):
            return "wh reads local directories and the S3 buckets it serves itself (s3://), not \(scheme) URLs: copy the files to a directory and use URL = 'file:///that/dir/'"
        case .notADirectory: return "point the stage at a directory"
        case .missingDirectory(let name, let path):
            return "create it (mkdir -p '\(path)'), or point the stage at the right one: CREATE OR REPLACE STAGE \(name) URL = 'file:///…/' "
                + "(a relative URL is relative to the warehouse file's directory)"
        case .escapingPath: return "name paths inside the stage; wh never reads outside a stage's directory"
        case .badBucket: return "a bucket name is 3 to 63 lower-case letters, digits, dots and hyphens: URL = 's3://my-bucket/prefix/'"
        case .credentialsWithoutBucket: return "drop CREDENTIALS, or use URL = 's3://bucket/prefix/' for a bucket wh serves"
        case .credentialsRefused: return "give AWS_KEY_ID and AWS_SECRET_KEY of a key in the server's --aws-credentials file"
        case .noSourceFiles(_, let path):
            return "wh looked for '\(path)' (a relative path is relative to the directory wh runs in); check the path after PUT "
                + "(file:///absolute/path, wildcards * and ? allowed in the file name)"
        }
    }
}
