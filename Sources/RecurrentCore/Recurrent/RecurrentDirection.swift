/// One layer of a recurrent network run in one direction over time-major, padded batches.
///
/// Shapes (T steps, B sequences, I inputs, H hidden units, G = `cell.gateCount`):
/// input `[T, B, I]`, output `[T, B, H]`, states `[B, H]`; weights as PyTorch stores them:
/// `weightIH [G*H, I]`, `weightHH [G*H, H]`, `biasIH [G*H]`, `biasHH [G*H]`.
///
/// Padding: sequence `b` has `lengths[b]` valid steps. Steps at or beyond it are not run: the state
/// passes through unchanged and the output there is zero. The reverse direction therefore starts
/// each sequence at its own last valid step, as PyTorch's packed sequences do.
///
/// Forward runs the input projection of all steps as one GEMM `[T*B, I] x [I, G*H]` and only
/// `h x W_hh^T` per step (on `W_hh` packed once per call, see ``PackedMatrix``); it caches the
/// activated gates and states. `backward` walks the steps in reverse carrying the state gradients,
/// collects the pre-activation gate gradients of all steps, and then computes `dW_ih`, `dW_hh`, the
/// biases and `dX` as a few large GEMMs. Parameter gradients are *added* into the `grad...` tensors
/// (zero them between updates).
public final class RecurrentDirection {
    public let cell: RecurrentCell
    public let inputSize: Int
    public let hiddenSize: Int
    /// Runs from the last step to the first.
    public let reverse: Bool

    public let weightIH: Tensor
    public let weightHH: Tensor
    public let biasIH: Tensor
    public let biasHH: Tensor
    public let gradWeightIH: Tensor
    public let gradWeightHH: Tensor
    public let gradBiasIH: Tensor
    public let gradBiasHH: Tensor

    private var cache: Cache?
    private var workspace: Workspace?
    /// `W_hh` packed for the per-step products: as `W_hh^T` for `forward` (kept while the weights
    /// stay the same, as in inference) and as `W_hh` for `backward` (repacked at every call: training
    /// changes the weights between calls).
    private let forwardRecurrentWeights = PackedMatrix(keepsUnchangedPacking: true)
    private let backwardRecurrentWeights = PackedMatrix()
    /// `W_ih^T` packed for input projections too small to split over threads (a sentence or a few
    /// at inference), where OpenBLAS would spend a quarter of the product repacking it.
    private let inputWeights = PackedMatrix(keepsUnchangedPacking: true)

    /// The per-step buffers of forward and backward, kept between calls: a training loop's
    /// batches (and a tagger's batches of every length) reuse them instead of allocating and
    /// page-faulting tens of megabytes per batch. They only grow, to the most positions (`T*B`)
    /// and sequences (`B`) of any call so far, and each call sees views of its own shape. Nothing
    /// in here is ever returned to the caller.
    ///
    /// The buffers start unfilled: forward and backward write every element before they read it
    /// (the caches only at the steps they read back). So an inference forward, which leaves out
    /// the caches only backward reads, never touches their pages, and they cost no resident memory.
    private final class Workspace {
        let positionCapacity: Int, batchCapacity: Int
        private(set) var steps = 0, batch = 0
        private let gateWidth: Int, hidden: Int
        private let gateStorage: TensorStorage
        private let previousHiddenStorage: TensorStorage
        private let tanhCellStorage: TensorStorage?
        private let previousCellStorage: TensorStorage?
        private let hiddenNStorage: TensorStorage?
        private let recurrentStorage: TensorStorage
        private lazy var gateGradientStorage = TensorStorage(count: positionCapacity * gateWidth, zeroed: false)
        private lazy var hiddenGateGradientStorage = TensorStorage(count: positionCapacity * gateWidth, zeroed: false)

        init(cell: RecurrentCell, positions: Int, batch: Int, hidden: Int) {
            positionCapacity = positions
            batchCapacity = batch
            gateWidth = cell.gateCount * hidden
            self.hidden = hidden
            gateStorage = TensorStorage(count: positions * gateWidth, zeroed: false)
            previousHiddenStorage = TensorStorage(count: positions * hidden, zeroed: false)
            tanhCellStorage = cell.hasCellState ? TensorStorage(count: positions * hidden, zeroed: false) : nil
            previousCellStorage = cell.hasCellState ? TensorStorage(count: positions * hidden, zeroed: false) : nil
            hiddenNStorage = cell == .gru ? TensorStorage(count: positions * hidden, zeroed: false) : nil
            recurrentStorage = TensorStorage(count: batch * gateWidth, zeroed: false)
        }

        /// Whether a call over `[steps, batch]` fits.
        func fits(steps: Int, batch: Int) -> Bool {
            steps * batch <= positionCapacity && batch <= batchCapacity
        }

        /// Sets the shape the views below have (it must fit).
        func use(steps: Int, batch: Int) {
            precondition(fits(steps: steps, batch: batch))
            self.steps = steps
            self.batch = batch
        }

        private func view(_ storage: TensorStorage, width: Int) -> Tensor {
            Tensor(storage: storage, offset: 0, shape: [steps, batch, width])
        }

        var gates: Tensor { view(gateStorage, width: gateWidth) }                          // [T, B, G*H]
        var previousHidden: Tensor { view(previousHiddenStorage, width: hidden) }          // [T, B, H]
        var tanhCells: Tensor? { tanhCellStorage.map { view($0, width: hidden) } }         // [T, B, H] lstm
        var previousCells: Tensor? { previousCellStorage.map { view($0, width: hidden) } } // [T, B, H] lstm
        var hiddenN: Tensor? { hiddenNStorage.map { view($0, width: hidden) } }            // [T, B, H] gru
        var recurrent: Tensor { Tensor(storage: recurrentStorage, offset: 0, shape: [batch, gateWidth]) }  // [B, G*H]
        var gateGradients: Tensor { view(gateGradientStorage, width: gateWidth) }          // [T, B, G*H]
        var hiddenGateGradients: Tensor { view(hiddenGateGradientStorage, width: gateWidth) }  // [T, B, G*H] gru
    }

    /// What forward keeps for backward.
    private struct Cache {
        let input: Tensor            // [T, B, I]
        let lengths: [Int]
        /// False after an inference forward, which leaves out the caches below that backward needs.
        let training: Bool
        let gates: Tensor            // [T, B, G*H] activated: rnn h; lstm i f g o; gru r z n
        let previousHidden: Tensor   // [T, B, H] the state each step started from
        let tanhCells: Tensor?       // [T, B, H] lstm: tanh(c) after the step
        let previousCells: Tensor?   // [T, B, H] lstm: c before the step
        let hiddenN: Tensor?         // [T, B, H] gru: W_hn h + b_hn
        var steps: Int { input.shape[0] }
        var batch: Int { input.shape[1] }
    }

    /// A direction with zero weights (load or initialise them before use).
    public init(cell: RecurrentCell, inputSize: Int, hiddenSize: Int, reverse: Bool = false) {
        precondition(inputSize > 0 && hiddenSize > 0, "RecurrentDirection: sizes must be positive")
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.reverse = reverse
        let rows = cell.gateCount * hiddenSize
        weightIH = Tensor(zeros: [rows, inputSize])
        weightHH = Tensor(zeros: [rows, hiddenSize])
        biasIH = Tensor(zeros: [rows])
        biasHH = Tensor(zeros: [rows])
        gradWeightIH = Tensor(zeros: [rows, inputSize])
        gradWeightHH = Tensor(zeros: [rows, hiddenSize])
        gradBiasIH = Tensor(zeros: [rows])
        gradBiasHH = Tensor(zeros: [rows])
    }

    /// Runs the direction over `input` `[T, B, I]`.
    /// - Parameters:
    ///   - lengths: valid steps per sequence (all `T` when nil).
    ///   - initialHidden, initialCell: `[B, H]` (zeros when nil; the cell state only for LSTM).
    ///   - training: false skips the per-step copies only `backward` reads (it must not follow).
    /// - Returns: `output [T, B, H]`, and the final states `[B, H]` (each sequence's own last step).
    public func forward(_ input: Tensor, lengths: [Int]? = nil, initialHidden: Tensor? = nil,
                        initialCell: Tensor? = nil, training: Bool = true) -> (output: Tensor, hidden: Tensor, cell: Tensor?) {
        let output = Tensor(unspecified: [input.shape[0], input.shape[1], hiddenSize])
        let (hidden, cell) = forward(input, lengths: lengths, initialHidden: initialHidden, initialCell: initialCell,
                                     training: training, into: output, column: 0)
        return (output, hidden, cell)
    }

    /// `forward`, writing the output into columns `column * H ..< (column + 1) * H` of
    /// `destination [T, B, D * H]` (a bidirectional layer's two directions fill one tensor); those
    /// columns are zero at padded steps (the next layer's weight gradients multiply them by zero
    /// gradients, which must not meet a NaN left in new memory).
    func forward(_ input: Tensor, lengths: [Int]?, initialHidden: Tensor?, initialCell: Tensor?, training: Bool,
                 into destination: Tensor, column: Int) -> (hidden: Tensor, cell: Tensor?) {
        precondition(input.rank == 3 && input.shape[2] == inputSize, "RecurrentDirection.forward: input \(input.shape), expected [T, B, \(inputSize)]")
        let (steps, batch, hidden, gateWidth) = (input.shape[0], input.shape[1], hiddenSize, cell.gateCount * hiddenSize)
        let outputWidth = destination.rank == 3 ? destination.shape[2] : 0
        precondition(destination.shape.prefix(2) == [steps, batch] && (column + 1) * hidden <= outputWidth,
                     "RecurrentDirection.forward: output \(destination.shape) for [\(steps), \(batch), H: \(hidden)] at column \(column)")
        let lengths = lengths ?? Array(repeating: steps, count: batch)
        precondition(lengths.count == batch && lengths.allSatisfy { $0 >= 0 && $0 <= steps }, "RecurrentDirection.forward: lengths \(lengths) for [T: \(steps), B: \(batch)]")

        // All input projections at once: gates[t, b] = x[t, b] W_ih^T + b_ih (+ b_hh where it is additive).
        if workspace?.fits(steps: steps, batch: batch) != true {
            workspace = Workspace(cell: cell, positions: max(steps * batch, workspace?.positionCapacity ?? 0),
                                  batch: max(batch, workspace?.batchCapacity ?? 0), hidden: hidden)
        }
        let space = workspace!
        space.use(steps: steps, batch: batch)
        // Every row of `gates` and `previousHidden` is written below; the other caches are read
        // back only at the valid steps they were written at.
        let gates = space.gates
        let bias = additiveBias()
        let fillParts = Parallelism.ranges(steps * batch, parts: Parallelism.partCount(streaming: steps * batch * gateWidth))
        Parallelism.run(parts: fillParts.count) { part in
            for row in fillParts[part] { (gates.pointer + row * gateWidth).update(from: bias.pointer, count: gateWidth) }
        }
        if 2 * steps * batch * gateWidth * inputSize < Parallelism.minimumParallelFlops {
            inputWeights.pack(transposedFrom: weightIH.pointer, rows: inputSize, columns: gateWidth)
            inputWeights.multiply(input.pointer, lda: inputSize, into: gates.pointer, ldc: gateWidth, m: steps * batch, accumulate: true)
        } else {
            BLAS.gemm(input.pointer, weightIH.pointer, transposeB: true, gates.pointer,
                      m: steps * batch, n: gateWidth, k: inputSize, beta: 1)
        }

        let output = destination.pointer + column * hidden
        Self.forEachPaddedRow(lengths: lengths, steps: steps) { (output + $0 * outputWidth).update(repeating: 0, count: hidden) }
        let (previousHidden, tanhCells, previousCells, hiddenN) = (space.previousHidden, space.tanhCells, space.previousCells, space.hiddenN)
        let h = initialHidden?.copy() ?? Tensor(zeros: [batch, hidden])
        let c = cell.hasCellState ? (initialCell?.copy() ?? Tensor(zeros: [batch, hidden])) : nil
        precondition(h.shape == [batch, hidden], "RecurrentDirection.forward: initial hidden \(h.shape), expected [\(batch), \(hidden)]")
        let recurrent = space.recurrent   // h W_hh^T for one step
        let hiddenBiasN = biasHH.pointer + 2 * hidden

        // The sequences are independent through time: each part of the batch walks all steps alone.
        let order = stepOrder(steps)
        let weights = forwardRecurrentWeights
        weights.pack(transposedFrom: weightHH.pointer, rows: hidden, columns: gateWidth)
        let parts = Parallelism.ranges(batch, parts: Parallelism.partCount(for: batch, minimumPart: 8, flops: recurrentFlops(steps: steps, batch: batch)))
        Parallelism.run(parts: parts.count) { part in
            let rows = parts[part]
            let (first, width) = (rows.lowerBound, rows.count)
            for t in order {
                if training {
                    (previousHidden.pointer + (t * batch + first) * hidden).update(from: h.pointer + first * hidden, count: width * hidden)
                    if let c { (previousCells!.pointer + (t * batch + first) * hidden).update(from: c.pointer + first * hidden, count: width * hidden) }
                }
                weights.multiply(h.pointer + first * hidden, lda: hidden, into: recurrent.pointer + first * gateWidth,
                                 ldc: gateWidth, m: width)
                for b in rows where t < lengths[b] {
                    let row = t * batch + b
                    let g = gates.pointer + row * gateWidth
                    let r = recurrent.pointer + b * gateWidth
                    let hb = h.pointer + b * hidden
                    switch cell {
                    case .rnn:
                        GateKernels.rnn(g, r, hidden: hb, count: hidden)
                    case .lstm:
                        GateKernels.lstm(g, r, hidden: hb, cell: c!.pointer + b * hidden,
                                         tanhCell: training ? tanhCells!.pointer + row * hidden : nil, count: hidden)
                    case .gru:
                        GateKernels.gru(g, r, hiddenBiasN: hiddenBiasN, hidden: hb,
                                        hiddenN: training ? hiddenN!.pointer + row * hidden : nil, count: hidden)
                    }
                    (output + row * outputWidth).update(from: hb, count: hidden)
                }
            }
        }
        cache = Cache(input: input, lengths: lengths, training: training, gates: gates, previousHidden: previousHidden,
                      tanhCells: tanhCells, previousCells: previousCells, hiddenN: hiddenN)
        return (h, c)
    }

    /// Back-propagates through the last `forward`.
    /// - Parameters: gradients of the loss with respect to `output [T, B, H]` and the final states
    ///   `[B, H]` (nil: zero). Output gradients at padded steps are ignored.
    /// - Returns: gradients with respect to the input `[T, B, I]` and the initial states `[B, H]`.
    public func backward(outputGradient: Tensor?, hiddenGradient: Tensor? = nil,
                         cellGradient: Tensor? = nil) -> (input: Tensor, hidden: Tensor, cell: Tensor?) {
        guard let cache else { preconditionFailure("RecurrentDirection.backward before forward") }
        precondition(cache.training, "RecurrentDirection.backward after a forward with training: false")
        let (steps, batch, hidden, gateWidth) = (cache.steps, cache.batch, hiddenSize, cell.gateCount * hiddenSize)
        let dh = hiddenGradient?.copy() ?? Tensor(zeros: [batch, hidden])
        let dc = cell.hasCellState ? (cellGradient?.copy() ?? Tensor(zeros: [batch, hidden])) : nil
        // Pre-activation gate gradients of every step: the x side, and (GRU only) the h side.
        // Padded steps must stay zero: the GEMMs below run over every row.
        guard let space = workspace, space.steps == steps, space.batch == batch else {
            preconditionFailure("RecurrentDirection.backward: the workspace does not match the last forward")
        }
        let dGatesX = space.gateGradients
        let dGatesH = cell == .gru ? space.hiddenGateGradients : dGatesX
        // Valid rows are all written by the gate passes; only the padded ones need zeros.
        Self.forEachPaddedRow(lengths: cache.lengths, steps: steps) { row in
            (dGatesX.pointer + row * gateWidth).update(repeating: 0, count: gateWidth)
            if cell == .gru { (dGatesH.pointer + row * gateWidth).update(repeating: 0, count: gateWidth) }
        }

        let order = stepOrder(steps).reversed()
        let weights = backwardRecurrentWeights
        weights.pack(weightHH.pointer, rows: gateWidth, columns: hidden)
        let parts = Parallelism.ranges(batch, parts: Parallelism.partCount(for: batch, minimumPart: 8, flops: recurrentFlops(steps: steps, batch: batch)))
        Parallelism.run(parts: parts.count) { part in
            let rows = parts[part]
            let (first, width) = (rows.lowerBound, rows.count)
            for t in order {
                for b in rows where t < cache.lengths[b] {
                    let row = t * batch + b
                    let g = cache.gates.pointer + row * gateWidth
                    let dx = dGatesX.pointer + row * gateWidth
                    let dhb = dh.pointer + b * hidden
                    let upstream = outputGradient.map { UnsafePointer($0.pointer + row * hidden) }
                    switch cell {
                    case .rnn:
                        GateKernels.rnnBackward(gates: g, upstream: upstream, hiddenGradient: dhb, gateGradient: dx, count: hidden)
                    case .lstm:
                        GateKernels.lstmBackward(gates: g, tanhCell: cache.tanhCells!.pointer + row * hidden,
                                                 previousCell: cache.previousCells!.pointer + row * hidden, upstream: upstream,
                                                 hiddenGradient: dhb, cellGradient: dc!.pointer + b * hidden, gateGradient: dx, count: hidden)
                    case .gru:
                        GateKernels.gruBackward(gates: g, previousHidden: cache.previousHidden.pointer + row * hidden,
                                                hiddenN: cache.hiddenN!.pointer + row * hidden, upstream: upstream, hiddenGradient: dhb,
                                                gateGradient: dx, hiddenGateGradient: dGatesH.pointer + row * gateWidth, count: hidden)
                    }
                }
                // dh_prev += dGatesH[t] W_hh (rows of padded steps are zero and leave dh as it was).
                weights.multiply(dGatesH.pointer + (t * batch + first) * gateWidth, lda: gateWidth,
                                 into: dh.pointer + first * hidden, ldc: hidden, m: width, accumulate: true)
            }
        }

        // The weight, bias and input gradients of all steps at once.
        let rows = steps * batch
        BLAS.gemm(dGatesX.pointer, transposeA: true, cache.input.pointer, gradWeightIH.pointer,
                  m: gateWidth, n: inputSize, k: rows, beta: 1)
        BLAS.gemm(dGatesH.pointer, transposeA: true, cache.previousHidden.pointer, gradWeightHH.pointer,
                  m: gateWidth, n: hidden, k: rows, beta: 1)
        if cell == .gru {
            addColumnSums(of: dGatesX, rows: rows, into: gradBiasIH)
            addColumnSums(of: dGatesH, rows: rows, into: gradBiasHH)
        } else {   // one set of gate gradients: b_ih and b_hh get the same sums
            let sums = Tensor(zeros: [gateWidth])
            addColumnSums(of: dGatesX, rows: rows, into: sums)
            BLAS.axpy(sums.pointer, gradBiasIH.pointer, count: gateWidth)
            BLAS.axpy(sums.pointer, gradBiasHH.pointer, count: gateWidth)
        }
        let inputGradient = Tensor(unspecified: [steps, batch, inputSize])   // beta 0: every element written
        BLAS.gemm(dGatesX.pointer, weightIH.pointer, inputGradient.pointer, m: rows, n: inputSize, k: gateWidth)
        return (inputGradient, dh, dc)
    }

    /// `b_ih` plus `b_hh` where it is additive (every gate except GRU's n, whose `b_hn` sits inside
    /// the reset product): what every row of the input projection starts from. `[G*H]`.
    func additiveBias() -> Tensor {
        let bias = biasIH.copy()
        let additive = cell == .gru ? 2 * hiddenSize : bias.count
        BLAS.axpy(biasHH.pointer, bias.pointer, count: additive)
        return bias
    }

    /// The floating-point operations of the per-step products over a whole sequence batch.
    func recurrentFlops(steps: Int, batch: Int) -> Int {
        2 * steps * batch * cell.gateCount * hiddenSize * hiddenSize
    }

    /// Calls `body(t * B + b)` for every padded position (`t >= lengths[b]`) of a `[T, B, ...]` layout.
    private static func forEachPaddedRow(lengths: [Int], steps: Int, _ body: (Int) -> Void) {
        for (b, length) in lengths.enumerated() where length < steps {
            for t in length..<steps { body(t * lengths.count + b) }
        }
    }

    /// The steps in the order this direction runs them.
    private func stepOrder(_ steps: Int) -> [Int] {
        reverse ? Array((0..<steps).reversed()) : Array(0..<steps)
    }

    /// Adds the sums of the first `rows` rows of `matrix` `[rows, W]` into `vector` `[W]`. Each
    /// column is summed in row order onto its old value, 64 or 16 columns at a time, the threads
    /// each taking a block of columns: the same result for any split.
    private func addColumnSums(of matrix: Tensor, rows: Int, into vector: Tensor) {
        typealias Vector = SIMD16<Float>
        let width = vector.count
        let (source, sums) = (matrix.pointer, vector.pointer)
        let parts = Parallelism.partCount(streaming: rows * width)
        Parallelism.run(parts: parts) { part in
            let columns = Parallelism.alignedRange(width, part: part, parts: parts)
            func load(_ pointer: UnsafePointer<Float>) -> Vector { UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self) }
            func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self) }
            var j = columns.lowerBound
            while j + 64 <= columns.upperBound {   // four cache lines of each row at a time
                var (a, b, c, d) = (load(sums + j), load(sums + j + 16), load(sums + j + 32), load(sums + j + 48))
                for row in 0..<rows {
                    let r = UnsafePointer(source + row * width + j)
                    a += load(r); b += load(r + 16); c += load(r + 32); d += load(r + 48)
                }
                store(a, sums + j); store(b, sums + j + 16); store(c, sums + j + 32); store(d, sums + j + 48)
                j += 64
            }
            while j + 16 <= columns.upperBound {
                var sum = load(sums + j)
                for row in 0..<rows { sum += load(source + row * width + j) }
                store(sum, sums + j)
                j += 16
            }
            for column in j..<columns.upperBound {
                for row in 0..<rows { sums[column] += source[row * width + column] }
            }
        }
    }

    /// The parameter gradients.
    var gradients: [Tensor] { [gradWeightIH, gradWeightHH, gradBiasIH, gradBiasHH] }

    /// Zeroes the parameter gradients.
    public func zeroGradients() {
        Tensor.zero(gradients)
    }
}
