import Foundation

/// How a word typed or read is compared and counted: the model's vocabulary, the completion index
/// and the personal model all key words by their folded form.
///
/// Folding lower-cases (so "The" at a sentence start and "the" inside one are one word, and the
/// keyboard restores case itself, see ``SuggestionCasing``) and writes the typographic apostrophe
/// (U+2019, as in books) as the ASCII one a keyboard types, so "don’t" and "don't" are one word.
public enum WordForm {
    public static func folded(_ text: some StringProtocol) -> String {
        let lowered = text.lowercased()
        guard lowered.contains("\u{2019}") else { return lowered }
        return lowered.replacingOccurrences(of: "\u{2019}", with: "'")
    }

    /// Whether a token ends a sentence when it is followed by a space: ".", "!", "?", "…" and
    /// their runs ("?!", "...").
    public static func endsSentence(_ token: some StringProtocol) -> Bool {
        !token.isEmpty && token.allSatisfy { ".!?…".contains($0) }
    }

    /// Whether a token is a word a keyboard would suggest (it has a letter or a digit), as opposed
    /// to punctuation, symbols and emoji.
    public static func isSuggestible(_ token: some StringProtocol) -> Bool {
        token.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }
}
