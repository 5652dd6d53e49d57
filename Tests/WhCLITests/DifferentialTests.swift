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
        let run = try WhBinary.run([repository + "/scripts/differential-test", WhBinary.path, "--cases", "3000", "--seed", String(seed)],
                                   in: repository, executable: "/usr/bin/python3")
        let text = run.stdout + run.stderr
        #expect(run.status == 0, "\(text)")
        #expect(text.hasSuffix("3000 passed, 0 failed\n"), "\(text)")
    }
}
