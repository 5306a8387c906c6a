#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax cross-entropy over class scores, averaged over the rows that count.
///
/// `logits [N, C]`, `labels` N class indices; a label equal to `ignoredLabel` (padding) adds
/// nothing to the loss or the gradient, as PyTorch's `ignore_index`. The loss is in nats.
public enum SoftmaxCrossEntropy {
    public static let ignoredLabel = -1

    /// The mean loss over counted rows, its gradient with respect to `logits`, and the row count.
    public static func evaluate(_ logits: Tensor, labels: [Int]) -> (loss: Float, gradient: Tensor, counted: Int) {
        precondition(logits.rank == 2 && labels.count == logits.shape[0], "SoftmaxCrossEntropy: logits \(logits.shape), \(labels.count) labels")
        let (rows, classes) = (logits.shape[0], logits.shape[1])
        let gradient = Tensor(zeros: logits.shape)
        let counted = labels.filter { $0 != ignoredLabel }.count
        guard counted > 0 else { return (0, gradient, 0) }
        var total: Double = 0
        for row in 0..<rows where labels[row] != ignoredLabel {
            let label = labels[row]
            precondition(label >= 0 && label < classes, "SoftmaxCrossEntropy: label \(label) outside 0..<\(classes)")
            let z = logits.pointer + row * classes
            let g = gradient.pointer + row * classes
            var maximum = z[0]
            for j in 1..<classes { maximum = max(maximum, z[j]) }
            for j in 0..<classes { g[j] = z[j] - maximum }
            VectorMath.exp(g, count: classes)
            var sum: Float = 0
            for j in 0..<classes { sum += g[j] }
            total += Double(logf(sum) - (z[label] - maximum))
            let scale = 1 / (sum * Float(counted))
            for j in 0..<classes { g[j] *= scale }
            g[label] -= 1 / Float(counted)
        }
        return (Float(total / Double(counted)), gradient, counted)
    }
}
