/// What the training loop needs of an optimizer: one update from the current gradients, a
/// learning rate it may change between epochs, and the state a checkpoint saves and restores.
public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// Updates applied so far.
    var step: Int { get }
    /// Applies one update from the current gradients (it does not zero them).
    func update()
    /// The optimizer's state tensors (moments, momentum buffers), named and in a fixed order.
    /// A checkpoint stores them; restoring assigns into them.
    var stateTensors: [(name: String, tensor: Tensor)] { get }
    /// Sets the update count after the state tensors were restored from a checkpoint.
    func restore(step: Int)
}

extension Adam: Optimizer {}

extension SGD: Optimizer {
    public var stateTensors: [(name: String, tensor: Tensor)] {
        momentumBuffers.enumerated().map { ("momentum.\($0.offset)", $0.element) }
    }
}
