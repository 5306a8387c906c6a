import ArgumentParser
import RecurrentCore
import CLISupport

@main
enum Main {
    static func main() { CommandRunner.main(Autocomplete.self) }
}

/// `autocomplete`: predictive typing with a GRU word model.
struct Autocomplete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autocomplete",
        abstract: "Predictive typing: word completion and next-word prediction with a GRU word model.",
        discussion: """
            Without --model, the shipped model (Models/\(shippedModelName).quill) is used, found from \
            the working directory, $QUILL_MODELS, or beside the executable.

            Examples:
              autocomplete                                   # the interactive REPL
              echo "I would like to" | autocomplete          # one JSON object per input line
              autocomplete learn letters.txt notes.txt       # your own writing, into the personal model
              autocomplete train --corpus a.txt b.conllu --out my.quill
              autocomplete evaluate --model my.quill --text test.txt
            """,
        subcommands: [Suggest.self, Learn.self, Train.self, Evaluate.self],
        defaultSubcommand: Suggest.self
    )

    static let shippedModelName = "autocomplete-en"
}

extension RecurrentCell: ExpressibleByArgument {}
