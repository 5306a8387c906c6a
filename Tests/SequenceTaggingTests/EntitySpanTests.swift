import RecurrentCore
import Testing

@testable import SequenceTagging

@Suite struct EntitySpanTests {
    @Test func extractsChunks() throws {
        #expect(try EntitySpan.extract(from: []) == [])
        #expect(try EntitySpan.extract(from: ["O", "O"]) == [])
        #expect(try EntitySpan.extract(from: ["B-PER", "I-PER", "O", "B-LOC"])
                == [EntitySpan(type: "PER", range: 0..<2), EntitySpan(type: "LOC", range: 3..<4)])
        // Chunk at the sentence end; I- after O; a type change inside a chunk.
        #expect(try EntitySpan.extract(from: ["O", "I-PER", "I-PER", "I-LOC"])
                == [EntitySpan(type: "PER", range: 1..<3), EntitySpan(type: "LOC", range: 3..<4)])
        #expect(try EntitySpan.extract(from: ["S-A", "S-A", "B-A", "E-A", "B-A"]).map(\.range) == [0..<1, 1..<2, 2..<4, 4..<5])
        #expect(EntitySpan(type: "PER", range: 2..<4).description == "PER[2..<4]")
    }

    @Test func conllevalSplitting() {
        #expect(ChunkTag(conllevalSplitting: "B-creative-work") == ChunkTag(prefix: "B", type: "creative-work"))
        #expect(ChunkTag(conllevalSplitting: "O") == ChunkTag(prefix: "O", type: ""))
        #expect(ChunkTag(conllevalSplitting: "PER") == ChunkTag(prefix: "PER", type: ""))
        #expect(ChunkTag(conllevalSplitting: "-X") == ChunkTag(prefix: "", type: "X"))
        #expect(ChunkTag(strictlyParsing: "B") == ChunkTag(prefix: "B", type: ""))
        #expect(ChunkTag(strictlyParsing: "B-") == nil)
        #expect(ChunkTag(strictlyParsing: "O-X") == nil)
        #expect(ChunkTag(prefix: "E", type: "X").description == "E-X")
    }

    /// With well-formed prefixes, conlleval's counting (a state machine over tag pairs) equals
    /// comparing chunk sets: gold chunks, predicted chunks and their exact matches.
    @Test func chunkEvaluationAgreesWithSpanComparison() throws {
        var generator = SplitMix64(seed: 7)
        let vocabulary = ["O", "O", "B-X", "I-X", "E-X", "S-X", "B-Y", "I-Y", "E-Y", "S-Y", "B", "I", "E", "S"]
        for _ in 0..<300 {
            var evaluation = ChunkEvaluation()
            var gold = 0, predicted = 0, correct = 0
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                let length = Int.random(in: 0...10, using: &generator)
                let goldTags = (0..<length).map { _ in vocabulary.randomElement(using: &generator) ?? "O" }
                // Predictions: mostly the gold tag, sometimes another one, so some chunks match.
                let predictedTags = goldTags.map {
                    Int.random(in: 0..<4, using: &generator) == 0 ? (vocabulary.randomElement(using: &generator) ?? "O") : $0
                }
                try evaluation.add(gold: goldTags, predicted: predictedTags)
                let goldSpans = try EntitySpan.extract(from: goldTags)
                let predictedSpans = try EntitySpan.extract(from: predictedTags)
                gold += goldSpans.count
                predicted += predictedSpans.count
                correct += Set(goldSpans).intersection(predictedSpans).count
            }
            #expect(evaluation.overall == ChunkEvaluation.Counts(goldChunks: gold, predictedChunks: predicted, correctChunks: correct))
        }
    }
}
