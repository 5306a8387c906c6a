import Foundation
import Testing
@testable import TypingREPL

/// The REPL driven by bytes through a pipe, as a terminal would send them, with a fake assistant;
/// the screen is what a terminal would show (``TerminalScreen``).
@Suite struct SuggestionREPLTests {
    let escape = "\u{1B}"

    @Test func theBannerThePromptAndNextWordSuggestionsComeFirst() {
        let session = REPLSession()
        let screen = session.screen
        #expect(screen.lines == ["fake-model: Tab accepts, Alt-1/2/3 pick, :help", ">", "1 and   2 the   3 a"])
        #expect(screen.row == 1 && screen.column == 2)
        session.closeInput()
    }

    @Test func everyKeyRefreshesTheSuggestions() {
        let session = REPLSession()
        var screen = session.type("t")
        #expect(screen.line(1) == "> t" && screen.line(2) == "1 the   2 this   3 that")
        screen = session.type("he")
        #expect(screen.line(1) == "> the" && screen.line(2) == "1 there")
        #expect(screen.column == 5)
        screen = session.type("x")
        #expect(screen.line(2) == "", "no suggestions: an empty strip")
        session.closeInput()
        #expect(session.assistant.suggestionRequests == ["", "t", "the", "thex"])
    }

    @Test func tabAcceptsTheFirstAndAltOrCtrlDigitsPickOne() {
        let session = REPLSession()
        var screen = session.type("th\t")
        #expect(screen.line(1) == "> the" && screen.column == 6 && screen.line(2) == "1 and   2 the   3 a")
        screen = session.type("th\(escape)2")
        #expect(screen.line(1) == "> the this")
        screen = session.type("th\(escape)[51;5u")
        #expect(screen.line(1) == "> the this that")
        screen = session.type("\(escape)[27;5;49~")
        #expect(screen.line(1) == "> the this that and")
        screen = session.type("x\(escape)3\t")
        #expect(screen.line(1) == "> the this that and x", "no suggestion to pick: nothing happens")
        session.closeInput()
        #expect(session.assistant.appliedSuggestions == ["the", "this", "that", "and"])
    }

    @Test func enterPrintsTheLineAboveAndLearnsIt() {
        let session = REPLSession()
        session.type("hello world\r")
        let screen = session.type("he")
        #expect(screen.lines == ["fake-model: Tab accepts, Alt-1/2/3 pick, :help", "> hello world", "> he", "1 hello   2 help"])
        #expect(screen.row == 2 && screen.column == 4)
        session.type("\r\r   \r")
        session.closeInput()
        #expect(session.assistant.learnedLines == ["hello world", "he"], "empty and blank lines are not learned")
    }

    @Test func editingKeysMoveAndDelete() {
        let session = REPLSession()
        var screen = session.type("hello wrld")
        screen = session.type("\(escape)[D\(escape)[D\(escape)[Do")
        #expect(screen.line(1) == "> hello world" && screen.column == 10)
        #expect(session.assistant.suggestionRequests.last == "hello wo", "suggestions are for the text before the cursor")
        screen = session.type("\(escape)[F\u{7F}\u{7F}")   // End, Backspace twice
        #expect(screen.line(1) == "> hello wor" && screen.column == 11)
        screen = session.type("\(escape)[H\(escape)[3~")   // Home, Delete
        #expect(screen.line(1) == "> ello wor" && screen.column == 2)
        screen = session.type("\u{05}\u{17}")   // Ctrl-E, Ctrl-W
        #expect(screen.line(1) == "> ello" && screen.column == 7)
        screen = session.type("\u{01}\(escape)OC\u{0B}")   // Ctrl-A, Right, Ctrl-K
        #expect(screen.line(1) == "> e" && screen.column == 3)
        screen = session.type("xyz\u{02}\u{02}\u{15}")   // Ctrl-B twice, Ctrl-U
        #expect(screen.line(1) == "> yz" && screen.column == 2)
        session.closeInput()
    }

    @Test func acceptingInTheMiddleOfALineKeepsWhatFollows() {
        let session = REPLSession()
        session.type("wo tomorrow")
        for _ in 0..<9 { session.type("\(escape)[D") }
        let screen = session.type("\t")
        #expect(screen.line(1) == "> world tomorrow" && screen.column == 8)
        session.closeInput()
    }

    @Test func wideAndUTF8TextPutsTheCursorInTheRightColumn() {
        let session = REPLSession()
        var screen = session.type("日本")
        #expect(screen.line(1) == "> 日本" && screen.column == 6)
        #expect(screen.line(2) == "1 日本語")
        screen = session.type("\t")
        #expect(screen.line(1) == "> 日本語" && screen.column == 9)
        // "ö" split across two writes: the REPL puts it together.
        session.type("w")
        session.send([0xC3], waitForFrame: false)
        screen = session.send([0xB6])
        #expect(screen.line(1) == "> 日本語 wö" && screen.line(2) == "1 wörld")
        screen = session.type("\u{7F}\(escape)[D")
        #expect(screen.line(1) == "> 日本語 w" && screen.column == 9)
        session.closeInput()
    }

    @Test func aLongLineScrollsSidewaysAndNeverWraps() {
        let session = REPLSession(columns: 20)
        let screen = session.type(String(repeating: "abcdefghij", count: 4))
        // The banner wraps (it is printed once); the line being typed never does.
        #expect(screen.line(screen.row) == "> efghijabcdefghij" && screen.column == 18)
        #expect(screen.lines.count == screen.row + 1, "an empty strip, and nothing below")
        session.closeInput()
    }

    @Test func theCommandsRunAndSayWhatTheyDid() {
        let session = REPLSession(columns: 80)
        var screen = session.type(":")
        #expect(screen.line(2) == ":learn FILE   :forget WORD   :private on|off   :stats   :help   :quit")
        session.type("learn  ~/notes.txt \r")
        session.type(":learn missing.txt\r")
        session.type(":forget teh\r:forget\r")
        session.type(":private on\r")
        screen = session.type("th")
        #expect(screen.lines.last == "(private)  1 the   2 this   3 that")
        session.type("\u{15}:PRIVATE\r:private off\r:private maybe\r")
        session.type(":stats\r:bogus\r:\r")
        session.type(":help\r")
        session.closeInput()
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "~"
        #expect(session.assistant.learnedFiles == [home + "/notes.txt"])
        #expect(session.assistant.forgottenWords == ["teh"])
        #expect(session.assistant.learnedLines == [], "commands are not learned")
        let printed = session.output
        for line in ["> :learn  ~/notes.txt \r\nlearning ~/notes.txt...\r\nlearned 12 words from \(home)/notes.txt\r\n",
                     "error: cannot read missing.txt: no such file\r\n",
                     "forgot teh\r\n", "usage: :forget WORD\r\n",
                     "private mode on: nothing is learned or written\r\n", "private mode is on\r\n",
                     "private mode off: finished lines are learned\r\n", "usage: :private on|off\r\n",
                     "model: fake, 10 words\r\npersonal: 0 lines learned\r\n",
                     "unknown command :bogus (:help lists the commands)\r\n",
                     "a command follows the colon: :help lists them\r\n",
                     ":quit             leave (Ctrl-C, or Ctrl-D on an empty line, too)\r\n"] {
            #expect(printed.contains(line), "\(line.debugDescription)")
        }
    }

    @Test func anErrorFromTheAssistantIsOneLineAndTheREPLGoesOn() {
        let session = REPLSession()
        let screen = session.type("this will fail\rok")
        #expect(screen.lines.suffix(3) == ["> this will fail", "error: the personal model is read-only second line", "> ok"])
        session.closeInput()
    }

    @Test func upAndDownRecallEarlierLines() {
        let session = REPLSession()
        session.type("first\rsecond\rdra")
        var screen = session.type("\(escape)[A")
        #expect(screen.line(screen.row) == "> second")
        screen = session.type("\(escape)[A\(escape)[A")
        #expect(screen.line(screen.row) == "> first")
        screen = session.type("\(escape)[B\(escape)[B")
        #expect(screen.line(screen.row) == "> dra")
        session.closeInput()
    }

    @Test func ctrlLClearsTheScreenAndRedraws() {
        let session = REPLSession()
        session.type("one\rtwo")
        let screen = session.type("\u{0C}")
        #expect(screen.lines == ["> two"] && screen.row == 0)
        session.closeInput()
    }

    @Test func ctrlDLeavesOnlyOnAnEmptyLineAndCtrlCAlways() {
        let session = REPLSession()
        session.type("ab\u{04}")
        #expect(!session.ended)
        let screen = session.type("\u{15}\u{04}")
        #expect(session.ended)
        #expect(screen.lines == ["fake-model: Tab accepts, Alt-1/2/3 pick, :help"], "leaving clears the line and the strip")
        let other = REPLSession()
        other.type("typing\u{03}")
        #expect(other.ended)
        let quitter = REPLSession()
        quitter.type(":quit\r")
        #expect(quitter.ended)
    }

    @Test func aLoneEscapeDoesNothingAndDoesNotBlock() {
        let session = REPLSession()
        session.type("ab")
        let screen = session.type(escape)
        #expect(screen.line(1) == "> ab")
        session.type("c")
        #expect(session.screen.line(1) == "> abc")
        session.closeInput()
    }

    @Test func escapeJustBeforeAKeyDoesNotEatIt() {
        let session = REPLSession()
        session.type("\(escape):stats\r")
        let screen = session.type("\(escape)b")
        #expect(screen.line(screen.row) == "> b")
        session.closeInput()
        #expect(session.output.contains("> :stats\r\nmodel: fake, 10 words\r\n"))
    }

    @Test func suggestionsAreShownWithoutTheirControlCharacters() {
        let session = REPLSession()
        let screen = session.type("ba")
        #expect(screen.line(2) == "1 bad[2Jword")
        session.closeInput()
    }

    @Test func thePublicInitializerReadsOneDescriptorAndDrawsOnAnother() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let input = Array("hello\rwo\t\r".utf8)
        _ = input.withUnsafeBytes { write(ends[1], $0.baseAddress!, $0.count) }
        close(ends[1])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quill-repl-\(UUID())").path
        let output = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { unlink(path) }
        let assistant = FakeAssistant()
        try SuggestionREPL(assistant: assistant, modelName: "words", input: ends[0], output: output, columns: 50).run()
        close(ends[0])
        close(output)
        #expect(assistant.learnedLines == ["hello", "world "])
        var screen = TerminalScreen(width: 50)
        screen.feed(try String(contentsOfFile: path, encoding: .utf8))
        #expect(screen.lines == ["words: Tab accepts, Alt-1/2/3 pick, :help", "> hello", "> world"])
    }
}
