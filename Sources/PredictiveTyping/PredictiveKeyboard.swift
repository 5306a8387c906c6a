import Foundation
import RecurrentCore
import Tokenization

/// The predictive-typing engine: a ``WordLanguageModel`` read one word at a time, a
/// ``PrefixIndex`` of the words it can complete, and the user's ``PersonalModel``.
///
/// Each call gets the whole line, but only new words cost model steps: the model state after the
/// line's context (every word before the one being typed) is kept, and a keystroke inside a word
/// reuses it and its probabilities; a finished word costs one step; only editing back into the
/// context (Backspace over a space, Ctrl-U) replays the line from its start.
///
/// The output layer runs on int8 weights by default (``QuantizedLinear``, its eight largest
/// scores refined): a quarter of the bytes a step streams, the top suggestions as Float32 would
/// rank them; `outputPrecision: .float32` keeps the exact layer.
///
/// Scores mix three estimates of the next word (linear interpolation, weights growing with the
/// evidence): the model's probability (for a lexicon word outside the vocabulary, `<unk>`'s
/// probability shared by corpus counts), how often the user typed it after the previous word,
/// and how often the user typed it at all.
public final class PredictiveKeyboard: TypingAssistant {
    public let model: WordLanguageModel
    public let personal: PersonalModel
    /// Private mode: nothing is learned or written (suggestions still use what was learned before).
    public var isPrivate: Bool
    /// Where the model was read from, for ``statistics``.
    public var modelName = "model"

    private let typing: TypingText
    private var index: PrefixIndex
    private let spelling: SpellingModel
    private let lexiconTotal: Double
    /// Whether an id is a word a keyboard suggests (not `<unk>`, `</s>`, punctuation or symbols).
    private let suggestible: [Bool]
    private let startState: LanguageModelStepState
    private let state: LanguageModelStepState
    /// The context the state has read: its text and its folded tokens (after the line start).
    private var contextText: Substring = ""
    private var contextTokens: [String] = []
    /// The most context tokens a replay feeds (see ``moveContext(to:)``).
    static let maximumReplay = 256
    /// Softmax of the model's scores after the context, `[V]`.
    private let probabilities: Tensor
    private var probabilitiesReady = false
    private let quantizedOutput: QuantizedLinear?

    /// The arithmetic of the output layer.
    public enum OutputPrecision: String, Sendable, CaseIterable {
        case int8, float32
    }

    public init(model: WordLanguageModel, personal: PersonalModel, isPrivate: Bool = false,
                outputPrecision: OutputPrecision = .int8) throws {
        self.model = model
        self.personal = personal
        self.isPrivate = isPrivate
        typing = try TypingText()
        index = PrefixIndex(vocabulary: model.vocabulary.tokens, specials: model.vocabulary.specials.count, lexicon: model.lexicon.extra)
        let vocabulary = model.vocabulary
        spelling = SpellingModel(words: index.entries.lazy.compactMap { entry -> (word: String, count: Int)? in
            if entry.vocabularyID != nil { return (entry.word, max(1, vocabulary.count(of: entry.word))) }
            return entry.lexiconCount.map { (entry.word, $0) }
        })
        lexiconTotal = Double(max(1, model.lexicon.extra.values.reduce(0, +)))
        suggestible = model.vocabulary.tokens.enumerated().map { id, word in
            id != model.vocabulary.unknownID && id != model.endOfSentenceID && WordForm.isSuggestible(word)
        }
        startState = model.network.makeStepState()
        model.network.feed(model.endOfSentenceID, state: startState)
        state = startState.copy()
        probabilities = Tensor(zeros: [model.vocabulary.count])
        if outputPrecision == .int8 {
            let output = model.network.outputWeights
            quantizedOutput = QuantizedLinear(weight: output.weight.pointer, bias: output.bias.pointer,
                                              outputSize: output.weight.shape[0], inputSize: output.weight.shape[1],
                                              refinedOutputs: 8)
        } else {
            quantizedOutput = nil
        }
        for word in personal.words.keys { index.upsert(word) { $0.isPersonal = true } }
    }

    // MARK: Suggestions

    public func suggestions(forLine line: String, count: Int) -> [String] {
        guard count > 0 else { return [] }
        let (context, prefix) = split(line)
        moveContext(to: context)
        let previous = contextTokens.last.flatMap { WordForm.isSuggestible($0) ? $0 : nil }
        let sentenceStart = contextTokens.last.map(WordForm.endsSentence) ?? true
        // A few more than asked, since two words may be written alike ("us", "US").
        var best = TopScores<String>(capacity: count + 4)
        if prefix.isEmpty {
            for id in topIDs(count + 8) {
                let word = model.vocabulary.tokens[id]
                best.insert(word, score: score(word, entry: index.entry(word), previous: previous))
            }
            if let previous {
                for word in personal.followers(of: previous, limit: count) {
                    best.insert(word, score: score(word, entry: index.entry(word), previous: previous))
                }
            }
        } else {
            let folded = WordForm.folded(prefix)
            let matches = index.entries(withPrefix: folded)
            for entry in matches {
                best.insert(entry.word, score: score(entry.word, entry: entry, previous: previous))
            }
            // Nothing known starts so: the spelling model's endings.
            if matches.isEmpty && folded.count >= 2 {
                for (rank, word) in spelling.completions(of: folded, count: count).enumerated() {
                    best.insert(word, score: -Double(1 + rank))
                }
            }
        }
        var result: [String] = []
        for (word, _) in best.items where result.count < count {
            let written = SuggestionCasing.apply(display: display(of: word), typedPrefix: String(prefix), sentenceStart: sentenceStart)
            if !result.contains(written) { result.append(written) }
        }
        return result
    }

    public func applying(_ suggestion: String, toLine line: String) -> String {
        let (context, prefix) = split(line)
        let joinsPunctuation = prefix.isEmpty && context.last.map { ",.;:!?".contains($0) } == true
        return String(context) + (joinsPunctuation ? " " : "") + suggestion + " "
    }

    /// The line's context (everything before the word being typed) and that word's typed part
    /// (empty after a space or punctuation).
    func split(_ line: String) -> (context: Substring, prefix: Substring) {
        guard let last = line.last, !last.isWhitespace else { return (line[...], "") }
        let runStart = line.lastIndex(where: \.isWhitespace).map { line.index(after: $0) } ?? line.startIndex
        let run = String(line[runStart...])
        guard let token = typing.tokens(in: run).last, token.surface.endIndex == run.endIndex,
              WordForm.isSuggestible(token.folded) else { return (line[...], "") }
        let offset = run.distance(from: run.startIndex, to: token.surface.startIndex)
        let prefixStart = line.index(runStart, offsetBy: offset)
        return (line[..<prefixStart], line[prefixStart...])
    }

    /// Brings the model state to just after `context`: nothing when it is the context already
    /// read, the new tokens when it extends it, the whole context from the line start otherwise.
    private func moveContext(to context: Substring) {
        if context == contextText { return }
        let tokens = typing.tokens(in: String(context)).map(\.folded)
        var fed = contextTokens.count
        if !tokens.starts(with: contextTokens) {
            // A replay reads at most the last `maximumReplay` tokens: the state forgets older
            // words anyway, and a pasted book then costs milliseconds, not minutes.
            state.assign(startState)
            fed = max(0, tokens.count - Self.maximumReplay)
        }
        for token in tokens.dropFirst(fed) {
            model.network.feed(model.vocabulary.id(for: token), state: state)
            if WordForm.endsSentence(token) { model.network.feed(model.endOfSentenceID, state: state) }
        }
        contextTokens = tokens
        contextText = context
        probabilitiesReady = false
    }

    /// The model's next-word probabilities after the context.
    private func modelProbabilities() -> UnsafeMutablePointer<Float> {
        if !probabilitiesReady {
            if let quantizedOutput {
                quantizedOutput.apply(model.network.outputFeatures(state: state), into: probabilities.pointer)
            } else {
                model.network.computeLogits(state: state)
                probabilities.assign(state.logits)
            }
            VectorMath.softmax(probabilities.pointer, count: probabilities.count)
            probabilitiesReady = true
        }
        return probabilities.pointer
    }

    /// The `k` most probable suggestible ids.
    private func topIDs(_ k: Int) -> [Int] {
        let p = modelProbabilities()
        var best = TopScores<Int>(capacity: k)
        for id in 0..<probabilities.count where suggestible[id] && best.admits(Double(p[id])) {
            best.insert(id, score: Double(p[id]))
        }
        return best.items.map(\.key)
    }

    /// The mixed probability of `word` after the context (see the type's comment).
    private func score(_ word: String, entry: PrefixIndex.Entry?, previous: String?) -> Double {
        let p = modelProbabilities()
        var modelProbability = 0.0
        if let id = entry?.vocabularyID {
            modelProbability = Double(p[id])
        } else if let count = entry?.lexiconCount {
            modelProbability = Double(p[model.vocabulary.unknownID]) * Double(count) / lexiconTotal
        }
        if personal.totalCount == 0 { return modelProbability }
        var pairWeight = 0.0, pairProbability = 0.0
        if let previous {
            let pair = personal.pairCount(previous, word)
            if pair.total > 0 {
                pairWeight = 0.6 * Double(pair.total) / Double(pair.total + 2)
                pairProbability = Double(pair.count) / Double(pair.total)
            }
        }
        var wordWeight = 0.0, wordProbability = 0.0
        if personal.totalCount > 0 {
            wordWeight = 0.2 * Double(personal.totalCount) / Double(personal.totalCount + 100)
            wordProbability = Double(personal.words[word]?.count ?? 0) / Double(personal.totalCount)
        }
        return (1 - pairWeight - wordWeight) * modelProbability + pairWeight * pairProbability + wordWeight * wordProbability
    }

    /// How `word` is written: the user's way when they typed it, else the corpus's usual way.
    private func display(of word: String) -> String {
        personal.words[word]?.display ?? model.lexicon.displayForm(of: word)
    }

    // MARK: Learning

    public func learn(line: String) throws {
        guard !isPrivate else { return }
        learnTokens(typing.tokens(in: line))
        try personal.save()
    }

    public func learn(file path: String) throws -> String {
        guard !isPrivate else { return "private mode is on: nothing learned (:private off to learn)" }
        let before = personal.totalCount
        for sentence in try PersonalModel.sentences(inFile: path, typing: typing) { learnTokens(sentence) }
        try personal.save()
        return "learned \(personal.totalCount - before) words from \(path)"
    }

    private func learnTokens(_ tokens: [(surface: Substring, folded: String)]) {
        personal.learn(tokens)
        for token in tokens where WordForm.isSuggestible(token.folded) {
            index.upsert(token.folded) { $0.isPersonal = true }
        }
    }

    /// Forgets `word` in memory and on disk, even in private mode: deleting is what was asked.
    public func forget(word: String) throws -> String {
        let folded = WordForm.folded(word.trimmingCharacters(in: .whitespaces))
        guard !folded.isEmpty else { return "usage: :forget WORD" }
        let known = personal.forget(folded)
        index.removePersonal(folded)
        try personal.save()
        let place = personal.path.map { " (removed from \($0))" } ?? ""
        return known ? "forgot \"\(folded)\"\(place)" : "\"\(folded)\" was not in the personal model"
    }

    public var statistics: [String] {
        let c = model.configuration
        return [
            "model: \(modelName): \(c.layers)x\(c.hiddenSize) \(c.cell.rawValue.uppercased()), \(model.vocabulary.count) words "
                + "+ \(model.lexicon.extra.count) rarer ones for completion",
            "personal: \(personal.words.count) words, \(personal.pairCount) word pairs"
                + (personal.path.map { " in \($0)" } ?? " (memory only)"),
            "private mode: \(isPrivate ? "on (nothing is learned or written)" : "off")",
        ]
    }
}
