/// Element-wise comparison of float arrays that reports where they differ most, as llm.c's
/// test_gpt2 does: a mismatch names the index, both values and the difference.
///
/// `a[i]` and `b[i]` agree when `|a - b| <= absolute + relative * max(|a|, |b|)`. Like
/// swift-numerics' `isApproximatelyEqual`, this is not transitive.
public struct Comparison: CustomStringConvertible {
    public let agrees: Bool
    public let worstIndex: Int?
    public let worstDifference: Double
    public let expected: Float?
    public let actual: Float?

    public var description: String {
        guard let worstIndex, let expected, let actual else { return "all equal" }
        return "largest difference \(worstDifference) at [\(worstIndex)]: expected \(expected), got \(actual)"
    }
}

public func compare(_ actual: [Float], _ expected: [Float], relative: Double = 1e-5, absolute: Double = 1e-6) -> Comparison {
    precondition(actual.count == expected.count, "compare: \(actual.count) values against \(expected.count)")
    var agrees = true
    var worst: (index: Int, difference: Double, excess: Double)?
    for index in expected.indices {
        let a = Double(actual[index]), e = Double(expected[index])
        let difference = abs(a - e)
        let tolerance = absolute + relative * max(abs(a), abs(e))
        let excess = difference - tolerance
        if !(difference <= tolerance) { agrees = false }   // NaN disagrees
        if worst == nil || excess > worst!.excess || excess.isNaN { worst = (index, difference, excess.isNaN ? .infinity : excess) }
    }
    guard let worst else { return Comparison(agrees: true, worstIndex: nil, worstDifference: 0, expected: nil, actual: nil) }
    return Comparison(agrees: agrees, worstIndex: worst.index, worstDifference: worst.difference,
                      expected: expected[worst.index], actual: actual[worst.index])
}
