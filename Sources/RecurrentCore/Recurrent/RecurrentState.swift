/// The state a caller keeps between single steps of a unidirectional `RecurrentNetwork` at batch 1:
/// sampling a character model, or a keyboard answering each keystroke.
///
/// All buffers are allocated once, here; `RecurrentNetwork.step(_:state:)` only reads and writes
/// them (no heap allocation per step). Shapes (L layers, H hidden units, G = `cell.gateCount`):
/// hidden and cell states `[L, H]`, scratch gate rows `[G*H]` for the input and the hidden side.
public final class RecurrentState {
    public let kind: RecurrentCell
    public let layerCount: Int
    public let hiddenSize: Int
    /// `[L, H]`: each layer's hidden state after the last step.
    public let hidden: Tensor
    /// `[L, H]`: the LSTM cell states (nil for RNN and GRU).
    public let cell: Tensor?
    let inputGates: Tensor    // [G*H] W_ih x + b_ih (+ additive b_hh)
    let hiddenGates: Tensor   // [G*H] W_hh h

    init(cell kind: RecurrentCell, layers: Int, hiddenSize: Int) {
        self.kind = kind
        layerCount = layers
        self.hiddenSize = hiddenSize
        hidden = Tensor(zeros: [layers, hiddenSize])
        cell = kind.hasCellState ? Tensor(zeros: [layers, hiddenSize]) : nil
        inputGates = Tensor(zeros: [kind.gateCount * hiddenSize])
        hiddenGates = Tensor(zeros: [kind.gateCount * hiddenSize])
    }

    /// The top layer's hidden state `[H]`: the output of the last step.
    public var output: UnsafeMutablePointer<Float> { hidden.pointer + (layerCount - 1) * hiddenSize }

    /// Back to the all-zero start state.
    public func reset() {
        hidden.fill(0)
        cell?.fill(0)
    }

    /// Makes this state equal to `other` (same network), without allocating.
    public func assign(_ other: RecurrentState) {
        precondition(other.kind == kind && other.hidden.shape == hidden.shape, "RecurrentState.assign: states of different networks")
        hidden.assign(other.hidden)
        if let cell, let otherCell = other.cell { cell.assign(otherCell) }
    }

    /// An independent copy (for example to explore several continuations from one context).
    public func copy() -> RecurrentState {
        let result = RecurrentState(cell: kind, layers: layerCount, hiddenSize: hiddenSize)
        result.assign(self)
        return result
    }
}

extension RecurrentNetwork {
    /// A zero state for `step(_:state:)`.
    public func makeState() -> RecurrentState {
        precondition(!bidirectional, "RecurrentNetwork.makeState: step-by-step inference needs a unidirectional network")
        return RecurrentState(cell: cell, layers: layerCount, hiddenSize: hiddenSize)
    }

    /// Runs one time step at batch 1: reads `input` (`inputSize` floats), updates `state` in place
    /// and returns the top layer's new hidden state (`hiddenSize` floats, owned by `state`).
    ///
    /// Same arithmetic as `forward` on a `[1, 1, I]` input, on matrix-vector products.
    @discardableResult
    public func step(_ input: UnsafePointer<Float>, state: RecurrentState) -> UnsafeMutablePointer<Float> {
        precondition(state.layerCount == layerCount && state.hiddenSize == hiddenSize && state.kind == cell,
                     "RecurrentNetwork.step: the state belongs to another network")
        let hiddenCount = hiddenSize
        var layerInput = input
        for (layer, pair) in directions.enumerated() {
            let unit = pair[0]
            let h = state.hidden.pointer + layer * hiddenCount
            let x = state.inputGates.pointer, r = state.hiddenGates.pointer
            let rows = cell.gateCount * hiddenCount
            x.update(from: unit.biasIH.pointer, count: rows)
            BLAS.axpy(unit.biasHH.pointer, x, count: cell == .gru ? 2 * hiddenCount : rows)
            BLAS.gemv(unit.weightIH.pointer, rows: rows, columns: unit.inputSize, layerInput, x, beta: 1)
            BLAS.gemv(unit.weightHH.pointer, rows: rows, columns: hiddenCount, h, r)
            switch cell {
            case .rnn:
                GateKernels.rnn(x, r, hidden: h, count: hiddenCount)
            case .lstm:
                GateKernels.lstm(x, r, hidden: h, cell: state.cell!.pointer + layer * hiddenCount, tanhCell: nil, count: hiddenCount)
            case .gru:
                GateKernels.gru(x, r, hiddenBiasN: unit.biasHH.pointer + 2 * hiddenCount, hidden: h, hiddenN: nil, count: hiddenCount)
            }
            layerInput = UnsafePointer(h)
        }
        return state.output
    }
}
