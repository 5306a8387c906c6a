import Foundation

/// Saving and loading a label set as JSON: the text a model file keeps in its metadata.
///
/// The format (keys sorted): `{"format":"quill.labels","labels":["ADJ","NOUN","VERB"],"version":1}`,
/// where a label's id is its index in `labels`.
extension LabelSet {
    static let formatName = "quill.labels"
    static let formatVersion = 1

    private struct File: Codable {
        var format: String
        var version: Int
        var labels: [String]
    }

    /// This label set as JSON (deterministic: equal label sets give equal text).
    public func jsonString() -> String {
        JSONFormat.encode(File(format: Self.formatName, version: Self.formatVersion, labels: labels))
    }

    /// Loads a label set written by ``jsonString()``, checking everything.
    ///
    /// - Parameter source: where the text came from, for error messages
    ///   (e.g. `model.quill metadata 'labels'`).
    /// - Throws: a ``VocabularyError`` naming what is wrong: not JSON, wrong `format`, a newer
    ///   `version`, a missing field or wrong type, an empty or duplicate label.
    public init(json: String, source: String) throws(VocabularyError) {
        try self.init(json: Data(json.utf8), source: source)
    }

    /// Loads a label set from UTF-8 JSON bytes; see `init(json:source:)` with a `String`.
    public init(json: Data, source: String) throws(VocabularyError) {
        let file = try JSONFormat.decode(
            File.self, from: json, format: Self.formatName, version: Self.formatVersion, source: source)
        try self.init(file.labels, source: source)
    }
}
