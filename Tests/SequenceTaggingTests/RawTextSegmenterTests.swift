import Foundation
import Testing
import Tokenization
@testable import SequenceTagging

@Suite struct RawTextSegmenterTests {
    static func sentences(_ text: String, mode: RawTextSegmenter.Mode = .paragraphs, blockSize: Int = 1 << 20) throws -> [RawSentence] {
        let reader = UTF8TextReader(bytes: Array(text.utf8), name: "test.txt", blockSize: blockSize)
        let segmenter = try RawTextSegmenter(reader: reader, mode: mode)
        var result: [RawSentence] = []
        while let more = try segmenter.nextSentences() { result += more }
        return result
    }

    /// The input's scalars from `range`.
    static func slice(_ text: String, _ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: Array(text.unicodeScalars)[range])
        return String(view)
    }

    @Test func paragraphsSentencesAndTokensKeepTheirOffsets() throws {
        let text = "Mr. Müller met Ada in Zürich. She smiled 😀!\nThen they\nleft together.\n\n\nA new paragraph"
        let found = try Self.sentences(text)
        #expect(found.map(\.tokens) == [
            ["Mr", ".", "Müller", "met", "Ada", "in", "Zürich", "."],
            ["She", "smiled", "😀", "!"],
            ["Then", "they", "left", "together", "."],
            ["A", "new", "paragraph"],
        ])
        for sentence in found {
            for (token, range) in zip(sentence.tokens, sentence.tokenOffsets) { #expect(Self.slice(text, range) == token) }
            #expect(Self.slice(text, sentence.start..<sentence.end) == sentence.text)
        }
        #expect(found.map(\.line) == [1, 1, 2, 6])
        #expect(found[2].text == "Then they\nleft together.")   // a line break inside a paragraph is not a sentence end
        #expect(found[0].spaceAfter.prefix(3) == [false, true, true])
    }

    @Test func lineModeAndPretokenizedLines() throws {
        let text = "no full stop here\nsecond line\n\n  spaced\tout  tokens \n"
        #expect(try Self.sentences(text, mode: .lines).map(\.tokens) == [["no", "full", "stop", "here"], ["second", "line"], ["spaced", "out", "tokens"]])
        let tokenized = try Self.sentences("Mr. Smith , hi !\ncan't stop\n", mode: .tokenizedLines)
        #expect(tokenized.map(\.tokens) == [["Mr.", "Smith", ",", "hi", "!"], ["can't", "stop"]])
        #expect(tokenized[1].tokenOffsets == [17..<22, 23..<27])
        // The text is the input's, spacing kept, so offsets cut it the same way.
        let spaced = " Mr.  Smith\t, hi ! \n"
        let sentence = try #require(try Self.sentences(spaced, mode: .tokenizedLines).first)
        #expect(sentence.text == "Mr.  Smith\t, hi !" && Self.slice(spaced, sentence.start..<sentence.end) == sentence.text)
    }

    @Test func longInputIsCutIntoBoundedPiecesWithCorrectOffsets() throws {
        // A line longer than the reader's block (it arrives in several pieces) and a sentence of
        // more than maximumTokens tokens.
        let words = (0..<600).map { "w\($0)é" }
        let text = "start here\n" + words.joined(separator: " ") + "\nend"
        let found = try Self.sentences(text, blockSize: 64)
        let all = found.flatMap(\.tokens)
        #expect(all == ["start", "here"] + words + ["end"])
        #expect(found.allSatisfy { $0.tokens.count <= RawTextSegmenter.maximumTokens })
        for sentence in found {
            for (token, range) in zip(sentence.tokens, sentence.tokenOffsets) { #expect(Self.slice(text, range) == token) }
        }
    }

    @Test func emptyAndBlankInputGiveNoSentences() throws {
        #expect(try Self.sentences("").isEmpty)
        #expect(try Self.sentences("\n \n\t\n").isEmpty)
    }
}
