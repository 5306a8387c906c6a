import Foundation
import RecurrentCore
import VocabularyStore

/// A word language model for predictive typing: a ``RecurrentLanguageModel`` over the folded
/// tokens of ``TypingText`` (id 0 `<unk>`, id 1 `</s>`), with the ``WordLexicon`` that tells how
/// words are written and which rarer words exist.
///
/// Parameter names are ``RecurrentLanguageModel``'s.
public final class WordLanguageModel {
    /// The model-file kind.
    public static let kind = "autocomplete"
    /// The specials of a word vocabulary: `<unk>` = 0, `</s>` = 1 (ends a sentence and starts the next).
    public static let specials = SpecialTokens(unknown: "<unk>", endOfSequence: "</s>")

    public let configuration: WordModelConfiguration
    public let vocabulary: Vocabulary
    public let lexicon: WordLexicon
    public let network: RecurrentLanguageModel

    /// A model of zeros: call ``initialize(seed:)`` or load parameters before use.
    public init(configuration: WordModelConfiguration, vocabulary: Vocabulary, lexicon: WordLexicon) {
        precondition(configuration.problem == nil, "WordLanguageModel: \(configuration.problem ?? "")")
        precondition(vocabulary.specials == Self.specials, "WordLanguageModel: the vocabulary needs <unk> and </s>")
        self.configuration = configuration
        self.vocabulary = vocabulary
        self.lexicon = lexicon
        network = RecurrentLanguageModel(shape: configuration.shape(vocabularySize: vocabulary.count))
    }

    public var endOfSentenceID: Int { vocabulary.endOfSequenceID! }

    public func initialize(seed: UInt64) { network.initialize(seed: seed, forgetBias: 1) }

    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] { network.parameters }

    /// Perplexity of the model on a stream of ids (starting with `</s>`), over every prediction.
    public func perplexity(of ids: [Int32], progress: ((Int, Int) -> Void)? = nil) -> (perplexity: Double, predictions: Int) {
        let result = network.negativeLogLikelihood(of: ids, progress: progress)
        return (Foundation.exp(result.natsPerPrediction), result.predictions)
    }
}
