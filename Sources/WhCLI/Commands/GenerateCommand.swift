import ArgumentParser
import Foundation
import Warehouse
import Workloads
import WarehouseDaemon
import WarehouseSystem

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write realistic, reproducible telemetry and click files into stages, at a rate or a fixed count.",
        discussion: """
            Telemetry: --trucks trucks drive plausible routes (positions follow speed, odometers only grow, fuel falls \
            with distance and is refilled, occasional faults: brake inspection, tyre pressure loss, transmission, low \
            battery, hot engine), in the seed's nested or flat shape (--shape). Clicks: the seed's click events, with a \
            Zipf-like popularity over a catalogue led by the seed's three products. Each file is written aside and \
            renamed into the stage (a pipe never sees half a file). The same --seed gives the same data. Without \
            --files it runs until Ctrl-C; a progress line shows on a terminal.
            """)

    enum Source: String, ExpressibleByArgument, CaseIterable { case telemetry, clicks, both }

    @OptionGroup var warehouse: WarehouseOptions

    @Option(help: "What to write: telemetry, clicks or both.")
    var source: Source = .both

    @Option(help: "Telemetry record shape: nested (the Lambda's) or flat (the Python generator's).")
    var shape: String = "nested"

    @Option(help: "Trucks in the fleet.")
    var trucks = 10

    @Option(help: "Records per file.")
    var records = 10

    @Option(help: "Files to write per source (default: until Ctrl-C).")
    var files: Int?

    @Option(help: "Files per second per source (default 1 without --files, as fast as possible with it).")
    var rate: Double?

    @Option(help: ArgumentHelp("Least seconds between one truck's readings (default 15 for a fixed count without --rate, else none: readings take the time they are written).", valueName: "seconds"))
    var interval: Double?

    @Option(help: "Random seed: the same seed gives the same data.")
    var seed: UInt64 = 42

    @Option(help: "The telemetry stage.")
    var telemetryStage = "TELEMETRY_STAGE"

    @Option(help: "The click stage.")
    var clicksStage = "CLICKSTREAM_STAGE"

    @Option(help: ArgumentHelp("Write into this directory instead of a stage (with one --source).", valueName: "path"))
    var dir: String?

    func validate() throws {
        guard let parsed = FleetSimulator.Shape(rawValue: shape.lowercased()) else {
            throw ValidationError("--shape \(shape): use nested or flat")
        }
        _ = parsed
        if dir != nil && source == .both { throw ValidationError("--dir takes one --source (telemetry or clicks)") }
        if let rate, rate <= 0 { throw ValidationError("--rate must be more than 0") }
        if records < 1 || trucks < 1 { throw ValidationError("--records and --trucks must be at least 1") }
    }

    func run() throws {
        let sources: [DataGenerator.Source] = source == .both ? [.telemetry, .clicks] : [source == .telemetry ? .telemetry : .clicks]
        var directories: [DataGenerator.Source: String] = [:]
        if let dir {
            directories[sources[0]] = (dir as NSString).isAbsolutePath ? dir : FileManager.default.currentDirectoryPath + "/" + dir
        } else {
            let opened = try warehouse.open()
            do {
                for source in sources { directories[source] = try opened.directory(ofStage: source == .telemetry ? telemetryStage : clicksStage) }
            } catch {
                TextSink.standardError.write(ErrorReport.text(for: error, source: nil))
                TextSink.standardError.write("Hint: create the stages first (wh init --project sql/seed), or give --dir PATH\n")
                throw ExitCode(1)
            }
        }
        let spacing = interval ?? (files != nil && rate == nil ? 15 : 0.001)
        var generator = DataGenerator(seed: seed, trucks: trucks, shape: FleetSimulator.Shape(rawValue: shape.lowercased())!,
                                      interval: spacing, environment: .system)
        let stop = StopFlag()
        let signals = SignalWatch(stop: stop)
        let terminal = isatty(STDOUT_FILENO) != 0
        let interval = rate.map { 1 / $0 } ?? (files == nil ? 1 : 0)
        var written: [DataGenerator.Source: (files: Int, records: Int)] = [:]
        var round = 0
        while !stop.isStopped && files.map({ round < $0 }) ?? true {
            let started = Date()
            for source in sources {
                let file = try generator.writeFile(source, records: records, into: directories[source]!)
                written[source, default: (0, 0)].files += 1
                written[source, default: (0, 0)].records += file.records
            }
            round += 1
            if terminal { TextSink.standardOutput.write("\r" + progress(written, sources: sources)) }
            let deadline = started.addingTimeInterval(interval)
            while !stop.isStopped, Date() < deadline { Thread.sleep(forTimeInterval: min(0.05, max(0, deadline.timeIntervalSinceNow))) }
        }
        TextSink.standardOutput.write((terminal ? "\r" : "") + progress(written, sources: sources) + "\n")
        withExtendedLifetime(signals) {}
    }

    private func progress(_ written: [DataGenerator.Source: (files: Int, records: Int)], sources: [DataGenerator.Source]) -> String {
        sources.map { source in
            let counts = written[source] ?? (0, 0)
            return "\(source.rawValue): \(counts.files) files, \(counts.records) \(source == .telemetry ? "readings" : "events")"
        }.joined(separator: " | ")
    }
}
