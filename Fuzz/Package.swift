// swift-tools-version: 6.1
// libFuzzer targets for wh, built with -sanitize=fuzzer,address by scripts/fuzz (a package of its
// own, so the main build and `swift test` never carry the instrumentation).
import PackageDescription

let package = Package(
    name: "wh-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "wh", path: "..")],
    targets: [
        // The declaration of libFuzzer's LLVMFuzzerRunDriver.
        .target(name: "FuzzDriver"),
        // What the targets share: property checks whose messages survive optimisation.
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver"]),
        // Snowflake SQL: lexer, parser and translation; SQLite must accept every translation wh writes.
        .executableTarget(name: "FuzzSQL", dependencies: ["FuzzSupport", .product(name: "Warehouse", package: "wh"),
                                                          .product(name: "WarehouseSystem", package: "wh")]),
        // COPY's JSON reader: NDJSON, concatenated documents, arrays; agrees with Foundation on validity.
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport", .product(name: "Warehouse", package: "wh")]),
        // COPY through the engine: JSON and CSV with several formats, gzip; counts agree with the table.
        .executableTarget(name: "FuzzCopy", dependencies: ["FuzzSupport", .product(name: "Warehouse", package: "wh"),
                                                           .product(name: "WarehouseSystem", package: "wh")]),
        // wh serve's request bodies: the JSON parser against Foundation's, the ingest splitter, DynamoDB requests.
        .executableTarget(name: "FuzzRequests", dependencies: ["FuzzSupport", .product(name: "Warehouse", package: "wh"),
                                                               .product(name: "WarehouseSystem", package: "wh")]),
        // The sqllogictest file parser.
        .executableTarget(name: "FuzzSLT", dependencies: ["FuzzSupport", .product(name: "SQLLogicTest", package: "wh")]),
    ]
)
