import ArgumentParser
import RecurrentCore

/// What differs between the `train` commands in the flags they share: defaults and words.
public protocol TrainingFlagDefaults {
    static var batch: Int { get }
    /// What a batch holds: "Sentences per batch.", "Streams per batch."
    static var batchHelp: String { get }
    static var epochs: Int { get }
    static var clip: Float { get }
    static var patience: Int { get }
    /// What patience watches: "dev score", "validation perplexity".
    static var validationScore: String { get }
    /// What the seed drives: "initialisation, shuffling and dropout".
    static var seedUses: String { get }
    /// `--average`'s default (0: off).
    static var averageDecay: Float { get }
}

/// The flags every `train` command has (`@OptionGroup var training: TrainingFlags<Defaults>`),
/// checked alike (usage errors, exit 2).
public struct TrainingFlags<Defaults: TrainingFlagDefaults>: ParsableArguments {
    @Option(help: ArgumentHelp(Defaults.batchHelp))
    public var batch = Defaults.batch

    @Option(help: "Passes over the training data.")
    public var epochs = Defaults.epochs

    @Option(help: "Adam's learning rate (decayed along a cosine to a tenth of it by the last epoch).")
    public var lr: Float = 2e-3

    @Option(help: "Clip the gradient's global norm to this (0: no clipping).")
    public var clip = Defaults.clip

    @Option(help: ArgumentHelp("Stop after this many epochs without a better \(Defaults.validationScore) (0: never)."))
    public var patience = Defaults.patience

    @Option(help: ArgumentHelp("Validate and keep an exponential moving average of the weights with this decay, such as 0.999 (0: the trained weights).", valueName: "decay"))
    public var average = Defaults.averageDecay

    @Option(help: ArgumentHelp("Seed for \(Defaults.seedUses)."))
    public var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Where the best model is written.", valueName: "file"))
    public var out: String

    @Option(help: ArgumentHelp("Also checkpoint every N steps.", valueName: "N"))
    public var checkpointEvery: Int?

    @Option(help: ArgumentHelp("Continue the run saved in this checkpoint (its model and batch settings are used).", valueName: "checkpoint"))
    public var resume: String?

    @Option(help: "Threads for the computation (default: all cores).")
    public var threads: Int?

    public init() {}

    /// Sets the request's shared fields from these flags (clipping and patience at 0: off), and its
    /// command line (`tool` and the arguments), and the thread count.
    public func apply(to request: inout some TrainingRunRequest, tool: String) {
        if let threads { Parallelism.threads = threads }
        request.epochs = epochs
        request.learningRate = lr
        request.clipNorm = clip > 0 ? clip : nil
        request.patience = patience > 0 ? patience : nil
        request.averageDecay = average > 0 ? average : nil
        request.checkpointEvery = checkpointEvery
        request.resumePath = resume
        request.command = ([tool] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    }

    /// ", weights averaged (decay 0.999)" when `--average` is on, for the line a run starts with.
    public var averagingNote: String {
        average > 0 ? ", weights averaged (decay \(average))" : ""
    }

    public func validate() throws {
        try TrainingFlagChecks.validate(batch: batch, epochs: epochs, learningRate: lr, clip: clip, patience: patience,
                                        average: average, checkpointEvery: checkpointEvery, threads: threads)
    }
}
