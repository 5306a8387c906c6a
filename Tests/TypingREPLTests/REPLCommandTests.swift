import Testing
@testable import TypingREPL

@Suite struct REPLCommandTests {
    @Test func commandsAndTheirArguments() {
        #expect(REPLCommand(parsing: ":learn my notes.txt ") == .learn(file: "my notes.txt"))
        #expect(REPLCommand(parsing: ":forget  teh") == .forget(word: "teh"))
        #expect(REPLCommand(parsing: ":private ON") == .setPrivate(true))
        #expect(REPLCommand(parsing: ":Private off") == .setPrivate(false))
        #expect(REPLCommand(parsing: ":private") == .showPrivate)
        #expect(REPLCommand(parsing: ":stats") == .stats)
        #expect(REPLCommand(parsing: ":help") == .help)
        #expect(REPLCommand(parsing: ":quit") == .quit)
    }

    @Test func unusableLinesSayWhatToType() {
        #expect(REPLCommand(parsing: ":learn") == .problem("usage: :learn FILE"))
        #expect(REPLCommand(parsing: ":forget   ") == .problem("usage: :forget WORD"))
        #expect(REPLCommand(parsing: ":private maybe") == .problem("usage: :private on|off"))
        #expect(REPLCommand(parsing: ":exit now") == .problem("unknown command :exit (:help lists the commands)"))
        #expect(REPLCommand(parsing: ": ") == .problem("a command follows the colon: :help lists them"))
    }

    @Test func aTildeIsTheHomeFolder() {
        let home = SuggestionREPL.expandingTilde("~")
        #expect(SuggestionREPL.expandingTilde("~/a.txt") == home + "/a.txt")
        #expect(SuggestionREPL.expandingTilde("a~/b") == "a~/b")
        #expect(SuggestionREPL.expandingTilde("~other/b") == "~other/b")
    }
}
