@preconcurrency import Glibc

/// Reads lines for the REPL.
protocol LineReader {
    /// The next line without its newline; nil at end of input (Ctrl-D) or after an interrupt.
    func readLine(prompt: String) -> String?
    /// Remembers `line` for the arrow keys and the history file.
    func addHistory(_ line: String)
    /// Writes the history file.
    func saveHistory()
}

/// Reads plain lines from stdin (no editing): the fallback when libedit cannot be loaded.
struct PlainLineReader: LineReader {
    func readLine(prompt: String) -> String? {
        fputs(prompt, stdout)
        fflush(stdout)
        return Swift.readLine(strippingNewline: true)
    }
    func addHistory(_ line: String) {}
    func saveHistory() {}
}
