// swift-tools-version:6.1
import PackageDescription

/// Side-by-side benchmarks against the peers in ../../shared/peers (see README.md here). A package
/// of its own so that the main build and `make test` never compile it.
let package = Package(
    name: "QuillBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Quill", path: "..")],
    targets: [
        .executableTarget(
            name: "tokenize-bench",
            dependencies: [.product(name: "Tokenization", package: "Quill")]
        ),
        .target(
            name: "BenchmarkHarness",
            dependencies: [.product(name: "RecurrentCore", package: "Quill")]
        ),
        .executableTarget(
            name: "recurrent-bench",
            dependencies: ["BenchmarkHarness", .product(name: "RecurrentCore", package: "Quill")]
        ),
        .executableTarget(
            name: "textgen-bench",
            dependencies: [
                "BenchmarkHarness",
                .product(name: "TextGeneration", package: "Quill"),
                .product(name: "RecurrentCore", package: "Quill"),
                .product(name: "VocabularyStore", package: "Quill"),
            ]
        ),
        .executableTarget(
            name: "tagger-bench",
            dependencies: [
                "BenchmarkHarness",
                .product(name: "SequenceTagging", package: "Quill"),
                .product(name: "RecurrentCore", package: "Quill"),
                .product(name: "VocabularyStore", package: "Quill"),
            ]
        ),
    ]
)
