import Testing
import VocabularyStore
@testable import SequenceTagging

@Suite struct WordShapeTests {
    @Test func spellingClasses() {
        let expected: [(String, WordShape)] = [
            ("dog", .lower), ("NASA", .upper), ("London", .capitalized), ("A", .capitalized), ("iPhone", .mixed),
            ("McDonald", .mixed), ("1984", .number), ("3.14", .containsDigit), ("4th", .containsDigit), (".", .symbol),
            ("🙂", .symbol), ("Émile", .capitalized), ("ÉCOLE", .upper), ("naïve", .lower), ("٣٤", .number),
        ]
        for (token, shape) in expected { #expect(WordShape(of: token) == shape, "\(token)") }
    }

    @Test func normalizedFormsLowerCaseAndZeroDigits() {
        #expect(WordShape.normalizedForm(of: "London", lowercase: true) == "london")
        #expect(WordShape.normalizedForm(of: "London", lowercase: false) == "London")
        #expect(WordShape.normalizedForm(of: "1984", lowercase: true) == "0000")
        #expect(WordShape.normalizedForm(of: "B2B-٣", lowercase: true) == "b0b-0")
    }

    @Test func encodingLaysOutPaddedTimeMajorBatchesAndSharesSpellings() {
        let words = Vocabulary(counting: ["the", "cat"], specials: .unknownOnly)
        let characters = Vocabulary(counting: ["t", "h", "e"], specials: .unknownOnly)
        let input = TaggerInput(sentences: [["The", "cat", "The"], ["dog"]], words: words, characters: characters, lowercase: true)
        #expect(input.steps == 3 && input.batch == 2 && input.lengths == [3, 1])
        // Row t * B + b.
        #expect(input.wordIDs == [Int32(words.id(for: "the")), 0, Int32(words.id(for: "cat")), 0, Int32(words.id(for: "the")), 0])
        #expect(input.formIndex == [0, 2, 1, -1, 0, -1])   // spellings numbered sentence by sentence
        #expect(input.formCount == 3 && input.characterLengths == [3, 3, 3])
        #expect(input.shapeIDs[0] == WordShape.capitalized.rawValue)
        // "The": T is unknown (id 0), h and e known; character c of spelling u at c * U + u.
        #expect(input.characterIDs[0] == 0 && input.characterIDs[3] == Int32(characters.id(for: "h")))
        let long = String(repeating: "a", count: 20) + String(repeating: "b", count: 20)
        #expect(String(TaggerInput.clippedCharacters(of: long)) == String(repeating: "a", count: 16) + String(repeating: "b", count: 16))
    }
}
