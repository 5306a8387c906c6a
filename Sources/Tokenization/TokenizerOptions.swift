/// Which tokens a tokenizer leaves out (like NaturalLanguage's `NLTagger.Options`).
public struct TokenizerOptions: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// No whitespace tokens: the whitespace stays reachable as the preceding token's
    /// `trailingWhitespace`, so the text still rebuilds exactly.
    public static let omitWhitespace = TokenizerOptions(rawValue: 1 << 0)
    /// No punctuation tokens (their text, and the whitespace after them, is dropped).
    public static let omitPunctuation = TokenizerOptions(rawValue: 1 << 1)
}
