import Foundation
import RecurrentCore
import VocabularyStore

extension TaggerModel {
    /// Reads a `tagger` model file: configuration, vocabularies and tag sets (metadata) and
    /// parameters, each checked. The auxiliary tags (`auxiliary_tags`) and output are read when
    /// the configuration names an auxiliary column; files without one have neither.
    public convenience init(contentsOf path: String) throws(ModelFileError) {
        let file = try ModelFile(contentsOf: path, kinds: [Self.kind])
        try self.init(file: file)
    }

    /// A model from an open model file or checkpoint (`prefix` "model." and `metadataPrefix`
    /// "task." for a checkpoint).
    convenience init(file: ModelFile, prefix: String = "", metadataPrefix: String = "") throws(ModelFileError) {
        let configurationKey = metadataPrefix + "configuration"
        let configuration: TaggerConfiguration
        do {
            configuration = try JSONDecoder().decode(TaggerConfiguration.self, from: Data(try file.value(configurationKey).utf8))
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw .invalidMetadata(source: file.source, key: configurationKey, problem: "not a tagger configuration (\(error))")
        }
        if let problem = configuration.problem {
            throw .invalidMetadata(source: file.source, key: configurationKey, problem: problem)
        }
        func vocabulary(_ name: String) throws(ModelFileError) -> Vocabulary {
            let key = metadataPrefix + name
            let json = try file.value(key)
            let vocabulary: Vocabulary
            do {
                vocabulary = try Vocabulary(json: json, source: file.source)
            } catch {
                throw .invalidMetadata(source: file.source, key: key, problem: error.description)
            }
            guard vocabulary.unknownID == 0 else {
                throw .invalidMetadata(source: file.source, key: key, problem: "a tagger vocabulary needs <unk> at id 0")
            }
            return vocabulary
        }
        let words = try vocabulary("words")
        let characters = try vocabulary("characters")
        func labelSet(_ name: String) throws(ModelFileError) -> LabelSet {
            let key = metadataPrefix + name
            let labels: LabelSet
            do {
                labels = try LabelSet(json: try file.value(key), source: file.source)
            } catch let error as ModelFileError {
                throw error
            } catch {
                throw .invalidMetadata(source: file.source, key: key, problem: "\(error)")
            }
            guard labels.count >= 1 else { throw .invalidMetadata(source: file.source, key: key, problem: "no tags") }
            return labels
        }
        let tags = try labelSet("tags")
        let auxiliaryTags = configuration.auxiliaryColumn == nil ? nil : try labelSet("auxiliary_tags")
        try file.requireValues(atLeast: configuration.minimumParameterCount(words: words.count, characters: characters.count),
                               describedBy: configurationKey)
        self.init(configuration: configuration, words: words, characters: characters, tags: tags, auxiliaryTags: auxiliaryTags)
        try file.load(parameters, prefix: prefix)
    }

    /// The metadata that describes the model: configuration, vocabularies and tags (JSON), and
    /// the auxiliary tags (`auxiliary_tags`) when the model has an auxiliary output.
    var describingMetadata: [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let configurationJSON = String(decoding: (try? encoder.encode(configuration)) ?? Data(), as: UTF8.self)
        var metadata = ["configuration": configurationJSON, "words": words.jsonString(), "characters": characters.jsonString(),
                        "tags": tags.jsonString()]
        if let auxiliaryTags { metadata["auxiliary_tags"] = auxiliaryTags.jsonString() }
        return metadata
    }

    /// Writes the model atomically; `provenance` (corpus, command, scores) goes into the metadata.
    public func write(to path: String, provenance: [String: String] = [:]) throws(ModelFileError) {
        let metadata = provenance.merging(describingMetadata) { _, described in described }
        try ModelFile.write(kind: Self.kind, tensors: parameters.map { ($0.name, $0.value) }, metadata: metadata, to: path)
    }
}
