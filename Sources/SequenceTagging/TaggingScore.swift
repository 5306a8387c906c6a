/// How well predicted tags match gold tags: token accuracy always, and conlleval's chunk
/// precision, recall and F1 for entity tags.
public struct TaggingScore: Sendable {
    public private(set) var accuracy = TokenAccuracy()
    /// Chunk scores (entity tagging only).
    public private(set) var chunks: ChunkEvaluation?

    public init(entities: Bool) {
        chunks = entities ? ChunkEvaluation() : nil
    }

    /// Adds one sentence (equal numbers of gold and predicted tags).
    public mutating func add(gold: [String], predicted: [String]) throws {
        try accuracy.add(gold: gold, predicted: predicted)
        try chunks?.add(gold: gold, predicted: predicted)
    }

    /// The figure training maximises: chunk F1 for entities, else accuracy, in percent.
    public var headline: Double {
        chunks.map { $0.overall.f1Percent } ?? accuracy.accuracyPercent
    }

    /// "accuracy 95.31%" or "F1 78.42 (precision 80.12, recall 76.79)".
    public var summary: String {
        if let chunks {
            let overall = chunks.overall
            return "F1 \(Self.format(overall.f1Percent)) (precision \(Self.format(overall.precisionPercent)), recall \(Self.format(overall.recallPercent)))"
        }
        return "accuracy \(Self.format(accuracy.accuracyPercent))%"
    }

    static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
