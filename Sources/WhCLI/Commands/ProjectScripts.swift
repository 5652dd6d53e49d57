import ArgumentParser
import Foundation
import Warehouse

/// A folder of .sql files applied in name order (`wh init --project`, `wh quickstart`).
struct ProjectScripts {
    let directory: String
    let files: [(path: String, text: String)]

    /// The seed's warehouse compiled into wh (sql/seed as it was built), so it works from any directory.
    static let builtInSeed = ProjectScripts(directory: "sql/seed (built into wh)",
                                            files: EmbeddedSeed.files.map { ("sql/seed/" + $0.name, $0.text) })

    init(directory: String, files: [(path: String, text: String)]) {
        self.directory = directory
        self.files = files
    }

    /// Reads the folder, printing what is wrong (and exiting 1) when it cannot.
    init(directory: String, hint: String) throws {
        self.directory = directory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".sql") }.sorted() ?? []
        guard !names.isEmpty else {
            TextSink.standardError.write("Error: no .sql files in \(directory)\nHint: \(hint)\n")
            throw ExitCode(1)
        }
        files = try names.map { name in
            let path = (directory as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                TextSink.standardError.write("Error: cannot read \(path)\nHint: \(hint)\n")
                throw ExitCode(1)
            }
            return (path, text)
        }
    }

    /// Runs every file's statements; the first failure is printed with its file and line (exit 1).
    func apply(to warehouse: Warehouse, onFile: (String, Int) -> Void = { _, _ in }) throws {
        for (path, text) in files {
            var count = 0
            do {
                try warehouse.run(script: text) { _, _ in count += 1 }
            } catch {
                TextSink.standardError.write(ErrorReport.text(for: error, source: path))
                throw ExitCode(1)
            }
            onFile(path, count)
        }
    }
}
