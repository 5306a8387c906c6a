// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for every reader a user can feed (see README.md here). A package of its own,
/// like Benchmarks/, so that the main build and `make test` never compile it; Scripts/fuzz.sh
/// builds it with `-sanitize=fuzzer,address` in Fuzzing/.build.
/// Each target's main.swift calls `FuzzingDriver.run` with its test function.
let package = Package(
    name: "QuillFuzzing",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Quill", path: "..")],
    targets: [
        // The declaration of libFuzzer's driver, which -sanitize=fuzzer links in.
        .target(name: "_LibFuzzer"),
        .target(
            name: "FuzzSupport",
            dependencies: ["_LibFuzzer", .product(name: "RecurrentCore", package: "Quill")]
        ),
        .executableTarget(
            name: "fuzz-model-file",
            dependencies: [
                "FuzzSupport",
                .product(name: "RecurrentCore", package: "Quill"),
                .product(name: "VocabularyStore", package: "Quill"),
                .product(name: "TextGeneration", package: "Quill"),
                .product(name: "SequenceTagging", package: "Quill"),
                .product(name: "PredictiveTyping", package: "Quill"),
            ]
        ),
        .executableTarget(
            name: "fuzz-conll",
            dependencies: ["FuzzSupport", .product(name: "SequenceTagging", package: "Quill")]
        ),
        .executableTarget(
            name: "fuzz-conllu",
            dependencies: ["FuzzSupport", .product(name: "SequenceTagging", package: "Quill")]
        ),
        .executableTarget(
            name: "fuzz-utf8-text",
            dependencies: ["FuzzSupport", .product(name: "Tokenization", package: "Quill")]
        ),
        .executableTarget(
            name: "fuzz-raw-text",
            dependencies: ["FuzzSupport", .product(name: "SequenceTagging", package: "Quill"),
                           .product(name: "Tokenization", package: "Quill")]
        ),
        .executableTarget(
            name: "fuzz-personal-model",
            dependencies: ["FuzzSupport", .product(name: "PredictiveTyping", package: "Quill")]
        ),
    ]
)
