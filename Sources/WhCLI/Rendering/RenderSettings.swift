/// What the user chose for output: mode, headers, timer.
public struct RenderSettings: Sendable {
    public var mode: OutputMode
    /// nil means "the mode's default".
    public var headers: Bool?
    public var timer: Bool
    /// Box mode shortens values longer than this many characters.
    public var maxColumnWidth: Int

    public init(mode: OutputMode, headers: Bool? = nil, timer: Bool = false, maxColumnWidth: Int = 60) {
        self.mode = mode
        self.headers = headers
        self.timer = timer
        self.maxColumnWidth = maxColumnWidth
    }

    var showHeaders: Bool { headers ?? mode.showsHeadersByDefault }
}
