// swift-tools-version: 6.0
import PackageDescription

/// Format modules live under Plugins/ as ordinary targets; each is listed once in
/// Sources/GIConvertFormats/BuiltinFormats.swift.
let formatModules: [(name: String, dependencies: [Target.Dependency])] = [
    ("TextReader", ["GIConvertBytes", "HTMLReader"]),
    ("JSONWriter", []),
    ("CSVWriter", ["GIConvertBytes"]),
    ("JSONLinesWriter", []),
    ("JSONReader", []),
    ("JSONLinesReader", []),
    ("MarkdownWriter", []),
    ("HTMLReader", ["GIConvertBytes", "GIConvertXML"]),
    ("DOCXReader", ["GIConvertBytes", "GIConvertXML", "GIConvertZip", "GIConvertZipInput"]),
    ("XLSXWriter", ["GIConvertZip", "GIConvertSheets"]),
    ("SpreadsheetMLWriter", ["GIConvertSheets"]),
    ("PDFReader", ["GIConvertPDF"]),
    ("AuditPageWriter", []),
]

let package = Package(
    name: "giconvert",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "giconvert", targets: ["giconvert"]),
        .library(name: "GIConvertCore", targets: ["GIConvertCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CLibZip", path: "Sources/CLibZip", pkgConfig: "libzip",
            providers: [.apt(["libzip-dev"])]),
        .systemLibrary(
            name: "CPopplerGlib", path: "Sources/CPopplerGlib", pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev"])]),
        // Linker options carried in an object, ahead of pkg-config's libraries (see linker-options.c).
        // DWARF 4: valgrind (the benchmark's callgrind) cannot read the DWARF 5 clang writes by default.
        .target(
            name: "CLinkerOptions", path: "Sources/CLinkerOptions", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        // Byte-level search, UTF-8 scanning and text decoding, for the core, the wrappers and the readers.
        .target(name: "GIConvertBytes", path: "Sources/GIConvertBytes"),
        .target(name: "GIConvertCore", dependencies: ["GIConvertBytes"], path: "Sources/GIConvertCore"),
        .target(name: "GIConvertXML", dependencies: ["CLibXML2"], path: "Sources/GIConvertXML"),
        .target(name: "GIConvertZip", dependencies: ["CLibZip", "GIConvertBytes"], path: "Sources/GIConvertZip"),
        .target(name: "GIConvertPDF", dependencies: ["CPopplerGlib"], path: "Sources/GIConvertPDF"),
        .target(
            name: "GIConvertZipInput", dependencies: ["GIConvertCore", "GIConvertZip"],
            path: "Sources/GIConvertZipInput"),
        .target(
            name: "GIConvertBulk",
            dependencies: ["GIConvertBytes", "GIConvertCore", "GIConvertZip", "GIConvertZipInput"],
            path: "Sources/GIConvertBulk"),
        .target(name: "GIConvertSheets", dependencies: ["GIConvertCore"], path: "Sources/GIConvertSheets"),
    ]
        + formatModules.map { module in
            .target(
                name: module.name, dependencies: ["GIConvertCore"] + module.dependencies, path: "Plugins/\(module.name)"
            )
        } + [
            .target(
                name: "GIConvertFormats",
                dependencies: formatModules.map { .target(name: $0.name) } + [
                    "GIConvertXML", "GIConvertZip", "GIConvertPDF",
                ],
                path: "Sources/GIConvertFormats"),
            .executableTarget(
                name: "giconvert",
                dependencies: [
                    "GIConvertBytes", "GIConvertCore", "GIConvertFormats", "GIConvertBulk", "CSVWriter",
                    "CLinkerOptions",
                    .product(name: "ArgumentParser", package: "swift-argument-parser"),
                ], path: "Sources/giconvert"),
            .executableTarget(
                name: "giconvert-benchmark",
                dependencies: ["CLibXML2", "DOCXReader", "GIConvertCore", "GIConvertXML", "GIConvertZip"],
                path: "Benchmarks/GIConvertBenchmark"),
            // The fuzzing harness (Scripts/fuzz.sh builds it with libFuzzer; plainly built, it replays files).
            .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
            .executableTarget(
                name: "giconvert-fuzz",
                dependencies: ["CLibFuzzer", "GIConvertCore", "GIConvertFormats", "GIConvertZip", "TestSupport"],
                path: "Fuzz/GIConvertFuzz"),
            .target(name: "TestSupport", dependencies: ["GIConvertCore"], path: "Tests/TestSupport"),
            .testTarget(
                name: "GIConvertBytesTests", dependencies: ["GIConvertBytes", "TestSupport"],
                path: "Tests/GIConvertBytesTests"),
            .testTarget(
                name: "GIConvertCoreTests", dependencies: ["GIConvertBytes", "GIConvertCore", "TestSupport"],
                path: "Tests/GIConvertCoreTests"),
            .testTarget(
                name: "FormatTests",
                dependencies: [
                    "GIConvertBytes", "GIConvertCore", "GIConvertFormats", "GIConvertXML", "GIConvertZip",
                    "GIConvertBulk",
                    "TestSupport",
                ] + formatModules.map { .target(name: $0.name) },
                path: "Tests/FormatTests"),
            .testTarget(
                name: "HTMLReaderTests",
                dependencies: [
                    "HTMLReader", "TextReader", "GIConvertBytes", "GIConvertCore", "CSVWriter", "JSONWriter",
                    "TestSupport",
                ],
                path: "Tests/HTMLReaderTests", exclude: ["Fixtures"]),
            .testTarget(
                name: "EndToEndTests", dependencies: ["giconvert", "GIConvertCore", "DOCXReader", "TestSupport"],
                path: "Tests/EndToEndTests"),
            .testTarget(
                name: "DOCXReaderTests",
                dependencies: [
                    "DOCXReader", "TextReader", "GIConvertCore", "GIConvertZip", "JSONWriter", "TestSupport",
                ],
                path: "Tests/DOCXReaderTests", exclude: ["Fixtures"]),
            .testTarget(
                name: "XLSXWriterTests",
                dependencies: [
                    "TestSupport", "XLSXWriter", "SpreadsheetMLWriter", "CSVWriter", "TextReader", "GIConvertCore",
                    "GIConvertSheets", "GIConvertZip",
                ],
                path: "Tests/XLSXWriterTests"),
            .testTarget(
                name: "PDFReaderTests",
                dependencies: ["PDFReader", "GIConvertPDF", "GIConvertCore", "GIConvertFormats", "TestSupport"],
                path: "Tests/PDFReaderTests"),
        ],
    swiftLanguageModes: [.v6]
)
