@preconcurrency import Glibc

/// Line editing and history through libedit's readline-compatible API, loaded at run time with
/// dlopen: libedit (BSD-licensed) ships its runtime on every machine but not its headers, so wh must
/// build without them. Returns nil from `init` when the library is not there.
final class LibEditLineReader: LineReader {
    private typealias ReadlineFunction = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
    private typealias HistoryLineFunction = @convention(c) (UnsafePointer<CChar>?) -> Int32
    private typealias VoidFunction = @convention(c) () -> Void
    private typealias IntFunction = @convention(c) (Int32) -> Void

    private let readline: ReadlineFunction
    private let addHistoryFunction: HistoryLineFunction
    private let readHistory: HistoryLineFunction
    private let writeHistory: HistoryLineFunction
    private let historyPath: String
    private var lastLine: String?

    init?(historyPath: String) {
        guard let library = LibEditLineReader.open(),
              let readline = dlsym(library, "readline"),
              let addHistory = dlsym(library, "add_history"),
              let readHistory = dlsym(library, "read_history"),
              let writeHistory = dlsym(library, "write_history"),
              let usingHistory = dlsym(library, "using_history")
        else { return nil }
        self.readline = unsafeBitCast(readline, to: ReadlineFunction.self)
        self.addHistoryFunction = unsafeBitCast(addHistory, to: HistoryLineFunction.self)
        self.readHistory = unsafeBitCast(readHistory, to: HistoryLineFunction.self)
        self.writeHistory = unsafeBitCast(writeHistory, to: HistoryLineFunction.self)
        self.historyPath = historyPath
        unsafeBitCast(usingHistory, to: VoidFunction.self)()
        if let stifle = dlsym(library, "stifle_history") { unsafeBitCast(stifle, to: IntFunction.self)(2000) }
        _ = self.readHistory(historyPath)
    }

    private static func open() -> UnsafeMutableRawPointer? {
        for name in ["libedit.so.2", "libedit.so", "libedit.so.0"] {
            if let handle = dlopen(name, RTLD_NOW) { return handle }
        }
        return nil
    }

    func readLine(prompt: String) -> String? {
        guard let pointer = readline(prompt) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    func addHistory(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace), line != lastLine else { return }
        lastLine = line
        _ = addHistoryFunction(line)
    }

    func saveHistory() { _ = writeHistory(historyPath) }
}
