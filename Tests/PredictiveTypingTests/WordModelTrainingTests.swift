import Foundation
import RecurrentCore
import Testing
@testable import PredictiveTyping

@Suite struct WordModelTrainingTests {
    static func corpus(in directory: URL) throws -> String {
        let subjects = ["the cat", "a dog", "my friend", "London"], verbs = ["sat on", "looked at", "walked to"]
        let objects = ["the mat", "a tree", "the station", "Paris"]
        let text = (0..<300).map { i in
            "\(subjects[i % 4].capitalized) \(verbs[(i / 4) % 3]) \(objects[(i / 3) % 4]).\(i % 7 == 0 ? "\n\n" : " ")"
        }.joined()
        let path = directory.appendingPathComponent("words.txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func request(corpus: String, in directory: URL) -> WordTrainingRequest {
        var request = WordTrainingRequest(corpusPaths: [corpus], outputPath: directory.appendingPathComponent("w.quill").path)
        request.configuration = WordModelConfiguration(hiddenSize: 24, embeddingSize: 12, dropout: 0.25)
        request.settings = WordTrainingSettings(steps: 8, batch: 4, seed: 9, vocabularySize: 30, validationFraction: 0.1)
        request.epochs = 3
        request.learningRate = 1e-2
        request.patience = nil
        return request
    }

    /// Interrupted after 17 steps and resumed: the same model, bit for bit (the vocabulary and
    /// lexicon come back from the checkpoint), and the same log.
    @Test func aResumedRunEqualsTheUninterruptedOne() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quill-word-resume-\(UUID().uuidString)")
        let whole = root.appendingPathComponent("whole"), parts = root.appendingPathComponent("parts")
        for directory in [whole, parts] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: root) }
        let corpus = try Self.corpus(in: root)

        let uninterrupted = Self.request(corpus: corpus, in: whole)
        let full = try WordModelTraining.run(uninterrupted)
        #expect(try #require(full.bestValue) < 12, "a regular text is learned: perplexity \(full.bestValue ?? 0)")

        var interrupted = Self.request(corpus: corpus, in: parts)
        var steps = 0
        let stopped = try WordModelTraining.run(interrupted, onEvent: { event in
            if case .stepFinished = event { steps += 1 }
        }, stopRequested: { steps >= 17 })
        #expect(stopped.interrupted && stopped.steps == 17)
        interrupted.resumePath = interrupted.checkpointPath
        #expect(try !WordModelTraining.run(interrupted).interrupted)

        let a = try WordLanguageModel(contentsOf: uninterrupted.outputPath)
        let b = try WordLanguageModel(contentsOf: interrupted.outputPath)
        #expect(a.vocabulary == b.vocabulary && a.lexicon == b.lexicon && a.lexicon.display["london"] == "London")
        for (x, y) in zip(a.parameters, b.parameters) { #expect(x.value.values == y.value.values, "\(x.name)") }
        func withoutTimes(_ path: String) throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        }
        #expect(try withoutTimes(uninterrupted.logPath) == withoutTimes(interrupted.logPath))
        // The metadata too: the settings are JSON with sorted keys, whose order would otherwise
        // change from process to process (Scripts/kill-anywhere.sh compares across processes).
        let fileA = try ModelFile(contentsOf: uninterrupted.outputPath), fileB = try ModelFile(contentsOf: interrupted.outputPath)
        #expect(fileA.metadata == fileB.metadata)
        #expect(fileA.metadata["settings"] == #"{"batch":4,"seed":9,"steps":8,"validationFraction":0.1,"vocabularySize":30}"#)

        // Resuming on other text is refused, naming the checkpoint.
        try "Other words entirely. And some more of them here.\n".write(toFile: corpus, atomically: true, encoding: .utf8)
        #expect { try WordModelTraining.run(interrupted) } throws: { "\($0)".contains("cannot resume") }
    }
}
