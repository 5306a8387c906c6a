import Tokenization

/// Cuts text into the word model's tokens, the same way for training corpora, evaluation texts
/// and what the user types: ICU word boundaries, whitespace left out, every other token (words,
/// numbers, punctuation, symbols, emoji) kept in its folded form (``WordForm``).
///
/// A text is a list of sentences (ICU's sentence rules with the locale's abbreviations); each
/// sentence ends with the end-of-sentence token, which also starts the first one, so the model
/// always predicts the first word of a sentence from the same context.
public final class TypingText {
    private let sentenceTokenizer: Tokenizer
    private let wordTokenizer: Tokenizer

    public init(locale: String = "en") throws {
        sentenceTokenizer = try Tokenizer(unit: .sentence, locale: locale)
        wordTokenizer = try Tokenizer(unit: .word, locale: locale, options: .omitWhitespace)
    }

    /// The tokens of a piece of text, as typed (surface form) and folded.
    public func tokens(in text: String) -> [(surface: Substring, folded: String)] {
        wordTokenizer.tokens(in: text).map { token in
            let surface = text[token.range]
            return (surface, WordForm.folded(surface))
        }
    }

    /// The sentences of a paragraph (line breaks already read as spaces, or one line).
    public func sentences(in paragraph: String) -> [Substring] {
        sentenceTokenizer.tokens(in: paragraph).map { paragraph[$0.range] }
    }
}
