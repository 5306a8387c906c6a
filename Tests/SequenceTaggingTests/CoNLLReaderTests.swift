import Testing

@testable import SequenceTagging

@Suite struct CoNLLReaderTests {
    private func read(_ text: String, format: CoNLLFormat = .tokenAndTag) throws -> [TaggedSentence] {
        try readAllSentences { try CoNLLReader(source: StringLineSource(text, name: "t.conll"), format: format) }
    }

    private func readError(_ text: String, format: CoNLLFormat = .tokenAndTag) -> DataFormatError? {
        #expect(throws: DataFormatError.self) { try read(text, format: format) }
    }

    @Test func wnutStyleWithTabOnlySeparatorLinesAndHashTokens() throws {
        // WNUT-17 train separates most sentences with a line holding one tab; tokens may start with #.
        let text = "@paulwalk\tO\nEmpire\tB-location\nState\tI-location\n\t\n#hashtag\tO\n#\tO\n\ny\tB-person\n"
        let sentences = try read(text)
        #expect(sentences.map(\.tokens) == [["@paulwalk", "Empire", "State"], ["#hashtag", "#"], ["y"]])
        #expect(sentences.map(\.tags) == [["O", "B-location", "I-location"], ["O", "O"], ["B-person"]])
        #expect(sentences.map { $0.origin?.tokenLines ?? [] } == [[1, 2, 3], [5, 6], [8]])
        #expect(sentences[0].comments.isEmpty)
        #expect(sentences[0].spaceAfter == [true, true, true])
        #expect(sentences[0].reconstructedText == "@paulwalk Empire State")
    }

    @Test func conll2003StyleWithDocstartAndSpaces() throws {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n-DOCSTART- -X- -X- O\n\n\nGerman JJ B-NP B-MISC\n"
        let sentences = try read(text)
        #expect(sentences.map(\.tokens) == [["EU", "rejects"], ["German"]])
        #expect(sentences.map(\.tags) == [["B-ORG", "O"], ["B-MISC"]])
        #expect(sentences[1].origin?.firstLine == 8)
    }

    @Test func universalNERFormatWithComments() throws {
        let text = """
            # newdoc id = answers-1
            # sent_id = answers-1-0001
            # text = in tampa bay ,
            1\tin\tO\t-\t-
            2\ttampa\tB-LOC\t-\tstephen
            3\tbay\tI-LOC\t-\tstephen
            4\t,\tO

            # sent_id = answers-1-0002
            1\tHi\tO\t-\t-

            """
        let sentences = try read(text, format: .universalNER)
        #expect(sentences.count == 2)
        #expect(sentences[0].tokens == ["in", "tampa", "bay", ","])
        #expect(sentences[0].tags == ["O", "B-LOC", "I-LOC", "O"])
        #expect(sentences[0].sentenceID == "answers-1-0001")
        #expect(sentences[0].text == "in tampa bay ,")
        #expect(sentences[0].origin == SentenceOrigin(file: "t.conll", firstLine: 1, tokenLines: [4, 5, 6, 7]))
        #expect(sentences[1].sentenceID == "answers-1-0002")
        #expect(readError("1\ta\tO\n# sent_id = x\n", format: .universalNER)?.description
                == "t.conll:2: comment line inside a sentence (comments go before the first token; is a blank line missing?)")
    }

    @Test func crlfTrailingWhitespaceAndLastSentenceWithoutBlankLine() throws {
        let sentences = try read("a\tO  \r\nb\tB-X\t\r\n \r\nc O\r\nd  I-X")
        #expect(sentences.map(\.tokens) == [["a", "b"], ["c", "d"]])
        #expect(sentences.map(\.tags) == [["O", "B-X"], ["O", "I-X"]])
    }

    @Test func tokensMayContainSpacesInTabSeparatedLines() throws {
        #expect(try read("New York\tB-LOC\n")[0].tokens == ["New York"])
        #expect(try read("New York\tB-LOC\n", format: CoNLLFormat(separator: .whitespace))[0].tokens == ["New"])
    }

    @Test func tagColumnChoices() throws {
        let text = "EU NNP B-NP B-ORG\n"
        #expect(try read(text, format: CoNLLFormat(tagColumn: .number(2)))[0].tags == ["NNP"])
        #expect(try read(text, format: CoNLLFormat(tagColumn: .none))[0].tags == [])
        #expect(try read("EU\n", format: CoNLLFormat(tagColumn: .none))[0].tokens == ["EU"])
    }

    @Test func errorsNameFileLineAndProblem() {
        #expect(readError("a\tO\nb\n")?.description
                == "t.conll:2: expected at least 2 columns (the tag column must follow the token column), found 1")
        #expect(readError("a\tO\n\tO\n")?.description == "t.conll:2: empty token (column 1)")
        #expect(readError("1\ta\n", format: .universalNER)?.description == "t.conll:1: expected at least 3 columns, found 2")
        #expect(readError("1\ta\t\t-\n", format: .universalNER)?.description == "t.conll:1: empty tag (column 3)")
        let badFormat = #expect(throws: DataFormatError.self) {
            try CoNLLReader(source: StringLineSource(""), format: CoNLLFormat(tokenColumn: 0))
        }
        #expect(badFormat?.problem == "token column 0 does not exist (columns are numbered from 1)")
    }

    @Test func readsFromAFile() throws {
        let file = try TemporaryFile(text: "a\tO\n\nb\tB-X\n", suffix: ".conll")
        defer { file.remove() }
        let sentences = try CoNLLReader.readAll(path: file.path)
        #expect(sentences.map(\.tokens) == [["a"], ["b"]])
        #expect(sentences[1].origin == SentenceOrigin(file: file.path, firstLine: 3, tokenLines: [3]))
    }
}
