import Foundation
import RecurrentCore
import Testing
@testable import TextGeneration

@Suite struct TrainingAndGenerationTests {
    static func request(corpus: String, in directory: URL, epochs: Int = 3) -> CharacterTrainingRequest {
        var request = CharacterTrainingRequest(corpusPath: corpus, outputPath: directory.appendingPathComponent("m.quill").path)
        request.configuration = CharacterModelConfiguration(cell: .gru, layers: 1, hiddenSize: 48, embeddingSize: 16, dropout: 0)
        request.settings = CharacterTrainingSettings(steps: 25, batch: 8, seed: 5, validationFraction: 0.1)
        request.epochs = epochs
        request.learningRate = 1e-2
        request.patience = nil
        return request
    }

    @Test func aTinyCorpusTrainsWellBelowItsUnigramEntropyAndEvaluationAgrees() throws {
        let directory = try TestCorpus.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = TestCorpus.text()
        let corpus = try TestCorpus.write(text, to: "tiny.txt", in: directory)
        let request = Self.request(corpus: corpus, in: directory, epochs: 4)
        var samples: [String] = []
        let result = try CharacterModelTraining.run(request, sample: { samples.append($0) })
        let entropy = TestCorpus.unigramEntropy(text)
        let best = try #require(result.bestValue)
        #expect(Double(best) < 0.5 * entropy, "validation \(best) nats/char against unigram entropy \(entropy)")
        #expect(samples.count == 4 && samples.allSatisfy { $0.count == 200 })

        // The best model file reproduces its validation loss on the validation text.
        let model = try CharacterLanguageModel(contentsOf: request.outputPath)
        let split = try CharacterCorpus(path: corpus, validationFraction: 0.1, vocabulary: model.vocabulary)
        #expect(Float(model.negativeLogLikelihood(of: split.validation).natsPerCharacter) == best)
        // The log, the plot and the checkpoint are beside the model.
        for path in [request.logPath, request.plotPath, request.checkpointPath] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        let log = try String(contentsOfFile: request.logPath, encoding: .utf8)
        #expect(log.hasPrefix("step,epoch,batch,loss,validation,learning_rate,gradient_norm,seconds\n"))
        #expect(try String(contentsOfFile: request.plotPath, encoding: .utf8).contains("<svg"))
    }

    /// Interrupted after 13 steps and resumed: the same model, bit for bit, and the same log.
    @Test func aResumedRunEqualsTheUninterruptedOne() throws {
        let directory = try TestCorpus.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = try TestCorpus.write(TestCorpus.text(characters: 6000), to: "tiny.txt", in: directory)
        let whole = try TestCorpus.scratch(), parts = try TestCorpus.scratch()
        defer { for d in [whole, parts] { try? FileManager.default.removeItem(at: d) } }

        var uninterrupted = Self.request(corpus: corpus, in: whole)
        uninterrupted.configuration.dropout = 0.25   // the dropout generator must resume too
        uninterrupted.configuration.cell = .lstm
        try CharacterModelTraining.run(uninterrupted)

        var interrupted = uninterrupted
        interrupted.outputPath = parts.appendingPathComponent("m.quill").path
        var steps = 0
        let stopped = try CharacterModelTraining.run(interrupted, onEvent: { event in
            if case .stepFinished = event { steps += 1 }
        }, stopRequested: { steps >= 13 })
        #expect(stopped.interrupted && stopped.steps == 13)
        interrupted.resumePath = interrupted.checkpointPath
        let resumed = try CharacterModelTraining.run(interrupted)
        #expect(!resumed.interrupted)

        let a = try CharacterLanguageModel(contentsOf: uninterrupted.outputPath)
        let b = try CharacterLanguageModel(contentsOf: interrupted.outputPath)
        for (x, y) in zip(a.parameters, b.parameters) { #expect(x.value.values == y.value.values, "\(x.name)") }
        func withoutTimes(_ path: String) throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        }
        #expect(try withoutTimes(uninterrupted.logPath) == withoutTimes(interrupted.logPath))
        // The metadata too: the settings are JSON with sorted keys, whose order would otherwise
        // change from process to process (Scripts/kill-anywhere.sh compares across processes).
        let fileA = try ModelFile(contentsOf: uninterrupted.outputPath), fileB = try ModelFile(contentsOf: interrupted.outputPath)
        #expect(fileA.metadata == fileB.metadata)
        #expect(fileA.metadata["settings"] == #"{"batch":8,"seed":5,"steps":25,"validationFraction":0.1}"#)
    }

    @Test func sameSeedSameTextAndUnknownPrimeCharactersAreSkipped() throws {
        let model = CharacterLanguageModelTests.model(.lstm)
        let generator = TextGenerator(model: model, options: SamplingOptions(temperature: 0.9, topK: 5))
        var first = SplitMix64(seed: 42), second = SplitMix64(seed: 42), third = SplitMix64(seed: 43)
        var streamed = ""
        let a = generator.generate(prime: "hello", length: 80, random: &first) { streamed.append($0) }
        let b = generator.generate(prime: "hello", length: 80, random: &second)
        let c = generator.generate(prime: "hello", length: 80, random: &third)
        #expect(a == b && a.text != c.text && streamed == a.text && a.text.count == 80)
        #expect(!a.text.contains("\u{FFFD}"))

        // Unknown characters (Cyrillic, an emoji) are skipped: the same continuation as without them.
        var again = SplitMix64(seed: 42)
        let mixed = generator.generate(prime: "hжeлllлo🐳", length: 80, random: &again)
        #expect(mixed.unknownPrimeCharacters == ["ж", "л", "л", "🐳"])
        #expect(mixed.text == a.text)
        // A prime of unknown characters only, or none, starts from the model's start character.
        var fourth = SplitMix64(seed: 1), fifth = SplitMix64(seed: 1)
        #expect(generator.generate(prime: "жжж", length: 20, random: &fourth).text == generator.generate(prime: "", length: 20, random: &fifth).text)
    }

    @Test func emptyOneCharacterAndTooShortCorporaAreRefusedClearly() throws {
        let directory = try TestCorpus.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = try TestCorpus.write("", to: "empty.txt", in: directory)
        let one = try TestCorpus.write("x", to: "one.txt", in: directory)
        let short = try TestCorpus.write(String(repeating: "abc ", count: 50), to: "short.txt", in: directory)
        #expect(throws: TextGenerationError.emptyCorpus(path: empty)) { try CharacterModelTraining.run(Self.request(corpus: empty, in: directory)) }
        #expect(throws: TextGenerationError.singleCharacterCorpus(path: one)) { try CharacterModelTraining.run(Self.request(corpus: one, in: directory)) }
        #expect(throws: TextGenerationError.corpusTooShortForBatches(path: short, trainingCharacters: 180, batch: 8, steps: 25)) {
            try CharacterModelTraining.run(Self.request(corpus: short, in: directory))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("m.quill").path))
        #expect(TextGenerationError.emptyCorpus(path: empty).description.hasPrefix(empty + ": the corpus is empty"))
    }

    @Test func resumingOnAnotherCorpusIsRefused() throws {
        let directory = try TestCorpus.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let corpus = try TestCorpus.write(TestCorpus.text(characters: 5000), to: "a.txt", in: directory)
        let other = try TestCorpus.write(TestCorpus.text(characters: 5000) + "!", to: "b.txt", in: directory)
        var request = Self.request(corpus: corpus, in: directory, epochs: 1)
        try CharacterModelTraining.run(request)
        request.resumePath = request.checkpointPath
        request.corpusPath = other
        #expect {
            try CharacterModelTraining.run(request)
        } throws: { error in
            "\(error)".contains("cannot resume: it was trained on another corpus")
        }
    }
}
