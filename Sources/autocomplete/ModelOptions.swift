import ArgumentParser
import CLISupport
import PredictiveTyping

/// `--model FILE` (or the shipped model) and the personal model's options.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("An autocomplete model file (default: the shipped model).", valueName: "file"))
    var model: String?

    @Option(help: ArgumentHelp("The personal model file (default: $XDG_DATA_HOME/quill/autocomplete/personal.json).", valueName: "file"))
    var personal: String?

    @Flag(name: .customLong("private"), help: "Private mode: learn and write nothing.")
    var isPrivate = false

    /// The model, loaded and checked, and the name to show for it.
    func loadModel() throws -> (model: WordLanguageModel, path: String) {
        if let model { return (try WordLanguageModel(contentsOf: model), model) }
        let located = ModelLocator.locate(Autocomplete.shippedModelName)
        guard let path = located.path else {
            throw PredictiveTypingError.noModel(name: Autocomplete.shippedModelName, searched: located.searched)
        }
        return (try WordLanguageModel(contentsOf: path), path)
    }

    /// The keyboard over the model and the personal model (read from its file, unless private
    /// mode with no file yet; a private session never writes).
    func loadKeyboard() throws -> PredictiveKeyboard {
        let (model, path) = try loadModel()
        let personalModel = try PersonalModel(path: personal ?? PersonalModel.defaultPath())
        let keyboard = try PredictiveKeyboard(model: model, personal: personalModel, isPrivate: isPrivate)
        keyboard.modelName = path
        return keyboard
    }
}
