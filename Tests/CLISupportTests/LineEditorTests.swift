import Testing
@testable import CLISupport

@Suite struct LineEditorTests {
    @Test func insertingTypesAtTheCursor() {
        var editor = LineEditor()
        editor.insert("helo")
        editor.moveLeft()
        editor.insert("l")
        #expect(editor.text == "hello" && editor.cursor == 4)
        #expect(editor.textBeforeCursor == "hell" && editor.textAfterCursor == "o")
    }

    @Test func backspaceAndDeleteStopAtTheEnds() {
        var editor = LineEditor("ab")
        editor.deleteForward()
        #expect(editor.text == "ab")
        editor.backspace()
        #expect(editor.text == "a" && editor.cursor == 1)
        editor.moveToStart()
        editor.backspace()
        #expect(editor.text == "a" && editor.cursor == 0)
        editor.deleteForward()
        #expect(editor.text == "" && editor.cursor == 0 && editor.isEmpty)
        editor.backspace()
        editor.deleteForward()
        #expect(editor.text == "")
    }

    @Test func movingStaysInsideTheLine() {
        var editor = LineEditor("abc")
        editor.moveRight()
        #expect(editor.cursor == 3)
        editor.moveToStart()
        editor.moveLeft()
        #expect(editor.cursor == 0)
        editor.moveRight()
        #expect(editor.cursor == 1)
        editor.moveToEnd()
        #expect(editor.cursor == 3)
    }

    @Test func ctrlUDeletesToTheStartAndCtrlKToTheEnd() {
        var editor = LineEditor("hello world")
        for _ in 0..<5 { editor.moveLeft() }
        editor.deleteToStart()
        #expect(editor.text == "world" && editor.cursor == 0)
        editor.moveRight()
        editor.deleteToEnd()
        #expect(editor.text == "w" && editor.cursor == 1)
    }

    @Test func ctrlWDeletesTheWordBeforeTheCursorAndTheSpacesAfterIt() {
        var editor = LineEditor("I would like")
        editor.deleteWordBeforeCursor()
        #expect(editor.text == "I would " && editor.cursor == 8)
        editor.insert("love  ")
        editor.deleteWordBeforeCursor()
        #expect(editor.text == "I would ")
        editor.replace(with: "  ")
        editor.deleteWordBeforeCursor()
        #expect(editor.text == "" && editor.cursor == 0)
        editor.replace(with: "one two three", cursor: 7)
        editor.deleteWordBeforeCursor()
        #expect(editor.text == "one  three" && editor.cursor == 4)
        editor.moveToStart()
        editor.deleteWordBeforeCursor()
        #expect(editor.text == "one  three")
    }

    @Test func replacingTheTextBeforeTheCursorKeepsTheRest() {
        var editor = LineEditor("I wo tomorrow")
        editor.replace(with: editor.text, cursor: 4)
        editor.replaceTextBeforeCursor(with: "I would ")
        #expect(editor.text == "I would  tomorrow" && editor.cursor == 8)
        editor.replace(with: "x", cursor: 99)
        #expect(editor.cursor == 1)
        editor.replace(with: "xyz", cursor: -3)
        #expect(editor.cursor == 0)
    }

    @Test func theCursorCountsCharactersNotScalarsOrBytes() {
        var editor = LineEditor()
        editor.insert("e")
        editor.insert("\u{301}")   // joins the "e": one character
        #expect(editor.text == "e\u{301}" && editor.text.count == 1 && editor.cursor == 1)
        editor.insert("日本🐳")
        #expect(editor.cursor == 4)
        editor.moveLeft()
        editor.backspace()
        #expect(editor.text == "e\u{301}日🐳" && editor.cursor == 2)
        editor.moveToStart()
        editor.deleteForward()
        #expect(editor.text == "日🐳" && editor.cursor == 0)
        // Inserting a combining mark before a letter: the cursor stays inside the line.
        editor.insert("\u{301}")
        #expect(editor.cursor <= editor.text.count)
    }
}
