import Foundation
import Warehouse

/// Reads SQL and meta-commands line by line, from the REPL, a file, stdin or `-c`, and runs each
/// statement as soon as its `;` arrives. Errors are located in the whole input, not just the statement.
final class StatementFeeder {
    let state: ShellState
    /// The file being read, for error messages (nil for the REPL, stdin and `-c`).
    let sourceName: String?
    private var pending = ""
    private var pendingStart = SourceLocation.start
    private var nextLine = 1

    /// In the REPL each statement counts its lines from 1; in a script lines count from the top.
    let linesPerStatement: Bool

    init(state: ShellState, sourceName: String?, linesPerStatement: Bool = false) {
        self.state = state
        self.sourceName = sourceName
        self.linesPerStatement = linesPerStatement
    }

    /// True while a statement has been started but not ended with `;`.
    var hasPendingInput: Bool { !pending.allSatisfy(\.isWhitespace) }

    /// Takes one line of input (without its newline). Returns false when input should stop: after
    /// `.quit`, or after a failure when the run does not continue on errors.
    @discardableResult
    func feed(line: String) -> Bool {
        defer { nextLine += 1 }
        if !hasPendingInput, let first = line.first, first == "." || first == "!" {
            pending = ""
            runMeta(line)
            return shouldGoOn
        }
        if !hasPendingInput {
            pending = ""
            if linesPerStatement { nextLine = 1 }
            pendingStart = SourceLocation(line: nextLine, column: 1, offset: 0)
        }
        pending += line + "\n"
        let split = StatementSplitter.split(pending)
        for statement in split.complete {
            run(absolute(statement))
            if !shouldGoOn { pending = ""; return false }
        }
        if split.unterminated != nil { return true }
        if let rest = split.remainder {
            let restStart = absolute(rest).location
            pending = rest.text + "\n"
            pendingStart = SourceLocation(line: restStart.line, column: restStart.column, offset: 0)
        } else {
            pending = ""
        }
        return true
    }

    /// End of input: runs a last statement that lacks `;`, or reports an unterminated one.
    @discardableResult
    func finish() -> Bool {
        guard hasPendingInput else { return shouldGoOn }
        let split = StatementSplitter.split(pending)
        let text = pending
        pending = ""
        if let error = split.unterminated {
            report(StatementError(message: error.message, hint: error.hint, statement: text,
                                  statementLocation: pendingStart, location: relocate(error.location)))
            return false
        }
        if let rest = split.remainder { run(absolute(rest)) }
        return shouldGoOn
    }

    /// Forgets a statement being typed (Ctrl-C at the prompt).
    func discardPendingInput() { pending = "" }

    /// Runs all of `text` as if it were typed line by line, then ends the input.
    @discardableResult
    func run(text: String) -> Bool {
        var lines = text.scalarLines
        if lines.last == "" { lines.removeLast() }
        for line in lines where !feed(line: line) { return false }
        return finish()
    }

    private var shouldGoOn: Bool { !state.quitRequested && (state.continueOnError || !state.failed) }

    private func relocate(_ location: SourceLocation) -> SourceLocation {
        var result = location
        if location.line == 1 { result.column += pendingStart.column - 1 }
        result.line += pendingStart.line - 1
        return result
    }

    private func absolute(_ statement: StatementText) -> StatementText {
        StatementText(text: statement.text, location: relocate(statement.location))
    }

    func run(_ statement: StatementText) {
        let started = ContinuousClock.now
        if state.translateOnly {
            do {
                state.output.write(try state.warehouse.translate(statement) + ";\n")
            } catch {
                report(error)
            }
            return
        }
        do {
            let result = try state.warehouse.execute(statement)
            let renderer = ResultRenderer(settings: state.settings)
            state.output.write(renderer.render(result))
            if state.settings.timer {
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let count = result.isQuery ? "\(result.rows.count) Row(s) produced." : "\(result.changes) Row(s) affected."
                state.output.write("\(count) Time Elapsed: \(String(format: "%.3f", seconds))s\n")
            }
        } catch {
            report(error)
        }
    }

    func report(_ error: Error) {
        state.failed = true
        state.errors.write(ErrorReport.text(for: error, source: sourceName))
    }
}
