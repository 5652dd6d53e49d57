@preconcurrency import Glibc
import Foundation
import Warehouse

/// The interactive loop of `wh sql` on a terminal.
struct REPL {
    let feeder: StatementFeeder
    let reader: any LineReader

    static let prompt = "wh> "
    static let continuationPrompt = "...> "

    func run() {
        Interrupts.install()
        feeder.state.output.write("wh \(WhVersion.current) on SQLite \(Warehouse.sqliteVersion) — \(feeder.state.warehouse.path)\nEnter .help for commands, end statements with ;\n")
        while !feeder.state.quitRequested {
            _ = Interrupts.take()
            let prompt = feeder.hasPendingInput ? REPL.continuationPrompt : REPL.prompt
            guard let line = reader.readLine(prompt: prompt) else {
                if Interrupts.take() {
                    // Ctrl-C at the prompt: drop what was typed and start over.
                    feeder.discardPendingInput()
                    feeder.state.output.write("^C\n")
                    continue
                }
                // Ctrl-D: end the line the terminal is on, then run what was typed without `;`.
                feeder.state.output.write("\n")
                break
            }
            reader.addHistory(line)
            Interrupts.running = feeder.state.warehouse.canceller
            feeder.feed(line: line)
            Interrupts.running = nil
        }
        if feeder.hasPendingInput { feeder.finish() }
        reader.saveHistory()
    }
}
