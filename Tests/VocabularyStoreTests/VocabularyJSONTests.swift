import Foundation
import Testing
import VocabularyStore

private let source = "model.quill metadata 'vocabulary'"

@Test func jsonHasTheDocumentedDeterministicForm() {
    let vocabulary = Vocabulary(counting: ["the", "cat", "the"])
    #expect(vocabulary.jsonString() == #"{"counts":[0,0,0,0,2,1],"format":"quill.vocabulary","frozen":true,"#
        + #""specials":{"beginOfSequence":2,"endOfSequence":3,"padding":0,"unknown":1},"#
        + #""tokens":["<pad>","<unk>","<s>","</s>","the","cat"],"version":1}"#)
    #expect(Vocabulary(counting: ["cat", "the", "the"]).jsonString() == vocabulary.jsonString())
}

@Test(arguments: [
    Vocabulary(counting: ["the", "cat", "the", "\"quoted\"", "back\\slash", "tab\there"]),
    Vocabulary(counting: "👍🏽 cafe\u{301} naïve\n 日本語".map(String.init), specials: .unknownOnly),
    Vocabulary(counting: ["a", "b"], specials: SpecialTokens(padding: "[PAD]", unknown: "[UNK]", endOfSequence: "[EOS]")),
    Vocabulary(specials: .standard),
])
func jsonRoundTripGivesAnEqualVocabulary(_ vocabulary: Vocabulary) throws {
    let loaded = try Vocabulary(json: vocabulary.jsonString(), source: source)
    #expect(loaded == vocabulary)
    #expect(loaded.tokens.map { Array($0.unicodeScalars) } == vocabulary.tokens.map { Array($0.unicodeScalars) })
    #expect(loaded.unknownID == vocabulary.unknownID)
    #expect(loaded.paddingID == vocabulary.paddingID)
    #expect(loaded.endOfSequenceID == vocabulary.endOfSequenceID)
    #expect(try Vocabulary(json: Data(vocabulary.jsonString().utf8), source: source) == vocabulary)
}

@Test func jsonRoundTripKeepsAGrowingVocabularyGrowing() throws {
    var vocabulary = Vocabulary()
    vocabulary.add("new", count: 7)
    var loaded = try Vocabulary(json: vocabulary.jsonString(), source: source)
    #expect(!loaded.isFrozen)
    #expect(loaded == vocabulary)
    #expect(loaded.add("newer") == 5)
}

@Test func duplicateTokenErrorNamesTheTokenAndBothIDs() {
    let json = vocabularyJSON(
        tokens: #"["<pad>","<unk>","<s>","</s>","a","the","b","c","d","the"]"#,
        counts: "[0,0,0,0,5,4,3,2,1,1]",
        specials: #"{"padding":0,"unknown":1,"beginOfSequence":2,"endOfSequence":3}"#)
    #expect(throws: VocabularyError.duplicateToken(source: source, token: "the", firstID: 5, secondID: 9)) {
        try Vocabulary(json: json, source: source)
    }
    #expect(loadError(json) == "model.quill metadata 'vocabulary': token \"the\" appears twice (ids 5 and 9)")
}

/// A vocabulary that cannot be loaded, and the message expected after "<source>: ".
struct BadVocabulary: Sendable, CustomTestStringConvertible {
    var name: String
    var json: String
    var message: String
    var testDescription: String { name }
}

private let badVocabularies: [BadVocabulary] = [
    .init(name: "duplicate token", json: vocabularyJSON(tokens: #"["<unk>","the","a","the"]"#, counts: "[0,1,1,1]"),
          message: #"token "the" appears twice (ids 1 and 3)"#),
    .init(name: "canonically equivalent duplicate", json: vocabularyJSON(tokens: #"["<unk>","caf\u00e9","cafe\u0301"]"#),
          message: "token \"cafe\u{301}\" appears twice (ids 1 and 2)"),
    .init(name: "missing unknown", json: vocabularyJSON(specials: #"{"padding":0}"#),
          message: #"there is no unknown token; "specials" must give the id of "unknown""#),
    .init(name: "special id out of range", json: vocabularyJSON(specials: #"{"unknown":7}"#),
          message: "the unknown token's id 7 is out of range (there are 3 tokens, ids 0 to 2)"),
    .init(name: "negative special id", json: vocabularyJSON(specials: #"{"unknown":-1}"#),
          message: "the unknown token's id -1 is out of range (there are 3 tokens, ids 0 to 2)"),
    .init(name: "special id out of range in an empty vocabulary", json: vocabularyJSON(tokens: "[]", counts: "[]"),
          message: "the unknown token's id 0 is out of range (there are no tokens)"),
    .init(name: "specials not first", json: vocabularyJSON(tokens: #"["the","a","<unk>"]"#, counts: "[2,1,0]", specials: #"{"unknown":2}"#),
          message: "the unknown token has id 2 but should have id 0; special tokens take the first ids, in the order padding, unknown, beginOfSequence, endOfSequence"),
    .init(name: "specials out of role order", json: vocabularyJSON(tokens: #"["<unk>","<pad>","a"]"#, counts: "[0,0,1]", specials: #"{"padding":1,"unknown":0}"#),
          message: "the padding token has id 1 but should have id 0; special tokens take the first ids, in the order padding, unknown, beginOfSequence, endOfSequence"),
    .init(name: "two roles share an id", json: vocabularyJSON(specials: #"{"unknown":0,"endOfSequence":0}"#),
          message: "the endOfSequence token has id 0 but should have id 1; special tokens take the first ids, in the order padding, unknown, beginOfSequence, endOfSequence"),
    .init(name: "unknown role", json: vocabularyJSON(specials: #"{"unknown":0,"mask":1}"#),
          message: #""mask" is not a special-token role (the roles are padding, unknown, beginOfSequence, endOfSequence)"#),
    .init(name: "special with a count", json: vocabularyJSON(counts: "[4,2,1]"),
          message: "the unknown token (id 0) has count 4; special tokens always have count 0"),
    .init(name: "counts length mismatch", json: vocabularyJSON(counts: "[0,2]"),
          message: "there are 3 tokens but 2 counts; each token needs exactly one count"),
    .init(name: "negative count", json: vocabularyJSON(counts: "[0,2,-1]"),
          message: #"token "a" (id 2) has a negative count (-1)"#),
    .init(name: "empty token", json: vocabularyJSON(tokens: #"["<unk>","","a"]"#),
          message: "the token with id 1 is empty"),
    .init(name: "wrong format", json: vocabularyJSON(format: #""quill.labels""#),
          message: #"the format is "quill.labels", expected "quill.vocabulary""#),
    .init(name: "missing format", json: vocabularyJSON(format: nil),
          message: #"the field "format" is missing"#),
    .init(name: "newer version", json: vocabularyJSON(version: "2"),
          message: "was written by a newer Quill (format version 2; this build reads 1)"),
    .init(name: "version zero", json: vocabularyJSON(version: "0"),
          message: "format version 0 is not valid (this build reads 1)"),
    .init(name: "missing version", json: vocabularyJSON(version: nil),
          message: #"the field "version" is missing"#),
    .init(name: "missing tokens", json: vocabularyJSON(tokens: nil),
          message: #"the field "tokens" is missing"#),
    .init(name: "missing frozen", json: vocabularyJSON(frozen: nil),
          message: #"the field "frozen" is missing"#),
    .init(name: "malformed JSON", json: #"{"format":"quill.vocabulary","#,
          message: "the text is not valid JSON"),
    .init(name: "empty text", json: "",
          message: "the text is not valid JSON"),
    .init(name: "not an object", json: "[1,2,3]",
          message: "expected a JSON object ({...}), found another kind of JSON value"),
    .init(name: "tokens not an array", json: vocabularyJSON(tokens: #""<unk> the a""#),
          message: #""tokens" should be an array ([...])"#),
    .init(name: "token not a string", json: vocabularyJSON(tokens: #"["<unk>",7,"a"]"#),
          message: #""tokens[1]" should be a string"#),
    .init(name: "null token", json: vocabularyJSON(tokens: #"["<unk>","the",null]"#),
          message: #""tokens[2]" should be a string"#),
    .init(name: "fractional count", json: vocabularyJSON(counts: "[0,2,1.5]"),
          message: #""counts[2]" should be a whole number"#),
    .init(name: "huge count", json: vocabularyJSON(counts: "[0,2,1e40]"),
          message: #""counts[2]" should be a whole number"#),
    .init(name: "count as a string", json: vocabularyJSON(counts: #"[0,"2",1]"#),
          message: #""counts[1]" should be a whole number"#),
    .init(name: "specials not an object", json: vocabularyJSON(specials: "[0]"),
          message: #""specials" should be an object ({...})"#),
    .init(name: "special id as a string", json: vocabularyJSON(specials: #"{"unknown":"0"}"#),
          message: #""specials.unknown" should be a whole number"#),
    .init(name: "frozen not a boolean", json: vocabularyJSON(frozen: #""yes""#),
          message: #""frozen" should be true or false"#),
    .init(name: "format not a string", json: vocabularyJSON(format: "1"),
          message: #""format" should be a string"#),
    .init(name: "version as a string", json: vocabularyJSON(version: #""1""#),
          message: #""version" should be a whole number"#),
]

@Test(arguments: badVocabularies)
func loadRejectsAnInvalidVocabularyNamingTheProblem(_ bad: BadVocabulary) {
    #expect(loadError(bad.json) == "\(source): \(bad.message)")
}

@Test func loadErrorsNeverShowRawDecodingErrors() {
    for bad in badVocabularies {
        let message = loadError(bad.json) ?? ""
        #expect(message.hasPrefix(source + ": "))
        #expect(!message.contains("Expected to decode"))
        #expect(!message.contains("CodingKeys"))
        #expect(!message.contains("Index "))
    }
}

/// The description of the error loading `json` throws, or nil when it loads.
func loadError(_ json: String) -> String? {
    do {
        _ = try Vocabulary(json: json, source: source)
        return nil
    } catch {
        return error.description
    }
}

/// A vocabulary's JSON with the given raw JSON values (nil leaves the field out); by default the
/// valid vocabulary `<unk>`, `the` (2), `a` (1).
func vocabularyJSON(
    format: String? = #""quill.vocabulary""#,
    version: String? = "1",
    frozen: String? = "true",
    tokens: String? = #"["<unk>","the","a"]"#,
    counts: String? = "[0,2,1]",
    specials: String? = #"{"unknown":0}"#
) -> String {
    let fields = [("format", format), ("version", version), ("frozen", frozen),
                  ("tokens", tokens), ("counts", counts), ("specials", specials)]
    return "{" + fields.compactMap { name, value in value.map { "\"\(name)\":\($0)" } }.joined(separator: ",") + "}"
}

@Test func defaultTestJSONIsValid() throws {
    let vocabulary = try Vocabulary(json: vocabularyJSON(), source: source)
    #expect(vocabulary.tokens == ["<unk>", "the", "a"])
    #expect(vocabulary.count(of: "the") == 2)
    #expect(vocabulary.specials == .unknownOnly)
}
