#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A learning rate as a pure function of the epoch (or step) count, with the semantics of
/// PyTorch's schedulers, so a resumed run gets the same rates from the count alone.
///
/// `count` is 0 for the first epoch: `rate(base:at:)` is the rate PyTorch's optimizer holds after
/// `count` calls of `scheduler.step()`.
///
/// - `constant`: `base`.
/// - `step(every:factor:)`: `StepLR(step_size: every, gamma: factor)`, `base * factor^(count / every)`.
/// - `cosine(total:minimum:warmup:)`: with `warmup` 0, `CosineAnnealingLR(T_max: total,
///   eta_min: minimum)`: `minimum + (base - minimum) (1 + cos(π count / total)) / 2`. Past `total`
///   the rate rises again along the cosine, as PyTorch's does (stop at `total`, or use a larger
///   one). With a warmup, the rate first climbs linearly, `base (count + 1) / (warmup + 1)` for
///   `count < warmup`, then follows the cosine over the remaining `total - warmup`, reaching
///   `minimum` at `total`: PyTorch's `SequentialLR([LinearLR(start_factor: 1 / (warmup + 1),
///   total_iters: warmup), CosineAnnealingLR(T_max: total - warmup, eta_min: minimum)],
///   milestones: [warmup])`.
///
/// The metric-driven `ReduceOnPlateau` has state, so it is a separate type.
///
///     let schedule = LearningRateSchedule.cosine(total: 20, minimum: 1e-4, warmup: 2)
///     for epoch in 0..<20 { sgd.learningRate = schedule.rate(base: 0.1, at: epoch); ... }
public enum LearningRateSchedule: Hashable, Sendable, Codable {
    case constant
    case step(every: Int, factor: Float)
    case cosine(total: Int, minimum: Float, warmup: Int = 0)

    /// The learning rate for epoch (or step) `count`, counting from 0.
    public func rate(base: Float, at count: Int) -> Float {
        precondition(count >= 0, "LearningRateSchedule: negative count \(count)")
        switch self {
        case .constant:
            return base
        case let .step(every, factor):
            precondition(every > 0, "LearningRateSchedule.step: every must be positive, got \(every)")
            return Float(Double(base) * pow(Double(factor), Double(count / every)))
        case let .cosine(total, minimum, warmup):
            precondition(warmup >= 0 && total > warmup, "LearningRateSchedule.cosine: needs 0 <= warmup < total, got warmup \(warmup), total \(total)")
            if count < warmup { return Float(Double(base) * Double(count + 1) / Double(warmup + 1)) }
            let progress = Double(count - warmup) / Double(total - warmup)
            let (high, low) = (Double(base), Double(minimum))
            return Float(low + (high - low) * (1 + cos(Double.pi * progress)) / 2)
        }
    }
}

/// Lowers the learning rate when a metric to minimise stops improving, as PyTorch's
/// `ReduceLROnPlateau(mode: "min", threshold_mode: "rel")`.
///
/// An observation is better when `metric < best * (1 - threshold)`. After more than `patience`
/// observations in a row without improvement, the rate becomes `max(rate * factor, minimum)` and
/// the next `cooldown` observations do not count as bad. Its whole state (`learningRate`, `best`,
/// `badEpochs`, `cooldownCounter`) is readable and `Codable`, for checkpoints; `best` is nil until
/// a finite metric was observed (PyTorch's infinity, which JSON cannot hold).
///
///     var plateau = ReduceOnPlateau(learningRate: 0.1, factor: 0.5, patience: 2)
///     sgd.learningRate = plateau.observe(validationLoss)
public struct ReduceOnPlateau: Hashable, Sendable, Codable {
    public let factor: Float
    public let patience: Int
    /// Relative improvement needed to count as better.
    public let threshold: Float
    public let cooldown: Int
    public let minimum: Float
    /// The current rate.
    public private(set) var learningRate: Float
    /// The best metric so far.
    public private(set) var best: Float?
    /// Observations in a row without improvement (not counting those in cooldown).
    public private(set) var badEpochs = 0
    /// Observations left in the cooldown after the last reduction.
    public private(set) var cooldownCounter = 0

    public init(learningRate: Float, factor: Float = 0.1, patience: Int = 10, threshold: Float = 1e-4,
                cooldown: Int = 0, minimum: Float = 0) {
        precondition(factor > 0 && factor < 1, "ReduceOnPlateau: factor \(factor) must be in (0, 1)")
        precondition(patience >= 0 && cooldown >= 0 && threshold >= 0 && minimum >= 0, "ReduceOnPlateau: patience, cooldown, threshold and minimum must not be negative")
        self.learningRate = learningRate
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.cooldown = cooldown
        self.minimum = minimum
    }

    /// Takes the metric of one epoch and returns the learning rate to use next.
    @discardableResult
    public mutating func observe(_ metric: Float) -> Float {
        // As PyTorch, in Double: better when metric < best * (1 - threshold); NaN never is.
        if Double(metric) < Double(best ?? .infinity) * (1 - Double(threshold)) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            let reduced = max(Double(learningRate) * Double(factor), Double(minimum))
            if Double(learningRate) - reduced > 1e-8 { learningRate = Float(reduced) }
            cooldownCounter = cooldown
            badEpochs = 0
        }
        return learningRate
    }
}
