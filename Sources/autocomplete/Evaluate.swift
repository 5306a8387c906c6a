import ArgumentParser
import CLISupport
import Foundation
import PredictiveTyping

/// `autocomplete evaluate`: simulated typing of a text with the model's suggestions.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure keystroke savings, next-word accuracy, perplexity and latency on a text.",
        discussion: """
            Types every sentence of --text key by key, accepting a suggestion as soon as the \
            intended word is shown (one key, the space after it included). Reports the keystroke \
            savings rate (1 - keys / characters), top-1 and top-3 next-word accuracy at word \
            starts, the model's perplexity on the text, and the latency of each suggestion call. \
            The personal model is not used or changed.
            """
    )

    @Option(name: .long, help: ArgumentHelp("An autocomplete model file (default: the shipped model).", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp("The text to type: plain text, CoNLL-U or CoNLL, as for train.", valueName: "file"))
    var text: String

    @Flag(help: "The files hold one sentence per line, tokens separated by spaces (Penn Treebank LM files): no ICU tokenization.")
    var pretokenized = false

    @Option(help: "Suggestions shown at each key.")
    var suggestions = 3

    @Option(help: "The output layer's arithmetic: int8 (the default, as the REPL) or float32.")
    var precision: PredictiveKeyboard.OutputPrecision = .int8

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        if suggestions < 1 || suggestions > 50 { throw ValidationError("--suggestions must be between 1 and 50, not \(suggestions)") }
    }

    func run() throws {
        let options = try ModelOptions.parse(model.map { ["--model", $0] } ?? [])
        let (loaded, _) = try options.loadModel()
        let keyboard = try PredictiveKeyboard(model: loaded, personal: try PersonalModel(path: nil), isPrivate: true,
                                              outputPrecision: precision)
        let simulation = try TypingSimulation(keyboard: keyboard, suggestions: suggestions)
        var progress: ProgressDisplay?
        let report = try simulation.run(path: text, pretokenized: pretokenized) { done, total in
            if progress == nil { progress = ProgressDisplay(label: "typing", total: total, unit: .items("sentences")) }
            progress?.update(completed: done)
        }
        progress?.finish()
        if report.words == 0 { throw PredictiveTypingError.emptyText(path: text) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            StandardOutput.write(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
            return
        }
        func percent(_ value: Double) -> String { String(format: "%.2f%%", 100 * value) }
        StandardOutput.write("""
            text: \(text): \(report.sentences) sentences, \(report.words) words, \(report.characters) characters
            keystroke savings (\(suggestions) suggestions): \(percent(report.keystrokeSavings)) (\(report.keystrokes) keys for \(report.characters) characters)
            next-word accuracy: top-1 \(percent(report.top1Accuracy)), top-3 \(percent(report.top3Accuracy)) (\(report.predictedWords) word starts)
            perplexity: \(String(format: "%.2f", report.perplexity))
            latency per keystroke: median \(String(format: "%.0f", report.latencyMedianMicroseconds)) µs, p99 \(String(format: "%.0f", report.latencyP99Microseconds)) µs (\(report.calls) calls)

            """)
    }
}

extension PredictiveKeyboard.OutputPrecision: ExpressibleByArgument {}
