/// A CoNLL-U multiword token: one surface token (e.g. `don't`) spelling several syntactic words
/// (`do`, `n't`), from a line whose ID is a range such as `3-4`.
///
/// Tagging works on the syntactic words (they carry UPOS/XPOS); the multiword token is kept so
/// that the original text can be rebuilt and written back.
public struct MultiwordToken: Hashable, Sendable {
    /// The surface form (FORM of the range line).
    public var form: String
    /// The 0-based indices of the words it spans in ``TaggedSentence/tokens`` (CoNLL-U range
    /// `3-4` is `2...3`).
    public var words: ClosedRange<Int>
    /// `false` if the range line's MISC contains `SpaceAfter=No`.
    public var spaceAfter: Bool

    public init(form: String, words: ClosedRange<Int>, spaceAfter: Bool = true) {
        self.form = form
        self.words = words
        self.spaceAfter = spaceAfter
    }
}
