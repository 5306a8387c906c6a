import Tokenization

/// The two ways tokens rebuild their text exactly (see `Token`).
enum Rebuild {
    /// Concatenation of every token's text: holds when whitespace is kept.
    static func concatenating(_ tokens: [Token], of text: String) -> String {
        tokens.map { text[$0.range] }.joined()
    }

    /// The text before the first token, then each token with its trailing whitespace: holds when
    /// whitespace is omitted (and punctuation kept).
    static func withTrailingWhitespace(_ tokens: [Token], of text: String) -> String {
        guard let first = tokens.first else { return text }
        var result = String(text[..<first.range.lowerBound])
        for token in tokens {
            result += text[token.range]
            result += text[token.trailingWhitespace]
        }
        return result
    }

    static func texts(_ tokens: [Token], of text: String) -> [String] {
        tokens.map { String(text[$0.range]) }
    }
}
