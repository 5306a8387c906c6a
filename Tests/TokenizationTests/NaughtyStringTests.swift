import Testing
import Tokenization

/// Strings that break tokenizers (after spaCy's test_naughty_strings.py): each must tokenize in
/// every unit without trapping and rebuild exactly.
@Suite struct NaughtyStringTests {
    static let strings: [String] = [
        "👨‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👍🏿 thumbs, 🧑🏽‍💻 coder",              // ZWJ sequences, modifiers
        "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇ text with stacked combining marks",                    // zalgo
        "\u{301}leading combining mark",                                       // mark without a base
        "مرحبا بالعالم and שלום עולם mixed with English",                      // right-to-left
        "\u{202E}reversed\u{202C} and \u{200F}marks\u{200E}",                  // bidi controls
        "Ελληνικά, русский, 中文, 日本語, 한국어, हिन्दी, தமிழ், ქართული",      // mixed scripts
        "tab\there\u{0}nul\u{7}bell\u{1B}[31mansi\u{7F}del",                   // control characters
        "\u{FEFF}byte order mark, \u{200B}zero\u{200B}width, soft\u{AD}hyphen",
        "\r\n\r\n\r", "\n", " ", "\u{2028}\u{2029}\u{85}",                     // line and paragraph separators
        "\u{FFFD}\u{FFFE}\u{10FFFF}\u{E000} private and noncharacters",
        "𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐 mathematical alphanumerics, 𝟙𝟚𝟛",
        "'; DROP TABLE users; -- <script>alert(1)</script> ${jndi:ldap://x}",
        "1,000,000.00 3.14e-10 -5 +7 ½ ⅔ ٣٤ १२",
        "https://example.com/a?b=c&d=e#f user@example.com @handle #tag",
        String(repeating: "🇺🇸", count: 9) + "🇺",                            // odd regional indicators
        String(repeating: "a\u{300}", count: 5_000),                            // one long grapheme-heavy word
    ]

    @Test(arguments: TokenUnit.allCases)
    func naughtyStringsRoundTrip(unit: TokenUnit) throws {
        let kept = try Tokenizer(unit: unit)
        let omitted = try Tokenizer(unit: unit, options: .omitWhitespace)
        for text in Self.strings {
            #expect(Rebuild.concatenating(kept.tokens(in: text), of: text) == text)
            #expect(Rebuild.withTrailingWhitespace(omitted.tokens(in: text), of: text) == text)
        }
    }

    @Test func aTenMegabyteLineWithoutNewlineTokenizesInMemory() throws {
        let text = String(repeating: "lorem ipsum dolor, sit amet. ", count: 360_000)   // 10.4 MB
        let tokens = try Tokenizer(unit: .word, options: .omitWhitespace).tokens(in: text)
        #expect(tokens.count == 360_000 * 7)
        #expect(Rebuild.withTrailingWhitespace(tokens, of: text) == text)
    }
}
