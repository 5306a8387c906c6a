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
}
