import Foundation
import SequenceTagging
import _TestSupport

/// The shared corpora (`ud-english-ewt/`, `uner-english-ewt/`, `wnut17/`) through
/// `_TestSupport.SharedData` (`../shared/corpora` beside the checkout, or `QUILL_CORPORA`).
enum Corpora {
    static var isAvailable: Bool { FileManager.default.fileExists(atPath: SharedData.corpora.path) }

    static let skipMessage =
        "corpora not found: set QUILL_CORPORA to the corpora directory, or put it at ../shared/corpora beside the checkout"

    static func path(_ relativePath: String) -> String {
        SharedData.corpora.appendingPathComponent(relativePath).path
    }
}

/// A temporary file holding `bytes`, removed by `remove()`.
struct TemporaryFile {
    let path: String

    init(bytes: [UInt8], suffix: String = ".txt") throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("sequence-tagging-test-\(UUID().uuidString)\(suffix)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    init(text: String, suffix: String = ".txt") throws {
        try self.init(bytes: Array(text.utf8), suffix: suffix)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A CoNLL-U word line from its ten columns.
func conlluLine(_ columns: String...) -> String {
    columns.joined(separator: "\t")
}

/// Reads every sentence of a string with a reader built by `makeReader`.
func readAllSentences<Reader: TaggedSentenceReader>(_ makeReader: () throws -> Reader) throws -> [TaggedSentence] {
    var reader = try makeReader()
    return try reader.readAll()
}
