import Testing
import Tokenization

@Suite struct TextOffsetsTests {
    @Test func offsetsCountBytesScalarsAndUTF16Units() throws {
        let text = "né 🐳 x"
        let tokens = try Tokenizer(unit: .word, options: .omitWhitespace).tokens(in: text)
        var offsets = TextOffsets(text)
        let rows = tokens.map { token in
            (offsets.utf8Offset(of: token.range.lowerBound), offsets.scalarOffset(of: token.range.lowerBound),
             offsets.utf16Offset(of: token.range.lowerBound))
        }
        #expect(rows.map(\.0) == [0, 4, 9])
        #expect(rows.map(\.1) == [0, 3, 5])
        #expect(rows.map(\.2) == [0, 3, 6])
        #expect(tokens[1].utf8Range(in: text) == 4..<8)
        // Asking for an earlier position again restarts the count.
        #expect(offsets.scalarOffset(of: tokens[1].range.lowerBound) == 3)
    }
}
