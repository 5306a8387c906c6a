import Foundation
import RecurrentCore
import VocabularyStore

/// How a character model is trained, beyond its shape: recorded in checkpoints (metadata
/// `task.settings`) so a resumed run continues with the same batches.
public struct CharacterTrainingSettings: Codable, Equatable, Sendable {
    /// Truncated BPTT window: characters per stream per batch.
    public var steps: Int
    /// Streams side by side.
    public var batch: Int
    public var seed: UInt64
    public var validationFraction: Double

    public init(steps: Int = 100, batch: Int = 32, seed: UInt64 = 1, validationFraction: Double = 0.1) {
        self.steps = steps
        self.batch = batch
        self.seed = seed
        self.validationFraction = validationFraction
    }
}

/// A character model's ``LanguageModelTrainingTask`` over a ``CharacterCorpus``: validation is
/// the loss on the held-out characters, followed by a short sample.
public final class CharacterModelTrainingTask: LanguageModelTrainingTask {
    public let model: CharacterLanguageModel
    public let corpus: CharacterCorpus
    public let settings: CharacterTrainingSettings
    /// Where ``saveBestModel(epoch:validation:)`` writes.
    public let outputPath: String
    /// Written into the best model's metadata (corpus, command), plus its scores.
    public var provenance: [String: String] = [:]
    /// Characters generated after each validation (0: none).
    public var sampleLength = 200
    /// The text generated after the last validation (temperature 0.8, seeded by the epoch).
    public private(set) var lastSample: String?

    public init(model: CharacterLanguageModel, corpus: CharacterCorpus, settings: CharacterTrainingSettings,
                outputPath: String) throws {
        guard let batches = TokenStreamBatches(ids: corpus.training, steps: settings.steps, batch: settings.batch,
                                               seed: settings.seed) else {
            throw TextGenerationError.corpusTooShortForBatches(path: corpus.path, trainingCharacters: corpus.training.count,
                                                               batch: settings.batch, steps: settings.steps)
        }
        self.model = model
        self.corpus = corpus
        self.settings = settings
        self.outputPath = outputPath
        super.init(network: model.network, batches: batches, corpusChecksum: corpus.checksum, settings: settings)
    }

    public override func validate() -> Validation {
        let nats = Float(model.negativeLogLikelihood(of: corpus.validation).natsPerCharacter)
        if sampleLength > 0 {
            let generator = TextGenerator(model: model, options: SamplingOptions(temperature: 0.8))
            var random = SplitMix64(seed: settings.seed &+ UInt64(self.epoch))
            lastSample = generator.generate(prime: "", length: sampleLength, random: &random).text
        }
        return Validation(value: nats, higherIsBetter: false, summary: Self.describe(natsPerCharacter: nats))
    }

    /// "loss 1.4523 nats/char (2.0952 bits/char)".
    public static func describe(natsPerCharacter nats: Float) -> String {
        "loss \(String(format: "%.4f", nats)) nats/char (\(String(format: "%.4f", nats / Float(M_LN2))) bits/char)"
    }

    public override func saveBestModel(epoch: Int, validation: Validation) throws {
        var metadata = provenance
        metadata["validation_loss"] = String(validation.value)
        metadata["epoch"] = String(epoch + 1)
        try model.write(to: outputPath, provenance: metadata)
    }

    public override var modelMetadata: [String: String] { model.describingMetadata }
}
