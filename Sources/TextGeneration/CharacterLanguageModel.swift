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
    /// The network: embedding, stacked layers, output (shared with autocomplete's word model).
    public let network: RecurrentLanguageModel

    /// A model of zeros: call ``initialize(seed:)`` or load parameters before use.
    public init(configuration: CharacterModelConfiguration, vocabulary: Vocabulary) {
        precondition(configuration.problem == nil, "CharacterLanguageModel: \(configuration.problem ?? "")")
        self.configuration = configuration
        self.vocabulary = vocabulary
        network = RecurrentLanguageModel(shape: configuration.shape(vocabularySize: vocabulary.count))
    }

    /// PyTorch's default initialisation from `seed` (LSTM forget-gate bias 1, as char-rnn).
    public func initialize(seed: UInt64) { network.initialize(seed: seed, forgetBias: 1) }

    public var parameterCount: Int { network.parameterCount }

    /// Every parameter with its gradient, under the model file's names.
    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] { network.parameters }

    public func zeroGradients() { network.zeroGradients() }

    // MARK: Sequences (training and evaluation)

    /// Runs `ids` (time-major `[T*B]`) from `state` (nil: zeros) and returns the logits `[T*B, V]`
    /// and the state after the last step; see ``RecurrentLanguageModel``.
    public func forward(_ ids: [Int32], steps: Int, batch: Int, state: CarriedState?, training: Bool,
                        generator: inout SplitMix64) -> (logits: Tensor, state: CarriedState) {
        network.forward(ids, steps: steps, batch: batch, state: state, training: training, generator: &generator)
    }

    /// Back-propagates `logitsGradient` `[T*B, V]` through the last forward, adding into the
    /// parameter gradients.
    public func backward(_ logitsGradient: Tensor) { network.backward(logitsGradient) }

    /// The model's negative log-likelihood of a text, in nats per predicted character: every
    /// character after the first is predicted from those before it (measured in stripes, see
    /// ``RecurrentLanguageModel/negativeLogLikelihood(of:counted:progress:)``), so `textgen
    /// evaluate` and training's validation agree exactly.
    public func negativeLogLikelihood(of ids: [Int32], progress: ((Int, Int) -> Void)? = nil) -> (natsPerCharacter: Double, predictions: Int) {
        let result = network.negativeLogLikelihood(of: ids, progress: progress)
        return (result.natsPerPrediction, result.predictions)
    }

    // MARK: One character at a time (generation)

    /// A zero state for ``advance(_:state:)``.
    public func makeGenerationState() -> LanguageModelStepState { network.makeStepState() }

    /// Feeds character `id` and returns the logits of the next character (`V` floats, owned by
    /// `state`). No allocation.
    @discardableResult
    public func advance(_ id: Int, state: LanguageModelStepState) -> UnsafeMutablePointer<Float> {
        network.advance(id, state: state)
    }
}
