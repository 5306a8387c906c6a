/// Inverted dropout, as PyTorch's `nn.Dropout`: in training each element is zeroed with
/// probability `p` and the survivors are scaled by `1 / (1 - p)`, so the expected output equals the
/// input and evaluation needs no rescaling.
///
/// With `sharedAcrossTime`, the input is time-major `[T, B, F]` and one mask `[B, F]` is drawn per
/// forward and reused at every step ("variational" or locked dropout, Gal and Ghahramani 2016;
/// Merity et al.'s AWD-LSTM), so a sequence loses the same features at every step.
///
/// The mask comes from the caller's generator, one `nextUnitFloat()` per mask element in
/// row-major order: the same seed gives the same mask.
///
///     let dropout = Dropout(probability: 0.3)
///     let y = dropout.forward(x, training: true, generator: &generator)
///     let dx = dropout.backward(dy)
public final class Dropout {
    public let probability: Float
    public let sharedAcrossTime: Bool
    /// The mask of the last training forward, already scaled: each element is 0 or `1 / (1 - p)`.
    /// Shape: the input's, or `[B, F]` when shared across time. Nil after an identity forward.
    public private(set) var mask: Tensor?

    public init(probability: Float, sharedAcrossTime: Bool = false) {
        precondition(probability >= 0 && probability <= 1, "Dropout: probability \(probability) outside [0, 1]")
        self.probability = probability
        self.sharedAcrossTime = sharedAcrossTime
    }

    /// The input with dropout applied (a new tensor of the same shape), or `input` itself when not
    /// training or `p == 0`.
    public func forward(_ input: Tensor, training: Bool, generator: inout SplitMix64) -> Tensor {
        guard training && probability > 0 else {
            mask = nil
            return input
        }
        let maskShape: [Int]
        if sharedAcrossTime {
            precondition(input.rank == 3, "Dropout.forward: sharedAcrossTime needs [T, B, F], got \(input.shape)")
            maskShape = Array(input.shape.dropFirst())
        } else {
            maskShape = input.shape
        }
        let mask = Tensor(zeros: maskShape)
        let keep: Float = probability < 1 ? 1 / (1 - probability) : 0
        let m = mask.pointer
        for i in 0..<mask.count { m[i] = generator.nextUnitFloat() < probability ? 0 : keep }
        self.mask = mask
        let output = Tensor(zeros: input.shape)
        Self.multiply(input, by: mask, into: output)
        return output
    }

    /// The input gradient: `outputGradient` times the mask of the last forward (or
    /// `outputGradient` itself after an identity forward).
    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let mask else { return outputGradient }
        let expected = sharedAcrossTime ? Array(outputGradient.shape.dropFirst()) : outputGradient.shape
        precondition(expected == mask.shape, "Dropout.backward: gradient \(outputGradient.shape) does not match the forward's mask \(mask.shape)")
        let inputGradient = Tensor(zeros: outputGradient.shape)
        Self.multiply(outputGradient, by: mask, into: inputGradient)
        return inputGradient
    }

    /// `output = input * mask`, the mask repeated along the first axis when it is smaller.
    private static func multiply(_ input: Tensor, by mask: Tensor, into output: Tensor) {
        let width = mask.count
        guard width > 0 else { return }
        let x = input.pointer, m = mask.pointer, y = output.pointer
        for start in stride(from: 0, to: input.count, by: width) {
            for j in 0..<width { y[start + j] = x[start + j] * m[j] }
        }
    }
}
