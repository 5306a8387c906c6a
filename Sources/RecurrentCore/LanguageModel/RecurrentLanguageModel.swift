/// A recurrent language model over ids, shared by textgen's character model and autocomplete's
/// word model: embedding, stacked recurrent layers with dropout between them and on top, and an
/// output layer to one score per vocabulary entry.
///
/// Shapes: T steps, B streams, E embedding, H hidden, V vocabulary size. Batches are time-major:
/// token `t` of stream `b` is `ids[t * B + b]`; logits are `[T*B, V]` in the same order.
///
/// The output layer is either a `Linear` H -> V (`output.weight [V, H]`, `output.bias [V]`) or,
/// with `tiedOutput`, the embedding itself (Press and Wolf 2017; Inan et al. 2017): logits are
/// `p E^T + b` where `p` is the top layer's output, first projected H -> E (`projection.weight
/// [E, H]`, `projection.bias [E]`) when H != E. Tying halves a word model's parameters (the V x E
/// table is most of them) and its output costs E, not H, per vocabulary entry.
///
/// Parameter names (and model-file tensor names) follow PyTorch: `embedding.weight`,
/// `rnn.weight_ih_l0` ... `rnn.bias_hh_l{L-1}`, then `output.weight`, `output.bias` or
/// `projection.weight`, `projection.bias`, `output.bias`.
public final class RecurrentLanguageModel {
    public let shape: LanguageModelShape
    public let embedding: Embedding
    /// One single-layer network per layer, so dropout can sit between them.
    public let layers: [RecurrentNetwork]
    /// `dropouts[l]` acts on the input of layer `l + 1`; the last one on the top layer's output.
    let dropouts: [Dropout]
    /// H -> V when the output is not tied.
    public let output: Linear?
    /// H -> E when the output is tied and H != E.
    public let projection: Linear?
    /// The output bias `[V]` when the output is tied.
    let tiedBias: Tensor?
    let tiedBiasGradient: Tensor?
    /// What the last forward kept for backward: its shape and (tied) the projected outputs `[T*B, E]`.
    private var lastShape = (steps: 0, batch: 0)
    private var lastProjected: Tensor?

    /// A model of zeros: call ``initialize(seed:forgetBias:)`` or load parameters before use.
    public init(shape: LanguageModelShape) {
        precondition(shape.problem == nil, "RecurrentLanguageModel: \(shape.problem ?? "")")
        self.shape = shape
        embedding = Embedding(vocabularySize: shape.vocabularySize, embeddingSize: shape.embeddingSize)
        layers = (0..<shape.layers).map { layer in
            RecurrentNetwork(cell: shape.cell, inputSize: layer == 0 ? shape.embeddingSize : shape.hiddenSize,
                             hiddenSize: shape.hiddenSize)
        }
        dropouts = (0..<shape.layers).map { _ in Dropout(probability: shape.dropout) }
        if shape.tiedOutput {
            output = nil
            projection = shape.hiddenSize == shape.embeddingSize ? nil
                : Linear(inputSize: shape.hiddenSize, outputSize: shape.embeddingSize)
            tiedBias = Tensor(zeros: [shape.vocabularySize])
            tiedBiasGradient = Tensor(zeros: [shape.vocabularySize])
        } else {
            output = Linear(inputSize: shape.hiddenSize, outputSize: shape.vocabularySize)
            projection = nil
            tiedBias = nil
            tiedBiasGradient = nil
        }
    }

    /// PyTorch's default initialisation from `seed`, with the LSTM forget-gate bias at `forgetBias`.
    /// A tied embedding is also the output layer, so it starts uniform in ±0.1 (as Zaremba et al.
    /// and Inan et al.) instead of N(0, 1), which would give huge first logits; its bias starts at 0.
    public func initialize(seed: UInt64, forgetBias: Float? = 1) {
        var generator = SplitMix64(seed: seed)
        if shape.tiedOutput {
            embedding.weight.fillUniform(bound: 0.1, using: &generator)
        } else {
            embedding.initialize(using: &generator)
        }
        for network in layers { network.initialize(using: &generator, forgetBias: forgetBias) }
        output?.initialize(using: &generator)
        projection?.initialize(using: &generator)
        tiedBias?.fill(0)
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Every parameter with its gradient, under the model file's names.
    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] {
        var result = embedding.parameters.map { ("embedding." + $0.name, $0.value, $0.gradient) }
        for (index, network) in layers.enumerated() {
            // Each network has one layer, named `_l0` by PyTorch's convention: renumber.
            result += network.parameters.map { ("rnn." + $0.name.dropLast() + String(index), $0.value, $0.gradient) }
        }
        if let output { result += output.parameters.map { ("output." + $0.name, $0.value, $0.gradient) } }
        if let projection { result += projection.parameters.map { ("projection." + $0.name, $0.value, $0.gradient) } }
        if let tiedBias, let tiedBiasGradient { result.append(("output.bias", tiedBias, tiedBiasGradient)) }
        return result
    }

    public func zeroGradients() {
        if shape.tiedOutput {
            embedding.gradWeight.fill(0)   // the output side makes the gradient dense
        }
        embedding.zeroGradients()
        for network in layers { network.zeroGradients() }
        for linear in [output, projection].compactMap({ $0 }) {
            linear.gradWeight.fill(0)
            linear.gradBias.fill(0)
        }
        tiedBiasGradient?.fill(0)
    }

    // MARK: Sequences (training and evaluation)

    /// Runs `ids` (time-major `[T*B]`) from `state` (nil: zeros) and returns the logits `[T*B, V]`
    /// and the state after the last step (for the next window of truncated BPTT). With
    /// `training`, dropout draws its masks from `generator`; ``backward(_:)`` then applies.
    public func forward(_ ids: [Int32], steps: Int, batch: Int, state: CarriedState?, training: Bool,
                        generator: inout SplitMix64) -> (logits: Tensor, state: CarriedState) {
        precondition(ids.count == steps * batch, "RecurrentLanguageModel.forward: \(ids.count) ids for \(steps) x \(batch)")
        lastShape = (steps, batch)
        var x = embedding.forward(ids).reshaped([steps, batch, shape.embeddingSize])
        var next = CarriedState(hidden: [], cell: [])
        for (layer, network) in layers.enumerated() {
            if layer > 0 { x = dropouts[layer - 1].forward(x, training: training, generator: &generator) }
            let run = network.forward(x, initialHidden: state?.hidden[layer], initialCell: state?.cell[layer])
            next.hidden.append(run.hidden)
            next.cell.append(run.cell)
            x = run.output
        }
        x = dropouts[layers.count - 1].forward(x, training: training, generator: &generator)
        let top = x.reshaped([steps * batch, shape.hiddenSize])
        if let output { return (output.forward(top), next) }
        let projected = projection?.forward(top) ?? top
        lastProjected = projected
        let (rows, vocabulary) = (steps * batch, shape.vocabularySize)
        let logits = Tensor(zeros: [rows, vocabulary])
        for row in 0..<rows { (logits.pointer + row * vocabulary).update(from: tiedBias!.pointer, count: vocabulary) }
        BLAS.gemm(projected.pointer, embedding.weight.pointer, transposeB: true, logits.pointer,
                  m: rows, n: vocabulary, k: shape.embeddingSize, beta: 1)
        return (logits, next)
    }

    /// Back-propagates `logitsGradient` `[T*B, V]` through the last ``forward(_:steps:batch:state:training:generator:)``,
    /// adding into the parameter gradients. The carried state is treated as a constant
    /// (truncated BPTT).
    public func backward(_ logitsGradient: Tensor) {
        let (steps, batch) = lastShape
        var top: Tensor
        if let output {
            top = output.backward(logitsGradient)
        } else {
            guard let projected = lastProjected else { preconditionFailure("RecurrentLanguageModel.backward before forward") }
            let (rows, vocabulary, width) = (steps * batch, shape.vocabularySize, shape.embeddingSize)
            for row in 0..<rows { BLAS.axpy(logitsGradient.pointer + row * vocabulary, tiedBiasGradient!.pointer, count: vocabulary) }
            // dE += dLogits^T p (the output side of the tied table), dp = dLogits E.
            BLAS.gemm(logitsGradient.pointer, transposeA: true, projected.pointer, embedding.gradWeight.pointer,
                      m: vocabulary, n: width, k: rows, beta: 1)
            let projectedGradient = Tensor(zeros: [rows, width])
            BLAS.gemm(logitsGradient.pointer, embedding.weight.pointer, projectedGradient.pointer, m: rows, n: width, k: vocabulary)
            top = projection?.backward(projectedGradient) ?? projectedGradient
        }
        var gradient = dropouts[layers.count - 1].backward(top.reshaped([steps, batch, shape.hiddenSize]))
        for layer in layers.indices.reversed() {
            gradient = layers[layer].backward(outputGradient: gradient).input
            if layer > 0 { gradient = dropouts[layer - 1].backward(gradient) }
        }
        embedding.backward(gradient.reshaped([steps * batch, shape.embeddingSize]))
    }

    /// The model's negative log-likelihood of a stream of ids, in nats per prediction: every id
    /// after the first is predicted from those before it. The predictions are cut into up to 32
    /// contiguous stripes run side by side (each starting from the zero state, as the first id
    /// does), so a long text is measured at batch speed; the result depends only on the ids, so
    /// an evaluate command and training's validation agree exactly.
    ///
    /// `counted(target)` says whether the prediction of a target id counts (nil: all do);
    /// `progress(done, total)` reports predictions measured.
    public func negativeLogLikelihood(of ids: [Int32], counted: ((Int32) -> Bool)? = nil,
                                      progress: ((Int, Int) -> Void)? = nil) -> (natsPerPrediction: Double, predictions: Int) {
        let predictions = ids.count - 1
        guard predictions > 0 else { return (0, 0) }
        let stripes = min(32, max(1, predictions / 256))
        let stripeLength = (predictions + stripes - 1) / stripes
        let chunk = 128
        var total: Double = 0
        var countedTotal = 0
        var state: CarriedState?
        var generator = SplitMix64(seed: 0)   // unused: no dropout in evaluation
        for start in stride(from: 0, to: stripeLength, by: chunk) {
            let steps = min(chunk, stripeLength - start)
            var inputs = [Int32](repeating: 0, count: steps * stripes)
            var targets = [Int](repeating: SoftmaxCrossEntropy.ignoredLabel, count: steps * stripes)
            for t in 0..<steps {
                for stripe in 0..<stripes {
                    let position = stripe * stripeLength + start + t   // the input's index in ids
                    guard position + 1 < ids.count else { continue }
                    inputs[t * stripes + stripe] = ids[position]
                    if counted?(ids[position + 1]) ?? true { targets[t * stripes + stripe] = Int(ids[position + 1]) }
                }
            }
            let run = forward(inputs, steps: steps, batch: stripes, state: state, training: false, generator: &generator)
            state = run.state
            let loss = SoftmaxCrossEntropy.evaluate(run.logits, labels: targets)
            total += Double(loss.loss) * Double(loss.counted)
            countedTotal += loss.counted
            progress?(min(predictions, (start + steps) * stripes), predictions)
        }
        return (countedTotal > 0 ? total / Double(countedTotal) : 0, countedTotal)
    }

    // MARK: One id at a time (generation, typing)

    /// A zero state for ``advance(_:state:)``.
    public func makeStepState() -> LanguageModelStepState {
        LanguageModelStepState(layers: layers.map { $0.makeState() }, vocabularySize: shape.vocabularySize,
                               projectionSize: projection == nil ? 0 : shape.embeddingSize)
    }

    /// Feeds `id` and updates `state`'s recurrent part only: the context moves on, no logits are
    /// computed (for feeding a prime or the words before the one being predicted).
    public func feed(_ id: Int, state: LanguageModelStepState) {
        var input = UnsafePointer(embedding.row(id))
        for (layer, network) in layers.enumerated() {
            input = UnsafePointer(network.step(input, state: state.layers[layer]))
        }
    }

    /// Feeds `id` and returns the logits of the next id (`V` floats, owned by `state`). No
    /// allocation.
    @discardableResult
    public func advance(_ id: Int, state: LanguageModelStepState) -> UnsafeMutablePointer<Float> {
        feed(id, state: state)
        computeLogits(state: state)
        return state.logits.pointer
    }

    /// The logits of the next id after what `state` has been fed, into `state.logits`.
    public func computeLogits(state: LanguageModelStepState) {
        let top = UnsafePointer(state.layers[layers.count - 1].output)
        if let output {
            output.apply(top, into: state.logits.pointer)
            return
        }
        var input = top
        if let projection, let projected = state.projected {
            projection.apply(top, into: projected.pointer)
            input = UnsafePointer(projected.pointer)
        }
        state.logits.pointer.update(from: tiedBias!.pointer, count: shape.vocabularySize)
        BLAS.gemv(embedding.weight.pointer, rows: shape.vocabularySize, columns: shape.embeddingSize, input,
                  state.logits.pointer, beta: 1)
    }

    /// The top layer's output `[H]` after what `state` has been fed, projected to `[E]` when the
    /// output is tied through a projection: the vector the output weights multiply.
    public func outputFeatures(state: LanguageModelStepState) -> UnsafePointer<Float> {
        let top = UnsafePointer(state.layers[layers.count - 1].output)
        guard let projection, let projected = state.projected else { return top }
        projection.apply(top, into: projected.pointer)
        return UnsafePointer(projected.pointer)
    }

    /// The output weights `[V, F]` (F = H untied, E tied) and bias `[V]`, for a caller that scores
    /// ids itself (a quantized copy, a shortlist).
    public var outputWeights: (weight: Tensor, bias: Tensor) {
        if let output { return (output.weight, output.bias) }
        return (embedding.weight, tiedBias!)
    }
}

/// The sizes of a ``RecurrentLanguageModel``.
public struct LanguageModelShape: Equatable, Sendable {
    public var vocabularySize: Int
    public var cell: RecurrentCell
    public var layers: Int
    public var embeddingSize: Int
    public var hiddenSize: Int
    /// Dropout probability on the input of every layer above the first and on the top layer's
    /// output (Zaremba et al. 2014: non-recurrent connections only). Training only.
    public var dropout: Float
    /// Whether the output layer is the embedding (see ``RecurrentLanguageModel``).
    public var tiedOutput: Bool

    public init(vocabularySize: Int, cell: RecurrentCell, layers: Int, embeddingSize: Int, hiddenSize: Int,
                dropout: Float, tiedOutput: Bool = false) {
        self.vocabularySize = vocabularySize
        self.cell = cell
        self.layers = layers
        self.embeddingSize = embeddingSize
        self.hiddenSize = hiddenSize
        self.dropout = dropout
        self.tiedOutput = tiedOutput
    }

    /// A lower bound of the parameters a model of this shape has: the embedding and the recurrent
    /// weights (biases and the output layer left out). For sizes that pass ``problem``, it cannot
    /// overflow. A loader checks a file against it before allocating the model
    /// (``ModelFile/requireValues(atLeast:describedBy:)``).
    public var minimumParameterCount: Int {
        var count = vocabularySize * embeddingSize
        for layer in 0..<layers {
            let input = layer == 0 ? embeddingSize : hiddenSize
            count += cell.gateCount * hiddenSize * (input + hiddenSize)
        }
        return count
    }

    /// The first problem with these sizes, as a sentence, or nil.
    public var problem: String? {
        if vocabularySize < 1 { return "the vocabulary must not be empty" }
        if layers < 1 || layers > 16 { return "the number of layers must be between 1 and 16, not \(layers)" }
        if hiddenSize < 1 || hiddenSize > 8192 { return "the hidden size must be between 1 and 8192, not \(hiddenSize)" }
        if embeddingSize < 1 || embeddingSize > 8192 { return "the embedding size must be between 1 and 8192, not \(embeddingSize)" }
        if !(dropout >= 0 && dropout < 1) { return "the dropout probability must be in [0, 1), not \(dropout)" }
        return nil
    }
}

/// The recurrent state carried from one window of truncated BPTT to the next: per layer, the
/// hidden state `[1, B, H]` and (LSTM) the cell state.
public struct CarriedState {
    public var hidden: [Tensor]
    public var cell: [Tensor?]

    public init(hidden: [Tensor], cell: [Tensor?]) {
        self.hidden = hidden
        self.cell = cell
    }

    /// The tensors a checkpoint stores (`hidden_l0`, `cell_l0`, ...).
    public var checkpointTensors: [(name: String, tensor: Tensor)] {
        var tensors: [(name: String, tensor: Tensor)] = []
        for layer in hidden.indices {
            tensors.append(("hidden_l\(layer)", hidden[layer]))
            if let cell = cell[layer] { tensors.append(("cell_l\(layer)", cell)) }
        }
        return tensors
    }

    /// The state ``checkpointTensors`` stored for `layers` layers of `[1, batch, hidden]` (nil when
    /// none was stored: the run was at an epoch start), or the problem with it as a sentence.
    public static func restore(from tensors: [String: Tensor], layers: Int, batch: Int, hiddenSize: Int,
                               hasCellState: Bool) -> Result<CarriedState?, CarriedStateProblem> {
        guard tensors["hidden_l0"] != nil else { return .success(nil) }
        var state = CarriedState(hidden: [], cell: [])
        let shape = [1, batch, hiddenSize]
        for layer in 0..<layers {
            guard let hidden = tensors["hidden_l\(layer)"], hidden.shape == shape else {
                return .failure(CarriedStateProblem(description: "its carried state of layer \(layer) is missing or has another shape"))
            }
            state.hidden.append(hidden.copy())
            let cell = tensors["cell_l\(layer)"]
            if hasCellState, cell?.shape != shape {
                return .failure(CarriedStateProblem(description: "its carried cell state of layer \(layer) is missing or has another shape"))
            }
            state.cell.append(hasCellState ? cell?.copy() : nil)
        }
        return .success(state)
    }
}

/// Why a checkpoint's carried state cannot be restored.
public struct CarriedStateProblem: Error, Equatable {
    public var description: String
}

/// What batch-1 stepping keeps between ids, allocated once: each layer's recurrent state, the
/// projected output `[E]` (tied output with a projection) and the logits `[V]` of the next id.
public final class LanguageModelStepState {
    public let layers: [RecurrentState]
    public let logits: Tensor
    let projected: Tensor?

    init(layers: [RecurrentState], vocabularySize: Int, projectionSize: Int) {
        self.layers = layers
        logits = Tensor(zeros: [vocabularySize])
        projected = projectionSize > 0 ? Tensor(zeros: [projectionSize]) : nil
    }

    /// Back to the start of a text.
    public func reset() {
        for layer in layers { layer.reset() }
        logits.fill(0)
    }

    /// Makes this state equal to `other` (same model), without allocating.
    public func assign(_ other: LanguageModelStepState) {
        for (mine, theirs) in zip(layers, other.layers) { mine.assign(theirs) }
        logits.assign(other.logits)
    }

    /// An independent copy.
    public func copy() -> LanguageModelStepState {
        let result = LanguageModelStepState(layers: layers.map { $0.copy() }, vocabularySize: logits.count,
                                            projectionSize: projected?.count ?? 0)
        result.assign(self)
        return result
    }
}
