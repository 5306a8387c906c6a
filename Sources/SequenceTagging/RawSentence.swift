/// A sentence cut from raw text, its tokens, and where each lies in the input.
///
/// Offsets count Unicode scalars from the start of the whole input (as Python's `str` indexes),
/// end exclusive: `input[start..<end]` is the text.
public struct RawSentence: Hashable, Sendable {
    public var text: String
    /// The sentence's first and past-the-last scalar offsets (first token's start, last token's end).
    public var start: Int
    public var end: Int
    public var tokens: [String]
    public var tokenOffsets: [Range<Int>]
    /// Whether whitespace follows each token in the input.
    public var spaceAfter: [Bool]
    /// The 1-based input line the sentence starts on.
    public var line: Int
}
