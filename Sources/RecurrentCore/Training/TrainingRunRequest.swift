/// What every application's training request shares (textgen's `CharacterTrainingRequest`,
/// tagger's `TaggerTrainingRequest`, autocomplete's `WordTrainingRequest`): how long and how
/// fast to train, where the model goes and where a run resumes. A `train` command fills these
/// from its shared flags in one call; the request turns them into the ``Trainer``'s options.
public protocol TrainingRunRequest {
    /// The best model is written here; the checkpoint, log and plot go beside it.
    var outputPath: String { get }
    /// The plot's name part: `NAME.<plotName>.svg` ("loss", "dev", "perplexity").
    static var plotName: String { get }
    var epochs: Int { get set }
    var learningRate: Float { get set }
    /// Clip the global gradient norm to this (nil: no clipping).
    var clipNorm: Float? { get set }
    /// Stop after this many epochs without a better validation score (nil: never).
    var patience: Int? { get set }
    /// Validate and keep an exponential moving average of the parameters with this decay (nil: off).
    var averageDecay: Float? { get set }
    var checkpointEvery: Int? { get set }
    /// Continue the run this checkpoint holds.
    var resumePath: String? { get set }
    /// The command line, recorded in the model's metadata.
    var command: String { get set }
}

extension TrainingRunRequest {
    var paths: TrainingOutputPaths { TrainingOutputPaths(model: outputPath, plotName: Self.plotName) }
    public var checkpointPath: String { paths.checkpoint }
    public var logPath: String { paths.log }
    public var plotPath: String { paths.plot }

    /// The trainer's options for this request: its epochs, rate, clipping, patience, averaging and files,
    /// with `schedule` or else a cosine decay to a tenth of the rate by the last epoch.
    public func trainingOptions(modelKind: String, schedule: LearningRateSchedule? = nil) -> TrainingOptions {
        var options = TrainingOptions(epochs: epochs, learningRate: learningRate, modelKind: modelKind)
        options.schedule = schedule ?? .cosine(total: epochs, minimum: learningRate / 10)
        options.clipNorm = clipNorm
        options.patience = patience
        options.averageDecay = averageDecay
        options.checkpointPath = checkpointPath
        options.checkpointEvery = checkpointEvery
        options.logPath = logPath
        options.plotPath = plotPath
        return options
    }
}
