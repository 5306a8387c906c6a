/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and (coupled) weight
/// decay, with exactly PyTorch's `torch.optim.SGD` update for each element:
///
///     g = g + wd p
///     buf = g                          (first step)
///     buf = μ buf + (1 - dampening) g  (later steps)
///     g = g + μ buf  (nesterov)   or   g = buf
///     p -= lr g
///
/// Without momentum the buffers are not kept (`momentumBuffers` is empty). The gradients are read,
/// never changed (zero them between updates). The state a checkpoint saves is `step` and
/// `momentumBuffers`: the first-step rule is `step == 0`, so a restored run (`restore(step:)`)
/// continues exactly.
///
///     let sgd = SGD(parameters: model.parameters.map { ($0.value, $0.gradient) },
///                   learningRate: 0.1, momentum: 0.9, nesterov: true)
///     sgd.update()
public final class SGD {
    public var learningRate: Float
    public let momentum: Float
    public let dampening: Float
    public let nesterov: Bool
    public let weightDecay: Float
    /// Updates applied so far.
    public private(set) var step = 0
    /// One buffer per parameter, same shapes, when `momentum != 0`; empty otherwise. Tensors are
    /// shared references: a checkpoint loader may assign new ones or write into these.
    public var momentumBuffers: [Tensor] {
        didSet {
            precondition(momentumBuffers.map(\.shape) == oldValue.map(\.shape), "SGD.momentumBuffers: shapes \(momentumBuffers.map(\.shape)), expected \(oldValue.map(\.shape))")
        }
    }
    private let parameters: [(value: Tensor, gradient: Tensor)]

    public init(parameters: [(value: Tensor, gradient: Tensor)], learningRate: Float, momentum: Float = 0,
                dampening: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        precondition(learningRate >= 0 && momentum >= 0 && weightDecay >= 0, "SGD: learning rate \(learningRate), momentum \(momentum) and weight decay \(weightDecay) must not be negative")
        precondition(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum needs a momentum and zero dampening")
        for parameter in parameters {
            precondition(parameter.value.shape == parameter.gradient.shape, "SGD: parameter \(parameter.value.shape) with gradient \(parameter.gradient.shape)")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        momentumBuffers = momentum != 0 ? parameters.map { Tensor(zeros: $0.value.shape) } : []
    }

    /// Applies one update from the current gradients (it does not zero them).
    public func update() {
        let (lr, mu, decay, keep) = (learningRate, momentum, weightDecay, 1 - dampening)
        let first = step == 0
        for (index, parameter) in parameters.enumerated() {
            let p = parameter.value.pointer, g = parameter.gradient.pointer
            let count = parameter.value.count
            guard mu != 0 else {
                for i in 0..<count { p[i] -= lr * (decay != 0 ? g[i] + decay * p[i] : g[i]) }
                continue
            }
            let buffer = momentumBuffers[index].pointer
            for i in 0..<count {
                let gradient = decay != 0 ? g[i] + decay * p[i] : g[i]
                let b = first ? gradient : mu * buffer[i] + keep * gradient
                buffer[i] = b
                p[i] -= lr * (nesterov ? gradient + mu * b : b)
            }
        }
        step += 1
    }

    /// Sets the step count of a resumed run (with `momentumBuffers` restored beside it), so the
    /// first-step rule is not applied again.
    public func restore(step: Int) {
        precondition(step >= 0, "SGD.restore: negative step \(step)")
        self.step = step
    }
}
