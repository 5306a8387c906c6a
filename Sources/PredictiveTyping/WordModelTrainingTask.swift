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

/// Truncated back-propagation through time over a word stream for the ``Trainer``, in the batches
/// of ``TokenStreamBatches``; the hidden state carries from batch to batch (its gradient does not)
/// and starts from zero each epoch. Validation is the perplexity of the held-out stream.
public final class WordModelTrainingTask: TrainingTask {
    public let model: WordLanguageModel
    public let settings: WordTrainingSettings
    public let validationStream: [Int32]
    /// CRC-32 of the corpus files, checked when a run resumes.
    public let corpusChecksum: String
    public let outputPath: String
    /// Written into the best model's metadata (corpus, command), plus its scores.
    public var provenance: [String: String] = [:]

    private let batches: TokenStreamBatches
    private var carried: CarriedState?
    private var dropoutGenerator: SplitMix64
    private var epoch = 0

    public init(model: WordLanguageModel, trainingStream: [Int32], validationStream: [Int32], corpusChecksum: String,
                settings: WordTrainingSettings, outputPath: String) throws {
        guard let batches = TokenStreamBatches(ids: trainingStream, steps: settings.steps, batch: settings.batch, seed: settings.seed) else {
            throw PredictiveTypingError.corpusTooShortForBatches(tokens: trainingStream.count, batch: settings.batch, steps: settings.steps)
        }
        self.batches = batches
        self.model = model
        self.settings = settings
        self.validationStream = validationStream
        self.corpusChecksum = corpusChecksum
        self.outputPath = outputPath
        dropoutGenerator = SplitMix64(seed: settings.seed ^ 0x5DEE_CE66_D1CE_5EED)
    }

    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] { model.parameters }

    public func batchCount(epoch: Int) -> Int { batches.count(epoch: epoch) }

    public func trainBatch(epoch: Int, index: Int) -> (loss: Float, units: Int) {
        self.epoch = epoch
        if index == 0 { carried = nil }
        let (inputs, targets) = batches.batch(epoch: epoch, index: index)
        let run = model.network.forward(inputs, steps: settings.steps, batch: settings.batch, state: carried, training: true,
                                        generator: &dropoutGenerator)
        carried = run.state
        let loss = SoftmaxCrossEntropy.evaluate(run.logits, labels: targets)
        model.network.backward(loss.gradient)
        return (loss.loss, targets.count)
    }

    public func zeroGradients() { model.network.zeroGradients() }

    public func validate() -> Validation {
        let perplexity = model.perplexity(of: validationStream).perplexity
        return Validation(value: Float(perplexity), higherIsBetter: false,
                          summary: "perplexity \(String(format: "%.2f", perplexity))")
    }

    public func saveBestModel(epoch: Int, validation: Validation) throws {
        var metadata = provenance
        metadata["validation_perplexity"] = String(validation.value)
        metadata["epoch"] = String(epoch + 1)
        try model.write(to: outputPath, provenance: metadata)
    }

    // MARK: Checkpoints

    public func checkpointState() -> (tensors: [(name: String, tensor: Tensor)], values: [String: String]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var values = model.describingMetadata
        values["settings"] = String(decoding: (try? encoder.encode(settings)) ?? Data(), as: UTF8.self)
        values["corpus_crc32"] = corpusChecksum
        values["dropout_generator"] = String(dropoutGenerator.state)
        values["epoch"] = String(epoch)
        return (carried?.checkpointTensors ?? [], values)
    }

    public func restoreCheckpointState(tensors: [String: Tensor], values: [String: String]) throws {
        if let stored = values["corpus_crc32"], stored != corpusChecksum {
            throw PredictiveTypingError.resumeMismatch(checkpoint: "checkpoint",
                problem: "it was trained on a corpus with CRC-32 \(stored), but these files have \(corpusChecksum)")
        }
        guard let generatorState = values["dropout_generator"].flatMap(UInt64.init) else {
            throw PredictiveTypingError.resumeMismatch(checkpoint: "checkpoint", problem: "its dropout generator state is missing")
        }
        dropoutGenerator.state = generatorState
        epoch = values["epoch"].flatMap(Int.init) ?? 0
        let c = model.configuration
        switch CarriedState.restore(from: tensors, layers: c.layers, batch: settings.batch, hiddenSize: c.hiddenSize,
                                    hasCellState: c.cell.hasCellState) {
        case .success(let state): carried = state
        case .failure(let problem): throw PredictiveTypingError.resumeMismatch(checkpoint: "checkpoint", problem: problem.description)
        }
    }
}
