import Foundation
import Testing

/// The dashboard in headless Chromium (Debian's, through Playwright for Python; both installed by
/// scripts/setup): Tests/dashboard/check_dashboard.py against a real `wh serve`.
@Suite struct DashboardBrowserTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func everyFigureMatchesSQLAndNewDataShowsWithoutAReload() async throws {
        let python = Self.repository + "/.build/python/bin/python"
        try #require(FileManager.default.isExecutableFile(atPath: python) && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
                     "run scripts/setup: it installs chromium and Playwright into .build/python")
        let e2e = ServeEndToEndTests()
        let directory = try e2e.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try e2e.run(["init", "--seed", "--db", "warehouse.db"], in: directory)
        let served = try ServeEndToEndTests.Served(db: "warehouse.db", in: directory)
        defer { _ = served.stop() }
        let screenshots = Self.repository + "/.build/dashboard-screenshots"
        try FileManager.default.createDirectory(atPath: screenshots, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.repository + "/Tests/dashboard/check_dashboard.py", served.url, screenshots,
                             "--stage-dir", directory + "/landing/telemetry"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.hasSuffix("ok\n"))
    }
}
