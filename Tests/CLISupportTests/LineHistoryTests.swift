import Testing
@testable import CLISupport

@Suite struct LineHistoryTests {
    @Test func upAndDownWalkTheLinesAndKeepTheOneBeingTyped() {
        var history = LineHistory()
        history.add("first")
        history.add("second")
        #expect(history.next(current: "dra") == nil)
        #expect(history.previous(current: "dra") == "second")
        #expect(history.previous(current: "second") == "first")
        #expect(history.previous(current: "first") == nil)
        #expect(history.next(current: "first") == "second")
        #expect(history.next(current: "second") == "dra")
        #expect(history.next(current: "dra") == nil)
    }

    @Test func emptyLinesAndRepeatsAreNotKeptAndTheOldestGoFirst() {
        var history = LineHistory(capacity: 2)
        for line in ["a", "", "b", "b", "c"] { history.add(line) }
        #expect(history.entries == ["b", "c"])
    }
}
