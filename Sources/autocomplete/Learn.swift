import ArgumentParser
import CLISupport
import PredictiveTyping

/// `autocomplete learn`: teaches the personal model a user's own writing from files.
struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn your own writing from text files into the personal model, as if you had typed it.",
        discussion: """
            Reads each file as train does (plain text, CoNLL-U or CoNLL) and learns its words and \
            word pairs, as Enter does in the REPL. The personal model is saved (atomically) after \
            each file, so a run that is stopped keeps the files learned before; learning a file \
            twice counts its words twice.
            """
    )

    @Argument(help: ArgumentHelp("The texts to learn.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("The personal model file (default: $XDG_DATA_HOME/quill/autocomplete/personal.json).", valueName: "file"))
    var personal: String?

    func run() throws {
        let model = try PersonalModel(path: personal ?? PersonalModel.defaultPath())
        let typing = try TypingText()
        for file in files {
            let words = try model.learn(file: file, typing: typing)
            StandardError.print("learned \(words) words from \(file)")
        }
        StandardError.print("personal model: \(model.words.count) words, \(model.pairCount) word pairs in \(model.path ?? "")")
    }
}
