import FileOutput
import Foundation

/// The CSV log of a training run: one row per step, and one per epoch with its validation score.
///
///     step,epoch,batch,loss,validation,learning_rate,gradient_norm,seconds
///     1,1,1,4.1744,,0.002,3.0571,0.41
///     ...
///     250,1,,1.9032,1.8711,0.002,,102.40        (epoch row: the epoch's mean loss, validation)
///
/// Epochs and batches count from 1 here, for people. The rows reach the file at every epoch end and
/// checkpoint (``flush()``), so the log always covers the last checkpoint. Each flush rewrites the
/// file atomically: the log on disk is always whole (a full disk leaves the previous one), and a
/// run that fails before its first flush leaves nothing behind (an earlier run's log stays as it
/// was). Resuming keeps the rows up to the checkpoint's step and continues after them, and drops
/// a torn last row (no newline: a log appended to by a killed process).
final class TrainingLog {
    static let header = "step,epoch,batch,loss,validation,learning_rate,gradient_norm,seconds"
    let path: String
    /// The whole log: the header and every row so far.
    private(set) var text: String

    /// Starts a new log, or (with `keepingStepsThrough`) keeps an existing log's rows up to that step.
    init(path: String, keepingStepsThrough lastStep: Int?) {
        self.path = path
        var kept = [Self.header]
        if let lastStep, let existing = try? String(contentsOfFile: path, encoding: .utf8) {
            for line in Self.completeRows(of: existing) {
                guard let step = line.split(separator: ",", omittingEmptySubsequences: false).first.flatMap({ Int($0) }),
                      step <= lastStep else { continue }
                kept.append(String(line))
            }
        }
        text = kept.joined(separator: "\n") + "\n"
    }

    /// The rows of a log's text after its header, without a torn last row (one not ended by a
    /// newline, as a kill mid-append leaves it).
    static func completeRows(of text: String) -> ArraySlice<Substring> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()   // after the last newline: empty, or a torn row
        return lines.dropFirst()
    }

    func step(_ step: Int, epoch: Int, batch: Int, loss: Float, learningRate: Float, gradientNorm: Float, seconds: Double) {
        text += "\(step),\(epoch + 1),\(batch + 1),\(loss),,\(learningRate),\(gradientNorm),\(Self.format(seconds))\n"
    }

    func epoch(_ summary: EpochSummary, step: Int, seconds: Double) throws {
        text += "\(step),\(summary.epoch + 1),,\(summary.trainingLoss),\(summary.validation.value),\(summary.learningRate),,\(Self.format(seconds))\n"
        try flush()
    }

    /// Writes the log to its file, atomically.
    func flush() throws {
        do {
            let file = try AtomicFile(path: path)
            try file.write(text)
            try file.commit()
        } catch {
            throw TrainingError.log(path: path, reason: error.reason)
        }
    }

    private static func format(_ seconds: Double) -> String {
        String(Double((seconds * 100).rounded()) / 100)
    }
}
