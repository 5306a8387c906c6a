import Foundation
import RecurrentCore
import Testing

@testable import SequenceTagging

/// The conlleval script named by the environment variable `QUILL_CONLLEVAL`, if it exists.
enum ConllevalScript {
    static let path: String? = {
        guard let path = ProcessInfo.processInfo.environment["QUILL_CONLLEVAL"], !path.isEmpty,
            FileManager.default.fileExists(atPath: path)
        else { return nil }
        return path
    }()
}

/// Compares ``ChunkEvaluation/report()`` with the output of the real conlleval Perl script on
/// random input, byte for byte. Runs only when the environment variable `QUILL_CONLLEVAL` names a
/// copy of the script (e.g. `QUILL_CONLLEVAL=/path/to/conlleval.pl swift test`) and `perl` is on
/// the PATH; the script is not shipped with this package.
@Suite(.enabled(if: ConllevalScript.path != nil,
                "set QUILL_CONLLEVAL to a copy of conlleval.pl to compare against the Perl script"))
struct ConllevalScriptComparisonTests {
    private func runScript(on sentences: [(gold: [String], predicted: [String])]) throws -> String {
        var input = ""
        let writer = CoNLLWriter(separator: .space)
        for sentence in sentences {
            try writer.write(
                tokens: Array(repeating: "w", count: sentence.gold.count),
                tagColumns: [sentence.gold, sentence.predicted], to: &input)
        }
        let inputFile = try TemporaryFile(text: input)
        defer { inputFile.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["perl", ConllevalScript.path ?? ""]
        process.standardInput = FileHandle(forReadingAtPath: inputFile.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    private func randomSentences(
        vocabulary: [String], using generator: inout SplitMix64
    ) -> [(gold: [String], predicted: [String])] {
        (0..<Int.random(in: 1...6, using: &generator)).map { _ in
            let length = Int.random(in: 1...9, using: &generator)
            let gold = (0..<length).map { _ in vocabulary.randomElement(using: &generator) ?? "O" }
            let predicted = gold.map {
                Int.random(in: 0..<3, using: &generator) == 0 ? (vocabulary.randomElement(using: &generator) ?? "O") : $0
            }
            return (gold, predicted)
        }
    }

    @Test func publishedRulesOnAnyTags() throws {
        // Everything the script understands, including bracket tags, E/S, untyped and odd tags.
        let vocabulary = [
            "O", "O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "E-Y", "B", "I", "B-0", "[-X", "]-X", ".-X", ".-Y",
            "PER", "B-a-b", "I-a-b",
        ]
        var generator = SplitMix64(seed: 1)
        for _ in 0..<150 {
            let sentences = randomSentences(vocabulary: vocabulary, using: &generator)
            var evaluation = ChunkEvaluation(rules: .conlleval)
            for sentence in sentences {
                try evaluation.add(gold: sentence.gold, predicted: sentence.predicted)
            }
            #expect(evaluation.report() == (try runScript(on: sentences)), "\(sentences)")
        }
    }

    @Test func defaultRulesOnBIOTags() throws {
        let vocabulary = ["O", "O", "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-creative-work", "I-creative-work"]
        var generator = SplitMix64(seed: 2)
        for _ in 0..<100 {
            let sentences = randomSentences(vocabulary: vocabulary, using: &generator)
            var evaluation = ChunkEvaluation()
            for sentence in sentences {
                try evaluation.add(gold: sentence.gold, predicted: sentence.predicted)
            }
            #expect(evaluation.report() == (try runScript(on: sentences)), "\(sentences)")
        }
    }
}
