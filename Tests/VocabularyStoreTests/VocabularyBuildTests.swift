import Testing
import VocabularyStore

@Test func specialTokensTakeTheFirstIDsInRoleOrder() {
    let standard = Vocabulary(counting: ["zebra", "apple"])
    #expect(Array(standard.tokens.prefix(4)) == ["<pad>", "<unk>", "<s>", "</s>"])
    #expect(standard.paddingID == 0)
    #expect(standard.unknownID == 1)
    #expect(standard.beginOfSequenceID == 2)
    #expect(standard.endOfSequenceID == 3)
    #expect(standard.id(for: "apple") == 4)

    let characters = Vocabulary(counting: ["a"], specials: .unknownOnly)
    #expect(characters.tokens == ["<unk>", "a"])
    #expect(characters.unknownID == 0)
    #expect(characters.paddingID == nil)
    #expect(characters.beginOfSequenceID == nil)
    #expect(characters.endOfSequenceID == nil)

    let custom = Vocabulary(counting: ["a"], specials: SpecialTokens(unknown: "[UNK]", endOfSequence: "[EOS]"))
    #expect(custom.tokens == ["[UNK]", "[EOS]", "a"])
    #expect(custom.unknownID == 0)
    #expect(custom.endOfSequenceID == 1)
}

@Test func buildOrdersByCountThenCodePoint() {
    // Swift's String `<` compares canonically normalized text: it puts "e\u{301}" (é) after
    // "f" and "z". Code-point order compares scalars as written: "e" U+0065 comes before "f".
    #expect("f" < "e\u{301}")
    let tokens = ["the", "the", "the", "cat", "cat", "f", "e\u{301}", "apple", "Zebra", "z", "\u{E9}t\u{E9}"]
    let vocabulary = Vocabulary(counting: tokens.shuffled(), specials: .unknownOnly)
    #expect(vocabulary.tokens == ["<unk>", "the", "cat", "Zebra", "apple", "e\u{301}", "f", "z", "\u{E9}t\u{E9}"])
    #expect(vocabulary.count(of: "the") == 3)
    #expect(vocabulary.count(of: "cat") == 2)
    #expect(vocabulary.count(of: "z") == 1)
}

@Test func buildDoesNotDependOnTheOrderTokensArrive() {
    let tokens = (0..<500).map { "w\($0 % 37)" } + (0..<200).map { "v\($0 % 11)" }
    let first = Vocabulary(counting: tokens)
    for _ in 0..<5 {
        #expect(Vocabulary(counting: tokens.shuffled()) == first)
    }
}

@Test func minimumCountLeavesOutRareTokens() {
    let tokens = ["a", "a", "a", "b", "b", "c"]
    let vocabulary = Vocabulary(counting: tokens, minimumCount: 2, specials: .unknownOnly)
    #expect(vocabulary.tokens == ["<unk>", "a", "b"])
    #expect(vocabulary.id(for: "c") == vocabulary.unknownID)
    #expect(Vocabulary(counting: tokens, minimumCount: 4, specials: .unknownOnly).tokens == ["<unk>"])
}

@Test func maximumSizeCountsSpecialsAndCutsTiesByCodePoint() {
    let tokens = ["a", "a", "a", "d", "d", "c", "c", "b", "b", "e"]
    let vocabulary = Vocabulary(counting: tokens, maximumSize: 6)
    #expect(vocabulary.count == 6)
    #expect(vocabulary.tokens == ["<pad>", "<unk>", "<s>", "</s>", "a", "b"])
    #expect(vocabulary.id(for: "c") == vocabulary.unknownID)

    #expect(Vocabulary(counting: tokens, maximumSize: 4).tokens == SpecialTokens.standard.tokens)
    #expect(Vocabulary(counting: tokens, maximumSize: 100).count == 9)
    #expect(Vocabulary(counting: tokens, minimumCount: 2, maximumSize: 7).tokens.suffix(3) == ["a", "b", "c"])
}

@Test func specialTextsInTheStreamAreNotAddedTwice() {
    let vocabulary = Vocabulary(counting: ["<s>", "hello", "</s>", "<unk>", "<s>"])
    #expect(vocabulary.tokens == ["<pad>", "<unk>", "<s>", "</s>", "hello"])
    #expect(vocabulary.count(of: "<s>") == 0)
    #expect(vocabulary.id(for: "<s>") == vocabulary.beginOfSequenceID)
}

@Test func builderMergesCountsAndIgnoresEmptyStrings() {
    var left = VocabularyBuilder()
    left.add(contentsOf: ["a", "b", "", "a"])
    var right = VocabularyBuilder()
    right.add("b")
    right.add("c", count: 5)
    left.merge(right)
    #expect(left.counts == ["a": 2, "b": 2, "c": 5])

    let vocabulary = left.build(specials: .unknownOnly)
    #expect(vocabulary.tokens == ["<unk>", "c", "a", "b"])
    #expect(vocabulary.isFrozen)
    #expect(!left.build(frozen: false).isFrozen)
}

@Test func documentationExampleHolds() {
    let vocabulary = Vocabulary(counting: "the cat saw the dog".split(separator: " "))
    #expect(vocabulary.count == 8)
    #expect(vocabulary.tokens == ["<pad>", "<unk>", "<s>", "</s>", "the", "cat", "dog", "saw"])
    #expect(vocabulary.id(for: "the") == 4)
    #expect(vocabulary.id(for: "zebra") == 1)
    #expect(vocabulary.encode(["the", "dog"]) == [4, 6])
    #expect(vocabulary.decode([4, 5]) == ["the", "cat"])
}
