import Foundation
import RecurrentCore
import Testing

@testable import SequenceTagging

/// Expected reports were worked out by hand (the reasoning is in each comment) and then confirmed
/// by running the conlleval script (version 2004-01-26, non-LaTeX output) on the same input, with
/// each sentence written as `token gold predicted` lines and a blank line after each sentence.
@Suite struct ChunkEvaluationTests {
    private func evaluate(
        _ sentences: [(gold: [String], predicted: [String])], rules: ChunkBoundaryRules = .conllevalBIOES
    ) throws -> ChunkEvaluation {
        var evaluation = ChunkEvaluation(rules: rules)
        for sentence in sentences {
            try evaluation.add(gold: sentence.gold, predicted: sentence.predicted)
        }
        return evaluation
    }

    @Test func wrongTypeAndTypeOnlyInPredictions() throws {
        // Gold chunks PER[0..<2], LOC[3]; predicted PER[0..<2], ORG[3]. 2 gold, 2 found, 1 correct:
        // P = R = F = 50. Tokens right: 3 of 4 (B-LOC vs B-ORG wrong) = 75%. LOC has no prediction
        // (precision 0 by convention, recall 0/1); ORG only in predictions (0 correct of 1 found).
        let evaluation = try evaluate([(["B-PER", "I-PER", "O", "B-LOC"], ["B-PER", "I-PER", "O", "B-ORG"])])
        #expect(evaluation.report() == """
            processed 4 tokens with 2 phrases; found: 2 phrases; correct: 1.
            accuracy:  75.00%; precision:  50.00%; recall:  50.00%; FB1:  50.00
                          LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  0
                          ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                          PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1

            """)
        #expect(evaluation.types == ["LOC", "ORG", "PER"])
        #expect(evaluation.counts(forType: "ORG") == ChunkEvaluation.Counts(goldChunks: 0, predictedChunks: 1, correctChunks: 0))
        #expect(evaluation.counts(forType: "none") == ChunkEvaluation.Counts())
        #expect(evaluation.tokenCount == 4)
        #expect(evaluation.correctTagCount == 3)
        #expect(evaluation.accuracyPercent == 75)
        #expect(evaluation.overall.f1Percent == 50)
    }

    @Test func iAfterOStartsAChunk() throws {
        // Predicted "O I-PER I-PER O" has the chunk PER[1..<3], like gold "O B-PER I-PER O": the
        // chunk is correct, but the tag I-PER vs B-PER on token 1 is not: accuracy 3/4.
        let evaluation = try evaluate([(["O", "B-PER", "I-PER", "O"], ["O", "I-PER", "I-PER", "O"])])
        #expect(evaluation.report() == """
            processed 4 tokens with 1 phrases; found: 1 phrases; correct: 1.
            accuracy:  75.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00
                          PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1

            """)
    }

    @Test func typeChangeInsideAChunk() throws {
        // Predicted "B-LOC I-PER" is two chunks, LOC[0] and PER[1]; gold is one chunk LOC[0..<2].
        // Found 2, correct 0 (LOC[0] ends too early). Accuracy 1/2.
        let evaluation = try evaluate([(["B-LOC", "I-LOC"], ["B-LOC", "I-PER"])])
        #expect(evaluation.report() == """
            processed 2 tokens with 1 phrases; found: 2 phrases; correct: 0.
            accuracy:  50.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00
                          LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                          PER: precision:   0.00%; recall:   0.00%; FB1:   0.00  1

            """)
    }

    @Test func sentenceBoundariesEndChunks() throws {
        // Two sentences: the I-PER opening the second cannot continue the first sentence's chunk,
        // so there are 2 chunks, both correct.
        let separate = try evaluate([(["B-PER"], ["B-PER"]), (["I-PER"], ["I-PER"])])
        #expect(separate.report() == """
            processed 2 tokens with 2 phrases; found: 2 phrases; correct: 2.
            accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00
                          PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  2

            """)
        // The same tags as one sentence are one chunk.
        let joined = try evaluate([(["B-PER", "I-PER"], ["B-PER", "I-PER"])])
        #expect(joined.overall == ChunkEvaluation.Counts(goldChunks: 1, predictedChunks: 1, correctChunks: 1))
    }

    @Test func chunksAtSentenceEnds() throws {
        // Sentence 1 ends with the chunk LOC[1], closed by the sentence end. In sentence 2, predicted
        // "I-LOC I-LOC" is the same chunk LOC[0..<2] as gold "B-LOC I-LOC" (I- after the boundary
        // starts a chunk). Both chunks correct; the tag of sentence 2's token 0 is wrong: 3/4.
        let evaluation = try evaluate([(["O", "B-LOC"], ["O", "B-LOC"]), (["B-LOC", "I-LOC"], ["I-LOC", "I-LOC"])])
        #expect(evaluation.report() == """
            processed 4 tokens with 2 phrases; found: 2 phrases; correct: 2.
            accuracy:  75.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00
                          LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  2

            """)
    }

    @Test func allOSentence() throws {
        // No chunks anywhere: precision, recall and F1 are printed as 0.00; accuracy is 100%.
        let evaluation = try evaluate([(["O", "O", "O"], ["O", "O", "O"])])
        #expect(evaluation.report() == """
            processed 3 tokens with 0 phrases; found: 0 phrases; correct: 0.
            accuracy: 100.00%; precision:   0.00%; recall:   0.00%; FB1:   0.00

            """)
        #expect(evaluation.types == [])
    }

    @Test func nothingProcessed() throws {
        // No tokens: the accuracy line is left out.
        #expect(ChunkEvaluation().report() == "processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n")
        #expect(try evaluate([([], [])]).report() == "processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n")
    }

    @Test func unequalPrecisionAndRecall() throws {
        // Gold PER[0], LOC[2], ORG[4] (3); predicted PER[0], LOC[2..<4] (2); correct: PER only.
        // P = 100*1/2 = 50, R = 100*1/3 = 33.33, F = 2*50*33.33/83.33 = 40. Accuracy 3/5 = 60.
        let evaluation = try evaluate([(["B-PER", "O", "B-LOC", "O", "B-ORG"], ["B-PER", "O", "B-LOC", "I-LOC", "O"])])
        #expect(evaluation.report() == """
            processed 5 tokens with 3 phrases; found: 2 phrases; correct: 1.
            accuracy:  60.00%; precision:  50.00%; recall:  33.33%; FB1:  40.00
                          LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1
                          ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  0
                          PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1

            """)
        #expect(abs(evaluation.overall.f1Percent - 40) < 1e-9)
    }

    @Test func singleTokenChunksInBIOES() throws {
        // "S-PER S-PER" is two chunks with the BIOES rules. The published script has no rules for
        // S, so it sees one chunk (S-PER S-PER neither ends nor starts a chunk, types being equal).
        let tags = ["S-PER", "S-PER"]
        let bioes = try evaluate([(tags, tags)])
        #expect(bioes.report() == """
            processed 2 tokens with 2 phrases; found: 2 phrases; correct: 2.
            accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00
                          PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  2

            """)
        let original = try evaluate([(tags, tags)], rules: .conlleval)
        #expect(original.report() == """
            processed 2 tokens with 1 phrases; found: 1 phrases; correct: 1.
            accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00
                          PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1

            """)
        // Likewise B-X E-X B-X E-X: the published script does not start a chunk at B after E.
        let twoChunks = ["B-X", "E-X", "B-X", "E-X"]
        #expect(try evaluate([(twoChunks, twoChunks)]).overall.goldChunks == 2)
        #expect(try evaluate([(twoChunks, twoChunks)], rules: .conlleval).overall.goldChunks == 1)
    }

    @Test func bothRuleSetsAgreeOnBIO() throws {
        var generator = SplitMix64(seed: 99)
        let vocabulary = ["O", "O", "B-X", "I-X", "B-Y", "I-Y", "B", "I"]
        for _ in 0..<500 {
            let length = Int.random(in: 0...10, using: &generator)
            let gold = (0..<length).map { _ in vocabulary.randomElement(using: &generator) ?? "O" }
            let predicted = (0..<length).map { _ in vocabulary.randomElement(using: &generator) ?? "O" }
            let bioes = try evaluate([(gold, predicted)])
            let original = try evaluate([(gold, predicted)], rules: .conlleval)
            #expect(bioes.report() == original.report())
        }
    }

    @Test func hyphenatedTypes() throws {
        // WNUT-17 types contain hyphens; the type is everything after the first hyphen.
        // Gold creative-work[0..<2]; predicted creative-work[0..<2] and person[2]: P 50, R 100,
        // F 66.67; accuracy 2/3. Names are right-aligned in 17 columns.
        let evaluation = try evaluate([
            (["B-creative-work", "I-creative-work", "O"], ["B-creative-work", "I-creative-work", "B-person"])
        ])
        #expect(evaluation.report() == """
            processed 3 tokens with 1 phrases; found: 2 phrases; correct: 1.
            accuracy:  66.67%; precision:  50.00%; recall: 100.00%; FB1:  66.67
                creative-work: precision: 100.00%; recall: 100.00%; FB1: 100.00  1
                       person: precision:   0.00%; recall:   0.00%; FB1:   0.00  1

            """)
    }

    @Test func perlQuirksAreKept() throws {
        // Untyped chunks (bare B/I) have the empty type, which the script lists twice when it occurs
        // in both gold and prediction (its duplicate check treats "" as false).
        let untyped = try evaluate([(["B", "I", "O"], ["B", "I", "O"])])
        #expect(untyped.report() == """
            processed 3 tokens with 1 phrases; found: 1 phrases; correct: 1.
            accuracy: 100.00%; precision: 100.00%; recall: 100.00%; FB1: 100.00
                             : precision: 100.00%; recall: 100.00%; FB1: 100.00  1
                             : precision: 100.00%; recall: 100.00%; FB1: 100.00  1

            """)
        // A type "0" is false in Perl and becomes the empty type.
        let zero = try evaluate([(["B-0", "O"], ["B-0", "O"])])
        #expect(zero.report() == untyped.report().replacingOccurrences(of: "processed 3 tokens", with: "processed 2 tokens"))
        #expect(zero.types == [""])
    }

    @Test func lengthMismatchIsAnError() {
        var evaluation = ChunkEvaluation()
        let error = #expect(throws: TagSequenceLengthMismatch.self) { try evaluation.add(gold: ["O"], predicted: []) }
        #expect(error?.description == "gold sentence has 1 tags but the prediction has 0")
        #expect(evaluation.tokenCount == 0)
    }

    @Test func boundaryRulesMatchTheScript() {
        let rules = ChunkBoundaryRules.conlleval
        // endOfChunk: B/I followed by B or O; E followed by E, I or O; any type change after a
        // tag other than O and "."; always after "[" and "]".
        #expect(rules.chunkEnds(previousPrefix: "B", prefix: "O", previousType: "X", type: ""))
        #expect(!rules.chunkEnds(previousPrefix: "B", prefix: "I", previousType: "X", type: "X"))
        #expect(rules.chunkEnds(previousPrefix: "B", prefix: "I", previousType: "X", type: "Y"))
        #expect(!rules.chunkEnds(previousPrefix: ".", prefix: "I", previousType: "X", type: "Y"))
        #expect(rules.chunkEnds(previousPrefix: "[", prefix: ".", previousType: "X", type: "X"))
        #expect(!rules.chunkEnds(previousPrefix: "S", prefix: "S", previousType: "X", type: "X"))
        #expect(ChunkBoundaryRules.conllevalBIOES.chunkEnds(previousPrefix: "S", prefix: "S", previousType: "X", type: "X"))
        // startOfChunk: B after anything; I or E after O; E, I after E; type changes; "[" and "]".
        #expect(rules.chunkStarts(previousPrefix: "O", prefix: "I", previousType: "", type: "X"))
        #expect(!rules.chunkStarts(previousPrefix: "I", prefix: "I", previousType: "X", type: "X"))
        #expect(!rules.chunkStarts(previousPrefix: "I", prefix: ".", previousType: "X", type: "Y"))
        #expect(rules.chunkStarts(previousPrefix: ".", prefix: "]", previousType: "X", type: "X"))
        #expect(!rules.chunkStarts(previousPrefix: "E", prefix: "B", previousType: "X", type: "X"))
        #expect(ChunkBoundaryRules.conllevalBIOES.chunkStarts(previousPrefix: "E", prefix: "B", previousType: "X", type: "X"))
    }
}
