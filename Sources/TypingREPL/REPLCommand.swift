/// A command typed at the REPL's prompt: a line that starts with ":".
///
///     REPLCommand(parsing: ":learn my notes.txt")   // .learn(file: "my notes.txt")
///     REPLCommand(parsing: ":private maybe")        // .problem("usage: :private on|off")
enum REPLCommand: Equatable {
    /// `:learn FILE` (the file name is the rest of the line, spaces included).
    case learn(file: String)
    /// `:forget WORD`.
    case forget(word: String)
    /// `:private on` or `:private off`.
    case setPrivate(Bool)
    /// `:private` alone: say whether private mode is on.
    case showPrivate
    case stats
    case help
    case quit
    /// A line that is no usable command; the message says what to type instead.
    case problem(String)

    init(parsing line: String) {
        let body = line.drop { $0 == ":" }
        let word = body.prefix { !$0.isWhitespace }
        let name = word.lowercased()
        let argument = String(body.dropFirst(word.count)).trimmingWhitespace()
        switch name {
        case "learn":
            self = argument.isEmpty ? .problem("usage: :learn FILE") : .learn(file: argument)
        case "forget":
            self = argument.isEmpty ? .problem("usage: :forget WORD") : .forget(word: argument)
        case "private":
            switch argument.lowercased() {
            case "": self = .showPrivate
            case "on": self = .setPrivate(true)
            case "off": self = .setPrivate(false)
            default: self = .problem("usage: :private on|off")
            }
        case "stats": self = .stats
        case "help": self = .help
        case "quit": self = .quit
        case "": self = .problem("a command follows the colon: :help lists them")
        default: self = .problem("unknown command :\(name) (:help lists the commands)")
        }
    }

    /// What `:help` prints (each line under 80 columns).
    static func helpLines(altKeys: String, controlKeys: String) -> [String] {
        [
            "Tab accepts suggestion 1; \(altKeys) (\(controlKeys) in some terminals) pick one.",
            "Enter ends the line and learns it; Up and Down recall earlier lines.",
            "Editing: Backspace, Delete, arrows, Home/End, Ctrl-A/E, Ctrl-U (to the start),",
            "Ctrl-W (the word before the cursor), Ctrl-K (to the end), Ctrl-L (redraw).",
            ":learn FILE       learn every line of a text file",
            ":forget WORD      remove a word from the personal model",
            ":private on|off   stop learning (nothing is written) or start again",
            ":stats            the model and the personal data",
            ":help             this list",
            ":quit             leave (Ctrl-C, or Ctrl-D on an empty line, too)",
        ]
    }

    /// The commands, as the suggestion strip shows them while a command is typed.
    static let summary = ":learn FILE   :forget WORD   :private on|off   :stats   :help   :quit"
}

extension String {
    /// The string without whitespace at either end.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
