import Foundation
import Testing
@testable import TypingREPL

/// A `SuggestionREPL` running on its own thread, reading keys from a pipe: the test sends bytes
/// and gets the screen as it is once the REPL has drawn their effect.
final class REPLSession {
    /// What the REPL's thread and the test share, behind one lock.
    private final class Shared: @unchecked Sendable {
        let condition = NSCondition()
        var frames: [String] = []
        var hasEnded = false
        var screen: TerminalScreen

        init(screen: TerminalScreen) {
            self.screen = screen
        }

        func record(_ frame: String) {
            condition.withLock {
                frames.append(frame)
                screen.feed(frame)
                condition.broadcast()
            }
        }

        func end() {
            condition.withLock {
                hasEnded = true
                condition.broadcast()
            }
        }

        func waitForEnd() {
            condition.withLock { while !hasEnded { condition.wait() } }
        }
    }

    /// Hands the REPL to its thread (it is used there only).
    private final class Handover: @unchecked Sendable {
        let repl: SuggestionREPL
        init(_ repl: SuggestionREPL) { self.repl = repl }
    }

    let assistant = FakeAssistant()
    private let shared: Shared
    private let input: Int32
    private var writeEnd: Int32

    init(columns: Int = 60) {
        var ends: [Int32] = [0, 0]
        _ = pipe(&ends)
        (input, writeEnd) = (ends[0], ends[1])
        let shared = Shared(screen: TerminalScreen(width: columns))
        self.shared = shared
        let handover = Handover(SuggestionREPL(assistant: assistant, modelName: "fake-model", input: input, suggestionCount: 3,
                                               columns: { columns }, write: shared.record))
        Thread {
            try? handover.repl.run()
            shared.end()
        }.start()
        waitForFrame(after: 0)
    }

    deinit {
        if writeEnd >= 0 { close(writeEnd) }
        shared.waitForEnd()
        close(input)
    }

    var screen: TerminalScreen { shared.condition.withLock { shared.screen } }
    var ended: Bool { shared.condition.withLock { shared.hasEnded } }
    /// Everything the REPL wrote so far.
    var output: String { shared.condition.withLock { shared.frames.joined() } }

    /// Types `text` and returns the screen once the REPL has redrawn it.
    @discardableResult
    func type(_ text: String) -> TerminalScreen {
        send(Array(text.utf8))
    }

    /// Sends `bytes`; with `waitForFrame`, returns once the REPL has redrawn (or ended).
    @discardableResult
    func send(_ bytes: [UInt8], waitForFrame: Bool = true) -> TerminalScreen {
        let count = shared.condition.withLock { shared.frames.count }
        _ = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress!, $0.count) }
        if waitForFrame { self.waitForFrame(after: count) }
        return screen
    }

    /// Closes the input; returns the screen once the REPL has ended.
    @discardableResult
    func closeInput() -> TerminalScreen {
        close(writeEnd)
        writeEnd = -1
        shared.waitForEnd()
        return screen
    }

    /// Waits until a frame after the first `count` ends in a redraw (the cursor put back on the
    /// line being typed), or the REPL ends: 10 s at most.
    private func waitForFrame(after count: Int) {
        let deadline = Date().addingTimeInterval(10)
        shared.condition.withLock {
            while !shared.hasEnded && !(shared.frames.count > count && Self.endsWithRedraw(shared.frames.last!)) {
                if !shared.condition.wait(until: deadline) {
                    Issue.record("the REPL drew nothing within 10 s; it wrote \(shared.frames.joined().debugDescription)")
                    return
                }
            }
        }
    }

    /// Whether `frame` ends as a redraw does: up to line 1, then to the cursor's column.
    static func endsWithRedraw(_ frame: String) -> Bool {
        guard let range = frame.range(of: "\u{1B}[1A\r", options: .backwards) else { return false }
        let rest = frame[range.upperBound...]
        return rest.isEmpty || (rest.hasPrefix("\u{1B}[") && rest.hasSuffix("C") && rest.dropFirst(2).dropLast().allSatisfy(\.isNumber))
    }
}
