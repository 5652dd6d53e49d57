extension String {
    /// Replaces every `scalar` with `replacement`, by Unicode scalar. Foundation's
    /// `replacingOccurrences(of:with:)` compares whole characters, so a quote followed by a combining
    /// mark (`'` + U+0301 is one character) is not found, and a literal quoted that way would end
    /// early: every quoting of SQL, CSV, XML and shell text goes through this instead.
    public func replacingEvery(_ scalar: Unicode.Scalar, with replacement: String) -> String {
        guard unicodeScalars.contains(scalar) else { return self }
        var result = String.UnicodeScalarView()
        for s in unicodeScalars {
            if s == scalar { result.append(contentsOf: replacement.unicodeScalars) } else { result.append(s) }
        }
        return String(result)
    }
}
