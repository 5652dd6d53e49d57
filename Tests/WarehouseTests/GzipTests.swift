import Foundation
import Testing
import Warehouse

@Suite struct GzipTests {
    @Test func roundTripsAndRecognisesItsMagic() throws {
        let text = Data(String(repeating: "{\"truck_id\":\"TRK001\"}\n", count: 1000).utf8)
        let packed = try Gzip.compress(text)
        #expect(Gzip.isGzip(packed))
        #expect(!Gzip.isGzip(text))
        #expect(packed.count < text.count / 10)
        #expect(try Gzip.decompress(packed) == text)
    }

    @Test func concatenatedMembersAllDecompress() throws {
        let a = try Gzip.compress(Data("first\n".utf8)), b = try Gzip.compress(Data("second\n".utf8))
        #expect(try Gzip.decompress(a + b) == Data("first\nsecond\n".utf8))
    }

    @Test func aCorruptOrTruncatedFileIsAnErrorNotACrash() throws {
        let packed = try Gzip.compress(Data(String(repeating: "x", count: 10_000).utf8))
        let truncated = packed.prefix(packed.count / 2)
        #expect(throws: GzipError.failed("the gzip data ends early (truncated file)")) { try Gzip.decompress(Data(truncated)) }
        var corrupt = packed
        corrupt[12] ^= 0xFF
        corrupt[13] ^= 0xFF
        let error = #expect(throws: GzipError.self) { try Gzip.decompress(corrupt) }
        #expect(error?.message.hasPrefix("the gzip data") == true)
    }
}
