import RecurrentCore
import Testing

@testable import SequenceTagging

@Suite struct TagSchemeTests {
    // "[Mr. Smith]PER [Jones]PER went to [New York]LOC ." in each scheme.
    static let iob1 = ["I-PER", "I-PER", "B-PER", "O", "O", "I-LOC", "I-LOC", "O"]
    static let bio = ["B-PER", "I-PER", "B-PER", "O", "O", "B-LOC", "I-LOC", "O"]
    static let bioes = ["B-PER", "E-PER", "S-PER", "O", "O", "B-LOC", "E-LOC", "O"]
    static let spans = [
        EntitySpan(type: "PER", range: 0..<2), EntitySpan(type: "PER", range: 2..<3), EntitySpan(type: "LOC", range: 5..<7),
    ]

    static func example(_ scheme: TagScheme) -> [String] {
        switch scheme {
        case .iob1: iob1
        case .bio: bio
        case .bioes: bioes
        }
    }

    @Test(arguments: TagScheme.allCases, TagScheme.allCases)
    func convertsTheStandardExample(from source: TagScheme, to target: TagScheme) throws {
        #expect(try source.spans(in: Self.example(source)) == Self.spans)
        #expect(try TagScheme.convert(Self.example(source), from: source, to: target) == Self.example(target))
        #expect(target.isWellFormed(Self.example(target)))
    }

    @Test func parsesSchemeNames() {
        #expect(TagScheme(name: "IOB2") == .bio)
        #expect(TagScheme(name: "bio") == .bio)
        #expect(TagScheme(name: "iobes") == .bioes)
        #expect(TagScheme(name: "IOB") == .iob1)
        #expect(TagScheme(name: "bilou") == nil)
        #expect(TagScheme.bioes.description == "BIOES")
    }

    @Test func invalidSequencesAreReadAsConllevalReadsThem() throws {
        // I- after O starts a chunk.
        #expect(try TagScheme.convert(["O", "I-PER", "I-PER"], from: .bio, to: .bio) == ["O", "B-PER", "I-PER"])
        // I- at the sentence start starts a chunk.
        #expect(try TagScheme.convert(["I-PER"], from: .bio, to: .bioes) == ["S-PER"])
        // I-PER after B-LOC: the type changes, so two chunks.
        #expect(try TagScheme.convert(["B-LOC", "I-PER"], from: .bio, to: .bio) == ["B-LOC", "B-PER"])
        #expect(try TagScheme.convert(["B-LOC", "I-PER"], from: .bio, to: .iob1) == ["I-LOC", "I-PER"])
        // I-PER after I-LOC likewise.
        #expect(try TagScheme.convert(["B-LOC", "I-LOC", "I-PER", "I-PER"], from: .bio, to: .bioes)
                == ["B-LOC", "E-LOC", "B-PER", "E-PER"])
        // BIOES without E: B-X O is a one-token chunk; B-X B-X two chunks; E-X after O starts one.
        #expect(try TagScheme.convert(["B-X", "O", "B-X", "B-X", "O", "E-X"], from: .bioes, to: .bioes)
                == ["S-X", "O", "S-X", "S-X", "O", "S-X"])
        // I-X after E-X or S-X starts a new chunk.
        #expect(try TagScheme.convert(["B-X", "E-X", "I-X", "S-X", "I-X"], from: .bioes, to: .bio)
                == ["B-X", "I-X", "B-X", "B-X", "B-X"])
        #expect(!TagScheme.bio.isWellFormed(["O", "I-PER"]))
        #expect(!TagScheme.bio.isWellFormed(["B-LOC", "I-PER"]))
        #expect(!TagScheme.bioes.isWellFormed(["B-X", "O"]))
        #expect(!TagScheme.iob1.isWellFormed(["B-X", "O"]))  // IOB1 uses B- only after a same-type chunk
    }

    @Test func iob1UsesBOnlyBetweenAdjacentChunksOfTheSameType() throws {
        let spans = [
            EntitySpan(type: "X", range: 0..<1), EntitySpan(type: "X", range: 1..<3),
            EntitySpan(type: "Y", range: 3..<4), EntitySpan(type: "X", range: 5..<6),
        ]
        #expect(try TagScheme.iob1.tags(for: spans, tokenCount: 6) == ["I-X", "B-X", "I-X", "I-Y", "O", "I-X"])
        #expect(try TagScheme.iob1.spans(in: ["I-X", "B-X", "I-X", "I-Y", "O", "I-X"]) == spans)
    }

    @Test func allOAndEmptySentences() throws {
        for source in TagScheme.allCases {
            for target in TagScheme.allCases {
                #expect(try TagScheme.convert(["O", "O"], from: source, to: target) == ["O", "O"])
                #expect(try TagScheme.convert([], from: source, to: target) == [])
            }
        }
    }

    @Test func untypedAndHyphenatedTypes() throws {
        // Bare prefixes are chunks with an empty type and are written back bare.
        #expect(try TagScheme.convert(["B", "I", "O", "I", "B"], from: .bio, to: .bioes) == ["B", "E", "O", "S", "S"])
        #expect(try TagScheme.convert(["B", "E", "S"], from: .bioes, to: .iob1) == ["I", "I", "B"])
        // Types may contain hyphens: the prefix ends at the first hyphen.
        #expect(try TagScheme.convert(["B-creative-work", "I-creative-work"], from: .bio, to: .bioes)
                == ["B-creative-work", "E-creative-work"])
    }

    @Test func tagsOutsideTheSchemeAreErrors() {
        let noPrefix = #expect(throws: InvalidTagError.self) { try TagScheme.convert(["O", "PER"], from: .bio, to: .bio) }
        #expect(noPrefix?.description == "tag 'PER' of token 2 is neither O nor a B-, I-, E- or S- prefix with an optional type")
        for bad in ["O-PER", "B-", "b-PER", "", "X-PER", "BB-PER"] {
            #expect(throws: InvalidTagError.self) { try TagScheme.convert([bad], from: .bioes, to: .bio) }
        }
        let wrongScheme = #expect(throws: InvalidTagError.self) { try TagScheme.convert(["S-PER"], from: .bio, to: .bioes) }
        #expect(wrongScheme?.description == "tag 'S-PER' of token 1 is not a BIO tag")
        #expect(throws: InvalidTagError.self) { try TagScheme.convert(["B-X", "E-X"], from: .iob1, to: .bio) }
        #expect(!TagScheme.bio.isWellFormed(["S-PER"]))
    }

    @Test func invalidSpansAreErrors() {
        #expect(throws: InvalidSpanError.self) {
            try TagScheme.bio.tags(for: [EntitySpan(type: "X", range: 0..<2), EntitySpan(type: "Y", range: 1..<3)], tokenCount: 3)
        }
        #expect(throws: InvalidSpanError.self) { try TagScheme.bio.tags(for: [EntitySpan(type: "X", range: 2..<4)], tokenCount: 3) }
        #expect(throws: InvalidSpanError.self) { try TagScheme.bio.tags(for: [EntitySpan(type: "X", range: 1..<1)], tokenCount: 3) }
    }

    @Test func keepingOnlySomeTypes() throws {
        // UNER's draft train data: B-O on the first sentence's last token and OTH chunks go.
        let tags = ["B-PER", "I-PER", "B-OTH", "I-OTH", "O", "B-O"]
        #expect(try TagScheme.bio.keepingTypes(["PER", "ORG", "LOC"], in: tags) == ["B-PER", "I-PER", "O", "O", "O", "O"])
        // Removing a chunk never changes the others, even next to invalid sequences.
        #expect(try TagScheme.bio.keepingTypes(["PER"], in: ["B-OTH", "I-PER"]) == ["O", "B-PER"])
    }

    @Test func sentenceConversionErrorsNameTheFileAndLine() throws {
        let text = "a\tB-PER\nb\tI-PER\n\nc\tO\nd\tX-PER\n"
        let sentences = try readAllSentences { try CoNLLReader(source: StringLineSource(text, name: "ner.conll")) }
        #expect(try sentences[0].convertingTags(from: .bio, to: .bioes).tags == ["B-PER", "E-PER"])
        let error = #expect(throws: DataFormatError.self) { try sentences[1].convertingTags(from: .bio, to: .bioes) }
        #expect(error?.description
                == "ner.conll:5: tag 'X-PER' is neither O nor a B-, I-, E- or S- prefix with an optional type")
        let inMemory = TaggedSentence(tokens: ["a"], tags: ["E-X"])
        #expect(throws: InvalidTagError.self) { try inMemory.convertingTags(from: .bio, to: .bioes) }
        #expect(try inMemory.keepingTagTypes(["Y"], scheme: .bioes).tags == ["O"])
    }

    @Test func randomRoundTripsPreserveChunks() throws {
        var generator = SplitMix64(seed: 2024)
        let vocabulary = ["O", "O", "O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "E-Y", "S-Y", "B", "I"]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let tags = (0..<length).map { _ in vocabulary.randomElement(using: &generator) ?? "O" }
            let spans = try TagScheme.bioes.spans(in: tags)
            for target in TagScheme.allCases {
                let converted = try TagScheme.convert(tags, from: .bioes, to: target)
                #expect(target.isWellFormed(converted))
                #expect(try target.spans(in: converted) == spans)
                for other in TagScheme.allCases {
                    let there = try TagScheme.convert(converted, from: target, to: other)
                    #expect(try TagScheme.convert(there, from: other, to: target) == converted)
                }
            }
        }
    }
}
