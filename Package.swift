// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "wh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "wh", targets: ["wh"]),
        .library(name: "Warehouse", targets: ["Warehouse"]),
        // The real clock and file system, for programs built on the engine (the fuzz targets in Fuzz/).
        .library(name: "WarehouseSystem", targets: ["WarehouseSystem"]),
        // The sqllogictest runner, for its fuzz target.
        .library(name: "SQLLogicTest", targets: ["SQLLogicTest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // libsqlite3 from the system (libsqlite3-dev): the only C the project links.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        // zlib, for gzip-compressed staged files.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The thin wrapper: the only code that calls sqlite3_*.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        // The Arrow IPC stream writer the Snowflake connector's results use (no Arrow library is available).
        .target(name: "ArrowIPC"),
        // The engine: dialect, catalog, ingest, tests runner. No printing, no argument parsing.
        .target(name: "Warehouse", dependencies: [
            "SQLite", "CZlib",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The real clock and file system, injected into the engine by the command line and test runner.
        .target(name: "WarehouseSystem", dependencies: ["Warehouse"]),
        // The ingest daemon: watches stage directories (inotify) and runs the pipes' loads.
        .target(name: "WarehouseDaemon", dependencies: [
            "Warehouse", "WarehouseSystem",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `wh serve`: HTTP ingest into stages, the Truck Telemetry API, SQL over HTTP, health and
        // metrics, with the ingest daemon in the same process.
        .target(name: "WarehouseServer", dependencies: [
            "Warehouse", "WarehouseSystem", "WarehouseDaemon", "ArrowIPC",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            // Answering `Expect: 100-continue` (boto3's S3 uploads wait a second for it otherwise).
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Generated data (`wh generate`, the sqllogictest `generate` directive) and the benchmarks'
        // baselines: not the engine, used by it.
        .target(name: "Workloads", dependencies: ["Warehouse", "SQLite"]),
        // The sqllogictest runner behind `wh test`.
        .target(name: "SQLLogicTest", dependencies: [
            "Warehouse", "WarehouseSystem", "Workloads",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Commands, rendering and the REPL.
        .target(name: "WhCLI", dependencies: [
            "Warehouse", "WarehouseSystem", "WarehouseDaemon", "WarehouseServer", "Workloads", "SQLLogicTest",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            // `wh bench serve`'s loopback clients.
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .executableTarget(name: "wh", dependencies: ["WhCLI"]),
        .testTarget(name: "ArrowIPCTests", dependencies: ["ArrowIPC"]),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "WarehouseSystem", "Workloads", "SQLite"]),
        .testTarget(name: "SQLLogicTestTests", dependencies: ["SQLLogicTest", "Warehouse", "WarehouseSystem"]),
        .testTarget(name: "WhCLITests", dependencies: ["WhCLI", "Warehouse", "WarehouseSystem", "Workloads", "SQLite", "wh"]),
        .testTarget(name: "WarehouseServerTests", dependencies: [
            "WarehouseServer", "Warehouse", "WarehouseSystem", "WhCLI", "wh",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
    ]
)
