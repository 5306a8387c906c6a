import RecurrentCore

/// Shows a ``Trainer``'s progress on standard error: per epoch, a bar with the epoch's mean loss,
/// rate and ETA on a terminal (a plain line at most every 10 s when piped), then one line with
/// the epoch's training loss, validation and time.
///
///     trainer.onEvent = TrainingConsole(unit: "chars").handle
///
/// which prints, when piped,
///
///     epoch 1/20: 35% (88 of 250 batches), 2.1 batches/s, ETA 1:17, loss 2.4127, 19.6k chars/s
///     epoch 1/20: training loss 1.9032, validation loss 1.8711 (2.699 bits/char), 2:01, best so far
public final class TrainingConsole {
    private let unit: String
    private let epochs: Int
    private let isTerminal: Bool
    private let output: (String) -> Void
    private var progress: ProgressDisplay?

    public init(unit: String, epochs: Int, isTerminal: Bool = StandardError.isTerminal,
                output: @escaping (String) -> Void = StandardError.write) {
        self.unit = unit
        self.epochs = epochs
        self.isTerminal = isTerminal
        self.output = output
    }

    public func handle(_ event: TrainingEvent) {
        switch event {
        case let .epochStarted(epoch, batch, batches, learningRate):
            if batch > 0 { output("resuming epoch \(epoch + 1) at batch \(batch + 1) of \(batches)\n") }
            progress = ProgressDisplay(label: "epoch \(epoch + 1)/\(epochs)", total: batches, unit: .items("batches"),
                                       isTerminal: isTerminal, output: output)
            progress?.detail = "lr \(learningRate)"
        case let .stepFinished(_, batch, _, _, _, meanLoss, unitsPerSecond):
            progress?.detail = "loss \(Self.fixed(meanLoss)), \(ProgressDisplay.format(unitsPerSecond, .items(unit)))/s"
            progress?.update(completed: batch + 1)
        case let .epochFinished(summary):
            progress?.finish()
            progress = nil
            let time = ProgressDisplay.duration(summary.seconds)
            output("epoch \(summary.epoch + 1)/\(epochs): training loss \(Self.fixed(summary.trainingLoss)), "
                   + "validation \(summary.validation.summary), \(time)\(summary.improved ? ", best so far" : "")\n")
        case let .checkpointWritten(path, step):
            if !isTerminal { output("checkpoint at step \(step): \(path)\n") }
        case let .stoppedEarly(epoch, bestEpoch):
            output("stopping early after epoch \(epoch + 1): no better validation since epoch \(bestEpoch + 1)\n")
        case let .interrupted(step):
            progress?.finish()
            progress = nil
            output("interrupted at step \(step); the checkpoint holds the run (resume with --resume)\n")
        }
    }

    /// Four decimals: "1.4823".
    static func fixed(_ value: Float) -> String {
        guard value.isFinite else { return "\(value)" }
        let scaled = Int((Double(value) * 10_000).rounded())
        let whole = scaled / 10_000, fraction = abs(scaled % 10_000)
        let digits = String(fraction)
        return (value < 0 && whole == 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
