/// Central finite differences for checking hand-written backward passes.
///
/// For each element `x_i` of a parameter, `(L(x_i + h) - L(x_i - h)) / 2h` estimates `dL/dx_i`;
/// the loss is evaluated in `Double` by the caller where it can be (sums of Float products lose
/// the small differences otherwise). The step `h` is relative to the element's magnitude.
public enum GradientCheck {
    /// The numerical gradient of `loss` with respect to the `count` floats at `parameter`, which
    /// are perturbed one at a time and restored.
    public static func numericalGradient(
        of parameter: UnsafeMutablePointer<Float>, count: Int, step: Float = 1e-2, loss: () -> Double
    ) -> [Double] {
        (0..<count).map { index in
            let original = parameter[index]
            let h = step * max(1, abs(original))
            parameter[index] = original + h
            let plus = loss()
            parameter[index] = original - h
            let minus = loss()
            parameter[index] = original
            // The step actually taken in Float arithmetic.
            let taken = Double(original + h) - Double(original - h)
            return (plus - minus) / taken
        }
    }

    /// The largest mismatch between an analytic and a numerical gradient, scaled by the gradient's
    /// size: `max_i |a_i - n_i| / max(1, max_j |n_j|)`.
    public static func relativeError(_ analytic: [Float], _ numerical: [Double]) -> Double {
        precondition(analytic.count == numerical.count, "relativeError: \(analytic.count) against \(numerical.count)")
        let scale = max(1, numerical.map(abs).max() ?? 0)
        return zip(analytic, numerical).map { abs(Double($0) - $1) }.max().map { $0 / scale } ?? 0
    }
}
