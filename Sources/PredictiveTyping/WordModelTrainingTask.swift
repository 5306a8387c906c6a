import Foundation
import RecurrentCore
import VocabularyStore

/// How a word model is trained, beyond its shape: recorded in checkpoints (metadata
/// `task.settings`) so a resumed run continues with the same batches.
public struct WordTrainingSettings: Codable, Equatable, Sendable {
    /// Truncated BPTT window: tokens per stream per batch.
    public var steps: Int
    /// Streams side by side.
    public var batch: Int
    public var seed: UInt64
    /// The ids a vocabulary may have, specials included.
    public var vocabularySize: Int
    /// The share of each corpus file's last sentences held out for validation (without --validation).
    public var validationFraction: Double

    public init(steps: Int = 35, batch: Int = 32, seed: UInt64 = 1, vocabularySize: Int = 10_000,
                validationFraction: Double = 0.05) {
        self.steps = steps
        self.batch = batch
        self.seed = seed
        self.vocabularySize = vocabularySize
        self.validationFraction = validationFraction
    }
}

/// A word model's ``LanguageModelTrainingTask``: validation is the perplexity of the held-out
/// stream, and the best model is written with its lexicon.
public final class WordModelTrainingTask: LanguageModelTrainingTask {
    public let model: WordLanguageModel
    public let settings: WordTrainingSettings
    public let validationStream: [Int32]
    public let outputPath: String
    /// Written into the best model's metadata (corpus, command), plus its scores.
    public var provenance: [String: String] = [:]

    public init(model: WordLanguageModel, trainingStream: [Int32], validationStream: [Int32], corpusChecksum: String,
                settings: WordTrainingSettings, outputPath: String) throws {
        guard let batches = TokenStreamBatches(ids: trainingStream, steps: settings.steps, batch: settings.batch, seed: settings.seed) else {
            throw PredictiveTypingError.corpusTooShortForBatches(tokens: trainingStream.count, batch: settings.batch, steps: settings.steps)
        }
        self.model = model
        self.settings = settings
        self.validationStream = validationStream
        self.outputPath = outputPath
        super.init(network: model.network, batches: batches, corpusChecksum: corpusChecksum, settings: settings)
    }

    public override func validate() -> Validation {
        let perplexity = model.perplexity(of: validationStream).perplexity
        return Validation(value: Float(perplexity), higherIsBetter: false,
                          summary: "perplexity \(String(format: "%.2f", perplexity))")
    }

    public override func saveBestModel(epoch: Int, validation: Validation) throws {
        var metadata = provenance
        metadata["validation_perplexity"] = String(validation.value)
        metadata["epoch"] = String(epoch + 1)
        try model.write(to: outputPath, provenance: metadata)
    }

    public override var modelMetadata: [String: String] { model.describingMetadata }
}
