import Testing

@testable import SequenceTagging

@Suite struct CoNLLUReaderTests {
    /// Two sentences: the first with a multiword token (`don't` = `do` + `n't`), an empty node and
    /// `SpaceAfter=No`; the second without a trailing blank line.
    static let sample = [
        "# newdoc id = doc1",  // line 1
        "# sent_id = s1",
        "# text = I don't know.",
        conlluLine("1", "I", "I", "PRON", "PRP", "_", "4", "nsubj", "_", "_"),  // line 4
        conlluLine("2-3", "don't", "_", "_", "_", "_", "_", "_", "_", "_"),
        conlluLine("2", "do", "do", "AUX", "VBP", "_", "4", "aux", "_", "_"),
        conlluLine("3", "n't", "not", "PART", "RB", "_", "4", "advmod", "_", "_"),
        conlluLine("4", "know", "know", "VERB", "VB", "_", "0", "root", "_", "SpaceAfter=No"),
        conlluLine("4.1", "knows", "_", "_", "_", "_", "_", "_", "4:conj", "_"),
        conlluLine("5", ".", ".", "PUNCT", ".", "_", "4", "punct", "_", "_"),  // line 10
        "",
        "# sent_id = s2",
        "# text = Hi!",
        conlluLine("1", "Hi", "hi", "INTJ", "UH", "_", "0", "root", "_", "Foo=Bar|SpaceAfter=No"),  // line 14
        conlluLine("2", "!", "!", "PUNCT", ".", "_", "1", "punct", "_", "_"),
    ].joined(separator: "\n")

    private func read(_ text: String, tagColumn: CoNLLUColumn? = .upos) throws -> [TaggedSentence] {
        try readAllSentences { CoNLLUReader(source: StringLineSource(text, name: "t.conllu"), tagColumn: tagColumn) }
    }

    private func readError(_ text: String) -> DataFormatError? {
        #expect(throws: DataFormatError.self) { try read(text) }
    }

    @Test func readsWordsTagsCommentsAndMultiwordTokens() throws {
        let sentences = try read(Self.sample)
        #expect(sentences.count == 2)
        let first = sentences[0]
        #expect(first.tokens == ["I", "do", "n't", "know", "."])
        #expect(first.tags == ["PRON", "AUX", "PART", "VERB", "PUNCT"])
        // Inside "don't": no space after "do"; "n't" takes the multiword token's flag (a space).
        #expect(first.spaceAfter == [true, false, true, false, true])
        #expect(first.multiwordTokens == [MultiwordToken(form: "don't", words: 1...2, spaceAfter: true)])
        #expect(first.comments == ["# newdoc id = doc1", "# sent_id = s1", "# text = I don't know."])
        #expect(first.sentenceID == "s1")
        #expect(first.text == "I don't know.")
        #expect(first.reconstructedText == "I don't know.")
        #expect(first.origin == SentenceOrigin(file: "t.conllu", firstLine: 1, tokenLines: [4, 6, 7, 8, 10]))

        let second = sentences[1]
        #expect(second.tokens == ["Hi", "!"])
        #expect(second.tags == ["INTJ", "PUNCT"])
        #expect(second.spaceAfter == [false, true])
        #expect(second.reconstructedText == "Hi!")
        #expect(second.reconstructedText == second.text)
        #expect(second.origin?.firstLine == 12)
    }

    @Test func selectsTheTagColumn() throws {
        #expect(try read(Self.sample, tagColumn: .xpos)[0].tags == ["PRP", "VBP", "RB", "VB", "."])
        #expect(try read(Self.sample, tagColumn: CoNLLUColumn(number: 8))[0].tags == ["nsubj", "aux", "advmod", "root", "punct"])
        #expect(try read(Self.sample, tagColumn: nil)[0].tags == [])
        #expect(CoNLLUColumn(name: "upos") == .upos)
        #expect(CoNLLUColumn(name: "XPOS") == .xpos)
        #expect(CoNLLUColumn(name: "5") == .xpos)
        #expect(CoNLLUColumn(name: "11") == nil)
        #expect(CoNLLUColumn(name: "pos") == nil)
        #expect(CoNLLUColumn(number: 0) == nil)
        #expect(CoNLLUColumn.upos.description == "UPOS (column 4)")
    }

    @Test func streamsOneSentenceAtATime() throws {
        var reader = CoNLLUReader(source: StringLineSource(Self.sample))
        #expect(try reader.nextSentence()?.sentenceID == "s1")
        #expect(try reader.nextSentence()?.sentenceID == "s2")
        #expect(try reader.nextSentence() == nil)
        #expect(try reader.nextSentence() == nil)
    }

    @Test func toleratesCRLFExtraBlankLinesAndCommentOnlyBlocks() throws {
        let text = "# global.columns = ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC\r\n\r\n\r\n"
            + Self.sample.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
            + "\r\n  \r\n\r\n"
        let sentences = try read(text)
        #expect(sentences.map(\.sentenceID) == ["s1", "s2"])
        #expect(sentences == (try read(Self.sample)))
    }

    @Test func wrongColumnCount() {
        let text = "# sent_id = a\n" + ["1", "Hi", "hi", "INTJ", "UH", "_", "0"].joined(separator: "\t")
        #expect(readError(text)?.description == "t.conllu:2: expected 10 tab-separated columns, found 7")
        // Spaces are not column separators in CoNLL-U.
        #expect(readError("1 Hi hi INTJ UH _ 0 root _ _")?.problem == "expected 10 tab-separated columns, found 1")
    }

    @Test func badIDs() {
        let word = { (id: String) in conlluLine(id, "w", "w", "X", "X", "_", "0", "root", "_", "_") }
        #expect(readError(word("x"))?.description
                == "t.conllu:1: ID 'x' is not an integer, a range such as 3-4, or a decimal such as 8.1")
        #expect(readError(word("+1"))?.problem == "ID '+1' is not an integer, a range such as 3-4, or a decimal such as 8.1")
        #expect(readError(word("1") + "\n" + word("3"))?.description == "t.conllu:2: expected word ID 2, found 3")
        #expect(readError(word("0"))?.problem == "expected word ID 1, found 0")
        #expect(readError(word("1-x"))?.problem == "invalid multiword token ID '1-x' (expected a range such as 3-4)")
        #expect(readError(word("2-3"))?.problem == "multiword token 2-3 should start at the next word, 1")
        #expect(readError(word("1-1"))?.problem == "multiword token range 1-1 must end after it starts")
        #expect(readError(word("1-2") + "\n" + word("1-3"))?.problem == "multiword token 1-3 overlaps multiword token 1-2")
        #expect(readError(word("1.a"))?.problem == "invalid empty node ID '1.a' (expected a decimal such as 8.1)")
        #expect(readError(word("1") + "\n" + word("2.1"))?.problem == "empty node 2.1 should follow word 1")
    }

    @Test func multiwordTokenPastTheEndIsReportedAtItsLine() {
        let text = [
            conlluLine("1", "a", "a", "X", "X", "_", "0", "root", "_", "_"),
            conlluLine("2-3", "bc", "_", "_", "_", "_", "_", "_", "_", "_"),
            conlluLine("2", "b", "b", "X", "X", "_", "1", "dep", "_", "_"),
            "",
        ].joined(separator: "\n")
        #expect(readError(text)?.description == "t.conllu:2: multiword token 2-3 extends past the sentence's last word, 2")
    }

    @Test func emptyFieldsAndMisplacedComments() {
        #expect(readError(conlluLine("1", "", "a", "X", "X", "_", "0", "root", "_", "_"))?.problem == "empty FORM (column 2)")
        #expect(readError(conlluLine("1", "a", "a", "", "X", "_", "0", "root", "_", "_"))?.problem == "empty UPOS (column 4)")
        let text = conlluLine("1", "a", "a", "X", "X", "_", "0", "root", "_", "_") + "\n# sent_id = b\n"
        #expect(readError(text)?.description
                == "t.conllu:2: comment line inside a sentence (comments go before the first word; is a blank line missing?)")
    }

    @Test func readsFromAFile() throws {
        let file = try TemporaryFile(text: Self.sample, suffix: ".conllu")
        defer { file.remove() }
        let sentences = try CoNLLUReader.readAll(path: file.path)
        #expect(sentences == (try read(Self.sample)))
        #expect(sentences[0].origin?.file == file.path)
    }
}
