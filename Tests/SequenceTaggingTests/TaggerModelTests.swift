import Foundation
import RecurrentCore
import Testing
import VocabularyStore
import _TestSupport
@testable import SequenceTagging

@Suite struct TaggerModelTests {
    static let sentences = [["Ada", "sees", "the", "old", "cat", "."], ["Paris", "2024"], ["the", "dog"]]

    static func model(output: TaggerConfiguration.Output, attention: Bool, scheme: TagScheme? = nil, tags: [String] = ["DET", "NOUN", "PUNCT", "VERB"]) -> TaggerModel {
        let configuration = TaggerConfiguration(wordEmbedding: 5, characterEmbedding: 3, characterHidden: 3, shapeEmbedding: 2,
                                                hidden: 4, layers: 2, dropout: 0, wordDropout: 0, output: output,
                                                attention: attention, labelScheme: scheme)
        let words = Vocabulary(counting: ["the", "cat", "sees", "ada", "."], specials: .unknownOnly)
        let characters = Vocabulary(counting: "Adaseth.".map(String.init), specials: .unknownOnly)
        let model = TaggerModel(configuration: configuration, words: words, characters: characters, tags: try! LabelSet(tags))
        model.initialize(seed: 7)
        return model
    }

    /// Every parameter's gradient (CRF and softmax, with attention, two layers, characters and
    /// shapes) against central finite differences of the loss.
    @Test(arguments: [(TaggerConfiguration.Output.crf, true), (.crf, false), (.softmax, true)])
    func gradientsMatchFiniteDifferences(output: TaggerConfiguration.Output, attention: Bool) {
        let model = Self.model(output: output, attention: attention)
        let tagIDs = [[0, 3, 0, 1, 1, 2], [1, 1], [0, 1]]
        var generator = SplitMix64(seed: 1)
        model.zeroGradients()
        _ = model.accumulateGradients(sentences: Self.sentences, tagIDs: tagIDs, generator: &generator)
        let analytic = model.parameters.map { $0.gradient.values }
        func loss() -> Double {
            var unused = SplitMix64(seed: 1)
            let input = model.encode(Self.sentences)
            let scores = model.emissions(for: input, training: false, generator: &unused)
            return Double(model.loss(emissions: scores, input: input, tagIDs: tagIDs).loss)
        }
        for (index, parameter) in model.parameters.enumerated() {
            let count = min(parameter.value.count, 40)
            let numerical = GradientCheck.numericalGradient(of: parameter.value.pointer, count: count, step: 1e-2, loss: loss)
            let error = GradientCheck.relativeError(Array(analytic[index].prefix(count)), numerical)
            #expect(error < 2e-3, "\(parameter.name): relative error \(error)")
        }
    }

    @Test func predictionKeepsSentenceOrderAndGivesProbabilitiesThatSumToOne() {
        for output in TaggerConfiguration.Output.allCases {
            let model = Self.model(output: output, attention: false)
            let inputs = [["the", "cat"], [], ["Ada", "sees", "the", "old", "cat", "."], ["dog"]]
            let predictions = model.predict(inputs, alternatives: 4)
            #expect(predictions.map(\.tags.count) == [2, 0, 6, 1])
            for prediction in predictions {
                for (tag, alternatives) in zip(prediction.tags, prediction.alternatives) {
                    #expect(alternatives.count == 4)
                    #expect(abs(alternatives.map(\.probability).reduce(0, +) - 1) < 1e-4)
                    #expect(alternatives.map(\.probability) == alternatives.map(\.probability).sorted(by: >))
                    if output == .softmax { #expect(alternatives[0].tag == tag) }
                }
            }
            // A sentence is tagged the same alone or in a batch.
            #expect(model.predict([inputs[2]])[0].tags == predictions[2].tags)
        }
    }

    /// Tagging runs the character network in groups of similar length and cuts long sentences
    /// into pieces (bounded memory): the states are those of one call over every spelling, and a
    /// long sentence gets a tag for every token, its pieces tagged as sentences of their own.
    @Test func taggingInBoundedPiecesGivesTheStatesOfOneCall() {
        let model = Self.model(output: .crf, attention: false)
        // More spellings than one character call takes, of every length up to the clipping.
        let letters: [Character] = ["a", "d", "e", "s"]
        let long = (0..<(TaggerModel.characterPositionsPerCall / 8)).map { (n: Int) -> String in
            String(repeating: letters[n % 4], count: 1 + n % 40) + String(n)
        }
        let sentences = [long, ["the", "cat"]]
        let input = model.encode(sentences)
        var generator = SplitMix64(seed: 0)
        let grouped = model.emissions(for: input, training: false, generator: &generator).values
        let oneCall = model.emissions(for: input, training: true, generator: &generator).values   // dropout is 0
        #expect(zip(grouped, oneCall).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })

        let predicted = model.predict(sentences)
        #expect(predicted.map(\.tags.count) == [long.count, 2])
        let piece = TaggerModel.longestTaggedPiece
        let pieces = stride(from: 0, to: long.count, by: piece).map { Array(long[$0..<min(long.count, $0 + piece)]) }
        #expect(predicted[0].tags == model.predict(pieces).flatMap { $0.tags })
    }

    @Test func aConstrainedCRFNeverWritesAnInvalidBIOESSequence() throws {
        let tags = ["B-LOC", "B-PER", "E-LOC", "E-PER", "I-LOC", "I-PER", "O", "S-LOC", "S-PER"]
        let model = Self.model(output: .crf, attention: false, scheme: .bioes, tags: tags)
        // Large random emissions make unconstrained decoding pick invalid pairs often.
        var weights = SplitMix64(seed: 99)
        model.output.weight.fillUniform(bound: 5, using: &weights)
        var sentences: [[String]] = []
        var random = SplitMix64(seed: 9)
        for _ in 0..<40 {
            sentences.append((0..<(1 + Int(random.next() % 9))).map { _ in ["Ada", "the", "cat", "sees", "Paris", "x"][Int(random.next() % 6)] })
        }
        for prediction in model.predict(sentences, scheme: .bioes) {
            #expect(TagScheme.bioes.isWellFormed(prediction.tags), "\(prediction.tags)")
        }
        // Written in BIO, the same chunks.
        let bio = model.predict(sentences, scheme: .bio)
        for (a, b) in zip(model.predict(sentences, scheme: .bioes), bio) {
            #expect(try TagScheme.bioes.spans(in: a.tags) == (try TagScheme.bio.spans(in: b.tags)))
        }
    }

    /// Found while fuzzing (a hand-made input replayed through fuzz-model-file): a small tagger
    /// file whose configuration names a huge network (8 layers of 4096) was allocated in full
    /// before its tensors were found missing; it is now refused before the model is built.
    @Test func aConfigurationLargerThanItsFileIsRefusedBeforeAllocating() throws {
        let directory = try TaggerTestData.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.quill").path
        let model = Self.model(output: .crf, attention: false)
        var configuration = model.configuration
        (configuration.layers, configuration.hidden, configuration.wordEmbedding) = (8, 4096, 4096)
        var metadata = model.describingMetadata
        metadata["configuration"] = String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
        try ModelFile.write(kind: TaggerModel.kind, tensors: model.parameters.map { ($0.name, $0.value) },
                            metadata: metadata, to: path)
        #expect { try TaggerModel(contentsOf: path) } throws: { "\($0)".contains("describes a model of at least") }
    }

    @Test func aModelFileRoundTripsAndBadFilesAreNamedErrors() throws {
        let model = Self.model(output: .crf, attention: true, scheme: .bioes, tags: ["B-PER", "E-PER", "O", "S-PER", "I-PER"])
        let directory = try TaggerTestData.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.quill").path
        try model.write(to: path, provenance: ["command": "test"])
        let loaded = try TaggerModel(contentsOf: path)
        #expect(loaded.configuration == model.configuration)
        #expect(loaded.words == model.words && loaded.characters == model.characters && loaded.tags == model.tags)
        for (a, b) in zip(model.parameters, loaded.parameters) { #expect(a.name == b.name && a.value.values == b.value.values) }
        #expect(loaded.predict(Self.sentences) == model.predict(Self.sentences))

        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 3] ^= 0xFF
        let corrupt = directory.appendingPathComponent("corrupt.quill").path
        try Data(bytes).write(to: URL(fileURLWithPath: corrupt))
        #expect { try TaggerModel(contentsOf: corrupt) } throws: { "\($0)".contains("corrupt.quill") && "\($0)".contains("corrupt") }
        let truncated = directory.appendingPathComponent("truncated.quill").path
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: truncated))
        #expect { try TaggerModel(contentsOf: truncated) } throws: { "\($0)".contains("truncated.quill") }
    }
}
