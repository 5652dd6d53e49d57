@preconcurrency import Glibc
import Foundation
import Warehouse

/// The interactive loop of `wh sql` on a terminal.
struct REPL {
    let session: Session
    let reader: any LineReader

    static let prompt = "wh> "
    static let continuationPrompt = "...> "

    func run() {
        Interrupts.install()
        session.state.output.write("wh \(WhVersion.current) on SQLite \(Warehouse.sqliteVersion) — \(session.state.warehouse.path)\nEnter .help for commands, end statements with ;\n")
        while !session.state.quitRequested {
            _ = Interrupts.take()
            let prompt = session.hasPendingInput ? REPL.continuationPrompt : REPL.prompt
            guard let line = reader.readLine(prompt: prompt) else {
                if Interrupts.take() {
                    // Ctrl-C at the prompt: drop what was typed and start over.
                    session.discardPendingInput()
                    session.state.output.write("^C\n")
                    continue
                }
                break // Ctrl-D
            }
            reader.addHistory(line)
            Interrupts.running = session.state.warehouse.interruptHandle
            session.feed(line: line)
            Interrupts.running = nil
        }
        if session.hasPendingInput { session.finish() }
        reader.saveHistory()
        if !session.state.quitRequested { session.state.output.write("\n") }
    }
}
