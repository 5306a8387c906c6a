import FileOutput
import Foundation

/// The training loop every application shares: epochs over a ``TrainingTask``'s batches with an
/// ``Optimizer``, gradient clipping, a learning-rate schedule, validation after each epoch, the best
/// model kept, early stopping, a CSV log, checkpoints and exact resumption, and optionally an
/// average of the parameters (``TrainingOptions/averageDecay``) that validation scores and the best
/// model keeps.
///
///     let trainer = Trainer(options: options, optimizer: Adam(parameters: ..., learningRate: 2e-3))
///     trainer.onEvent = { event in display.show(event) }
///     let result = try trainer.run(task, resumingFrom: resume)
///
/// Resuming from a checkpoint restores the parameters, the optimizer, the task's own state and the
/// position (epoch, batch, step, best score, patience, schedule), so the resumed run takes the
/// same steps as an uninterrupted one (bit for bit with one BLAS thread). A NaN or infinite loss
/// or gradient stops the run with ``TrainingError/nonFinite(quantity:epoch:batch:step:checkpoint:)``
/// before the bad update, leaving the last checkpoint and the best model as they were.
public final class Trainer {
    public let options: TrainingOptions
    public let optimizer: Optimizer
    /// Called on the training thread for every event.
    public var onEvent: (TrainingEvent) -> Void = { _ in }
    /// Polled between batches (for Ctrl-C): when true, the run writes a checkpoint and returns.
    public var stopRequested: () -> Bool = { false }

    public init(options: TrainingOptions, optimizer: Optimizer) {
        precondition(options.epochs >= 0, "Trainer: negative epoch count")
        self.options = options
        self.optimizer = optimizer
    }

    var checkpointKind: String { options.modelKind + "-checkpoint" }

    private let clock = ContinuousClock()
    private lazy var origin = clock.now

    /// Seconds since the trainer first looked at its clock.
    private func seconds() -> Double {
        let elapsed = (clock.now - origin).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    }

    public func run(_ task: TrainingTask, resumingFrom checkpoint: String? = nil) throws -> TrainingResult {
        var position = TrainingPosition()
        position.plateau = options.reduceOnPlateau
        let average = options.averageDecay.map { ParameterAverage(decay: $0, parameters: task.parameters.map(\.value)) }
        if let checkpoint {
            position = try Checkpoint.restore(from: checkpoint, kind: checkpointKind, task: task, optimizer: optimizer,
                                              average: average)
        }
        let log = options.logPath.map { TrainingLog(path: $0, keepingStepsThrough: checkpoint == nil ? nil : position.step) }
        let gradients = task.parameters.map(\.gradient)
        let start = seconds()
        var stoppedEarly = false

        func saveCheckpoint() throws {
            try log?.flush()
            guard let path = options.checkpointPath else { return }
            do {
                try Checkpoint.write(to: path, kind: checkpointKind, task: task, optimizer: optimizer, average: average,
                                     position: position)
            } catch {
                throw TrainingError.checkpoint(error)
            }
            onEvent(.checkpointWritten(path: path, step: position.step))
        }

        epochs: while position.epoch < options.epochs {
            let epoch = position.epoch
            let learningRate = position.plateau?.learningRate ?? options.schedule.rate(base: options.learningRate, at: epoch)
            optimizer.learningRate = learningRate
            let batches = task.batchCount(epoch: epoch)
            onEvent(.epochStarted(epoch: epoch, batch: position.batch, batches: batches, learningRate: learningRate))
            let epochStart = seconds()
            var units = 0
            while position.batch < batches {
                if stopRequested() {
                    try saveCheckpoint()
                    onEvent(.interrupted(step: position.step))
                    return TrainingResult(position: position, stoppedEarly: false, interrupted: true)
                }
                let batch = position.batch
                task.zeroGradients()
                let result = task.trainBatch(epoch: epoch, index: batch)
                guard result.loss.isFinite else {
                    try? log?.flush()   // the rows up to the bad step show how it diverged
                    throw TrainingError.nonFinite(quantity: "loss", epoch: epoch, batch: batch, step: position.step + 1, checkpoint: options.checkpointPath)
                }
                let norm = clipGradients(gradients, maximumNorm: options.clipNorm ?? .infinity)
                guard norm.isFinite else {
                    try? log?.flush()
                    throw TrainingError.nonFinite(quantity: "gradient norm", epoch: epoch, batch: batch, step: position.step + 1, checkpoint: options.checkpointPath)
                }
                optimizer.update()
                position.step += 1
                average?.accumulate(update: position.step)
                position.batch += 1
                position.epochLossSum += Double(result.loss)
                position.epochBatches += 1
                units += result.units
                log?.step(position.step, epoch: epoch, batch: batch, loss: result.loss, learningRate: learningRate,
                          gradientNorm: norm, seconds: seconds() - start)
                onEvent(.stepFinished(epoch: epoch, batch: batch, batches: batches, step: position.step, loss: result.loss,
                                      meanLoss: Float(position.epochLossSum / Double(position.epochBatches)),
                                      unitsPerSecond: Double(units) / max(seconds() - epochStart, 1e-9)))
                if let every = options.checkpointEvery, position.step % every == 0, position.batch < batches {
                    try saveCheckpoint()
                }
            }

            let (validation, improved) = try withValidatedParameters(average) {
                let validation = task.validate()
                let improved = validation.isBetter(than: position.best)
                if improved { try task.saveBestModel(epoch: epoch, validation: validation) }
                return (validation, improved)
            }
            if improved {
                position.best = validation.value
                position.bestEpoch = epoch
                position.badEpochs = 0
            } else {
                position.badEpochs += 1
            }
            if position.plateau != nil {
                let metric = validation.higherIsBetter ? -validation.value : validation.value
                _ = position.plateau!.observe(metric)
            }
            let summary = EpochSummary(epoch: epoch, trainingLoss: Float(position.epochLossSum / Double(max(position.epochBatches, 1))),
                                       validation: validation, improved: improved, learningRate: learningRate,
                                       seconds: seconds() - epochStart)
            position.history.append(summary)
            try log?.epoch(summary, step: position.step, seconds: seconds() - start)
            if let log { try writePlot(log) }
            onEvent(.epochFinished(summary))
            position.epoch += 1
            position.batch = 0
            position.epochLossSum = 0
            position.epochBatches = 0
            try saveCheckpoint()
            if let patience = options.patience, position.badEpochs >= patience {
                stoppedEarly = true
                onEvent(.stoppedEarly(epoch: epoch, bestEpoch: position.bestEpoch ?? epoch))
                break epochs
            }
        }
        return TrainingResult(position: position, stoppedEarly: stoppedEarly, interrupted: false)
    }
}

extension Trainer {
    /// Runs `body` with the parameters validation scores: the averaged ones when there is an average.
    private func withValidatedParameters<Result>(_ average: ParameterAverage?, _ body: () throws -> Result) rethrows -> Result {
        guard let average else { return try body() }
        return try average.withAveragedParameters(body)
    }

    /// Draws the log's curves into `options.plotPath` (atomically).
    func writePlot(_ log: TrainingLog) throws {
        guard let plotPath = options.plotPath else { return }
        let svg = TrainingPlot.svg(TrainingPlot.Curves(csv: log.text), title: options.plotTitle,
                                   validationLabel: options.validationLabel,
                                   validationSharesLossAxis: options.validationIsLoss)
        let file = try AtomicFile(path: plotPath)
        try file.write(Array(svg.utf8))
        try file.commit()
    }
}

/// How a run ended.
public struct TrainingResult: Sendable {
    /// Every finished epoch, including those before a resume.
    public let history: [EpochSummary]
    public let steps: Int
    public let bestEpoch: Int?
    public let bestValue: Float?
    public let stoppedEarly: Bool
    /// Stopped on request; the checkpoint holds the position.
    public let interrupted: Bool

    init(position: TrainingPosition, stoppedEarly: Bool, interrupted: Bool) {
        history = position.history
        steps = position.step
        bestEpoch = position.bestEpoch
        bestValue = position.best
        self.stoppedEarly = stoppedEarly
        self.interrupted = interrupted
    }
}
