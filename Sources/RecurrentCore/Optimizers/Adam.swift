import _VectorKernels
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
    /// Each parameter's element count.
    private let counts: [Int]

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
        counts = parameters.map(\.value.count)
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
        update(portable: false)
    }

    /// `portable` forces the Swift code where the CPU would run the AVX2 kernel (`_VectorKernels`'
    /// AdamKernel, which gives bit-identical results). Every element is updated on its own, so the
    /// threads each take a share of every parameter and the result does not depend on the split.
    func update(portable: Bool) {
        step += 1
        let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
        let vectorized = VectorMath.hasAVX2 && !portable
        let (learningRate, beta1, beta2, epsilon, weightDecay) = (learningRate, beta1, beta2, epsilon, weightDecay)
        Parallelism.forEachShare(of: counts, floatsPerElement: 4) { index, range in   // p, g, m and v
            let (parameter, start) = (parameters[index], range.lowerBound)
            let (p, g) = (parameter.value.pointer + start, parameter.gradient.pointer + start)
            let (m, v) = (firstMoments[index].pointer + start, secondMoments[index].pointer + start)
            if vectorized {
                quill_adam_avx2(p, g, m, v, range.count, learningRate, beta1, beta2, epsilon,
                                1 - learningRate * weightDecay, correction1, correction2)
            } else {
                Self.update(p, gradient: g, m, v, count: range.count, learningRate: learningRate, beta1: beta1,
                            beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
                            correction1: correction1, correction2: correction2)
            }
        }
    }

    /// The update of one parameter, 16 elements at a time.
    private static func update(_ p: UnsafeMutablePointer<Float>, gradient g: UnsafeMutablePointer<Float>,
                               _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>, count: Int,
                               learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float,
                               correction1: Float, correction2: Float) {
        typealias Vector = SIMD16<Float>
        let decay = 1 - learningRate * weightDecay
        func step(_ p: Vector, _ g: Vector, _ m: Vector, _ v: Vector) -> (Vector, Vector, Vector) {
            let m = beta1 * m + (1 - beta1) * g
            let v = beta2 * v + (1 - beta2) * g * g
            let p = (weightDecay != 0 ? p * decay : p) - learningRate * (m / correction1) / ((v / correction2).squareRoot() + epsilon)
            return (p, m, v)
        }
        var i = 0
        while i + 16 <= count {
            let load = { (x: UnsafeMutablePointer<Float>) in UnsafeRawPointer(x + i).loadUnaligned(as: Vector.self) }
            let (newP, newM, newV) = step(load(p), load(g), load(m), load(v))
            UnsafeMutableRawPointer(p + i).storeBytes(of: newP, as: Vector.self)
            UnsafeMutableRawPointer(m + i).storeBytes(of: newM, as: Vector.self)
            UnsafeMutableRawPointer(v + i).storeBytes(of: newV, as: Vector.self)
            i += 16
        }
        while i < count {
            let (newP, newM, newV) = step(Vector(repeating: p[i]), Vector(repeating: g[i]), Vector(repeating: m[i]), Vector(repeating: v[i]))
            (p[i], m[i], v[i]) = (newP[0], newM[0], newV[0])
            i += 1
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
