import Testing
@testable import WarehouseServer

@Suite struct HTMLEscapeTests {
    /// Regression (html_escape_missed_a_quote_before_a_combining_mark): escaping went by Character,
    /// and `"` + U+0301 is one Character, so the quote was written raw; a browser ends an attribute
    /// value at that byte, and the rest of the text became markup.
    @Test func aQuoteOrBracketBeforeACombiningMarkIsEscaped() {
        #expect(HTML.escape("x\"\u{301} onmouseover=alert(1) '\u{301}<\u{301}&\u{301}>")
                == "x&quot;\u{301} onmouseover=alert(1) &#39;\u{301}&lt;\u{301}&amp;\u{301}&gt;")
    }
}
