import ArgumentParser
import CLISupport
import Foundation
import RecurrentCore
import TextGeneration

/// `textgen evaluate`: how well a model predicts a text.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure a model on a text: nats and bits per character, and perplexity.",
        discussion: """
            Every character after the first is predicted from those before it (the same \
            measurement as training's validation loss, so a model's recorded validation loss is \
            reproduced exactly on its validation text). Characters the model does not know count \
            as its unknown symbol and are reported.
            """
    )

    @OptionGroup var modelOption: ModelOption

    @Option(help: ArgumentHelp("The UTF-8 text to measure.", valueName: "file"))
    var text: String

    @Option(help: "Threads for the computation.")
    var threads: Int?

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }

    func run() throws {
        if let threads { Parallelism.threads = threads }
        let model = try modelOption.load()
        let characters = try CharacterCorpus.readCharacters(path: text).characters
        guard characters.count >= 2 else { throw TextGenerationError.emptyText(path: text) }
        var unknown = 0
        let ids = characters.map { character -> Int32 in
            let id = model.vocabulary.exactID(for: String(character)) ?? model.vocabulary.unknownID
            if id == model.vocabulary.unknownID { unknown += 1 }
            return Int32(id)
        }
        let progress = ProgressDisplay(label: "evaluate \(text)", total: ids.count - 1, unit: .items("chars"))
        let start = monotonicSeconds()
        let result = model.negativeLogLikelihood(of: ids) { done, _ in progress.update(completed: done) }
        progress.finish()
        let seconds = monotonicSeconds() - start
        let nats = result.natsPerCharacter, bits = nats / M_LN2
        if unknown > 0 {
            StandardError.print("note: \(unknown) character\(unknown == 1 ? "" : "s") of \(text) are unknown to the model and count as its unknown symbol.")
        }
        if json {
            let figures: [String: Double] = ["nats_per_character": nats, "bits_per_character": bits, "perplexity": exp(nats),
                                             "predictions": Double(result.predictions), "unknown_characters": Double(unknown),
                                             "characters_per_second": Double(result.predictions) / max(seconds, 1e-9)]
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            StandardOutput.write(String(decoding: try encoder.encode(figures), as: UTF8.self) + "\n")
        } else {
            StandardOutput.write("""
                \(text): \(result.predictions) characters predicted
                  \(String(format: "%.4f", nats)) nats/char
                  \(String(format: "%.4f", bits)) bits/char
                  perplexity \(String(format: "%.3f", exp(nats)))

                """)
        }
    }
}
