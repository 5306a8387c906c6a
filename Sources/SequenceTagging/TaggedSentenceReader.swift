/// A reader that yields one ``TaggedSentence`` at a time, so that files of any size are processed
/// in constant memory. ``CoNLLUReader`` and ``CoNLLReader`` conform.
public protocol TaggedSentenceReader {
    /// Returns the next sentence, or `nil` after the last one.
    /// - Throws: ``DataFormatError`` naming file, line and problem.
    mutating func nextSentence() throws -> TaggedSentence?
}

extension TaggedSentenceReader {
    /// Reads every remaining sentence into an array.
    public mutating func readAll() throws -> [TaggedSentence] {
        var sentences: [TaggedSentence] = []
        while let sentence = try nextSentence() {
            sentences.append(sentence)
        }
        return sentences
    }

    /// Calls `body` with each remaining sentence, in order, without keeping them.
    public mutating func forEachSentence(_ body: (TaggedSentence) throws -> Void) throws {
        while let sentence = try nextSentence() {
            try body(sentence)
        }
    }
}
