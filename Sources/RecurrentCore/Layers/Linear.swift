/// A fully connected layer, `y = x W^T + b`, as PyTorch's `nn.Linear`.
///
/// Shapes: input `[N, in]`, output `[N, out]`, `weight [out, in]`, `bias [out]`. `backward` adds
/// into `gradWeight` and `gradBias` and returns the input gradient.
public final class Linear {
    public let inputSize: Int
    public let outputSize: Int
    public let weight: Tensor
    public let bias: Tensor
    public let gradWeight: Tensor
    public let gradBias: Tensor
    private var input: Tensor?

    public init(inputSize: Int, outputSize: Int) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        weight = Tensor(zeros: [outputSize, inputSize])
        bias = Tensor(zeros: [outputSize])
        gradWeight = Tensor(zeros: [outputSize, inputSize])
        gradBias = Tensor(zeros: [outputSize])
    }

    /// PyTorch's default: weight and bias uniform in ±1/sqrt(in).
    public func initialize(using generator: inout SplitMix64) {
        let bound = 1 / Float(inputSize).squareRoot()
        weight.fillUniform(bound: bound, using: &generator)
        bias.fillUniform(bound: bound, using: &generator)
    }

    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] {
        [("weight", weight, gradWeight), ("bias", bias, gradBias)]
    }

    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.rank == 2 && input.shape[1] == inputSize, "Linear.forward: input \(input.shape), expected [N, \(inputSize)]")
        let rows = input.shape[0]
        let output = Tensor(unspecified: [rows, outputSize])
        for row in 0..<rows { (output.pointer + row * outputSize).update(from: bias.pointer, count: outputSize) }
        BLAS.gemm(input.pointer, weight.pointer, transposeB: true, output.pointer, m: rows, n: outputSize, k: inputSize, beta: 1)
        self.input = input
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard let input else { preconditionFailure("Linear.backward before forward") }
        let rows = input.shape[0]
        BLAS.gemm(outputGradient.pointer, transposeA: true, input.pointer, gradWeight.pointer,
                  m: outputSize, n: inputSize, k: rows, beta: 1)
        for row in 0..<rows { BLAS.axpy(outputGradient.pointer + row * outputSize, gradBias.pointer, count: outputSize) }
        let inputGradient = Tensor(unspecified: [rows, inputSize])
        BLAS.gemm(outputGradient.pointer, weight.pointer, inputGradient.pointer, m: rows, n: inputSize, k: outputSize)
        return inputGradient
    }

    /// Batch-1 inference without allocation: `output [out] = W input [in] + b` (GEMV).
    public func apply(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        output.update(from: bias.pointer, count: outputSize)
        BLAS.gemv(weight.pointer, rows: outputSize, columns: inputSize, input, output, beta: 1)
    }
}
