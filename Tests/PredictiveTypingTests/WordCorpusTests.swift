import Foundation
import Testing
import VocabularyStore
import _TestSupport
@testable import PredictiveTyping

@Suite struct WordCorpusTests {
    @Test func readsTextConlluAndColumnsIntoFoldedSentences() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-wordcorpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("a.txt")
        try "The cat sat.\nIt didn\u{2019}t\nmove.\n\nMr. Smith left!\n".write(to: text, atomically: true, encoding: .utf8)
        let conllu = directory.appendingPathComponent("b.conllu")
        try "# sent_id = 1\n# text = Hello there.\n1\tHello\t_\n2\tthere\t_\n3\t.\t_\n\n".write(to: conllu, atomically: true, encoding: .utf8)
        let columns = directory.appendingPathComponent("c.conll")
        try "-DOCSTART- O\n\nNew B-LOC\nYork I-LOC\n \nok O\n".write(to: columns, atomically: true, encoding: .utf8)
        let corpus = try WordCorpus(paths: [text.path, conllu.path, columns.path], typingText: TypingText())
        let sentences = corpus.documents.map { $0.sentences.map { $0.map(\.folded) } }
        #expect(sentences[0] == [["the", "cat", "sat", "."], ["it", "didn't", "move", "."], ["mr", ".", "smith", "left", "!"]]
                || sentences[0] == [["the", "cat", "sat", "."], ["it", "didn't", "move", "."], ["mr.", "smith", "left", "!"]])
        #expect(sentences[1] == [["hello", "there", "."]])
        #expect(sentences[2] == [["new", "york"], ["ok"]])
        #expect(corpus.documents[0].sentences[0][0].surface == "The")
        #expect(corpus.documents[0].sentences[0][0].startsSentence)

        let vocabulary = Vocabulary(counting: ["the", "cat"], specials: WordLanguageModel.specials)
        let stream = corpus.stream(vocabulary: vocabulary)
        #expect(Array(stream.prefix(6)) == [1, Int32(vocabulary.id(for: "the")), Int32(vocabulary.id(for: "cat")), 0, 0, 1])
    }

    /// Penn Treebank LM files: one sentence per line, tokens as they are (only folded), `<unk>`
    /// read as the model's own unknown id.
    @Test func pretokenizedLinesAreTakenAsTheyAre() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-ptb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("ptb.txt")
        try " the <unk> rose N % \n\n it's mr. <unk> 's \n".write(to: file, atomically: true, encoding: .utf8)
        let corpus = try WordCorpus(paths: [file.path], typingText: TypingText(), pretokenized: true)
        #expect(corpus.documents[0].sentences.map { $0.map(\.folded) } == [["the", "<unk>", "rose", "n", "%"], ["it's", "mr.", "<unk>", "'s"]])
        let vocabulary = Vocabulary(counting: ["the", "<unk>", "rose"], specials: WordLanguageModel.specials)
        #expect(vocabulary.count == 4)
        #expect(corpus.stream(vocabulary: vocabulary).prefix(4) == [1, 3, 0, 2])   // </s> the <unk> rose
    }
}
