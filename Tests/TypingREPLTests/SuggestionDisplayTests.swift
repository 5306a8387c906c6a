import Testing
@testable import TypingREPL

@Suite struct SuggestionDisplayTests {
    @Test func aLineThatFitsIsShownWhole() {
        let (text, column) = SuggestionDisplay.visibleLine(before: "I would", after: " like", columns: 20)
        #expect(text == "I would like" && column == 7)
    }

    @Test func aLongLineKeepsTheCursorInView() {
        let (text, column) = SuggestionDisplay.visibleLine(before: "0123456789", after: "abcdef", columns: 8)
        #expect(text == "3456789a" && column == 7)
        let (start, startColumn) = SuggestionDisplay.visibleLine(before: "", after: "0123456789", columns: 4)
        #expect(start == "0123" && startColumn == 0)
        let (wide, wideColumn) = SuggestionDisplay.visibleLine(before: "日本語日本語", after: "", columns: 6)
        #expect(wide == "本語" && wideColumn == 4, "a wide character never straddles the edge")
    }

    @Test func theStripNumbersTheSuggestionsDimAndIsCutToTheWidth() {
        let strip = SuggestionDisplay.strip(suggestions: ["the", "a"], isPrivate: false, columns: 40)
        #expect(strip == "\u{1B}[2m1\u{1B}[22m the   \u{1B}[2m2\u{1B}[22m a")
        let cut = SuggestionDisplay.strip(suggestions: ["the", "a"], isPrivate: true, columns: 14)
        #expect(cut == "\u{1B}[2m(private)\u{1B}[22m  \u{1B}[2m1\u{1B}[22m t")
    }

    @Test func displayableTextHasNoControlCharacters() {
        #expect(SuggestionDisplay.displayable("a\tb\nc\u{1B}[31md\u{9B}e\u{7F}") == "a b c[31mde")
    }
}
