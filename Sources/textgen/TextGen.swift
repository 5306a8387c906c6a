import ArgumentParser
import CLISupport

@main
enum Main {
    static func main() { CommandRunner.main(TextGen.self) }
}

/// `textgen`: character-level text generation with recurrent networks.
struct TextGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "textgen",
        abstract: "Character-level text generation with RNN, LSTM and GRU models.",
        discussion: """
            Without --model, sample and evaluate use the shipped model (Models/\(shippedModelName).quill), \
            found from the working directory, $QUILL_MODELS, or beside the executable.

            Examples:
              textgen --prime "ROMEO:" --temperature 0.8 --top-p 0.95 --seed 7
              textgen train --corpus input.txt --cell lstm --layers 2 --hidden 512 --out my.quill
              textgen evaluate --model my.quill --text held-out.txt
            """,
        subcommands: [Sample.self, Train.self, Evaluate.self],
        defaultSubcommand: Sample.self
    )

    static let shippedModelName = "textgen-shakespeare"
}
