import _VectorKernels

/// The fused gate passes of one time step for one sequence, 16 lanes at a time.
///
/// Inputs for a row of H hidden units (G = 1, 4 or 3 gate blocks of H):
/// - `gates [G*H]`: the input side `W_ih x + b_ih`, plus `b_hh` for the gates where it is additive
///   (all of them, except GRU's n). Overwritten with the activated gates, which backward reads:
///   rnn h'; lstm i, f, g, o; gru r, z, n.
/// - `recurrent [G*H]`: `W_hh h` without bias.
/// - `hidden [H]`: h on entry, h' on return; `cell [H]` (LSTM): c on entry, c' on return.
/// Optional outputs for backward: `tanhCell [H]` (LSTM: tanh c'), `hiddenN [H]` (GRU:
/// `W_hn h + b_hn`).
///
/// Both the batched training forward and the batch-1 `step` call these, so the two paths compute
/// the same numbers. Where the CPU has AVX2 and FMA they run `_VectorKernels`' C versions (the same
/// formulas, a few ulp apart through fused multiply-adds); `portable: true` forces the Swift code,
/// which runs everywhere else.
@usableFromInline
enum GateKernels {
    /// Whether the C versions run (unless a call asks for the portable code).
    static let vectorized = VectorMath.hasAVX2

    typealias Vector = SIMD16<Float>

    /// Calls `body(offset, lanes)` for each block of 16 (the last block may be shorter).
    @inline(__always)
    static func blocks(_ count: Int, _ body: (Int, Int) -> Void) {
        var offset = 0
        while offset < count {
            body(offset, min(16, count - offset))
            offset += 16
        }
    }

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>, _ offset: Int, _ lanes: Int) -> Vector {
        if lanes == 16 { return UnsafeRawPointer(pointer + offset).loadUnaligned(as: Vector.self) }
        var vector = Vector()
        withUnsafeMutableBytes(of: &vector) { $0.baseAddress!.copyMemory(from: pointer + offset, byteCount: lanes * 4) }
        return vector
    }

    @inline(__always)
    static func store(_ vector: Vector, _ pointer: UnsafeMutablePointer<Float>, _ offset: Int, _ lanes: Int) {
        if lanes == 16 { UnsafeMutableRawPointer(pointer + offset).storeBytes(of: vector, as: Vector.self); return }
        var vector = vector
        withUnsafeBytes(of: &vector) { (pointer + offset).update(from: $0.baseAddress!.assumingMemoryBound(to: Float.self), count: lanes) }
    }

    static func rnn(_ gates: UnsafeMutablePointer<Float>, _ recurrent: UnsafePointer<Float>,
                    hidden: UnsafeMutablePointer<Float>, count: Int, portable: Bool = false) {
        if vectorized && !portable { return quill_rnn_gates_avx2(gates, recurrent, hidden, count) }
        blocks(count) { j, lanes in
            let h = VectorMath.tanh(load(gates, j, lanes) + load(recurrent, j, lanes))
            store(h, gates, j, lanes)
            store(h, hidden, j, lanes)
        }
    }

    static func lstm(_ gates: UnsafeMutablePointer<Float>, _ recurrent: UnsafePointer<Float>,
                     hidden: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>,
                     tanhCell: UnsafeMutablePointer<Float>?, count: Int, portable: Bool = false) {
        if vectorized && !portable { return quill_lstm_gates_avx2(gates, recurrent, hidden, cell, tanhCell, count) }
        let (f, g, o) = (count, 2 * count, 3 * count)
        blocks(count) { j, lanes in
            let inputGate = VectorMath.sigmoid(load(gates, j, lanes) + load(recurrent, j, lanes))
            let forgetGate = VectorMath.sigmoid(load(gates, f + j, lanes) + load(recurrent, f + j, lanes))
            let candidate = VectorMath.tanh(load(gates, g + j, lanes) + load(recurrent, g + j, lanes))
            let outputGate = VectorMath.sigmoid(load(gates, o + j, lanes) + load(recurrent, o + j, lanes))
            let newCell = forgetGate * load(cell, j, lanes) + inputGate * candidate
            let tanhNewCell = VectorMath.tanh(newCell)
            store(inputGate, gates, j, lanes)
            store(forgetGate, gates, f + j, lanes)
            store(candidate, gates, g + j, lanes)
            store(outputGate, gates, o + j, lanes)
            store(newCell, cell, j, lanes)
            if let tanhCell { store(tanhNewCell, tanhCell, j, lanes) }
            store(outputGate * tanhNewCell, hidden, j, lanes)
        }
    }

    /// `hiddenBiasN [H]` is `b_hn`, which GRU adds inside the reset product.
    static func gru(_ gates: UnsafeMutablePointer<Float>, _ recurrent: UnsafePointer<Float>, hiddenBiasN: UnsafePointer<Float>,
                    hidden: UnsafeMutablePointer<Float>, hiddenN: UnsafeMutablePointer<Float>?, count: Int,
                    portable: Bool = false) {
        if vectorized && !portable { return quill_gru_gates_avx2(gates, recurrent, hiddenBiasN, hidden, hiddenN, count) }
        let (z, n) = (count, 2 * count)
        blocks(count) { j, lanes in
            let resetGate = VectorMath.sigmoid(load(gates, j, lanes) + load(recurrent, j, lanes))
            let updateGate = VectorMath.sigmoid(load(gates, z + j, lanes) + load(recurrent, z + j, lanes))
            let hn = load(recurrent, n + j, lanes) + load(hiddenBiasN, j, lanes)
            let candidate = VectorMath.tanh(load(gates, n + j, lanes) + resetGate * hn)
            let newHidden = candidate + updateGate * (load(hidden, j, lanes) - candidate)
            store(resetGate, gates, j, lanes)
            store(updateGate, gates, z + j, lanes)
            store(candidate, gates, n + j, lanes)
            if let hiddenN { store(hn, hiddenN, j, lanes) }
            store(newHidden, hidden, j, lanes)
        }
    }

    // MARK: Backward

    // The backward passes of one step for one sequence. `hiddenGradient [H]` holds dL/dh' on entry
    // (the caller adds the output gradient through `upstream` here) and leaves the part of dL/dh
    // that does not go through W_hh (zero, or z dh' for GRU); `gateGradient [G*H]` receives the
    // pre-activation gradients of the x side, and for GRU `hiddenGateGradient` those of the h side.

    static func rnnBackward(gates: UnsafePointer<Float>, upstream: UnsafePointer<Float>?, hiddenGradient: UnsafeMutablePointer<Float>,
                            gateGradient: UnsafeMutablePointer<Float>, count: Int, portable: Bool = false) {
        if vectorized && !portable { return quill_rnn_backward_avx2(gates, upstream, hiddenGradient, gateGradient, count) }
        blocks(count) { j, lanes in
            let h = load(gates, j, lanes)
            var dh = load(hiddenGradient, j, lanes)
            if let upstream { dh += load(upstream, j, lanes) }
            store(dh * (1 - h * h), gateGradient, j, lanes)
            store(Vector(), hiddenGradient, j, lanes)
        }
    }

    static func lstmBackward(gates: UnsafePointer<Float>, tanhCell: UnsafePointer<Float>, previousCell: UnsafePointer<Float>,
                             upstream: UnsafePointer<Float>?, hiddenGradient: UnsafeMutablePointer<Float>,
                             cellGradient: UnsafeMutablePointer<Float>, gateGradient: UnsafeMutablePointer<Float>, count: Int,
                             portable: Bool = false) {
        if vectorized && !portable {
            return quill_lstm_backward_avx2(gates, tanhCell, previousCell, upstream, hiddenGradient, cellGradient, gateGradient, count)
        }
        let (f, g, o) = (count, 2 * count, 3 * count)
        blocks(count) { j, lanes in
            let inputGate = load(gates, j, lanes), forgetGate = load(gates, f + j, lanes)
            let candidate = load(gates, g + j, lanes), outputGate = load(gates, o + j, lanes)
            let tanhC = load(tanhCell, j, lanes)
            var dh = load(hiddenGradient, j, lanes)
            if let upstream { dh += load(upstream, j, lanes) }
            let dCell = load(cellGradient, j, lanes) + dh * outputGate * (1 - tanhC * tanhC)
            store(dCell * candidate * inputGate * (1 - inputGate), gateGradient, j, lanes)
            store(dCell * load(previousCell, j, lanes) * forgetGate * (1 - forgetGate), gateGradient, f + j, lanes)
            store(dCell * inputGate * (1 - candidate * candidate), gateGradient, g + j, lanes)
            store(dh * tanhC * outputGate * (1 - outputGate), gateGradient, o + j, lanes)
            store(dCell * forgetGate, cellGradient, j, lanes)
            store(Vector(), hiddenGradient, j, lanes)
        }
    }

    static func gruBackward(gates: UnsafePointer<Float>, previousHidden: UnsafePointer<Float>, hiddenN: UnsafePointer<Float>,
                            upstream: UnsafePointer<Float>?, hiddenGradient: UnsafeMutablePointer<Float>,
                            gateGradient: UnsafeMutablePointer<Float>, hiddenGateGradient: UnsafeMutablePointer<Float>, count: Int,
                            portable: Bool = false) {
        if vectorized && !portable {
            return quill_gru_backward_avx2(gates, previousHidden, hiddenN, upstream, hiddenGradient, gateGradient,
                                           hiddenGateGradient, count)
        }
        let (z, n) = (count, 2 * count)
        blocks(count) { j, lanes in
            let resetGate = load(gates, j, lanes), updateGate = load(gates, z + j, lanes), candidate = load(gates, n + j, lanes)
            var dh = load(hiddenGradient, j, lanes)
            if let upstream { dh += load(upstream, j, lanes) }
            let dn = dh * (1 - updateGate) * (1 - candidate * candidate)
            let dr = dn * load(hiddenN, j, lanes) * resetGate * (1 - resetGate)
            let dz = dh * (load(previousHidden, j, lanes) - candidate) * updateGate * (1 - updateGate)
            store(dr, gateGradient, j, lanes)
            store(dz, gateGradient, z + j, lanes)
            store(dn, gateGradient, n + j, lanes)
            store(dr, hiddenGateGradient, j, lanes)
            store(dz, hiddenGateGradient, z + j, lanes)
            store(dn * resetGate, hiddenGateGradient, n + j, lanes)
            store(dh * updateGate, hiddenGradient, j, lanes)
        }
    }
}
