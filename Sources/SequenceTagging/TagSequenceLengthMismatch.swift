/// Gold and predicted tag sequences of different lengths given to an evaluator.
public struct TagSequenceLengthMismatch: Error, Equatable, Sendable, CustomStringConvertible {
    public var goldCount: Int
    public var predictedCount: Int

    public init(goldCount: Int, predictedCount: Int) {
        self.goldCount = goldCount
        self.predictedCount = predictedCount
    }

    public var description: String {
        "gold sentence has \(goldCount) tags but the prediction has \(predictedCount)"
    }
}
