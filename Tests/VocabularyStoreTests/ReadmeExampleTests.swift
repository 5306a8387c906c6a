import Testing
import VocabularyStore

/// The example in README.md, so the README stays true.
@Suite struct ReadmeExampleTests {
    @Test func readmeVocabularyExampleHolds() throws {
        var builder = VocabularyBuilder()
        builder.add(contentsOf: ["the", "cat", "the", "hat"])
        let vocabulary = builder.build(minimumCount: 1, maximumSize: 10_000)
        #expect(vocabulary.tokens == ["<pad>", "<unk>", "<s>", "</s>", "the", "cat", "hat"])
        #expect(vocabulary.id(for: "the") == 4)
        #expect(vocabulary.id(for: "zebra") == 1)
        #expect(try Vocabulary(json: vocabulary.jsonString(), source: "readme") == vocabulary)
    }
}
