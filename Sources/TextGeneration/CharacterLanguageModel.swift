import Foundation
import RecurrentCore
import VocabularyStore

/// A character language model over Swift `Character`s (grapheme clusters): embedding, stacked
/// recurrent layers with dropout between them and on top, a linear layer to one score per
/// character of the vocabulary, softmax.
///
/// Shapes: T steps, B streams, E embedding, H hidden, V vocabulary size. Batches are time-major:
/// character `t` of stream `b` is `ids[t * B + b]`; logits are `[T*B, V]` in the same order.
/// Id 0 is the unknown character (`<unk>`): it is in the output layer (PyTorch-style fixed
/// vocabulary) but generation never emits it.
///
/// Parameter names (and model-file tensor names) follow PyTorch: `embedding.weight`,
/// `rnn.weight_ih_l0` ... `rnn.bias_hh_l{L-1}`, `output.weight`, `output.bias`.
public final class CharacterLanguageModel {
    /// The model-file kind.
    public static let kind = "textgen"

    public let configuration: CharacterModelConfiguration
    public let vocabulary: Vocabulary
    let embedding: Embedding
    /// One single-layer network per layer, so dropout can sit between them.
    let layers: [RecurrentNetwork]
    /// `dropouts[l]` acts on the input of layer `l + 1`; the last one on the top layer's output.
    let dropouts: [Dropout]
    let output: Linear
    private var lastShape = (steps: 0, batch: 0)

    /// A model of zeros: call ``initialize(seed:)`` or load parameters before use.
    public init(configuration: CharacterModelConfiguration, vocabulary: Vocabulary) {
        precondition(configuration.problem == nil, "CharacterLanguageModel: \(configuration.problem ?? "")")
        self.configuration = configuration
        self.vocabulary = vocabulary
        embedding = Embedding(vocabularySize: vocabulary.count, embeddingSize: configuration.embeddingSize)
        layers = (0..<configuration.layers).map { layer in
            RecurrentNetwork(cell: configuration.cell,
                             inputSize: layer == 0 ? configuration.embeddingSize : configuration.hiddenSize,
                             hiddenSize: configuration.hiddenSize)
        }
        dropouts = (0..<configuration.layers).map { _ in Dropout(probability: configuration.dropout) }
        output = Linear(inputSize: configuration.hiddenSize, outputSize: vocabulary.count)
    }

    /// PyTorch's default initialisation from `seed` (LSTM forget-gate bias 1, as char-rnn).
    public func initialize(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        embedding.initialize(using: &generator)
        for network in layers { network.initialize(using: &generator, forgetBias: 1) }
        output.initialize(using: &generator)
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Every parameter with its gradient, under the model file's names.
    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] {
        var result = embedding.parameters.map { ("embedding." + $0.name, $0.value, $0.gradient) }
        for (index, network) in layers.enumerated() {
            // Each network has one layer, named `_l0` by PyTorch's convention: renumber.
            result += network.parameters.map { ("rnn." + $0.name.dropLast() + String(index), $0.value, $0.gradient) }
        }
        result += output.parameters.map { ("output." + $0.name, $0.value, $0.gradient) }
        return result
    }

    public func zeroGradients() {
        embedding.zeroGradients()
        for network in layers { network.zeroGradients() }
        output.gradWeight.fill(0)
        output.gradBias.fill(0)
    }

    // MARK: Sequences (training and evaluation)

    /// Runs `ids` (time-major `[T*B]`) from `state` (nil: zeros) and returns the logits `[T*B, V]`
    /// and the state after the last step (for the next window of truncated BPTT). With
    /// `training`, dropout draws its masks from `generator`; ``backward(_:)`` then applies.
    public func forward(_ ids: [Int32], steps: Int, batch: Int, state: CarriedState?, training: Bool,
                        generator: inout SplitMix64) -> (logits: Tensor, state: CarriedState) {
        precondition(ids.count == steps * batch, "CharacterLanguageModel.forward: \(ids.count) ids for \(steps) x \(batch)")
        lastShape = (steps, batch)
        let hiddenSize = configuration.hiddenSize
        var x = embedding.forward(ids).reshaped([steps, batch, configuration.embeddingSize])
        var next = CarriedState(hidden: [], cell: [])
        for (layer, network) in layers.enumerated() {
            if layer > 0 { x = dropouts[layer - 1].forward(x, training: training, generator: &generator) }
            let run = network.forward(x, initialHidden: state?.hidden[layer], initialCell: state?.cell[layer])
            next.hidden.append(run.hidden)
            next.cell.append(run.cell)
            x = run.output
        }
        x = dropouts[layers.count - 1].forward(x, training: training, generator: &generator)
        return (output.forward(x.reshaped([steps * batch, hiddenSize])), next)
    }

    /// Back-propagates `logitsGradient` `[T*B, V]` through the last ``forward(_:steps:batch:state:training:generator:)``,
    /// adding into the parameter gradients. The carried state is treated as a constant
    /// (truncated BPTT).
    public func backward(_ logitsGradient: Tensor) {
        let (steps, batch) = lastShape
        var gradient = output.backward(logitsGradient).reshaped([steps, batch, configuration.hiddenSize])
        gradient = dropouts[layers.count - 1].backward(gradient)
        for layer in layers.indices.reversed() {
            gradient = layers[layer].backward(outputGradient: gradient).input
            if layer > 0 { gradient = dropouts[layer - 1].backward(gradient) }
        }
        embedding.backward(gradient.reshaped([steps * batch, configuration.embeddingSize]))
    }

    /// The model's negative log-likelihood of a text, in nats per predicted character: every
    /// character after the first is predicted from those before it. The predictions are cut into
    /// up to 32 contiguous stripes run side by side (each starting from the zero state, as the
    /// first character does), so a long text is measured at batch speed; the result depends only
    /// on the ids, and `textgen evaluate` and training's validation agree exactly.
    ///
    /// `progress(done, total)` reports predictions measured.
    public func negativeLogLikelihood(of ids: [Int32], progress: ((Int, Int) -> Void)? = nil) -> (natsPerCharacter: Double, predictions: Int) {
        let predictions = ids.count - 1
        guard predictions > 0 else { return (0, 0) }
        let stripes = min(32, max(1, predictions / 256))
        let stripeLength = (predictions + stripes - 1) / stripes
        let chunk = 128
        var total: Double = 0
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
                    targets[t * stripes + stripe] = Int(ids[position + 1])
                }
            }
            let run = forward(inputs, steps: steps, batch: stripes, state: state, training: false, generator: &generator)
            state = run.state
            let loss = SoftmaxCrossEntropy.evaluate(run.logits, labels: targets)
            total += Double(loss.loss) * Double(loss.counted)
            progress?(min(predictions, (start + steps) * stripes), predictions)
        }
        return (total / Double(predictions), predictions)
    }

    // MARK: One character at a time (generation)

    /// A zero state for ``advance(_:state:)``.
    public func makeGenerationState() -> GenerationState {
        GenerationState(layers: layers.map { $0.makeState() }, vocabularySize: vocabulary.count)
    }

    /// Feeds character `id` and returns the logits of the next character (`V` floats, owned by
    /// `state`). No allocation.
    @discardableResult
    public func advance(_ id: Int, state: GenerationState) -> UnsafeMutablePointer<Float> {
        var input = UnsafePointer(embedding.row(id))
        for (layer, network) in layers.enumerated() {
            input = UnsafePointer(network.step(input, state: state.layers[layer]))
        }
        output.apply(input, into: state.logits.pointer)
        return state.logits.pointer
    }
}

/// The recurrent state carried from one window of truncated BPTT to the next: per layer, the
/// hidden state `[1, B, H]` and (LSTM) the cell state.
public struct CarriedState {
    public var hidden: [Tensor]
    public var cell: [Tensor?]
}

/// What batch-1 generation keeps between characters, allocated once: each layer's recurrent
/// state and the logits `[V]` of the next character.
public final class GenerationState {
    let layers: [RecurrentState]
    public let logits: Tensor

    init(layers: [RecurrentState], vocabularySize: Int) {
        self.layers = layers
        logits = Tensor(zeros: [vocabularySize])
    }

    /// Back to the start of a text.
    public func reset() {
        for layer in layers { layer.reset() }
        logits.fill(0)
    }
}
