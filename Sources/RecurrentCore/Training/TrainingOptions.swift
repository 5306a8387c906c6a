/// How the ``Trainer`` runs.
public struct TrainingOptions: Sendable {
    public var epochs: Int
    /// The base learning rate; the schedule scales it per epoch.
    public var learningRate: Float
    public var schedule: LearningRateSchedule = .constant
    /// When set, lowers the rate when validation stops improving (instead of `schedule`).
    public var reduceOnPlateau: ReduceOnPlateau?
    /// Clip the global gradient norm to this (nil: no clipping).
    public var clipNorm: Float? = 5
    /// Stop after this many epochs in a row without a better validation score (nil: never).
    public var patience: Int?
    /// When set, an exponential moving average of the parameters with this decay is kept beside
    /// training (``ParameterAverage``); validation, the best model and early stopping use the
    /// averaged parameters (nil: the trained ones).
    public var averageDecay: Float?
    /// Where the checkpoint is written: after every epoch, every `checkpointEvery` steps, and when
    /// the run is interrupted (nil: no checkpoints).
    public var checkpointPath: String?
    public var checkpointEvery: Int?
    /// The CSV log of every step (nil: none).
    public var logPath: String?
    /// An SVG of the curves in the log (training loss per step and per epoch, validation per
    /// epoch), rewritten after every epoch (nil: none; needs `logPath`).
    public var plotPath: String?
    public var plotTitle = "training"
    /// What the validation score is, for the plot: "validation loss (nats/char)", "dev F1".
    public var validationLabel = "validation"
    /// Whether the validation score is a loss on the training loss's scale (drawn on the same axes).
    public var validationIsLoss = false
    /// The checkpoint kind: the model kind plus "-checkpoint".
    public var modelKind: String

    public init(epochs: Int, learningRate: Float, modelKind: String) {
        self.epochs = epochs
        self.learningRate = learningRate
        self.modelKind = modelKind
    }
}
