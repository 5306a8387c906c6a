import Testing
import _TestSupport

/// The checkers themselves: they must find the errors they exist to find.
@Suite struct TestSupportTests {
    @Test func numericalGradientMatchesAKnownDerivative() {
        // L = sum(x_i^3) -> dL/dx = 3 x^2
        var x: [Float] = [0.5, -1.5, 2, 0]
        let numerical = x.withUnsafeMutableBufferPointer { buffer in
            GradientCheck.numericalGradient(of: buffer.baseAddress!, count: 4, step: 1e-3) {
                buffer.reduce(0) { $0 + Double($1) * Double($1) * Double($1) }
            }
        }
        let analytic = x.map { 3 * $0 * $0 }
        #expect(GradientCheck.relativeError(analytic, numerical) < 1e-4)
        #expect(x == [0.5, -1.5, 2, 0])   // restored
        // A wrong derivative (2x^2) is caught.
        #expect(GradientCheck.relativeError(x.map { 2 * $0 * $0 }, numerical) > 0.1)
    }

    @Test func comparisonNamesTheWorstElement() {
        let result = compare([1, 2, 3.1], [1, 2, 3])
        #expect(!result.agrees)
        #expect(result.worstIndex == 2)
        #expect(compare([1, 2, 3.000001], [1, 2, 3]).agrees)
        #expect(!compare([.nan], [1]).agrees)
    }
}
