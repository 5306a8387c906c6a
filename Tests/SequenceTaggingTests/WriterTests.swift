import Foundation
import Testing

@testable import SequenceTagging

@Suite struct WriterTests {
    @Test func conlluOutputKeepsCommentsMultiwordTokensAndSpaceAfter() throws {
        var reader = CoNLLUReader(source: StringLineSource(CoNLLUReaderTests.sample))
        let sentence = try #require(try reader.nextSentence())
        let writer = try CoNLLUWriter()
        var output = ""
        try writer.write(sentence, tags: ["A", "B", "C", "D", "E"], to: &output)
        let expected = [
            "# newdoc id = doc1",
            "# sent_id = s1",
            "# text = I don't know.",
            conlluLine("1", "I", "_", "A", "_", "_", "_", "_", "_", "_"),
            conlluLine("2-3", "don't", "_", "_", "_", "_", "_", "_", "_", "_"),
            conlluLine("2", "do", "_", "B", "_", "_", "_", "_", "_", "_"),
            conlluLine("3", "n't", "_", "C", "_", "_", "_", "_", "_", "_"),
            conlluLine("4", "know", "_", "D", "_", "_", "_", "_", "_", "SpaceAfter=No"),
            conlluLine("5", ".", "_", "E", "_", "_", "_", "_", "_", "_"),
            "", "",
        ].joined(separator: "\n")
        #expect(output == expected)
    }

    @Test func conlluRoundTrip() throws {
        let sentences = try readAllSentences { CoNLLUReader(source: StringLineSource(CoNLLUReaderTests.sample)) }
        let writer = try CoNLLUWriter(tagColumn: .xpos)
        var output = ""
        for sentence in sentences {
            try writer.write(sentence, to: &output)
        }
        let reread = try readAllSentences { CoNLLUReader(source: StringLineSource(output), tagColumn: .xpos) }
        #expect(reread == sentences)  // tags were UPOS, written to and read from XPOS
        #expect(reread.map(\.reconstructedText) == ["I don't know.", "Hi!"])
    }

    @Test func conlluWriterRejectsBadInput() throws {
        #expect(throws: SentenceWriteError.self) { try CoNLLUWriter(tagColumn: .misc) }
        #expect(throws: SentenceWriteError.self) { try CoNLLUWriter(tagColumn: .form) }
        let writer = try CoNLLUWriter()
        let sentence = TaggedSentence(tokens: ["a", "b"], tags: ["X", "Y"])
        let mismatch = #expect(throws: SentenceWriteError.self) { try writer.format(sentence, tags: ["X"]) }
        #expect(mismatch?.description == "cannot write a sentence: 2 tokens but 1 tags")
        let tabbed = TaggedSentence(tokens: ["a\tb"], tags: ["X"], origin: SentenceOrigin(file: "in.conllu", firstLine: 7, tokenLines: [8]))
        let tab = #expect(throws: SentenceWriteError.self) { try writer.format(tabbed) }
        #expect(tab?.description == "cannot write the sentence from in.conllu:7: token 1 contains a tab")
        #expect(throws: SentenceWriteError.self) { try writer.format(sentence, tags: ["X", "has space"]) }
        #expect(throws: SentenceWriteError.self) { try writer.format(TaggedSentence(tokens: ["a"], comments: ["no hash"])) }
        let badMultiword = TaggedSentence(tokens: ["a"], multiwordTokens: [MultiwordToken(form: "ab", words: 0...1)])
        #expect(throws: SentenceWriteError.self) { try writer.format(badMultiword) }
    }

    @Test func conlluWriterWritesUnderscoreWhenThereAreNoTags() throws {
        let text = try CoNLLUWriter().format(TaggedSentence(tokens: ["a"], spaceAfter: [false]))
        #expect(text == conlluLine("1", "a", "_", "_", "_", "_", "_", "_", "_", "SpaceAfter=No") + "\n\n")
    }

    @Test func conllTwoColumnOutput() throws {
        var output = ""
        let writer = CoNLLWriter()
        try writer.write(TaggedSentence(tokens: ["New York", "is"], tags: ["B-LOC", "O"]), to: &output)
        try writer.write(TaggedSentence(tokens: ["Hi"], tags: ["O"]), tags: ["B-PER"], to: &output)
        #expect(output == "New York\tB-LOC\nis\tO\n\nHi\tB-PER\n\n")
        let reread = try readAllSentences { try CoNLLReader(source: StringLineSource(output)) }
        #expect(reread.map(\.tokens) == [["New York", "is"], ["Hi"]])
    }

    @Test func conllevalInputFormat() throws {
        var output = ""
        try CoNLLWriter(separator: .space).write(
            tokens: ["EU", "rejects"], tagColumns: [["B-ORG", "O"], ["B-ORG", "B-MISC"]], to: &output)
        #expect(output == "EU B-ORG B-ORG\nrejects O B-MISC\n\n")
        #expect(throws: SentenceWriteError.self) {
            try CoNLLWriter(separator: .space).format(tokens: ["New York"], tagColumns: [["B-LOC"]])
        }
        #expect(throws: SentenceWriteError.self) { try CoNLLWriter().format(tokens: ["a"], tagColumns: [[]]) }
        #expect(throws: SentenceWriteError.self) { try CoNLLWriter().format(tokens: ["a"], tagColumns: [[""]]) }
    }

    @Test func bufferedFileWriter() throws {
        let file = try TemporaryFile(text: "old content that must be truncated\n")
        defer { file.remove() }
        var output = try BufferedFileWriter(path: file.path)
        let writer = CoNLLWriter()
        for index in 0..<20_000 {
            try writer.write(TaggedSentence(tokens: ["w\(index)"], tags: ["O"]), to: &output)
        }
        try output.close()
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(text.hasPrefix("w0\tO\n\nw1\tO\n\n"))
        #expect(text.hasSuffix("w19999\tO\n\n"))
        let sentences = try CoNLLReader.readAll(path: file.path)
        #expect(sentences.count == 20_000)
        output.write("after close")
        #expect(throws: DataFormatError.self) { try output.flush() }
        #expect(throws: DataFormatError.self) { try BufferedFileWriter(path: "/nonexistent/dir/out.conll") }
    }
}
