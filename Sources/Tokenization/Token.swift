/// One token: a range into the caller's string, its kind, and the whitespace that follows it.
///
/// A token never owns text: `text[token.range]` is its content. Unless whitespace is omitted,
/// whitespace is a token of its own (kind `.whitespace`), so concatenating the tokens' texts gives
/// back the input exactly. Either way every other token also names the whitespace after it, so
///
///     text[..<tokens[0].range.lowerBound] + tokens.map { text[$0.range] + text[$0.trailingWhitespace] }
///
/// rebuilds the input from the non-whitespace tokens alone (as spaCy's `Doc` does).
public struct Token: Hashable, Sendable {
    /// Where the token is in the text it was cut from.
    public let range: Range<String.Index>
    public let kind: TokenKind
    /// Where the whitespace after the token ends (stored instead of a second range: 32 bytes a
    /// token instead of 40, which matters for a token per character).
    private var trailingWhitespaceEnd: String.Index

    /// - Parameter trailingWhitespaceEnd: where the whitespace that follows the token ends;
    ///   `range.upperBound` (the default) when none follows.
    public init(range: Range<String.Index>, kind: TokenKind, trailingWhitespaceEnd: String.Index? = nil) {
        self.range = range
        self.kind = kind
        self.trailingWhitespaceEnd = max(trailingWhitespaceEnd ?? range.upperBound, range.upperBound)
    }

    /// For the tokenizer, which guarantees `trailingWhitespaceEnd >= range.upperBound`.
    init(unchecked range: Range<String.Index>, kind: TokenKind, trailingWhitespaceEnd: String.Index) {
        self.range = range
        self.kind = kind
        self.trailingWhitespaceEnd = trailingWhitespaceEnd
    }

    /// The whitespace right after the token, up to the next non-whitespace token (an empty range at
    /// `range.upperBound` when none follows). Always empty for whitespace tokens.
    public var trailingWhitespace: Range<String.Index> { range.upperBound..<trailingWhitespaceEnd }

    /// Whether whitespace follows the token (spaCy's `whitespace_`, as a flag).
    public var hasTrailingWhitespace: Bool { trailingWhitespaceEnd > range.upperBound }
}
