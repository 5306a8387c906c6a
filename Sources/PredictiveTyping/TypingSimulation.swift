import Foundation
import RecurrentCore
import Tokenization

/// Simulates a user typing a text with the keyboard's suggestions, key by key (`autocomplete
/// evaluate`).
///
/// Each sentence is typed from an empty line. Before every key inside or at the start of a word,
/// the simulated user looks at the `suggestions` shown; when the word they mean is among them
/// (written exactly so, case included) they pick it, which costs one key and also types the space
/// after it (when the text has a space there; before punctuation a keyboard's smart punctuation
/// removes it, so that costs nothing either). Otherwise they type the next character.
///
/// - Keystroke savings rate: `1 - keys pressed / characters of the text`.
/// - Next-word accuracy: at each word start, whether the word (folded) is the first suggestion
///   (top-1) or among the first three (top-3).
/// - Latency: every `suggestions(forLine:count:)` call, timed.
///
/// A sentence longer than ``maximumLine`` characters (text without sentence punctuation, a
/// table, one 10 MB line) is typed in pieces of at most that many, cut after a space, each from an
/// empty line: every keystroke hands the keyboard the whole line, so one endless line would take
/// time growing with the square of its length.
public struct TypingSimulation {
    public struct Report: Codable, Sendable {
        public var sentences = 0
        public var words = 0
        public var characters = 0
        public var keystrokes = 0
        public var top1 = 0
        public var top3 = 0
        public var predictedWords = 0
        public var perplexity = 0.0
        public var latencyMedianMicroseconds = 0.0
        public var latencyP99Microseconds = 0.0
        public var calls = 0
        public var suggestions = 3

        public var keystrokeSavings: Double { characters == 0 ? 0 : 1 - Double(keystrokes) / Double(characters) }
        public var top1Accuracy: Double { predictedWords == 0 ? 0 : Double(top1) / Double(predictedWords) }
        public var top3Accuracy: Double { predictedWords == 0 ? 0 : Double(top3) / Double(predictedWords) }
    }

    public let keyboard: PredictiveKeyboard
    public let suggestions: Int
    private let typing: TypingText

    /// The longest line typed, in characters (a long sentence holds about 300).
    public static let maximumLine = 1_000

    public init(keyboard: PredictiveKeyboard, suggestions: Int = 3) throws {
        self.keyboard = keyboard
        self.suggestions = suggestions
        typing = try TypingText()
    }

    /// Types every sentence of the file at `path` (read as ``WordCorpus`` reads a corpus; the
    /// perplexity is over its tokens, `pretokenized` or cut by ICU).
    /// `progress(done, total)` reports sentences.
    public func run(path: String, pretokenized: Bool = false, progress: ((Int, Int) -> Void)? = nil) throws -> Report {
        let sentences = try WordCorpus.readSentences(path: path, pretokenized: pretokenized)
        var report = Report()
        report.suggestions = suggestions
        var latencies: [Double] = []
        for (number, sentence) in sentences.enumerated() {
            type(sentence, into: &report, latencies: &latencies)
            progress?(number + 1, sentences.count)
        }
        latencies.sort()
        if !latencies.isEmpty {
            report.latencyMedianMicroseconds = latencies[latencies.count / 2] * 1e6
            report.latencyP99Microseconds = latencies[min(latencies.count - 1, latencies.count * 99 / 100)] * 1e6
        }
        report.calls = latencies.count
        let corpus = WordCorpus(path: path, sentences: sentences, typingText: typing, pretokenized: pretokenized)
        report.perplexity = keyboard.model.perplexity(of: corpus.stream(vocabulary: keyboard.model.vocabulary)).perplexity
        return report
    }

    /// Types one sentence, in pieces of at most ``maximumLine`` characters.
    func type(_ sentence: String, into report: inout Report, latencies: inout [Double]) {
        report.sentences += 1
        var rest = sentence[...]
        while let limit = rest.index(rest.startIndex, offsetBy: Self.maximumLine, limitedBy: rest.endIndex), limit < rest.endIndex {
            let cut = rest[..<limit].lastIndex(where: \.isWhitespace).map { rest.index(after: $0) } ?? limit
            typeLine(String(rest[..<cut]), into: &report, latencies: &latencies)
            rest = rest[cut...]
        }
        typeLine(String(rest), into: &report, latencies: &latencies)
    }

    /// Types `sentence` (or a piece of one) from an empty line.
    private func typeLine(_ sentence: String, into report: inout Report, latencies: inout [Double]) {
        let text = Array(sentence)
        // Where each suggestible word starts and ends, in Characters.
        var wordAt: [Int: Int] = [:]   // start -> end
        var wordStarts: [Int] = []
        var offset = 0
        var cursor = sentence.startIndex
        for token in typing.tokens(in: sentence) where WordForm.isSuggestible(token.folded) {
            offset += sentence.distance(from: cursor, to: token.surface.startIndex)
            let length = token.surface.count
            wordAt[offset] = offset + length
            wordStarts.append(offset)
            offset += length
            cursor = token.surface.endIndex
        }
        report.words += wordStarts.count
        report.characters += text.count
        var line = ""
        var position = 0
        var currentWord: (start: Int, end: Int)?
        func ask() -> [String] {
            let start = DispatchTime.now().uptimeNanoseconds
            let shown = keyboard.suggestions(forLine: line, count: suggestions)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            return shown
        }
        while position < text.count {
            if let end = wordAt[position] { currentWord = (position, end) }
            if let word = currentWord, position >= word.end { currentWord = nil }
            if let word = currentWord {
                let shown = ask()
                let intended = String(text[word.start..<word.end])
                if position == word.start {
                    report.predictedWords += 1
                    let folded = shown.map(WordForm.folded)
                    if folded.first == WordForm.folded(intended) { report.top1 += 1 }
                    if folded.prefix(3).contains(WordForm.folded(intended)) { report.top3 += 1 }
                }
                if shown.contains(intended) {
                    report.keystrokes += 1
                    line = String(text[0..<word.end])
                    position = word.end
                    currentWord = nil
                    if position < text.count && text[position] == " " {
                        line.append(" ")
                        position += 1
                    }
                    continue
                }
            }
            line.append(text[position])
            position += 1
            report.keystrokes += 1
        }
    }
}
