import Foundation
import RecurrentCore
import VocabularyStore

extension CharacterLanguageModel {
    /// Reads a `textgen` model file: its configuration and vocabulary (metadata) and parameters,
    /// each checked (shapes against the configuration, the data's CRC-32).
    public convenience init(contentsOf path: String) throws(ModelFileError) {
        let file = try ModelFile(contentsOf: path, kinds: [Self.kind])
        try self.init(file: file)
    }

    /// A model from an open model file or checkpoint (`prefix` "model." for a checkpoint, whose
    /// metadata carries the configuration and vocabulary under `metadataPrefix` "task.").
    convenience init(file: ModelFile, prefix: String = "", metadataPrefix: String = "") throws(ModelFileError) {
        let configurationKey = metadataPrefix + "configuration"
        let configurationJSON = try file.value(configurationKey)
        let configuration: CharacterModelConfiguration
        do {
            configuration = try JSONDecoder().decode(CharacterModelConfiguration.self, from: Data(configurationJSON.utf8))
        } catch {
            throw .invalidMetadata(source: file.source, key: configurationKey, problem: "not a textgen configuration (\(error))")
        }
        if let problem = configuration.problem {
            throw .invalidMetadata(source: file.source, key: configurationKey, problem: problem)
        }
        let vocabularyKey = metadataPrefix + "vocabulary"
        let vocabularyJSON = try file.value(vocabularyKey)
        let vocabulary: Vocabulary
        do {
            vocabulary = try Vocabulary(json: vocabularyJSON, source: file.source)
        } catch {
            throw .invalidMetadata(source: file.source, key: vocabularyKey, problem: error.description)
        }
        guard vocabulary.count >= 2, vocabulary.unknownID == 0 else {
            throw .invalidMetadata(source: file.source, key: vocabularyKey, problem: "a character model needs <unk> at id 0 and at least one character")
        }
        for (id, token) in vocabulary.tokens.enumerated() where id != vocabulary.unknownID && token.count != 1 {
            throw .invalidMetadata(source: file.source, key: vocabularyKey, problem: "token \(id) is not a single character")
        }
        try file.requireValues(atLeast: configuration.shape(vocabularySize: vocabulary.count).minimumParameterCount,
                               describedBy: configurationKey)
        self.init(configuration: configuration, vocabulary: vocabulary)
        try file.load(parameters, prefix: prefix)
    }

    /// The metadata that describes the model: configuration and vocabulary (JSON).
    var describingMetadata: [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let configurationJSON = String(decoding: (try? encoder.encode(configuration)) ?? Data(), as: UTF8.self)
        return ["configuration": configurationJSON, "vocabulary": vocabulary.jsonString()]
    }

    /// Writes the model atomically; `provenance` (how it was trained: corpus, command, scores)
    /// goes into the metadata beside the configuration and vocabulary.
    public func write(to path: String, provenance: [String: String] = [:]) throws(ModelFileError) {
        let metadata = provenance.merging(describingMetadata) { _, described in described }
        try ModelFile.write(kind: Self.kind, tensors: parameters.map { ($0.name, $0.value) }, metadata: metadata, to: path)
    }
}
