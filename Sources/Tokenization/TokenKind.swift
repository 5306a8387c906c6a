/// What a token is made of.
///
/// For word tokens the kind comes from ICU's rule status (letters, kana and ideographs are
/// `.word`, numbers `.number`); every other token is judged by its first character: its general
/// category, White_Space, and the emoji properties. A pictograph with text presentation ("©") is a
/// symbol unless a variation selector 16, a joiner or a skin tone makes it an emoji ("©️").
/// Sentence and line tokens take the kind of their first character.
public enum TokenKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case word = 0
    case number = 1
    case punctuation = 2
    case symbol = 3
    case emoji = 4
    case whitespace = 5
    /// Controls, format characters, private use, unassigned, and combining marks without a base.
    case other = 6

    public var description: String {
        switch self {
        case .word: "word"
        case .number: "number"
        case .punctuation: "punctuation"
        case .symbol: "symbol"
        case .emoji: "emoji"
        case .whitespace: "whitespace"
        case .other: "other"
        }
    }
}
