/// Token-level tag accuracy (for part-of-speech tagging): the share of tokens whose predicted tag
/// equals the gold tag exactly, accumulated sentence by sentence.
public struct TokenAccuracy: Hashable, Sendable {
    /// Tokens whose predicted tag equals the gold tag.
    public private(set) var correctCount = 0
    /// Tokens seen.
    public private(set) var totalCount = 0

    public init() {}

    /// Adds one sentence.
    /// - Throws: ``TagSequenceLengthMismatch`` (and adds nothing) if the counts differ.
    public mutating func add(gold: [String], predicted: [String]) throws {
        guard gold.count == predicted.count else {
            throw TagSequenceLengthMismatch(goldCount: gold.count, predictedCount: predicted.count)
        }
        totalCount += gold.count
        correctCount += zip(gold, predicted).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
    }

    /// Adds another accumulator's counts (e.g. from another shard of the data).
    public mutating func merge(_ other: TokenAccuracy) {
        correctCount += other.correctCount
        totalCount += other.totalCount
    }

    /// `correct / total` in 0...1, or 0 before any token.
    public var accuracy: Double {
        totalCount > 0 ? Double(correctCount) / Double(totalCount) : 0
    }

    /// ``accuracy`` in percent.
    public var accuracyPercent: Double {
        totalCount > 0 ? Double(100 * correctCount) / Double(totalCount) : 0
    }
}
