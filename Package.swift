// swift-tools-version:6.1
import PackageDescription

/// Quill: tokenizer, vocabulary store, recurrent core and three applications.
/// Layout and conventions: README.md and ../shared/DESIGN.md.
let package = Package(
    name: "Quill",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Tokenization", targets: ["Tokenization"]),
        .library(name: "VocabularyStore", targets: ["VocabularyStore"]),
        .library(name: "CLISupport", targets: ["CLISupport"]),
        .library(name: "FileOutput", targets: ["FileOutput"]),
        .library(name: "RecurrentCore", targets: ["RecurrentCore"]),
        .library(name: "TextGeneration", targets: ["TextGeneration"]),
        .library(name: "SequenceTagging", targets: ["SequenceTagging"]),
        .library(name: "PredictiveTyping", targets: ["PredictiveTyping"]),
        .library(name: "TypingREPL", targets: ["TypingREPL"]),
        .executable(name: "tokenize", targets: ["tokenize"]),
        .executable(name: "textgen", targets: ["textgen"]),
        .executable(name: "tagger", targets: ["tagger"]),
        .executable(name: "autocomplete", targets: ["autocomplete"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C wrappers over ICU4C: Swift cannot call ICU's versioned symbols (ubrk_next_72) directly.
        .target(
            name: "_ICUShims",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        // cblas from OpenBLAS (Debian: libopenblas-dev). Used by the recurrent core.
        .systemLibrary(
            name: "_BLAS",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]
        ),
        // int8 matrix-vector products for batch-1 inference (QuantizedLinear); AVX2 chosen at run time.
        .target(name: "_QuantizedKernels", dependencies: ["_VectorKernels"]),
        // VectorMath's kernels in C: softmax on AVX2 + FMA when the CPU has them, top-k selection.
        .target(name: "_VectorKernels"),
        // Products with a right-hand matrix packed once (a recurrence's weights at every step), AVX2 + FMA.
        .target(name: "_PackedProduct"),
        // glibc's mallopt, which Swift's Glibc module does not export (LargeAllocations).
        .target(name: "_MallocShims"),
        .target(name: "Tokenization", dependencies: ["_ICUShims"]),
        .target(name: "VocabularyStore"),
        .target(name: "FileOutput"),
        .target(name: "RecurrentCore", dependencies: ["_BLAS", "_MallocShims", "_PackedProduct", "_QuantizedKernels", "_VectorKernels", "FileOutput"]),
        .target(
            name: "CLISupport",
            dependencies: [
                "RecurrentCore",
                "Tokenization", "FileOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TextGeneration", dependencies: ["RecurrentCore", "VocabularyStore", "Tokenization", "FileOutput"]),
        .target(name: "SequenceTagging", dependencies: ["RecurrentCore", "VocabularyStore", "Tokenization", "FileOutput"]),
        .target(name: "PredictiveTyping", dependencies: ["RecurrentCore", "VocabularyStore", "Tokenization", "FileOutput"]),
        // The terminal front end of predictive typing: CLISupport's raw terminal, keys and line
        // editor driving a PredictiveTyping.TypingAssistant (the engine stays free of terminals).
        .target(name: "TypingREPL", dependencies: ["PredictiveTyping", "CLISupport"]),
        .target(name: "_TestSupport"),
        .executableTarget(
            name: "tokenize",
            dependencies: [
                "Tokenization", "CLISupport", "FileOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "textgen",
            dependencies: [
                "TextGeneration", "RecurrentCore", "CLISupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tagger",
            dependencies: [
                "SequenceTagging", "RecurrentCore", "Tokenization", "CLISupport", "FileOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "autocomplete",
            dependencies: [
                "PredictiveTyping", "TypingREPL", "RecurrentCore", "CLISupport", "FileOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "TokenizationTests", dependencies: ["Tokenization", "_ICUShims", "_TestSupport"]),
        .testTarget(name: "VocabularyStoreTests", dependencies: ["VocabularyStore", "Tokenization", "_TestSupport"]),
        .testTarget(name: "CLISupportTests", dependencies: ["CLISupport", "RecurrentCore"]),
        .testTarget(name: "FileOutputTests", dependencies: ["FileOutput"]),
        .testTarget(name: "TypingREPLTests", dependencies: ["TypingREPL", "PredictiveTyping", "CLISupport"]),
        .testTarget(
            name: "RecurrentCoreTests",
            dependencies: ["RecurrentCore", "_QuantizedKernels", "FileOutput", "_TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "TextGenerationTests", dependencies: ["TextGeneration", "RecurrentCore", "VocabularyStore", "_TestSupport"]),
        .testTarget(name: "SequenceTaggingTests", dependencies: ["SequenceTagging", "RecurrentCore", "_TestSupport"]),
        .testTarget(name: "PredictiveTypingTests", dependencies: ["PredictiveTyping", "RecurrentCore", "VocabularyStore", "_TestSupport"]),
        .testTarget(name: "BLASTests", dependencies: ["_BLAS"]),
        .testTarget(name: "CLITests", dependencies: ["_TestSupport"], exclude: ["Goldens"]),
    ]
)
