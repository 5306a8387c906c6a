/// What the ``Trainer`` reports as it runs, for a progress display or a test.
public enum TrainingEvent: Sendable {
    /// Training begins (or resumes) at `epoch`, batch `batch`; `batches` is the epoch's count.
    case epochStarted(epoch: Int, batch: Int, batches: Int, learningRate: Float)
    /// A batch finished: the batch's loss, the running mean loss of the epoch, units per second.
    case stepFinished(epoch: Int, batch: Int, batches: Int, step: Int, loss: Float, meanLoss: Float, unitsPerSecond: Double)
    case epochFinished(EpochSummary)
    case checkpointWritten(path: String, step: Int)
    /// No better validation score for `patience` epochs.
    case stoppedEarly(epoch: Int, bestEpoch: Int)
    /// `stopRequested` answered true: the run stopped after writing its checkpoint.
    case interrupted(step: Int)
}

/// One epoch's figures.
public struct EpochSummary: Sendable, Codable, Equatable {
    public var epoch: Int
    public var trainingLoss: Float
    public var validation: Validation
    public var improved: Bool
    public var learningRate: Float
    public var seconds: Double

    public init(epoch: Int, trainingLoss: Float, validation: Validation, improved: Bool, learningRate: Float, seconds: Double) {
        self.epoch = epoch
        self.trainingLoss = trainingLoss
        self.validation = validation
        self.improved = improved
        self.learningRate = learningRate
        self.seconds = seconds
    }
}
