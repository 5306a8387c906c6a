import Foundation
import Testing

/// The tmux driver on simple commands (the REPL's own tmux tests build on it).
@Suite(.enabled(if: TmuxDriver.isAvailable, "tmux is not installed"))
struct TmuxDriverTests {
    @Test func aShellReadsWhatIsTypedAndThePaneOutlivesIt() throws {
        let script = "printf 'name? '; read answer; printf 'got <%s>\\n' \"$answer\"; read _; exit 3"
        let tmux = try TmuxDriver(command: ["/bin/sh", "-c", script], width: 60, height: 8)
        defer { tmux.kill() }
        try tmux.waitFor("name?")
        let cursor = try tmux.cursor()
        #expect(cursor.column == 6 && cursor.row == 0)
        try tmux.sendText("wörld 日本 it's")
        try tmux.sendKeys("Enter")
        let screen = try tmux.waitFor("got <")
        #expect(screen.hasPrefix("name? wörld 日本 it's\ngot <wörld 日本 it's>\n"))
        #expect(screen.split(separator: "\n", omittingEmptySubsequences: false).count >= 8, "one line a row")
        #expect(try tmux.exitStatus() == nil)
        try tmux.sendKeys("Enter")
        #expect(try tmux.waitForExit() == 3)
    }

    @Test func keysArriveAsTheBytesATerminalSends() throws {
        // In raw mode, od shows the bytes of the keys: what the REPL's KeyDecoder receives in tmux.
        let script = "stty raw -echo; echo ready; dd bs=1 count=13 2>/dev/null | od -An -tx1 | tr -s ' \\n' ' '; stty sane; echo"
        let tmux = try TmuxDriver(command: ["/bin/sh", "-c", script])
        defer { tmux.kill() }
        try tmux.waitFor("ready")
        try tmux.sendKeys("M-1", "Tab", "C-w", "BSpace", "Left", "Enter", "C-c")
        try tmux.sendText("é")
        try tmux.sendKeys("Escape")
        // M-1 is ESC 1, Tab 09, C-w 17, BSpace 7f, Left ESC [ D, Enter 0d (a CR), C-c 03, Escape 1b.
        try tmux.waitFor("1b 31 09 17 7f 1b 5b 44 0d 03 c3 a9 1b")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func waitingForTextThatNeverComesFailsWithTheScreen() throws {
        let tmux = try TmuxDriver(command: ["cat"], width: 40, height: 5)
        defer { tmux.kill() }
        try tmux.sendText("hello")
        try tmux.waitFor("hello")
        #expect(throws: TmuxDriver.Failure.self) { try tmux.waitFor("goodbye", timeout: 0.2) }
        do {
            try tmux.waitFor("goodbye", timeout: 0.1)
        } catch {
            #expect("\(error)".contains("the screen is:\nhello"))
        }
        tmux.kill()
        tmux.kill()
    }
}
