import PredictiveTyping

/// A `TypingAssistant` from a word list that records every call the REPL makes.
final class FakeAssistant: TypingAssistant, @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    var words = ["the", "this", "that", "there", "hello", "help", "world", "wörld", "日本語", "bad\u{1B}[2Jword"]
    var nextWords = ["and", "the", "a"]

    private(set) var suggestionRequests: [String] = []
    private(set) var appliedSuggestions: [String] = []
    private(set) var learnedLines: [String] = []
    private(set) var learnedFiles: [String] = []
    private(set) var forgottenWords: [String] = []
    var isPrivate = false
    var statistics: [String] { ["model: fake, \(words.count) words", "personal: \(learnedLines.count) lines learned"] }

    func suggestions(forLine line: String, count: Int) -> [String] {
        suggestionRequests.append(line)
        guard let last = line.last, !last.isWhitespace else { return Array(nextWords.prefix(count)) }
        let partial = String(line[partialWordStart(line)...])
        return Array(words.filter { $0.hasPrefix(partial) && $0 != partial }.prefix(count))
    }

    func applying(_ suggestion: String, toLine line: String) -> String {
        appliedSuggestions.append(suggestion)
        return line[..<partialWordStart(line)] + suggestion + " "
    }

    func learn(line: String) throws {
        if line.contains("fail") { throw Failure(description: "the personal model is read-only\nsecond line") }
        learnedLines.append(line)
    }

    func learn(file path: String) throws -> String {
        guard path.hasSuffix("notes.txt") else { throw Failure(description: "cannot read \(path): no such file") }
        learnedFiles.append(path)
        return "learned 12 words from \(path)"
    }

    func forget(word: String) throws -> String {
        forgottenWords.append(word)
        return "forgot \(word)"
    }

    private func partialWordStart(_ line: String) -> String.Index {
        line.lastIndex(where: \.isWhitespace).map { line.index(after: $0) } ?? line.startIndex
    }
}
