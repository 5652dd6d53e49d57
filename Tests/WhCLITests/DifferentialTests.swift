import Foundation
import Testing

/// Issue: no silent wrong answers. scripts/differential-test generates thousands of expressions —
/// arithmetic, division, rounding, casts, comparisons, DATE ± days, DATE − DATE, DATE against
/// TIMESTAMP, VARIANT against values — works out Snowflake's answer for each with Python's decimal
/// and datetime (independently of wh), and compares wh's. Any difference fails, naming the expression.
@Suite struct DifferentialTests {
    @Test(arguments: [20_251_217, 7])
    func whGivesSnowflakesAnswers(seed: Int) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repository + "/scripts/differential-test", WhBinary.path, "--cases", "3000", "--seed", String(seed)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.hasSuffix("3000 passed, 0 failed\n"), "\(text)")
    }
}
