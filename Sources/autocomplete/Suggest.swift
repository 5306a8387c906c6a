import ArgumentParser
import CLISupport
import Foundation
import PredictiveTyping
import Tokenization
import TypingREPL

/// `autocomplete repl` (the default): the interactive suggestion strip on a terminal, or one JSON
/// object per input line when standard input is not a terminal (or with --json).
struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Type with suggestions (on a terminal), or get suggestions for each input line as JSON.",
        discussion: """
            On a terminal: the three best suggestions are shown under the line and refreshed on \
            every key. Tab accepts the first, Alt-1/2/3 (or Ctrl-1/2/3) pick one, Enter ends the \
            line and learns it. Commands: :learn FILE, :forget WORD, :private on|off, :stats, \
            :help, :quit.

            Piped: each input line gives one JSON object: {"completions": [...], "line": "...", \
            "predictions": [...]}: the completions of the line's last, partial word (none when \
            it ends in a space) and the words predicted after it (as if a space followed). \
            Nothing is learned.
            """
    )

    @OptionGroup var options: ModelOptions

    @Flag(help: "Answer each input line with JSON even on a terminal.")
    var json = false

    @Option(help: "How many suggestions to give.")
    var suggestions = 3

    func validate() throws {
        if suggestions < 1 || suggestions > 9 { throw ValidationError("--suggestions must be between 1 and 9, not \(suggestions)") }
    }

    func run() throws {
        let keyboard = try options.loadKeyboard()
        if json || !RawTerminal.isTerminal(0) {
            try answerLines(keyboard)
        } else {
            try SuggestionREPL(assistant: keyboard, modelName: (keyboard.modelName as NSString).lastPathComponent,
                               suggestionCount: suggestions).run()
        }
    }

    /// One JSON object per line of standard input, written as soon as the line is complete.
    func answerLines(_ keyboard: PredictiveKeyboard) throws {
        let reader = try UTF8TextReader(path: "-")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var partial = ""
        func answer(_ line: String) {
            let completions = line.last.map { $0.isWhitespace } ?? true ? [] : keyboard.suggestions(forLine: line, count: suggestions)
            let next = line.isEmpty || line.last!.isWhitespace ? line : line + " "
            let predictions = keyboard.suggestions(forLine: next, count: suggestions)
            let object = Answer(line: line, completions: completions, predictions: predictions)
            StandardOutput.write(String(decoding: (try? encoder.encode(object)) ?? Data(), as: UTF8.self) + "\n")
        }
        while let piece = try reader.next() {
            partial += piece.text
            guard piece.endsLine else { continue }
            if partial.last?.isNewline == true { partial.removeLast() }
            for line in partial.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) { answer(String(line)) }
            partial = ""
        }
    }

    struct Answer: Encodable {
        var line: String
        var completions: [String]
        var predictions: [String]
    }
}
