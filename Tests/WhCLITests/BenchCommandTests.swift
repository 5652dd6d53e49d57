import Foundation
import Testing

/// The benchmarks run end to end on small inputs and report every figure (never a duration check:
/// figures belong to the benchmark, not the test).
@Suite struct BenchCommandTests {
    @Test func benchCopyReportsCOPYTheCeilingAndTheSQLiteShell() throws {
        let dir = try TempDir()
        let run = try WhBinary.run(["bench", "copy", "--records", "300", "--runs", "1", "--json", "--directory", dir.path + "/work"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        #expect(figures["records"] as? Int == 300)
        for key in ["copy_seconds", "two_shape_copy_seconds", "two_shape_ratio_to_copy", "ceiling_seconds", "ratio_to_ceiling", "peak_memory_mb"] {
            #expect(figures[key] is Double, "\(key) in \(run.stdout)")
        }
        // scripts/setup installs the sqlite3 shell, so the peer is measured.
        #expect(figures["sqlite3_shell_seconds"] is Double, "\(run.stdout)")
        #expect(figures["ratio_to_sqlite3_shell"] is Double)
    }

    @Test func benchSumReportsBothSumsAndTheirRatio() throws {
        let dir = try TempDir()
        let run = try WhBinary.run(["bench", "sum", "--rows", "1000", "--runs", "1", "--json"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        #expect(figures["rows"] as? Int == 1000)
        #expect(figures["ratio"] is Double)
        #expect((figures["exact_sum"] as? String)?.split(separator: ".").last?.count == 2)
    }
}
