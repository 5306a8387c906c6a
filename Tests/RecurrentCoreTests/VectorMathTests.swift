import Foundation
import RecurrentCore
import Testing

/// The vectorised functions against Double on a dense sweep plus the edges.
@Suite struct VectorMathTests {
    /// -20 ... 20 in steps of 1/1024, plus tiny, huge and special values.
    static let inputs: [Float] = (-20_480...20_480).map { Float($0) / 1024 }
        + [1e-30, -1e-30, 1e-8, -1e-8, 0.624_999, 0.625, -0.625, 80, -80, 88, -87, 100, -100, 1e30, -1e30]

    static func apply(_ inputs: [Float], _ pass: (UnsafeMutablePointer<Float>, Int) -> Void) -> [Float] {
        var values = inputs
        values.withUnsafeMutableBufferPointer { pass($0.baseAddress!, $0.count) }
        return values
    }

    @Test func expIsWithinTwoUlpOfDouble() {
        let range = Self.inputs.filter { $0 > -87 && $0 < 88 }
        let got = Self.apply(range, VectorMath.exp)
        var worst: Double = 0
        for (x, y) in zip(range, got) {
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(y) - exact) / (exact * Double(Float.ulpOfOne)))
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test func tanhAndSigmoidAreWithin3e7OfDouble() {
        let tanh = Self.apply(Self.inputs, VectorMath.tanh)
        let sigmoid = Self.apply(Self.inputs, VectorMath.sigmoid)
        var worstTanh: Double = 0, worstSigmoid: Double = 0, worstTanhRelative: Double = 0
        for (i, x) in Self.inputs.enumerated() {
            let exactTanh = Foundation.tanh(Double(x))
            let exactSigmoid = 1 / (1 + Foundation.exp(-Double(x)))
            worstTanh = max(worstTanh, abs(Double(tanh[i]) - exactTanh))
            if abs(exactTanh) > 1e-30 { worstTanhRelative = max(worstTanhRelative, abs(Double(tanh[i]) - exactTanh) / abs(exactTanh)) }
            worstSigmoid = max(worstSigmoid, abs(Double(sigmoid[i]) - exactSigmoid))
        }
        #expect(worstTanh < 3e-7, "tanh absolute \(worstTanh)")
        #expect(worstTanhRelative < 1e-6, "tanh relative \(worstTanhRelative)")
        #expect(worstSigmoid < 3e-7, "sigmoid absolute \(worstSigmoid)")
    }

    @Test func tailsShorterThanAVectorGetTheSameValues() {
        let values: [Float] = [-3, -0.5, 0, 0.5, 3]
        let short = Self.apply(values, VectorMath.tanh)
        let long = Self.apply(values + Array(repeating: 0, count: 27), VectorMath.tanh)
        #expect(short == Array(long.prefix(5)))
    }

    @Test func nanStaysNaN() {
        let out = Self.apply([.nan, 1], VectorMath.sigmoid)
        #expect(out[0].isNaN)
        #expect(Self.apply([.nan], VectorMath.tanh)[0].isNaN)
    }

    /// Both softmax paths (the AVX2 kernel where the CPU has it, and the portable SIMD16 code)
    /// against Double, at lengths that leave every kind of tail: within 16 ulp of each probability
    /// (the rounding of `x - max` alone is up to 8 at |x| <= 15), summing to 1.
    @Test func softmaxPathsMatchDouble() {
        var generator = SplitMix64(seed: 3)
        for count in [1, 7, 8, 9, 16, 17, 33, 10_000, 10_003] {
            let logits = (0..<count).map { _ in 30 * generator.nextUnitFloat() - 15 }
            let maximum = Double(logits.max()!)
            let normaliser = logits.reduce(0.0) { $0 + Foundation.exp(Double($1) - maximum) }
            for (name, path) in [("softmax", VectorMath.softmax), ("portableSoftmax", VectorMath.portableSoftmax)] {
                var values = logits
                let logNormaliser = values.withUnsafeMutableBufferPointer { path($0.baseAddress!, count) }
                var worst: Double = 0, total: Double = 0
                for (x, p) in zip(logits, values) {
                    let exact = Foundation.exp(Double(x) - maximum) / normaliser
                    worst = max(worst, abs(Double(p) - exact) / exact / Double(Float.ulpOfOne))
                    total += Double(p)
                }
                #expect(worst <= 16, "\(name), \(count) values: \(worst) ulp")
                #expect(abs(total - 1) < 1e-5, "\(name), \(count) values: sum \(total)")
                #expect(abs(Double(logNormaliser) - (maximum + Foundation.log(normaliser))) < 1e-5, "\(name), \(count) values")
            }
        }
    }

    /// `largest` against a full sort, on lengths around its 16-value blocks, with ties and NaNs.
    @Test func largestMatchesASortWithTiesGoingToTheLowerPosition() {
        var generator = SplitMix64(seed: 4)
        for count in [0, 1, 2, 3, 15, 16, 17, 100, 10_000] {
            // Few distinct values, so that ties are common; a NaN in longer inputs.
            var values = (0..<count).map { _ in Float(Int.random(in: 0..<50, using: &generator)) }
            if count > 20 { values[7] = .nan }
            let expected = (0..<count).filter { !values[$0].isNaN }
                .sorted { (values[$0], -$0) > (values[$1], -$1) }
            for k in [0, 1, 3, 8] {
                var indices = [Int32](repeating: -1, count: k), largest = [Float](repeating: 0, count: k)
                let found = VectorMath.largest(values, count: count, k: k, indices: &indices, values: &largest)
                #expect(found == min(k, expected.count))
                #expect(indices.prefix(found).map { Int($0) } == Array(expected.prefix(found)), "\(count) values, k \(k)")
                #expect(largest.prefix(found) == ArraySlice(expected.prefix(found).map { values[$0] }))
            }
        }
    }
}
