import ArgumentParser
import CLISupport
import TextGeneration

/// `--model FILE`, or the shipped model when absent.
struct ModelOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A textgen model file (default: the shipped model).", valueName: "file"))
    var model: String?

    /// The model, loaded and checked.
    func load() throws -> CharacterLanguageModel {
        if let model { return try CharacterLanguageModel(contentsOf: model) }
        let located = ModelLocator.locate(TextGen.shippedModelName)
        guard let path = located.path else {
            throw TextGenerationError.noModel(name: TextGen.shippedModelName, searched: located.searched)
        }
        return try CharacterLanguageModel(contentsOf: path)
    }
}
