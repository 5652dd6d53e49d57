@preconcurrency import Glibc
import Warehouse

/// Ctrl-C in the REPL: while a statement runs it is interrupted (sqlite3_interrupt is safe to call
/// from a signal handler); at the prompt the typed input is dropped. The REPL stays up either way.
enum Interrupts {
    nonisolated(unsafe) static var running: StatementCanceller?
    nonisolated(unsafe) static var pending: sig_atomic_t = 0

    /// Installs the SIGINT handler without SA_RESTART, so a blocked read returns and the prompt can
    /// start over.
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Interrupts.pending = 1
            if let running = Interrupts.running {
                // The terminal echoed ^C: end that line before the statement's error (write is async-signal-safe).
                _ = write(STDERR_FILENO, "\n", 1)
                running.cancel()
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// True (once) when Ctrl-C was pressed since the last call.
    static func take() -> Bool {
        defer { pending = 0 }
        return pending != 0
    }
}
