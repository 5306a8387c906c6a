/// Mean squared error over all elements: `L = mean((prediction - target)^2)`.
public enum MeanSquaredError {
    /// The loss and its gradient with respect to `prediction` (same shape).
    public static func evaluate(_ prediction: Tensor, target: Tensor) -> (loss: Float, gradient: Tensor) {
        precondition(prediction.shape == target.shape, "MeanSquaredError: \(prediction.shape) vs \(target.shape)")
        let gradient = Tensor(zeros: prediction.shape)
        let n = Float(prediction.count)
        var total: Double = 0
        for i in 0..<prediction.count {
            let difference = prediction.pointer[i] - target.pointer[i]
            total += Double(difference * difference)
            gradient.pointer[i] = 2 * difference / n
        }
        return (Float(total / Double(n)), gradient)
    }
}
