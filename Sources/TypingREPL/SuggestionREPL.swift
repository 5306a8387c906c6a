#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLISupport
import PredictiveTyping

/// The interactive front end of predictive typing, like a phone keyboard's suggestion strip on a
/// terminal: as the user types, the top suggestions are shown under the line and refreshed on
/// every key.
///
///     > I would li
///     1 like   2 live   3 list
///
/// Keys: Tab accepts suggestion 1; Alt-1...Alt-n (or Ctrl-1...Ctrl-n, where the terminal sends
/// them) pick one; Enter ends the line, prints it above (scrolling up like a shell's history) and
/// learns it; Backspace, Delete, Left, Right, Home, End, Ctrl-A, Ctrl-E, Ctrl-U, Ctrl-W, Ctrl-K
/// edit; Up and Down recall earlier lines; Ctrl-L redraws; Ctrl-C, or Ctrl-D on an empty line,
/// leaves. Escape does nothing, and Escape pressed just before a key does not eat the key. A line starting with ":" is a command: `:learn FILE`, `:forget WORD`,
/// `:private on|off`, `:stats`, `:help`, `:quit`. An error from the assistant is shown as one line
/// `error: ...` and the REPL goes on.
///
/// Suggestions are asked for the text before the cursor, so editing in the middle of a line
/// completes the word there; accepting one replaces that text and keeps what follows the cursor.
///
/// The input is put in raw mode when it is a terminal (and restored when ``run()`` returns, or the
/// process is killed); otherwise (a pipe in tests) its bytes are read as they come, LF being Enter.
///
///     let repl = SuggestionREPL(assistant: engine, modelName: "words-en")
///     try repl.run()
public final class SuggestionREPL {
    public let assistant: any TypingAssistant
    /// Named in the banner.
    public let modelName: String
    /// How many suggestions the strip shows, 1 to 9.
    public let suggestionCount: Int
    public let prompt = "> "

    private let input: Int32
    private let columns: () -> Int
    private let write: (String) -> Void
    private var editor = LineEditor()
    private var history = LineHistory()
    /// The output of the keys handled so far, written at once after each read.
    private var pending = ""
    /// The suggestions last asked for, and for which text.
    private var cachedSuggestions: (line: String, suggestions: [String])?
    private var drawnColumns = 0

    /// - Parameters:
    ///   - input: the descriptor keys are read from (standard input by default).
    ///   - output: the descriptor drawn on (standard output by default).
    ///   - columns: the screen's width; nil asks the output terminal (80 when it is none).
    public convenience init(assistant: any TypingAssistant, modelName: String, input: Int32 = 0, output: Int32 = 1,
                            suggestionCount: Int = 3, columns: Int? = nil) {
        let writer = DescriptorWriter(descriptor: output)
        self.init(assistant: assistant, modelName: modelName, input: input, suggestionCount: suggestionCount,
                  columns: { columns ?? RawTerminal.columns(of: output) }, write: writer.write)
    }

    /// A REPL that hands its output to `write`, one call per batch of keys read (tests record
    /// each frame this way).
    init(assistant: any TypingAssistant, modelName: String, input: Int32, suggestionCount: Int,
         columns: @escaping () -> Int, write: @escaping (String) -> Void) {
        self.assistant = assistant
        self.modelName = modelName
        self.input = input
        self.suggestionCount = min(max(suggestionCount, 1), 9)
        self.columns = columns
        self.write = write
    }

    /// The keys that pick a suggestion with `modifier`, as the banner and `:help` name them:
    /// "Alt-1/2/3".
    func pickKeys(_ modifier: String) -> String {
        modifier + "-" + (1...suggestionCount).map(String.init).joined(separator: "/")
    }

    /// Runs until Ctrl-C, Ctrl-D on an empty line, `:quit`, or the end of the input; the terminal
    /// is restored before it returns. Throws only when the input is a terminal that cannot be put
    /// in raw mode.
    public func run() throws {
        let terminal = RawTerminal.isTerminal(input) ? try RawTerminal(descriptor: input) : nil
        defer { terminal?.restore() }
        pending += SuggestionDisplay.displayable("\(modelName): Tab accepts, \(pickKeys("Alt")) pick, :help") + "\r\n"
        render()
        flush()
        var reader = KeyReader(descriptor: input)
        reading: while true {
            switch reader.next(idleTimeout: 0.25) {
            case let .keys(keys):
                for key in keys {
                    if !handle(key) { break reading }
                }
                render()
            case .idle:
                if columns() != drawnColumns { render() }   // the terminal was resized
            case .endOfInput:
                break reading
            }
            flush()
        }
        pending += SuggestionDisplay.clearFromLineStart
        flush()
    }

    /// Acts on one key; false when it ends the REPL.
    func handle(_ key: Key) -> Bool {
        switch key {
        case let .character(character): editor.insert(String(character))
        case .enter: return finishLine()
        case .tab: accept(1)
        case let .pickSuggestion(number): accept(number)
        case .backspace: editor.backspace()
        case .delete: editor.deleteForward()
        case .left, .control("b"): editor.moveLeft()
        case .right, .control("f"): editor.moveRight()
        case .home, .control("a"): editor.moveToStart()
        case .end, .control("e"): editor.moveToEnd()
        case .control("u"): editor.deleteToStart()
        case .control("w"): editor.deleteWordBeforeCursor()
        case .control("k"): editor.deleteToEnd()
        case .control("l"): pending += SuggestionDisplay.clearScreen
        case .control("c"): return false
        case .control("d"):
            if editor.isEmpty { return false }
            editor.deleteForward()
        case .up:
            if let line = history.previous(current: editor.text) { editor.replace(with: line) }
        case .down:
            if let line = history.next(current: editor.text) { editor.replace(with: line) }
        case let .alt(character):
            // Alt-letter means nothing here; it is most often Escape pressed just before a key,
            // and that key should not be lost.
            editor.insert(String(character))
        case .control, .escape:
            break
        }
        return true
    }

    private var isCommandLine: Bool { editor.text.hasPrefix(":") }

    /// Applies suggestion `number` (1-based) to the text before the cursor, if there is one.
    private func accept(_ number: Int) {
        guard !isCommandLine else { return }
        let before = editor.textBeforeCursor
        let suggestions = suggestions(for: before)
        guard number >= 1 && number <= suggestions.count else { return }
        let applied = SuggestionDisplay.displayable(assistant.applying(suggestions[number - 1], toLine: before))
        var after = Substring(editor.textAfterCursor)
        // The applied text ends in a space; one already after the cursor is not doubled.
        if applied.last?.isWhitespace == true && after.first?.isWhitespace == true { after = after.dropFirst() }
        editor.replace(with: applied + after, cursor: applied.count)
    }

    /// The suggestions for `line`, asked once per distinct text.
    private func suggestions(for line: String) -> [String] {
        if let cachedSuggestions, cachedSuggestions.line == line { return cachedSuggestions.suggestions }
        let suggestions = Array(assistant.suggestions(forLine: line, count: suggestionCount).prefix(suggestionCount))
        cachedSuggestions = (line, suggestions)
        return suggestions
    }

    /// Enter: the line goes above the prompt; a command runs, other text is learned.
    private func finishLine() -> Bool {
        let line = editor.text
        pending += SuggestionDisplay.clearFromLineStart + prompt + line + "\r\n"
        history.add(line)
        editor = LineEditor()
        defer { cachedSuggestions = nil }   // learning changes them
        if line.hasPrefix(":") { return run(REPLCommand(parsing: line)) }
        if line.allSatisfy(\.isWhitespace) { return true }
        do {
            try assistant.learn(line: line)
        } catch {
            say("error: \(error)")
        }
        return true
    }

    /// Runs a command; false for `:quit`.
    private func run(_ command: REPLCommand) -> Bool {
        do {
            switch command {
            case let .learn(path):
                say("learning \(path)...")
                flush()
                say(try assistant.learn(file: Self.expandingTilde(path)))
            case let .forget(word):
                say(try assistant.forget(word: word))
            case let .setPrivate(isOn):
                assistant.isPrivate = isOn
                say(isOn ? "private mode on: nothing is learned or written" : "private mode off: finished lines are learned")
            case .showPrivate:
                say("private mode is \(assistant.isPrivate ? "on" : "off")")
            case .stats:
                assistant.statistics.forEach(say)
            case .help:
                REPLCommand.helpLines(altKeys: pickKeys("Alt"), controlKeys: pickKeys("Ctrl")).forEach(say)
            case .quit:
                return false
            case let .problem(message):
                say(message)
            }
        } catch {
            say("error: \(error)")
        }
        return true
    }

    /// Prints one line above the prompt.
    private func say(_ line: String) {
        pending += SuggestionDisplay.displayable(line) + "\r\n"
    }

    /// Redraws the line being typed and the suggestion strip.
    private func render() {
        drawnColumns = columns()
        let width = max(drawnColumns, 8) - 1
        let strip = isCommandLine
            ? SuggestionDisplay.commandStrip(columns: width)
            : SuggestionDisplay.strip(suggestions: suggestions(for: editor.textBeforeCursor),
                                      isPrivate: assistant.isPrivate, columns: width)
        pending += SuggestionDisplay.frame(prompt: prompt, before: editor.textBeforeCursor, after: editor.textAfterCursor,
                                           strip: strip, columns: width + 1)
    }

    private func flush() {
        guard !pending.isEmpty else { return }
        write(pending)
        pending = ""
    }

    /// `~/notes.txt` as the shell would read it (the REPL has no shell in between).
    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME") else { return path }
        return String(cString: home) + path.dropFirst()
    }
}
