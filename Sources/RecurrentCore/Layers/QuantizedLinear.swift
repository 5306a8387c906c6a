import _QuantizedKernels

/// A `Linear` layer frozen for batch-1 inference on int8 weights: a quarter of the Float32 bytes,
/// for output layers so large that streaming their weights is the whole cost of a step (a 10k-word
/// vocabulary over 256 hidden units is 10 MB in Float32, 2.5 MB here).
///
/// Shapes: input `[in]`, output `[out]`; the weights are `[out, in]` as `Linear.weight`. Each row
/// `r` is stored as int8 with its own scale `s_r = max_c |W[r, c]| / 127`; each call quantizes the
/// input to int16 with `s_x = max_c |x[c]| / 32767`, sums `w[r, c] * xq[c]` exactly in integers
/// and returns `b[r] + s_r * s_x * sum`.
///
///     let quantized = QuantizedLinear(output)          // output: a trained Linear(256, 10_000)
///     quantized.apply(hidden, into: logits.pointer)     // logits [10_000], no allocation
///
/// Error bound, per output `r` (from rounding each weight and input to the nearest step):
///
///     |y_r - exact_r| <= s_r / 2 * sum_c |x[c]| + s_x / 2 * sum_c |W[r, c]| + in * s_r * s_x / 4
///
/// plus a few Float32 roundings of the result. The first term dominates (a weight step is 1/127 of
/// its row's range, an input step 1/32767 of the input's): for PyTorch's initialisation
/// (`|W| <= 1/16`) and a hidden state in [-1, 1] at 256 inputs it is at most 0.063, and typically a
/// few thousandths, because the roundings are independent and mostly cancel (their standard
/// deviation is `s_r / sqrt(12) * |x|_2`).
///
/// Refinement. Int8 rounding moves outputs by a few thousandths, enough to swap two of a softmax
/// layer's top candidates when their logits are that close: on W6's randomly initialised model the
/// set of the three best words differs from Float32's on 2.5 to 5% of steps. With
/// `refinedOutputs: k`, `apply` then recomputes its `k` largest outputs from a second int8 matrix,
/// the residuals `W - s_r w` at their own scale `t_r <= s_r / 254`, so for those rows the first term
/// of the bound becomes `t_r / 2 * sum_c |x[c]|`, 1/254 of the above, and the order at the top
/// agrees with Float32 (the other outputs keep the int8 error). It costs one more pass over the
/// outputs and `2 k in` bytes of weights per call, and `out * in` bytes of memory.
///
/// Not thread-safe: `apply` writes the quantized input into a scratch buffer this instance owns,
/// so give each thread its own instance. The weights are a copy: later changes to the `Linear` are
/// not seen.
public final class QuantizedLinear {
    public let inputSize: Int
    public let outputSize: Int
    /// `[out]`: each row's scale, `max_c |W[r, c]| / 127` (0 for an all-zero row).
    public let rowScales: Tensor
    /// `[out]`, or nil for a layer without bias.
    public let bias: Tensor?
    /// `[out, in]` int8, row-major, 64-byte aligned.
    private let storage: UnsafeMutablePointer<Int8>
    /// `[in]`: the quantized input of the current call.
    private let scratch: UnsafeMutablePointer<Int16>
    /// `bias`'s and `residualScales`'s first elements, taken once so that `apply` touches no
    /// reference count.
    private let biasPointer: UnsafePointer<Float>?
    private let residualScalesPointer: UnsafePointer<Float>?
    /// How many of the largest outputs `apply` recomputes with the residuals (0: none).
    public let refinedOutputs: Int
    /// `[out]`: each row's residual scale, `max_c |W[r, c] - s_r w[r, c]| / 127` (nil when
    /// `refinedOutputs` is 0).
    public let residualScales: Tensor?
    /// `[out, in]` int8 residuals, when `refinedOutputs > 0`.
    private let residuals: UnsafeMutablePointer<Int8>?
    /// `[refinedOutputs]`: the rows refined by the current call.
    private let refinedRows: UnsafeMutablePointer<Int32>

    /// The most outputs `apply` can refine.
    public static let maximumRefinedOutputs = Int(QUILL_REFINE_MAX)

    /// Quantizes `linear`'s weight and bias as they are now; `refinedOutputs`: how many of the
    /// largest outputs each `apply` recomputes with residual weights (0 ... 64; see the type's notes).
    public convenience init(_ linear: Linear, refinedOutputs: Int = 0) {
        self.init(weight: linear.weight.pointer, bias: linear.bias.pointer,
                  outputSize: linear.outputSize, inputSize: linear.inputSize, refinedOutputs: refinedOutputs)
    }

    /// Quantizes a `[outputSize, inputSize]` row-major weight and copies the `[outputSize]` bias
    /// (nil: no bias). The weights must be finite.
    public init(weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, outputSize: Int, inputSize: Int,
                refinedOutputs: Int = 0) {
        precondition(outputSize >= 0 && inputSize >= 0, "QuantizedLinear: negative size \(outputSize) x \(inputSize)")
        precondition((0...Self.maximumRefinedOutputs).contains(refinedOutputs),
                     "QuantizedLinear: refinedOutputs \(refinedOutputs) outside 0...\(Self.maximumRefinedOutputs)")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.refinedOutputs = refinedOutputs
        let weightBytes = max(outputSize * inputSize, 1)
        func allocateWeights() -> UnsafeMutablePointer<Int8> {
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: weightBytes, alignment: TensorStorage.alignment)
                .bindMemory(to: Int8.self, capacity: weightBytes)
            pointer.initialize(repeating: 0, count: weightBytes)
            return pointer
        }
        storage = allocateWeights()
        scratch = UnsafeMutableRawPointer.allocate(byteCount: max(inputSize, 1) * 2, alignment: TensorStorage.alignment)
            .bindMemory(to: Int16.self, capacity: max(inputSize, 1))
        scratch.initialize(repeating: 0, count: max(inputSize, 1))
        rowScales = Tensor(zeros: [outputSize])
        quill_int8_quantize_rows(weight, outputSize, inputSize, storage, rowScales.pointer)
        if refinedOutputs > 0 {
            let residuals = allocateWeights(), scales = Tensor(zeros: [outputSize])
            quill_int8_quantize_residuals(weight, outputSize, inputSize, storage, rowScales.pointer, residuals, scales.pointer)
            self.residuals = residuals
            residualScales = scales
            residualScalesPointer = UnsafePointer(scales.pointer)
        } else {
            residuals = nil
            residualScales = nil
            residualScalesPointer = nil
        }
        refinedRows = .allocate(capacity: max(refinedOutputs, 1))
        refinedRows.initialize(repeating: 0, count: max(refinedOutputs, 1))
        if let bias {
            let copy = Tensor(zeros: [outputSize])
            copy.pointer.update(from: bias, count: outputSize)
            self.bias = copy
            biasPointer = UnsafePointer(copy.pointer)
        } else {
            self.bias = nil
            biasPointer = nil
        }
    }

    deinit {
        UnsafeMutableRawPointer(storage).deallocate()
        UnsafeMutableRawPointer(scratch).deallocate()
        residuals.map { UnsafeMutableRawPointer($0).deallocate() }
        refinedRows.deallocate()
    }

    /// `[out, in]`: the int8 weights, row-major (`W[r, c]` is about `weights[r * in + c] * rowScales[r]`).
    public var weights: UnsafePointer<Int8> { UnsafePointer(storage) }

    /// `output [out] = W input [in] + b` on int8 weights, the `refinedOutputs` largest outputs
    /// recomputed with the residuals; without allocation. A non-finite input gives NaN everywhere.
    public func apply(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let inputScale = quill_int8_gemv(storage, rowScales.pointer, biasPointer, outputSize, inputSize, input, scratch, output)
        guard let residuals else { return }
        quill_int8_refine_largest(storage, rowScales.pointer, residuals, residualScalesPointer, biasPointer,
                                  outputSize, inputSize, scratch, inputScale, refinedOutputs, refinedRows, output)
    }

    /// Bytes held: weights (and residuals), scales, bias and scratch.
    public var memoryBytes: Int {
        let weights = (residuals == nil ? 1 : 2) * (outputSize * inputSize + 4 * outputSize)
        return weights + (bias == nil ? 0 : 4 * outputSize) + 2 * inputSize + 4 * refinedOutputs
    }

    /// The kernel `apply` runs on this CPU: "avx2" or "scalar".
    public static var kernel: String { String(cString: quill_int8_gemv_path()) }
}
