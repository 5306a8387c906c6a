import Testing

@testable import SequenceTagging

@Suite struct TokenAccuracyTests {
    @Test func countsExactMatches() throws {
        var accuracy = TokenAccuracy()
        #expect(accuracy.accuracy == 0)
        try accuracy.add(gold: ["DET", "NOUN", "VERB"], predicted: ["DET", "VERB", "VERB"])
        try accuracy.add(gold: ["PUNCT"], predicted: ["PUNCT"])
        #expect(accuracy.correctCount == 3)
        #expect(accuracy.totalCount == 4)
        #expect(accuracy.accuracy == 0.75)
        #expect(accuracy.accuracyPercent == 75)
        var other = TokenAccuracy()
        try other.add(gold: ["X"], predicted: ["Y"])
        accuracy.merge(other)
        #expect(accuracy.totalCount == 5)
        #expect(accuracy.correctCount == 3)
        #expect(throws: TagSequenceLengthMismatch.self) { try accuracy.add(gold: ["A"], predicted: ["A", "B"]) }
        #expect(accuracy.totalCount == 5)
    }
}
