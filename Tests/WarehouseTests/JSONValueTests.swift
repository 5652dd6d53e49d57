import Foundation
import Testing
import Warehouse

/// The JSON parser of `wh serve`'s request bodies (AWS JSON, the SQL API, the Snowflake connector).
@Suite struct JSONValueTests {
    @Test(arguments: ["0", "-0.5e3", "[1, {\"a\": null}]", "\"\\u00e9\\ud83d\\ude00\"", " {\"k\": true} "])
    func readsJSON(_ text: String) {
        let value = JSONValue.parse(text)
        #expect(value != nil)
        #expect(value.flatMap { JSONValue.parse($0.text) } == value, "reads its own output back")
    }

    /// Regression (json_value_took_what_json_refuses), found by fuzzing against Foundation's parser:
    /// a leading zero, a sign inside \u escapes, and a string that is not UTF-8 were read (the last
    /// with replacement characters, a silent change of a DynamoDB key or attribute name).
    @Test(arguments: [[UInt8]("01".utf8), [UInt8]("-012".utf8), [UInt8]("\"\\u+041\"".utf8), [0x22, 0x61, 0xFF, 0x22],
                      [UInt8]("{\"#n\u{FFFD}\": 1}".utf8).map { $0 == 0xEF ? 0xC0 : $0 }, [UInt8]("[2,]".utf8)])
    func refusesWhatJSONDoesNotAllow(_ bytes: [UInt8]) {
        #expect(JSONValue.parse(bytes) == nil, "\(String(decoding: bytes, as: UTF8.self))")
    }
}
