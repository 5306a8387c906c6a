import Foundation
import RecurrentCore
import Testing
import VocabularyStore
import _TestSupport
@testable import TextGeneration

@Suite struct CharacterLanguageModelTests {
    static func model(_ cell: RecurrentCell, layers: Int = 2, dropout: Float = 0) -> CharacterLanguageModel {
        let vocabulary = Vocabulary(counting: "hello, wörld!".map { String($0) }, specials: .unknownOnly)
        let model = CharacterLanguageModel(
            configuration: CharacterModelConfiguration(cell: cell, layers: layers, hiddenSize: 6, embeddingSize: 5, dropout: dropout),
            vocabulary: vocabulary)
        model.initialize(seed: 3)
        return model
    }

    // Gradients and the one-step path: RecurrentLanguageModelTests (the network this model wraps).

    @Test func parametersCarryPyTorchNamesPerLayer() {
        let names = Self.model(.lstm).parameters.map(\.name)
        #expect(names == ["embedding.weight",
                          "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                          "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
                          "output.weight", "output.bias"])
    }

    @Test func aModelFileRoundTrips() throws {
        let directory = try TestCorpus.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.quill").path
        let model = Self.model(.gru, dropout: 0.3)
        try model.write(to: path, provenance: ["corpus": "test"])
        let loaded = try CharacterLanguageModel(contentsOf: path)
        #expect(loaded.configuration == model.configuration)
        #expect(loaded.vocabulary == model.vocabulary)
        for (a, b) in zip(model.parameters, loaded.parameters) { #expect(a.value.values == b.value.values, "\(a.name)") }
        #expect(try ModelFile(contentsOf: path).metadata["corpus"] == "test")

        // Another kind of model file is refused with a sentence naming both kinds.
        let other = directory.appendingPathComponent("other.quill").path
        try ModelFile.write(kind: "tagger", tensors: [], metadata: [:], to: other)
        #expect(throws: ModelFileError.wrongKind(source: other, kind: "tagger", expected: ["textgen"])) {
            try CharacterLanguageModel(contentsOf: other)
        }
    }

    /// Found while fuzzing (a hand-made input replayed through fuzz-model-file): a file of a few
    /// kilobytes whose configuration names a huge model (16 layers of 8192) made the loader
    /// allocate tens of gigabytes before finding the tensors missing. Such a file is now refused
    /// before the model is built.
    @Test func aConfigurationLargerThanItsFileIsRefusedBeforeAllocating() throws {
        let directory = try TestCorpus.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.quill").path
        let model = Self.model(.lstm)
        var configuration = model.configuration
        (configuration.layers, configuration.hiddenSize, configuration.embeddingSize) = (16, 8192, 8192)
        var metadata = model.describingMetadata
        metadata["configuration"] = String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
        try ModelFile.write(kind: CharacterLanguageModel.kind, tensors: model.parameters.map { ($0.name, $0.value) },
                            metadata: metadata, to: path)
        #expect { try CharacterLanguageModel(contentsOf: path) } throws: { "\($0)".contains("describes a model of at least") }
    }

    /// The measurement is over every character after the first, however the text is striped.
    @Test func negativeLogLikelihoodCountsEachPredictionOnce() {
        let model = Self.model(.lstm)
        let ids = (0..<1000).map { Int32(1 + ($0 * 7 + $0 / 13) % (model.vocabulary.count - 1)) }
        let striped = model.negativeLogLikelihood(of: ids)
        #expect(striped.predictions == 999)
        // Against one stream stepped character by character: only the stripe starts differ
        // (they begin from the zero state), so the figures are close but not equal.
        let state = model.makeGenerationState()
        var total: Double = 0
        for t in 0..<(ids.count - 1) {
            let logits = model.advance(Int(ids[t]), state: state)
            let copy = Array(UnsafeBufferPointer(start: logits, count: model.vocabulary.count))
            let maximum = copy.max()!
            let normaliser = Double(maximum) + log(copy.reduce(0) { $0 + exp(Double($1 - maximum)) })
            total += normaliser - Double(copy[Int(ids[t + 1])])
        }
        #expect(abs(striped.natsPerCharacter - total / 999) < 0.01)
        // Short texts use one stripe: then the figures agree exactly (up to rounding).
        let short = Array(ids.prefix(300))
        let state2 = model.makeGenerationState()
        var shortTotal: Double = 0
        for t in 0..<(short.count - 1) {
            let logits = Array(UnsafeBufferPointer(start: model.advance(Int(short[t]), state: state2), count: model.vocabulary.count))
            let maximum = logits.max()!
            shortTotal += Double(maximum) + log(logits.reduce(0) { $0 + exp(Double($1 - maximum)) }) - Double(logits[Int(short[t + 1])])
        }
        #expect(abs(model.negativeLogLikelihood(of: short).natsPerCharacter - shortTotal / 299) < 1e-4)
    }
}
