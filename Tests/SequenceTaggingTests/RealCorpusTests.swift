import Foundation
import Testing

@testable import SequenceTagging

/// Reads the real corpora and checks the counts stated in their SOURCE.md files. Skipped (with a
/// message) when the corpora directory cannot be found; see ``Corpora``.
@Suite(.enabled(if: Corpora.isAvailable, Comment(rawValue: Corpora.skipMessage)))
struct RealCorpusTests {
    struct EWTSplit: Sendable, CustomTestStringConvertible {
        let name: String
        let sentences: Int
        let words: Int  // syntactic words = tagged tokens
        let multiwordTokens: Int
        let surfaceTokens: Int
        var testDescription: String { name }
    }

    /// UD English-EWT v2.16, from ud-english-ewt/SOURCE.md (which agrees with stats.xml):
    /// sentences, syntactic words, multiword tokens, and tokens (surface tokens).
    static let ewtSplits = [
        EWTSplit(name: "train", sentences: 12_544, words: 204_577, multiwordTokens: 2_614, surfaceTokens: 201_962),
        EWTSplit(name: "dev", sentences: 2_001, words: 25_147, multiwordTokens: 359, surfaceTokens: 24_787),
        EWTSplit(name: "test", sentences: 2_077, words: 25_094, multiwordTokens: 354, surfaceTokens: 24_740),
    ]

    static let universalPOSTags: Set<String> = [
        "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
        "SCONJ", "SYM", "VERB", "X",
    ]

    @Test(arguments: ewtSplits)
    func universalDependenciesEnglishEWT(_ split: EWTSplit) throws {
        var reader = try CoNLLUReader(path: Corpora.path("ud-english-ewt/en_ewt-ud-\(split.name).conllu"))
        var sentences = 0, words = 0, multiwordTokens = 0, surfaceTokens = 0
        var textMismatches: [String] = []
        var unknownTags = Set<String>()
        try reader.forEachSentence { sentence in
            sentences += 1
            words += sentence.tokens.count
            multiwordTokens += sentence.multiwordTokens.count
            surfaceTokens += sentence.tokens.count - sentence.multiwordTokens.reduce(0) { $0 + $1.words.count - 1 }
            unknownTags.formUnion(Set(sentence.tags).subtracting(Self.universalPOSTags))
            if sentence.tags.count != sentence.tokens.count || sentence.sentenceID == nil {
                textMismatches.append("bad sentence at line \(sentence.origin?.firstLine ?? 0)")
            }
            // Tokens, multiword tokens and SpaceAfter=No rebuild the "# text" comment. One test
            // sentence has "SpacesAfter=\u00A0" (a no-break space), which the rebuilt text renders as
            // a plain space, so whitespace is compared as "some whitespace here or none".
            if Self.normalisingWhitespace(sentence.reconstructedText) != sentence.text.map(Self.normalisingWhitespace) {
                textMismatches.append(sentence.sentenceID ?? "?")
            }
        }
        #expect(sentences == split.sentences)
        #expect(words == split.words)
        #expect(multiwordTokens == split.multiwordTokens)
        #expect(surfaceTokens == split.surfaceTokens)
        #expect(unknownTags.isEmpty, "UPOS tags outside the 17 universal tags: \(unknownTags.sorted())")
        #expect(textMismatches.isEmpty, "sentences whose text was not rebuilt: \(textMismatches.prefix(10))")
    }

    static func normalisingWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func ewtXPOSColumn() throws {
        let sentences = try CoNLLUReader.readAll(path: Corpora.path("ud-english-ewt/en_ewt-ud-dev.conllu"), tagColumn: .xpos)
        #expect(sentences.first?.tags == ["IN", "DT", "NNP", "VBZ", "DT", "NN", ":"])
        let tagSet = Set(sentences.flatMap(\.tags))
        #expect(tagSet.contains("NNP") && tagSet.contains("VBZ") && tagSet.contains("-LRB-"))
    }

    struct NERFile: Sendable, CustomTestStringConvertible {
        let path: String
        let format: CoNLLFormat
        let sentences: Int
        let tokens: Int
        let entities: Int
        var testDescription: String { path }
    }

    /// Counts from uner-english-ewt/SOURCE.md and wnut17/SOURCE.md ("entities" = B- tags; both
    /// corpora have no I- tag that cannot continue a chunk, so conlleval finds exactly these).
    static let nerFiles = [
        NERFile(path: "uner-english-ewt/en_ewt-ud-dev.iob2", format: .universalNER, sentences: 2_001, tokens: 25_149, entities: 966),
        NERFile(path: "uner-english-ewt/en_ewt-ud-test.iob2", format: .universalNER, sentences: 2_077, tokens: 25_097, entities: 1_088),
        // The draft train file: 7,005 PER/ORG/LOC + 888 OTH + 540 B-O chunks.
        NERFile(path: "uner-english-ewt/en_ewt-ud-train.iob2", format: .universalNER, sentences: 12_543, tokens: 204_579, entities: 8_433),
        NERFile(path: "wnut17/wnut17train.conll", format: .tokenAndTag, sentences: 3_394, tokens: 62_730, entities: 1_975),
        NERFile(path: "wnut17/emerging.dev.conll", format: .tokenAndTag, sentences: 1_009, tokens: 15_733, entities: 836),
        NERFile(path: "wnut17/emerging.test.annotated", format: .tokenAndTag, sentences: 1_287, tokens: 23_394, entities: 1_079),
    ]

    @Test(arguments: nerFiles)
    func nerCorpus(_ file: NERFile) throws {
        var reader = try CoNLLReader(path: Corpora.path(file.path), format: file.format)
        var sentences = 0, tokens = 0, entities = 0, malformed = 0, roundTripFailures = 0
        var evaluation = ChunkEvaluation()
        try reader.forEachSentence { sentence in
            sentences += 1
            tokens += sentence.tokens.count
            entities += try TagScheme.bio.spans(in: sentence.tags).count
            if !TagScheme.bio.isWellFormed(sentence.tags) { malformed += 1 }
            let bioes = try sentence.convertingTags(from: .bio, to: .bioes)
            let iob1 = try bioes.convertingTags(from: .bioes, to: .iob1)
            if try iob1.convertingTags(from: .iob1, to: .bio) != sentence { roundTripFailures += 1 }
            try evaluation.add(gold: sentence.tags, predicted: sentence.tags)
        }
        #expect(sentences == file.sentences)
        #expect(tokens == file.tokens)
        #expect(entities == file.entities)
        #expect(malformed == 0)
        #expect(roundTripFailures == 0)
        // Gold against itself: every chunk found and correct, every tag right.
        #expect(evaluation.report().hasPrefix("""
            processed \(file.tokens) tokens with \(file.entities) phrases; found: \(file.entities) phrases; \
            correct: \(file.entities).
            accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00
            """))
    }

    @Test func unerDraftTrainNormalisedToPersonOrganisationLocation() throws {
        var reader = try CoNLLReader(path: Corpora.path("uner-english-ewt/en_ewt-ud-train.iob2"), format: .universalNER)
        var byType: [String: Int] = [:]
        var textMismatches = 0
        try reader.forEachSentence { sentence in
            let normalised = try sentence.keepingTagTypes(["PER", "ORG", "LOC"], scheme: .bio)
            for span in try TagScheme.bio.spans(in: normalised.tags) {
                byType[span.type, default: 0] += 1
            }
            let text = sentence.text?.filter { !$0.isWhitespace }
            if sentence.tokens.joined() != text { textMismatches += 1 }
        }
        // uner-english-ewt/SOURCE.md: PER 2,873, LOC 2,698, ORG 1,434 = 7,005 after normalisation.
        #expect(byType == ["PER": 2_873, "LOC": 2_698, "ORG": 1_434])
        #expect(textMismatches == 0)
    }

    @Test func writingAndRereadingEWTDevIsLossless() throws {
        let sentences = try CoNLLUReader.readAll(path: Corpora.path("ud-english-ewt/en_ewt-ud-dev.conllu"))
        let writer = try CoNLLUWriter()
        var output = ""
        for sentence in sentences {
            try writer.write(sentence, to: &output)
        }
        let reread = try readAllSentences { CoNLLUReader(source: StringLineSource(output)) }
        #expect(reread == sentences)
    }
}
