import _ICUShims

/// What a tokenizer cuts text into, following ICU's break iterators (Unicode UAX #29 and #14).
public enum TokenUnit: String, Sendable, CaseIterable {
    /// User-perceived characters (extended grapheme clusters): "e\u{301}" and "👍🏽" are one each.
    case grapheme
    /// Words, numbers, punctuation and spaces; Chinese, Japanese, Thai, Lao, Khmer and Burmese words
    /// through ICU's dictionaries.
    case word
    /// Sentences (ICU also ends one at every line break).
    case sentence
    /// Line-break opportunities: the pieces a text may be wrapped between.
    case line

    var breakType: Int32 {
        switch self {
        case .grapheme: Int32(QUILL_BREAK_GRAPHEME)
        case .word: Int32(QUILL_BREAK_WORD)
        case .sentence: Int32(QUILL_BREAK_SENTENCE)
        case .line: Int32(QUILL_BREAK_LINE)
        }
    }

    /// A generous guess of the token count of a text of `utf8Count` bytes (English-like text has
    /// about one word-unit token per 2.5 bytes), so that building an array rarely reallocates.
    func expectedTokens(utf8Count: Int) -> Int {
        switch self {
        case .grapheme: utf8Count
        case .word: utf8Count / 2
        case .sentence, .line: utf8Count / 8
        }
    }
}
