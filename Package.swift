// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "wh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "wh", targets: ["wh"]),
        .library(name: "Warehouse", targets: ["Warehouse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // libsqlite3 from the system (libsqlite3-dev): the only C the project links.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        // zlib, for gzip-compressed staged files.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The thin wrapper: the only code that calls sqlite3_*.
        .target(name: "SQLite", dependencies: ["CSQLite"]),
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
            "Warehouse", "WarehouseSystem", "WarehouseDaemon", "Workloads", "SQLLogicTest",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "wh", dependencies: ["WhCLI"]),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "WarehouseSystem", "Workloads", "SQLite"]),
        .testTarget(name: "SQLLogicTestTests", dependencies: ["SQLLogicTest", "Warehouse", "WarehouseSystem"]),
        .testTarget(name: "WhCLITests", dependencies: ["WhCLI", "Warehouse", "WarehouseSystem", "SQLite", "wh"]),
    ]
)
