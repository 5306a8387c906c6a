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
            let g = gradient.pointer + row * classes
            g.update(from: logits.pointer + row * classes, count: classes)
            let logNormaliser = VectorMath.softmax(g, count: classes)   // g = p
            total += Double(logNormaliser - logits.pointer[row * classes + label])
            BLAS.scale(g, count: classes, by: 1 / Float(counted))
            g[label] -= 1 / Float(counted)
        }
        return (Float(total / Double(counted)), gradient, counted)
    }
}
