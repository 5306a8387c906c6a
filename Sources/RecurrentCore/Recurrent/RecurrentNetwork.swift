/// A stacked, optionally bidirectional recurrent network: PyTorch's `nn.RNN` / `nn.LSTM` /
/// `nn.GRU` with `batch_first=False`.
///
/// Shapes (L layers, D = 2 when bidirectional else 1): input `[T, B, I]`, output `[T, B, D*H]` (the
/// forward direction's H columns first), states `[L*D, B, H]` with row `layer * D + direction`.
/// Layer `l > 0` reads layer `l - 1`'s concatenated output. Parameters carry PyTorch's state-dict
/// names (`weight_ih_l0`, `bias_hh_l1_reverse`, ...), so a PyTorch checkpoint saved as
/// safetensors loads by name.
public final class RecurrentNetwork {
    public let cell: RecurrentCell
    public let inputSize: Int
    public let hiddenSize: Int
    public let layerCount: Int
    public let bidirectional: Bool
    /// `directions[layer][0]` runs forward, `[layer][1]` (when bidirectional) in reverse.
    public let directions: [[RecurrentDirection]]
    /// `[T, B]` of the last forward, for backward's work estimate.
    private var lastForwardShape = (steps: 0, batch: 0)

    public init(cell: RecurrentCell, inputSize: Int, hiddenSize: Int, layers: Int = 1, bidirectional: Bool = false) {
        precondition(layers >= 1, "RecurrentNetwork: at least one layer")
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        layerCount = layers
        self.bidirectional = bidirectional
        let directionCount = bidirectional ? 2 : 1
        directions = (0..<layers).map { layer in
            (0..<directionCount).map { direction in
                RecurrentDirection(cell: cell, inputSize: layer == 0 ? inputSize : directionCount * hiddenSize,
                                   hiddenSize: hiddenSize, reverse: direction == 1)
            }
        }
    }

    public var directionCount: Int { bidirectional ? 2 : 1 }

    /// Every parameter with its gradient, under PyTorch's state-dict name.
    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] {
        directions.enumerated().flatMap { layer, pair in
            pair.enumerated().flatMap { direction, unit in
                let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
                return [("weight_ih" + suffix, unit.weightIH, unit.gradWeightIH),
                        ("weight_hh" + suffix, unit.weightHH, unit.gradWeightHH),
                        ("bias_ih" + suffix, unit.biasIH, unit.gradBiasIH),
                        ("bias_hh" + suffix, unit.biasHH, unit.gradBiasHH)]
            }
        }
    }

    /// PyTorch's default initialisation: every parameter uniform in ±1/sqrt(H); with
    /// `forgetBias` (LSTM only), the forget gate's `bias_ih` is set to that value and `bias_hh` to 0,
    /// as char-rnn does to remember by default.
    public func initialize(using generator: inout SplitMix64, forgetBias: Float? = nil) {
        let bound = 1 / Float(hiddenSize).squareRoot()
        for parameter in parameters { parameter.value.fillUniform(bound: bound, using: &generator) }
        guard let forgetBias, cell == .lstm else { return }
        for unit in directions.joined() {
            for j in hiddenSize..<(2 * hiddenSize) {
                unit.biasIH.pointer[j] = forgetBias
                unit.biasHH.pointer[j] = 0
            }
        }
    }

    public func zeroGradients() {
        Tensor.zero(directions.joined().flatMap(\.gradients))
    }

    /// Runs the network; see the type's shapes. `lengths`: valid steps per sequence (nil: all).
    /// `training: false` leaves out what only `backward` reads (which then must not follow).
    public func forward(_ input: Tensor, lengths: [Int]? = nil, initialHidden: Tensor? = nil,
                        initialCell: Tensor? = nil, training: Bool = true) -> (output: Tensor, hidden: Tensor, cell: Tensor?) {
        let (steps, batch) = (input.shape[0], input.shape[1])
        lastForwardShape = (steps, batch)
        let stateShape = [layerCount * directionCount, batch, hiddenSize]
        let hidden = Tensor(zeros: stateShape)
        let cells = cell.hasCellState ? Tensor(zeros: stateShape) : nil
        var layerInput = input
        for (layer, pair) in directions.enumerated() {
            let output = Tensor(unspecified: [steps, batch, directionCount * hiddenSize])   // the directions fill it all
            let input = layerInput
            let results = eachDirection(of: pair, steps: steps, batch: batch) { direction in
                let row = layer * directionCount + direction
                return pair[direction].forward(input, lengths: lengths, initialHidden: initialHidden?.slice(row),
                                               initialCell: initialCell?.slice(row), training: training,
                                               into: output, column: direction)
            }
            for (direction, result) in results.enumerated() {
                let row = layer * directionCount + direction
                hidden.slice(row).assign(result.hidden)
                if let resultCell = result.cell { cells!.slice(row).assign(resultCell) }
            }
            layerInput = output
        }
        return (layerInput, hidden, cells)
    }

    /// Back-propagates through the last `forward`; gradients of the parameters are added into
    /// their `gradient` tensors. Returns the gradients of the input and the initial states.
    public func backward(outputGradient: Tensor?, hiddenGradient: Tensor? = nil,
                         cellGradient: Tensor? = nil) -> (input: Tensor, hidden: Tensor, cell: Tensor?) {
        let (steps, batch) = lastForwardShape
        var upstream = outputGradient
        var hiddenResult: Tensor?
        var cellResult: Tensor?
        for (layer, pair) in directions.enumerated().reversed() {
            var layerInputGradient: Tensor?
            let layerUpstream = upstream
            let results = eachDirection(of: pair, steps: steps, batch: batch) { direction in
                let row = layer * directionCount + direction
                return pair[direction].backward(outputGradient: layerUpstream.map { gather($0, column: direction) },
                                                hiddenGradient: hiddenGradient?.slice(row), cellGradient: cellGradient?.slice(row))
            }
            for (direction, result) in results.enumerated() {
                let row = layer * directionCount + direction
                if let sum = layerInputGradient {
                    BLAS.axpy(result.input.pointer, sum.pointer, count: sum.count)
                } else {
                    layerInputGradient = result.input
                }
                if hiddenResult == nil {
                    hiddenResult = Tensor(zeros: [layerCount * directionCount] + result.hidden.shape)
                    if cell.hasCellState { cellResult = Tensor(zeros: [layerCount * directionCount] + result.hidden.shape) }
                }
                hiddenResult!.slice(row).assign(result.hidden)
                if let c = result.cell { cellResult!.slice(row).assign(c) }
            }
            upstream = layerInputGradient
        }
        return (upstream!, hiddenResult!, cellResult)
    }

    /// `body(direction)` for each direction of a layer, side by side when the work is worth it
    /// (the directions are independent), with the results in direction order.
    private func eachDirection<Result>(of pair: [RecurrentDirection], steps: Int, batch: Int,
                                       _ body: (Int) -> Result) -> [Result] {
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: pair.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        Parallelism.forEach(pair.count, flops: pair.count * pair[0].recurrentFlops(steps: steps, batch: batch)) { direction in
            results[direction] = body(direction)
        }
        return results.map { $0! }
    }

    /// Reads columns `column*H ..< (column+1)*H` of a `[T, B, D*H]` gradient.
    private func gather(_ whole: Tensor, column: Int) -> Tensor {
        if directionCount == 1 { return whole }
        let rows = whole.count / (directionCount * hiddenSize), width = directionCount * hiddenSize
        let part = Tensor(zeros: [whole.shape[0], whole.shape[1], hiddenSize])
        for row in 0..<rows {
            (part.pointer + row * hiddenSize).update(from: whole.pointer + row * width + column * hiddenSize, count: hiddenSize)
        }
        return part
    }
}
