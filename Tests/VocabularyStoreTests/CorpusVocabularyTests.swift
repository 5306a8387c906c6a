import Foundation
import Testing
import VocabularyStore
import _TestSupport

private let tinyShakespeare = SharedData.corpus("tinyshakespeare/input.txt")

@Suite(.enabled(if: tinyShakespeare != nil,
                "tinyshakespeare/input.txt is not in ../shared/corpora (set QUILL_CORPORA to the corpora folder)"))
struct CorpusVocabularyTests {
    let text: String

    init() throws {
        text = try String(contentsOf: try #require(tinyShakespeare), encoding: .utf8)
    }

    @Test func wordVocabularyFromTinyShakespeare() throws {
        let words = text.split(whereSeparator: \.isWhitespace)
        #expect(words.count == 202_651)   // SOURCE.md
        var builder = VocabularyBuilder()
        builder.add(contentsOf: words)
        let vocabulary = builder.build(minimumCount: 2)

        let kept = builder.counts.values.filter { $0 >= 2 }.count
        #expect(vocabulary.count == 4 + kept)
        #expect(vocabulary.count > 5_000 && vocabulary.count < builder.counts.count)
        #expect(vocabulary.id(for: "the") < 4 + 10)
        #expect(vocabulary.count(of: "the") == builder.counts["the"])
        let ordinaryCounts = (4..<vocabulary.count).map { vocabulary.count(of: vocabulary.token(for: $0)) }
        #expect(zip(ordinaryCounts, ordinaryCounts.dropFirst()).allSatisfy { $0 >= $1 })

        for id in 0..<vocabulary.count {
            #expect(vocabulary.id(for: vocabulary.token(for: id)) == id)
        }
        let ids = vocabulary.encode(words)
        let unknown = ids.filter { $0 == vocabulary.unknownID }.count
        #expect(unknown == builder.counts.values.filter { $0 < 2 }.count)   // each rare word occurs once

        let loaded = try Vocabulary(json: vocabulary.jsonString(), source: "tinyshakespeare vocabulary")
        #expect(loaded == vocabulary)
        #expect(loaded.encode(words) == ids)
    }

    @Test func characterVocabularyFromTinyShakespeare() throws {
        let vocabulary = Vocabulary(counting: text.map(String.init), specials: .unknownOnly)
        #expect(vocabulary.count == 1 + 65)   // SOURCE.md: 65 distinct characters
        let ids = text.map { vocabulary.id(for: $0) }
        #expect(!ids.contains(vocabulary.unknownID))
        #expect(vocabulary.decode(ids).joined() == text)
        #expect(try Vocabulary(json: vocabulary.jsonString(), source: "tinyshakespeare characters") == vocabulary)
    }
}
