import Testing
@testable import CLISupport

@Suite struct DisplayWidthTests {
    @Test func columnsAsTerminalsCountThem() {
        #expect(DisplayWidth.columns(of: "abc") == 3)
        #expect(DisplayWidth.columns(of: "né") == 2)
        #expect(DisplayWidth.columns(of: "ne\u{301}") == 2, "a combining accent takes no column")
        #expect(DisplayWidth.columns(of: "日本") == 4)
        #expect(DisplayWidth.columns(of: "한국어") == 6)
        #expect(DisplayWidth.columns(of: "Ａｱ") == 3, "fullwidth A is wide, halfwidth katakana is not")
        #expect(DisplayWidth.columns(of: "🐳") == 2)
        #expect(DisplayWidth.columns(of: "👨‍👩‍👧") == 2)
        #expect(DisplayWidth.columns(of: "🇫🇷") == 2)
        #expect(DisplayWidth.columns(of: "❤️") == 2)
        #expect(DisplayWidth.columns(of: "a\u{200B}b") == 2)
        #expect(DisplayWidth.columns(of: "\u{1B}\t") == 0)
    }
}
