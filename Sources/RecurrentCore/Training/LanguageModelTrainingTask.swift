import Foundation

/// Truncated back-propagation through time over one long stream of ids for the ``Trainer``: the
/// training half of every ``RecurrentLanguageModel`` application (textgen's characters,
/// autocomplete's words), in the batches of ``TokenStreamBatches``. The hidden state carries from
/// batch to batch (its gradient does not) and starts from zero each epoch; the carried state, the
/// dropout generator and the epoch go into checkpoints, so a resumed run continues exactly.
///
/// An application subclasses it for what differs: ``validate()``, ``saveBestModel(epoch:validation:)``
/// and ``modelMetadata`` (what rebuilds the model from a checkpoint: configuration, vocabulary).
open class LanguageModelTrainingTask: TrainingTask {
    public let network: RecurrentLanguageModel
    public let batches: TokenStreamBatches
    /// CRC-32 of the training text, checked when a run resumes.
    public let corpusChecksum: String
    /// The application's training settings as JSON with sorted keys (the same text in every run),
    /// stored in checkpoints as `settings`.
    public let settingsJSON: String
    /// The epoch of the last batch trained.
    public private(set) var epoch = 0
    private var carried: CarriedState?
    private var dropoutGenerator: SplitMix64

    public init(network: RecurrentLanguageModel, batches: TokenStreamBatches, corpusChecksum: String,
                settings: some Encodable) {
        self.network = network
        self.batches = batches
        self.corpusChecksum = corpusChecksum
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        settingsJSON = String(decoding: (try? encoder.encode(settings)) ?? Data(), as: UTF8.self)
        dropoutGenerator = SplitMix64(seed: batches.seed ^ 0x5DEE_CE66_D1CE_5EED)
    }

    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] { network.parameters }

    public func batchCount(epoch: Int) -> Int { batches.count(epoch: epoch) }

    public func trainBatch(epoch: Int, index: Int) -> (loss: Float, units: Int) {
        self.epoch = epoch
        if index == 0 { carried = nil }
        let (inputs, targets) = batches.batch(epoch: epoch, index: index)
        let run = network.forward(inputs, steps: batches.steps, batch: batches.batch, state: carried, training: true,
                                  generator: &dropoutGenerator)
        carried = run.state
        let loss = SoftmaxCrossEntropy.evaluate(run.logits, labels: targets)
        network.backward(loss.gradient)
        return (loss.loss, targets.count)
    }

    public func zeroGradients() { network.zeroGradients() }

    open func validate() -> Validation {
        preconditionFailure("LanguageModelTrainingTask.validate: a subclass scores its model")
    }

    open func saveBestModel(epoch: Int, validation: Validation) throws {
        preconditionFailure("LanguageModelTrainingTask.saveBestModel: a subclass writes its model")
    }

    /// What a checkpoint needs to rebuild the model (configuration, vocabulary), beside the
    /// settings and the state this class keeps.
    open var modelMetadata: [String: String] { [:] }

    public func checkpointState() -> (tensors: [(name: String, tensor: Tensor)], values: [String: String]) {
        var values = modelMetadata
        values["settings"] = settingsJSON
        values["corpus_crc32"] = corpusChecksum
        values["dropout_generator"] = String(dropoutGenerator.state)
        values["epoch"] = String(epoch)
        return (carried?.checkpointTensors ?? [], values)
    }

    public func restoreCheckpointState(tensors: [String: Tensor], values: [String: String]) throws {
        if let stored = values["corpus_crc32"], stored != corpusChecksum {
            throw TrainingError.incompatibleCheckpoint(path: "checkpoint",
                problem: "it was trained on text with CRC-32 \(stored), but this text has \(corpusChecksum)")
        }
        guard let generatorState = values["dropout_generator"].flatMap(UInt64.init) else {
            throw TrainingError.incompatibleCheckpoint(path: "checkpoint", problem: "its dropout generator state is missing")
        }
        dropoutGenerator.state = generatorState
        epoch = values["epoch"].flatMap(Int.init) ?? 0
        let shape = network.shape
        switch CarriedState.restore(from: tensors, layers: shape.layers, batch: batches.batch, hiddenSize: shape.hiddenSize,
                                    hasCellState: shape.cell.hasCellState) {
        case .success(let state): carried = state
        case .failure(let problem): throw TrainingError.incompatibleCheckpoint(path: "checkpoint", problem: problem.description)
        }
    }
}
