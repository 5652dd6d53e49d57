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
        // Snowflake SQL: lexer, parser and translation; SQLite must accept every translation wh writes.
        .executableTarget(name: "FuzzSQL", dependencies: ["FuzzDriver", .product(name: "Warehouse", package: "wh"),
                                                          .product(name: "WarehouseSystem", package: "wh")]),
        // COPY's JSON reader: NDJSON, concatenated documents, arrays; agrees with Foundation on validity.
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzDriver", .product(name: "Warehouse", package: "wh")]),
    ]
)
