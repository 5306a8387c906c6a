import Foundation
import RecurrentCore
import VocabularyStore

extension WordLanguageModel {
    /// Reads an `autocomplete` model file: configuration, vocabulary and lexicon (metadata) and
    /// parameters, each checked (shapes against the configuration, the data's CRC-32).
    public convenience init(contentsOf path: String) throws(ModelFileError) {
        let file = try ModelFile(contentsOf: path, kinds: [Self.kind])
        try self.init(file: file)
    }

    /// A model from an open model file or checkpoint (`prefix` "model." and `metadataPrefix`
    /// "task." for a checkpoint).
    convenience init(file: ModelFile, prefix: String = "", metadataPrefix: String = "") throws(ModelFileError) {
        let configuration = try Self.decode(WordModelConfiguration.self, key: metadataPrefix + "configuration", in: file)
        if let problem = configuration.problem {
            throw .invalidMetadata(source: file.source, key: metadataPrefix + "configuration", problem: problem)
        }
        let vocabularyKey = metadataPrefix + "vocabulary"
        let vocabularyJSON = try file.value(vocabularyKey)
        let vocabulary: Vocabulary
        do {
            vocabulary = try Vocabulary(json: vocabularyJSON, source: file.source)
        } catch {
            throw .invalidMetadata(source: file.source, key: vocabularyKey, problem: error.description)
        }
        guard vocabulary.specials == Self.specials, vocabulary.count >= 3 else {
            throw .invalidMetadata(source: file.source, key: vocabularyKey, problem: "a word model needs <unk> at id 0, </s> at id 1 and at least one word")
        }
        let lexicon = try Self.decode(WordLexicon.self, key: metadataPrefix + "lexicon", in: file)
        try file.requireValues(atLeast: configuration.shape(vocabularySize: vocabulary.count).minimumParameterCount,
                               describedBy: metadataPrefix + "configuration")
        self.init(configuration: configuration, vocabulary: vocabulary, lexicon: lexicon)
        try file.load(parameters, prefix: prefix)
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, key: String, in file: ModelFile) throws(ModelFileError) -> Value {
        let json = try file.value(key)
        do {
            return try JSONDecoder().decode(Value.self, from: Data(json.utf8))
        } catch {
            throw .invalidMetadata(source: file.source, key: key, problem: "not an autocomplete \(key.split(separator: ".").last ?? "") (\(error))")
        }
    }

    /// The metadata that describes the model: configuration, vocabulary and lexicon (JSON).
    var describingMetadata: [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ value: some Encodable) -> String { String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) }
        return ["configuration": json(configuration), "vocabulary": vocabulary.jsonString(), "lexicon": json(lexicon)]
    }

    /// Writes the model atomically; `provenance` (corpus, command, scores) goes into the metadata.
    public func write(to path: String, provenance: [String: String] = [:]) throws(ModelFileError) {
        let metadata = provenance.merging(describingMetadata) { _, described in described }
        try ModelFile.write(kind: Self.kind, tensors: parameters.map { ($0.name, $0.value) }, metadata: metadata, to: path)
    }
}
