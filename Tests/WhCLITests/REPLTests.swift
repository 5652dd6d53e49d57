import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Drives the interactive REPL in a real terminal (tmux): multi-line input, Ctrl-C at the prompt and
/// during a statement, Ctrl-D, and history kept across runs.
@Suite struct REPLTests {
    let dir: TempDir
    /// A tmux server of this test's own, its socket in the test's directory, so it never meets the
    /// user's or another test's and is gone with the directory.
    var socket: String { dir.path + "/tmux.sock" }
    let session = "repl"

    init() throws { dir = try TempDir() }

    /// Runs a shell command with posix_spawn and waitpid. Foundation's Process is not used here:
    /// tmux's client exits while the server it forked lives on, and Process then waits forever.
    @discardableResult
    func shell(_ command: String) -> Int32 {
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xff
    }

    /// A tmux command on this test's own server; its output is discarded.
    @discardableResult
    func tmux(_ arguments: String...) -> Int32 {
        shell("tmux -S '\(socket)' " + arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
              + " </dev/null >/dev/null 2>&1")
    }

    func screen() -> String {
        let file = dir.path + "/screen.txt"
        shell("tmux -S '\(socket)' capture-pane -t \(session) -p > '\(file)' 2>/dev/null </dev/null")
        return (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    }

    func type(_ text: String) {
        // A trailing ';' would end tmux's own command, so it is escaped.
        tmux("send-keys", "-t", session, "-l", text.hasSuffix(";") ? String(text.dropLast()) + "\\;" : text)
        tmux("send-keys", "-t", session, "Enter")
    }

    /// Polls the screen until `text` shows up; records the screen when it never does (20 s).
    func waitFor(_ text: String) {
        var shown = ""
        for _ in 0..<200 {
            shown = screen()
            if shown.contains(text) { return }
            usleep(100_000)
        }
        Issue.record("'\(text)' never appeared; the screen was:\n\(shown)")
    }

    /// Waits until the REPL shows its prompt on the last line, ready for input, as a person would.
    func waitForPrompt() {
        for _ in 0..<200 {
            let lines = screen().split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if lines.last?.trimmingCharacters(in: .whitespaces) == "wh>" { return }
            usleep(50_000)
        }
        Issue.record("the prompt never came back; the screen was:\n\(screen())")
    }

    func start() {
        let status = tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                              "cd '\(dir.path)' && WH_HISTORY='\(dir.path)/history' '\(WhBinary.path)' --db w.db sql")
        #expect(status == 0)
        waitFor("wh>")  // capture-pane drops trailing spaces
    }

    /// Polls until the session is gone (wh exited); records an issue after 10 s.
    func waitForExit() {
        for _ in 0..<100 {
            if tmux("has-session", "-t", session) != 0 { return }
            usleep(100_000)
        }
        Issue.record("wh did not exit after Ctrl-D")
    }

    @Test func multiLineInputCtrlCAndHistoryAcrossRuns() throws {
        defer { tmux("kill-server") }
        start()
        type("SELECT 40 +")
        waitFor("...>")
        type("  2 AS answer;")
        waitFor("│     42 │")

        // Ctrl-C at the prompt drops the statement being typed.
        waitForPrompt()
        type("SELECT 'dropped'")
        tmux("send-keys", "-t", session, "C-c")
        waitFor("^C")
        type("SELECT 'kept' AS k;")
        waitFor("│ kept │")
        #expect(!screen().contains("│ dropped"))

        // Ctrl-C while a statement runs cancels it and the REPL stays.
        waitForPrompt()
        type("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;")
        usleep(300_000)
        tmux("send-keys", "-t", session, "C-c")
        waitFor("statement cancelled")
        type("SELECT 'still here' AS s;")
        waitFor("│ still here │")

        // Ctrl-D leaves and writes the history; a new run recalls it with the up arrow.
        waitForPrompt()
        tmux("send-keys", "-t", session, "C-d")
        waitForExit()
        let history = try String(contentsOfFile: dir.path + "/history", encoding: .utf8)
        #expect(history.contains("still\\040here"))
        start()
        waitForPrompt()
        tmux("send-keys", "-t", session, "Up")
        waitFor("wh> SELECT 'still here' AS s;")
    }

    /// Regression (repl_output_after_ctrl_c_and_ctrl_d_on_the_same_line): the cancelled statement's
    /// error followed the echoed ^C on its line, and Ctrl-D's result table began on the prompt's line.
    @Test func ctrlCAndCtrlDEndTheirLineBeforeWhatFollows() throws {
        defer { tmux("kill-server") }
        start()
        waitForPrompt()
        type("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;")
        usleep(300_000)
        tmux("send-keys", "-t", session, "C-c")
        waitFor("statement cancelled")
        let lines = screen().split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("Error") && $0.contains("statement cancelled") }, "\(screen())")
        #expect(!screen().contains("^CError"))

        // Ctrl-D on an empty continuation line runs what was typed without `;`, then leaves.
        tmux("set-option", "-t", session, "remain-on-exit", "on")   // keep the screen to read it afterwards
        waitForPrompt()
        type("SELECT 42 AS answer")
        waitFor("...>")
        tmux("send-keys", "-t", session, "C-d")
        waitFor("│     42 │")
        let after = screen().split(separator: "\n")
        #expect(after.contains { $0.hasPrefix("┌") }, "\(screen())")
        #expect(!after.contains { $0.hasPrefix("...>") && $0.contains("┌") })
    }
}
