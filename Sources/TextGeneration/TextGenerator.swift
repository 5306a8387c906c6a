import RecurrentCore

/// Generates text from a ``CharacterLanguageModel`` one character at a time (batch 1, no
/// allocation per character), after reading a prime text.
///
///     let generator = TextGenerator(model: model, options: SamplingOptions(temperature: 0.8, topP: 0.95))
///     var random = SplitMix64(seed: 7)
///     let result = generator.generate(prime: "ROMEO:", length: 200, random: &random) { print($0, terminator: "") }
public final class TextGenerator {
    public let model: CharacterLanguageModel
    public let options: SamplingOptions
    private let state: LanguageModelStepState
    private var sampler: Sampler
    /// The character of each id (`<unk>`, never emitted, as U+FFFD).
    private let characters: [Character]

    public init(model: CharacterLanguageModel, options: SamplingOptions) {
        self.model = model
        self.options = options
        state = model.makeGenerationState()
        sampler = Sampler(options: options, excluded: [model.vocabulary.unknownID])
        characters = model.vocabulary.tokens.enumerated().map { id, token in
            id == model.vocabulary.unknownID ? "\u{FFFD}" : Character(token)
        }
    }

    /// What one generation produced.
    public struct Result: Sendable, Equatable {
        /// The generated characters (the prime not included).
        public var text: String
        /// The model's log-probability of `text` given the prime, in nats (natural log), from
        /// the raw scores: what the model thinks of the text, whatever the sampling options.
        public var logProbability: Double
        /// Prime characters the model does not know; they were skipped.
        public var unknownPrimeCharacters: [Character]
    }

    /// The character a model starts from when the prime is empty (or wholly unknown): a line feed
    /// when the model knows it (texts and speeches start after one), else its most frequent
    /// character.
    public var startCharacterID: Int {
        model.vocabulary.exactID(for: "\n") ?? 1   // id 0 is <unk>; ids follow frequency
    }

    /// Reads `prime`, then generates `length` characters, handing each to `emit` as soon as it is
    /// chosen. Prime characters outside the vocabulary are skipped (and listed in the result).
    /// `random` supplies one number per generated character (none in greedy mode).
    @discardableResult
    public func generate(prime: String, length: Int, random: inout SplitMix64,
                         emit: (Character) -> Void = { _ in }) -> Result {
        state.reset()
        var unknown: [Character] = []
        var fed = 0
        var logits: UnsafeMutablePointer<Float>?
        for character in prime {
            guard let id = model.vocabulary.exactID(for: String(character)), id != model.vocabulary.unknownID else {
                unknown.append(character)
                continue
            }
            logits = model.advance(id, state: state)
            fed += 1
        }
        if fed == 0 { logits = model.advance(startCharacterID, state: state) }
        var text = ""
        var logProbability: Double = 0
        for index in 0..<length {
            let draw = options.greedy ? 0 : random.nextUnitFloat()
            let choice = sampler.choose(logits!, count: model.vocabulary.count, random: draw)
            let character = characters[choice.id]
            text.append(character)
            logProbability += Double(choice.logProbability)
            emit(character)
            if index + 1 < length { logits = model.advance(choice.id, state: state) }
        }
        return Result(text: text, logProbability: logProbability, unknownPrimeCharacters: unknown)
    }
}
