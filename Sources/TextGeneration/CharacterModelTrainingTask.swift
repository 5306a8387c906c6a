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

/// Truncated back-propagation through time over a ``CharacterCorpus`` for the ``Trainer``, in the
/// batches of ``TokenStreamBatches``. The hidden state carries from batch to batch (its gradient
/// does not) and starts from zero each epoch.
public final class CharacterModelTrainingTask: TrainingTask {
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

    private let batches: TokenStreamBatches
    private var carried: CarriedState?
    private var dropoutGenerator: SplitMix64
    private var epoch = 0

    public init(model: CharacterLanguageModel, corpus: CharacterCorpus, settings: CharacterTrainingSettings,
                outputPath: String) throws {
        guard let batches = TokenStreamBatches(ids: corpus.training, steps: settings.steps, batch: settings.batch,
                                               seed: settings.seed) else {
            throw TextGenerationError.corpusTooShortForBatches(path: corpus.path, trainingCharacters: corpus.training.count,
                                                               batch: settings.batch, steps: settings.steps)
        }
        self.batches = batches
        self.model = model
        self.corpus = corpus
        self.settings = settings
        self.outputPath = outputPath
        dropoutGenerator = SplitMix64(seed: settings.seed ^ 0x5DEE_CE66_D1CE_5EED)
    }

    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] { model.parameters }

    public func batchCount(epoch: Int) -> Int { batches.count(epoch: epoch) }

    public func trainBatch(epoch: Int, index: Int) -> (loss: Float, units: Int) {
        self.epoch = epoch
        if index == 0 { carried = nil }
        let (inputs, targets) = batches.batch(epoch: epoch, index: index)
        let run = model.forward(inputs, steps: settings.steps, batch: settings.batch, state: carried, training: true,
                                generator: &dropoutGenerator)
        carried = run.state
        let loss = SoftmaxCrossEntropy.evaluate(run.logits, labels: targets)
        model.backward(loss.gradient)
        return (loss.loss, targets.count)
    }

    public func zeroGradients() { model.zeroGradients() }

    public func validate() -> Validation {
        let nats = Float(model.negativeLogLikelihood(of: corpus.validation).natsPerCharacter)
        if sampleLength > 0 {
            let generator = TextGenerator(model: model, options: SamplingOptions(temperature: 0.8))
            var random = SplitMix64(seed: settings.seed &+ UInt64(epoch))
            lastSample = generator.generate(prime: "", length: sampleLength, random: &random).text
        }
        return Validation(value: nats, higherIsBetter: false, summary: Self.describe(natsPerCharacter: nats))
    }

    /// "loss 1.4523 nats/char (2.0952 bits/char)".
    public static func describe(natsPerCharacter nats: Float) -> String {
        "loss \(String(format: "%.4f", nats)) nats/char (\(String(format: "%.4f", nats / Float(M_LN2))) bits/char)"
    }

    public func saveBestModel(epoch: Int, validation: Validation) throws {
        var metadata = provenance
        metadata["validation_loss"] = String(validation.value)
        metadata["epoch"] = String(epoch + 1)
        try model.write(to: outputPath, provenance: metadata)
    }

    // MARK: Checkpoints

    /// Metadata that lets a checkpoint rebuild this task: configuration, vocabulary, settings and
    /// the corpus checksum (so a resume on another text is refused).
    var describingValues: [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var values = model.describingMetadata
        values["settings"] = String(decoding: (try? encoder.encode(settings)) ?? Data(), as: UTF8.self)
        values["corpus_crc32"] = corpus.checksum
        return values
    }

    public func checkpointState() -> (tensors: [(name: String, tensor: Tensor)], values: [String: String]) {
        let tensors = carried?.checkpointTensors ?? []
        var values = describingValues
        values["dropout_generator"] = String(dropoutGenerator.state)
        values["epoch"] = String(epoch)
        return (tensors, values)
    }

    public func restoreCheckpointState(tensors: [String: Tensor], values: [String: String]) throws {
        if let stored = values["corpus_crc32"], stored != corpus.checksum {
            throw TextGenerationError.resumeMismatch(checkpoint: "checkpoint",
                problem: "it was trained on a corpus with CRC-32 \(stored), but \(corpus.path) has \(corpus.checksum)")
        }
        guard let generatorState = values["dropout_generator"].flatMap(UInt64.init) else {
            throw TextGenerationError.resumeMismatch(checkpoint: "checkpoint", problem: "its dropout generator state is missing")
        }
        dropoutGenerator.state = generatorState
        epoch = values["epoch"].flatMap(Int.init) ?? 0
        switch CarriedState.restore(from: tensors, layers: model.configuration.layers, batch: settings.batch,
                                    hiddenSize: model.configuration.hiddenSize, hasCellState: model.configuration.cell.hasCellState) {
        case .success(let state): carried = state
        case .failure(let problem): throw TextGenerationError.resumeMismatch(checkpoint: "checkpoint", problem: problem.description)
        }
    }
}
