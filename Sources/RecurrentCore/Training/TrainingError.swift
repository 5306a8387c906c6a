/// Why training stopped with an error. The last checkpoint written stays as it was.
public enum TrainingError: Error, CustomStringConvertible {
    /// The loss or the gradient norm was NaN or infinite at `step` (epoch and batch from 0).
    case nonFinite(quantity: String, epoch: Int, batch: Int, step: Int, checkpoint: String?)
    case checkpoint(ModelFileError)
    /// The checkpoint does not fit this task (another model, another configuration).
    case incompatibleCheckpoint(path: String, problem: String)
    case log(path: String, reason: String)

    public var description: String {
        switch self {
        case let .nonFinite(quantity, epoch, batch, step, checkpoint):
            let kept = checkpoint.map { "; the last good checkpoint is \($0)" } ?? ""
            return "training diverged: the \(quantity) became NaN or infinite at step \(step) (epoch \(epoch + 1), batch \(batch + 1))\(kept). Try a lower learning rate or gradient clipping."
        case let .checkpoint(error):
            return error.description
        case let .incompatibleCheckpoint(path, problem):
            return "\(path): cannot resume from this checkpoint: \(problem)."
        case let .log(path, reason):
            return "\(path): cannot write the training log: \(reason)."
        }
    }
}
