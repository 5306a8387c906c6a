/// Where a training run writes beside its model: for `--out NAME.quill`, the checkpoint
/// `NAME.checkpoint.quill`, the step log `NAME.log.csv` and the plot `NAME.<plotName>.svg`.
public struct TrainingOutputPaths: Sendable, Equatable {
    public let model: String
    public let checkpoint: String
    public let log: String
    public let plot: String

    /// `plotName`: what the plot shows, as a file-name part ("loss", "dev").
    public init(model: String, plotName: String) {
        let stem = model.hasSuffix(".quill") ? String(model.dropLast(6)) : model
        self.model = model
        checkpoint = stem + ".checkpoint.quill"
        log = stem + ".log.csv"
        plot = stem + "." + plotName + ".svg"
    }
}
