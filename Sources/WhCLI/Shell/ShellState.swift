import Warehouse

/// What the statements of one `wh sql` run share: the warehouse, output settings and destinations.
/// `.read` and `!source` files run in the same state.
final class ShellState {
    let warehouse: Warehouse
    var settings: RenderSettings
    var output: TextSink
    let errors: TextSink
    /// Keep going after a failed statement (the REPL always does).
    var continueOnError: Bool
    /// Set once any statement or meta-command failed.
    var failed = false
    /// Set by `.quit`, `!exit` and friends.
    var quitRequested = false
    /// `--translate`: print the SQLite SQL of each statement instead of running it.
    var translateOnly = false

    init(warehouse: Warehouse, settings: RenderSettings, output: TextSink = .standardOutput,
         errors: TextSink = .standardError, continueOnError: Bool) {
        self.warehouse = warehouse
        self.settings = settings
        self.output = output
        self.errors = errors
        self.continueOnError = continueOnError
    }

    /// Points results at `sink`, closing a file chosen earlier with `.output`.
    func redirect(to sink: TextSink) {
        if output !== TextSink.standardOutput { output.close() }
        output = sink
    }
}
