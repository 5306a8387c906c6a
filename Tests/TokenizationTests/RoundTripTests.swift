import Foundation
import Testing
import Tokenization
import _TestSupport

/// Every unit, with and without whitespace tokens, rebuilds real corpora exactly.
@Suite struct RoundTripTests {
    static func check(_ text: String) throws {
        for unit in TokenUnit.allCases {
            let kept = try Tokenizer(unit: unit).tokens(in: text)
            #expect(Rebuild.concatenating(kept, of: text) == text, "\(unit) with whitespace tokens")
            let omitted = try Tokenizer(unit: unit, options: .omitWhitespace).tokens(in: text)
            #expect(Rebuild.withTrailingWhitespace(omitted, of: text) == text, "\(unit) without whitespace tokens")
            #expect(!omitted.contains { $0.kind == .whitespace })
            // Tokens are in order, do not overlap, and are never empty.
            #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.range.upperBound == $1.range.lowerBound })
            #expect(kept.allSatisfy { !$0.range.isEmpty })
        }
    }

    @Test(.enabled(if: SharedData.corpus("tinyshakespeare/input.txt") != nil, "needs ../shared/corpora/tinyshakespeare"))
    func tinyShakespeareRoundTrips() throws {
        let url = try #require(SharedData.corpus("tinyshakespeare/input.txt"))
        let text = try String(contentsOf: url, encoding: .utf8)
        try Self.check(text)
        let graphemes = try Tokenizer(unit: .grapheme).tokens(in: text)
        #expect(graphemes.count == text.count)
    }

    @Test(.enabled(if: SharedData.corpus("ud-english-ewt/en_ewt-ud-train.conllu") != nil, "needs ../shared/corpora/ud-english-ewt"))
    func ewtRawSentencesRoundTrip() throws {
        var sentences: [String] = []
        for split in ["train", "dev", "test"] {
            let url = try #require(SharedData.corpus("ud-english-ewt/en_ewt-ud-\(split).conllu"))
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where line.hasPrefix("# text = ") {
                sentences.append(String(line.dropFirst("# text = ".count)))
            }
        }
        #expect(sentences.count == 16_622)
        let text = sentences.joined(separator: "\n")
        try Self.check(text)
        // Graphemes agree with Swift's own Character breaking (an independent implementation).
        let graphemes = try Tokenizer(unit: .grapheme).tokens(in: text)
        #expect(graphemes.map { text[$0.range] } == text.map { Substring(String($0)) })
        // And sentence by sentence, as a tagger calls it.
        let tokenizer = try Tokenizer(unit: .word, options: .omitWhitespace)
        for sentence in sentences {
            #expect(Rebuild.withTrailingWhitespace(tokenizer.tokens(in: sentence), of: sentence) == sentence)
        }
    }
}
