/// A model and its data as the ``Trainer`` sees them. The application (textgen, tagger,
/// autocomplete) implements it; the trainer owns the loop, the optimizer, the schedule, the
/// checkpoints and the log.
///
/// Determinism: the batches of an epoch must depend only on the epoch and the task's seed, and any
/// other state that changes during training (a carried hidden state, a dropout generator) must
/// be in ``checkpointState()``, so a run resumed from a checkpoint continues exactly as the
/// uninterrupted run would have.
public protocol TrainingTask: AnyObject {
    /// Every trained parameter with its gradient, under stable names (the model file's).
    var parameters: [(name: String, value: Tensor, gradient: Tensor)] { get }

    /// How many batches epoch `epoch` (from 0) has.
    func batchCount(epoch: Int) -> Int

    /// Forward and backward on batch `index` of `epoch`, adding into the parameter gradients;
    /// returns the batch's mean loss and how many units (characters, tokens) it held, for rates.
    func trainBatch(epoch: Int, index: Int) -> (loss: Float, units: Int)

    /// Zeroes the gradients (a task with sparse gradients zeroes only the rows it touched).
    func zeroGradients()

    /// Scores the model on the validation data, in evaluation mode.
    func validate() -> Validation

    /// Saves the current model as the best so far (its model file).
    func saveBestModel(epoch: Int, validation: Validation) throws

    /// The state beyond the parameters and the optimizer: tensors (named without dots) and
    /// string values (a generator's state, say).
    func checkpointState() -> (tensors: [(name: String, tensor: Tensor)], values: [String: String])

    /// Restores what ``checkpointState()`` returned (same names and shapes).
    func restoreCheckpointState(tensors: [String: Tensor], values: [String: String]) throws
}

/// A validation score and which way is better.
public struct Validation: Sendable, Codable, Equatable {
    public var value: Float
    public var higherIsBetter: Bool
    /// What to print, e.g. "loss 1.452 (2.095 bits/char)".
    public var summary: String

    public init(value: Float, higherIsBetter: Bool, summary: String) {
        self.value = value
        self.higherIsBetter = higherIsBetter
        self.summary = summary
    }

    /// Whether this is better than `other` (nil: nothing to beat).
    public func isBetter(than other: Float?) -> Bool {
        guard value.isFinite else { return false }
        guard let other else { return true }
        return higherIsBetter ? value > other : value < other
    }
}
