import ArgumentParser
import CLISupport
import Foundation
import SequenceTagging

/// `--model` (repeatable): a tagger model file, or the name of a shipped model (`pos-en`,
/// `ner-en`), found as ``ModelLocator`` finds shipped models.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A tagger model file or a shipped model's name (pos-en, ner-en); repeat it to add each model's tags (default: pos-en).",
        valueName: "model"))
    var model: [String] = []

    static let defaultModel = "pos-en"

    /// The models named, loaded and checked, with the name of each.
    func load(default defaultNames: [String] = [Self.defaultModel]) throws -> [(name: String, model: TaggerModel)] {
        try (model.isEmpty ? defaultNames : model).map { ($0, try Self.load($0)) }
    }

    static func load(_ name: String) throws -> TaggerModel {
        let isShippedName = !name.contains("/") && !name.hasSuffix(".quill") && !FileManager.default.fileExists(atPath: name)
        guard isShippedName else { return try TaggerModel(contentsOf: name) }
        let located = ModelLocator.locate(name)
        guard let path = located.path else { throw TaggerError.noModel(name: name, searched: located.searched) }
        return try TaggerModel(contentsOf: path)
    }
}
