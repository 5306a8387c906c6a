import Foundation

/// Where a training run stands: what a checkpoint needs beyond tensors, stored as JSON in the
/// checkpoint's `training` metadata.
struct TrainingPosition: Codable, Equatable {
    /// The epoch to continue (from 0) and its next batch.
    var epoch = 0
    var batch = 0
    /// Optimizer steps taken.
    var step = 0
    /// The running sums of the current epoch's batch losses and units.
    var epochLossSum: Double = 0
    var epochBatches = 0
    var best: Float?
    var bestEpoch: Int?
    var badEpochs = 0
    var plateau: ReduceOnPlateau?
    var history: [EpochSummary] = []
}

/// A training checkpoint: a model file of kind `<model kind>-checkpoint` holding the parameters
/// (`model.<name>`), the optimizer state (`optimizer.<name>`), the parameter averages when the run
/// keeps them (`average.<name>`, decay in metadata `average_decay`), the task's state (`task.<name>`,
/// and metadata `task.<key>`) and the ``TrainingPosition`` (metadata `training`). Written
/// atomically through ``ModelFile/write(kind:tensors:metadata:to:)``, so a kill at any moment leaves
/// the previous checkpoint whole.
enum Checkpoint {
    /// How NaN and infinities appear in the position's JSON.
    static let floatStrategy = (encoding: JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"),
                                decoding: JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"))

    static func write(to path: String, kind: String, task: TrainingTask, optimizer: Optimizer, average: ParameterAverage?,
                      position: TrainingPosition) throws(ModelFileError) {
        let state = task.checkpointState()
        var tensors = task.parameters.map { ("model." + $0.name, $0.value) }
        tensors += optimizer.stateTensors.map { ("optimizer." + $0.name, $0.tensor) }
        var metadata = Dictionary(uniqueKeysWithValues: state.values.map { ("task." + $0.key, $0.value) })
        if let average {
            tensors += zip(task.parameters, average.averages).map { ("average." + $0.name, $1) }
            metadata["average_decay"] = String(average.decay)
        }
        tensors += state.tensors.map { ("task." + $0.name, $0.tensor) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = floatStrategy.encoding   // a NaN validation score must not lose the position
        metadata["training"] = String(decoding: (try? encoder.encode(position)) ?? Data(), as: UTF8.self)
        metadata["optimizer_step"] = String(optimizer.step)
        try ModelFile.write(kind: kind, tensors: tensors, metadata: metadata, to: path)
    }

    /// Reads `path` into `task`, `optimizer` and `average` and returns the position to continue from.
    /// The checkpoint must hold averages (and metadata `average_decay`) exactly when `average` is
    /// given, with its decay.
    static func restore(from path: String, kind: String, task: TrainingTask, optimizer: Optimizer,
                        average: ParameterAverage?) throws -> TrainingPosition {
        let file: ModelFile
        do { file = try ModelFile(contentsOf: path, kinds: [kind]) } catch { throw TrainingError.checkpoint(error) }
        let storedDecay = file.metadata["average_decay"]
        if storedDecay != average.map({ String($0.decay) }) {
            throw TrainingError.incompatibleCheckpoint(path: path, problem: storedDecay.map {
                "its run averaged the weights with decay \($0); resume it with --average \($0)"
            } ?? "its run did not average the weights; resume it without --average")
        }
        do {
            try file.load(task.parameters, prefix: "model.")
            for (name, tensor) in optimizer.stateTensors {
                tensor.assign(try file.tensor("optimizer." + name, shape: tensor.shape))
            }
            if let average {
                for (parameter, tensor) in zip(task.parameters, average.averages) {
                    tensor.assign(try file.tensor("average." + parameter.name, shape: tensor.shape))
                }
            }
        } catch {
            throw TrainingError.checkpoint(error)
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = floatStrategy.decoding
        guard let json = file.metadata["training"],
              let position = try? decoder.decode(TrainingPosition.self, from: Data(json.utf8)) else {
            throw TrainingError.incompatibleCheckpoint(path: path, problem: "its 'training' metadata is missing or unreadable")
        }
        guard let optimizerStep = file.metadata["optimizer_step"].flatMap(Int.init) else {
            throw TrainingError.incompatibleCheckpoint(path: path, problem: "its 'optimizer_step' metadata is missing")
        }
        optimizer.restore(step: optimizerStep)
        var tensors: [String: Tensor] = [:]
        for name in file.tensors.names where name.hasPrefix("task.") {
            do { tensors[String(name.dropFirst(5))] = try file.tensors.tensor(name) } catch { throw TrainingError.checkpoint(error) }
        }
        var values: [String: String] = [:]
        for (key, value) in file.metadata where key.hasPrefix("task.") { values[String(key.dropFirst(5))] = value }
        try task.restoreCheckpointState(tensors: tensors, values: values)
        return position
    }
}
