import Testing
import VocabularyStore

@Test func frozenLookupsMapUnseenTokensToUnknown() {
    let vocabulary = Vocabulary(counting: ["to", "be", "or", "not", "to", "be"])
    #expect(vocabulary.isFrozen)
    #expect(vocabulary.id(for: "question") == vocabulary.unknownID)
    #expect(vocabulary.exactID(for: "question") == nil)
    #expect(!vocabulary.contains("question"))
    #expect(vocabulary.count(of: "question") == 0)
    #expect(vocabulary.id(for: Character("?")) == vocabulary.unknownID)
    #expect(vocabulary.exactID(for: "be") == 4)
    #expect(vocabulary.contains("<unk>"))
    #expect(vocabulary.count == 8)   // lookups never add
}

@Test func stringsAndSubstringsLookUpTheSameID() {
    let vocabulary = Vocabulary(counting: ["hello", "world"])
    let line = "hello world"
    let words = line.split(separator: " ")
    #expect(vocabulary.encode(words) == vocabulary.encode(["hello", "world"]))
    #expect(vocabulary.id(for: words[1]) == vocabulary.id(for: "world"))
}

@Test func growingAddAppendsIDsAndCounts() {
    var vocabulary = Vocabulary(specials: .unknownOnly)
    #expect(!vocabulary.isFrozen)
    #expect(vocabulary.tokens == ["<unk>"])
    #expect(vocabulary.add("b") == 1)
    #expect(vocabulary.add("a") == 2)
    #expect(vocabulary.add("b", count: 3) == 1)
    #expect(vocabulary.tokens == ["<unk>", "b", "a"])
    #expect(vocabulary.count(of: "b") == 4)
    #expect(vocabulary.count(of: "a") == 1)

    #expect(vocabulary.add("<unk>") == 0)    // a special's text: its id, count unchanged
    #expect(vocabulary.count(of: "<unk>") == 0)
    #expect(vocabulary.count == 3)

    vocabulary.freeze()
    #expect(vocabulary.isFrozen)
    #expect(vocabulary.id(for: "c") == vocabulary.unknownID)
}

@Test func growingVocabularyCanStartFromABuild() {
    var builder = VocabularyBuilder()
    builder.add(contentsOf: ["x", "x"])
    var vocabulary = builder.build(frozen: false)
    #expect(vocabulary.add("y") == 5)
    #expect(vocabulary.add("x") == 4)
    #expect(vocabulary.decode([4, 5]) == ["x", "y"])
    #expect(vocabulary.count(of: "x") == 3)
}

@Test func encodeDecodeRoundTrip() {
    let text = "it is a truth universally acknowledged that a single man"
    let words = text.split(separator: " ").map(String.init)
    let vocabulary = Vocabulary(counting: words)
    let ids = vocabulary.encode(words)
    #expect(ids.allSatisfy { $0 >= 4 && $0 < vocabulary.count })
    #expect(vocabulary.decode(ids) == words)
    #expect(vocabulary.decode(vocabulary.encode(["a", "wife"])) == ["a", "<unk>"])
}

@Test func graphemesAreTokens() {
    let text = "👍🏽 cafe\u{301} 🇫🇷 ok 👍🏽"
    let vocabulary = Vocabulary(counting: text.map(String.init), specials: .unknownOnly)
    #expect(vocabulary.contains("👍🏽"))
    #expect(vocabulary.count(of: "👍🏽") == 2)
    #expect(vocabulary.count(of: " ") == 4)
    #expect(vocabulary.exactID(for: "e\u{301}") != nil)
    #expect(vocabulary.id(for: Character("🇫🇷")) == vocabulary.exactID(for: "🇫🇷"))
    #expect(vocabulary.id(for: Character("e\u{301}")) == vocabulary.exactID(for: "e\u{301}"))
    #expect(vocabulary.id(for: Character("👎")) == vocabulary.unknownID)
    // One id per grapheme, and the ids give the text back.
    let ids = text.map { vocabulary.id(for: $0) }
    #expect(ids.count == text.count)
    #expect(vocabulary.decode(ids).joined() == text)
}

@Test func canonicallyEquivalentSpellingsShareOneID() {
    // Tokens are compared as Swift Strings: precomposed "é" (U+00E9) and "e" + U+0301 are one token.
    let vocabulary = Vocabulary(counting: ["caf\u{E9}", "cafe\u{301}"])
    #expect(vocabulary.count == 5)
    #expect(vocabulary.count(of: "caf\u{E9}") == 2)
    #expect(vocabulary.id(for: "cafe\u{301}") == vocabulary.id(for: "caf\u{E9}"))
    #expect(vocabulary.token(for: 4).unicodeScalars.count == 4)   // the spelling seen first is kept
}
