/// How many terminal columns text takes, as terminals count them (wcwidth's rules, without
/// depending on the process's locale): East Asian wide and fullwidth characters and emoji take 2,
/// combining marks and format characters 0, control characters 0, everything else 1.
///
///     DisplayWidth.columns(of: "né")    // 2
///     DisplayWidth.columns(of: "日本")  // 4
///     DisplayWidth.columns(of: "🐳")    // 2
public enum DisplayWidth {
    /// The columns of one character (a grapheme cluster counts by its first scalar, except that an
    /// emoji sequence or a character with the emoji variation selector takes 2).
    public static func columns(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        let value = first.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x7F && scalars.count == 1 { return 1 }
        if first.properties.isEmojiPresentation || scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    /// The columns of a string: the sum over its characters.
    public static func columns(of text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + columns(of: $1) }
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks, from Unicode's EastAsianWidth.txt (emoji
    /// are found by their Emoji_Presentation property instead).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,     // Hangul Jamo initial consonants
        0x2329...0x232A,     // angle brackets
        0x2E80...0x303E,     // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,     // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK compatibility
        0x3400...0x4DBF,     // CJK extension A
        0x4E00...0x9FFF,     // CJK unified ideographs
        0xA000...0xA4CF,     // Yi
        0xA960...0xA97F,     // Hangul Jamo extended A
        0xAC00...0xD7A3,     // Hangul syllables
        0xF900...0xFAFF,     // CJK compatibility ideographs
        0xFE10...0xFE19,     // vertical forms
        0xFE30...0xFE6F,     // CJK compatibility forms, small form variants
        0xFF00...0xFF60,     // fullwidth forms
        0xFFE0...0xFFE6,     // fullwidth signs
        0x1B000...0x1B2FF,   // Kana supplement and extensions, Nushu
        0x20000...0x2FFFD,   // CJK extensions B-F, compatibility supplement
        0x30000...0x3FFFD,   // CJK extensions G-H
    ]
}
