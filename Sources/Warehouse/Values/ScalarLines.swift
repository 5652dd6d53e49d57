extension String {
    /// The text's lines, split at every "\n" by Unicode scalar, each without a "\r" before it. Split
    /// by Character, "\r\n" is one character that never equals "\n": a file saved with Windows line
    /// endings was read as a single line. Every reader of lines from a file goes through this.
    public var scalarLines: [String] {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.last == "\r" ? line.dropLast() : line)
        }
    }
}
