#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adam (Kingma and Ba) and AdamW (decoupled weight decay, Loshchilov and Hutter), with PyTorch's
/// defaults and update order:
///
///     m = β1 m + (1 - β1) g;  v = β2 v + (1 - β2) g²
///     p -= lr * wd * p                                  (AdamW only)
///     p -= lr * (m / (1 - β1^t)) / (sqrt(v / (1 - β2^t)) + ε)
///
/// The moment tensors are the optimizer's state (a checkpoint stores them with the step).
public final class Adam {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// Decoupled weight decay (AdamW); 0 gives plain Adam.
    public let weightDecay: Float
    public private(set) var step = 0
    private let parameters: [(value: Tensor, gradient: Tensor)]
    private let firstMoments: [Tensor]
    private let secondMoments: [Tensor]

    public init(parameters: [(value: Tensor, gradient: Tensor)], learningRate: Float = 1e-3, beta1: Float = 0.9,
                beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoments = parameters.map { Tensor(zeros: $0.value.shape) }
        secondMoments = parameters.map { Tensor(zeros: $0.value.shape) }
    }

    /// The first and second moments, `m.i` and `v.i` for parameter `i`.
    public var stateTensors: [(name: String, tensor: Tensor)] {
        firstMoments.enumerated().map { ("m.\($0.offset)", $0.element) }
            + secondMoments.enumerated().map { ("v.\($0.offset)", $0.element) }
    }

    public func restore(step: Int) {
        self.step = step
    }

    /// Applies one update from the current gradients (it does not zero them).
    public func update() {
        step += 1
        let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
        for (index, parameter) in parameters.enumerated() {
            let p = parameter.value.pointer, g = parameter.gradient.pointer
            let m = firstMoments[index].pointer, v = secondMoments[index].pointer
            for i in 0..<parameter.value.count {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                if weightDecay != 0 { p[i] -= learningRate * weightDecay * p[i] }
                p[i] -= learningRate * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
            }
        }
    }
}

/// Scales the gradients so their global L2 norm is at most `maximumNorm`; returns the norm before
/// clipping (non-finite when a gradient is NaN or infinite, which the training loop reports).
@discardableResult
public func clipGradients(_ gradients: [Tensor], maximumNorm: Float) -> Float {
    var squares: Double = 0
    for gradient in gradients { squares += Double(BLAS.dot(gradient.pointer, gradient.pointer, count: gradient.count)) }
    let norm = Float(squares.squareRoot())
    if norm.isFinite && norm > maximumNorm {
        let scale = maximumNorm / (norm + 1e-6)
        for gradient in gradients { BLAS.scale(gradient.pointer, count: gradient.count, by: scale) }
    }
    return norm
}
