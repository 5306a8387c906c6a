import Foundation
import RecurrentCore
import VocabularyStore

/// The training and development sentences of a tagger, read and prepared: entity tags filtered
/// to the wanted types and rewritten in BIOES (the scheme the model learns), plus checksums so a
/// resumed run can refuse other data.
public struct TaggerCorpus: Sendable {
    public let trainPath: String
    public let devPath: String
    public let train: [TaggedSentence]
    public let dev: [TaggedSentence]
    /// BIOES for entity tags, nil for plain tags (part-of-speech).
    public let labelScheme: TagScheme?
    /// The scheme of the files' entity tags (nil for plain tags).
    public let fileScheme: TagScheme?
    /// CRC-32 of the training file's bytes then the development file's, hexadecimal.
    public let checksum: String

    /// Reads both files. Entity tagging is recognised when every training tag is `O` or a
    /// `B`/`I`/`E`/`S` chunk tag; `scheme` says which scheme the files use (default BIO), and
    /// `types`, when given, keeps only chunks of those types (the others become `O`).
    /// - Throws: ``DataFormatError`` (file:line) for malformed input, ``TaggerError`` for an empty
    ///   file or `types` on plain tags.
    public init(trainPath: String, trainFormat: TaggingFileFormat, devPath: String, devFormat: TaggingFileFormat,
                scheme: TagScheme? = nil, types: Set<String>? = nil) throws {
        var train = try trainFormat.readAll(path: trainPath)
        var dev = try devFormat.readAll(path: devPath)
        guard !train.isEmpty else { throw TaggerError.noSentences(path: trainPath) }
        guard !dev.isEmpty else { throw TaggerError.noSentences(path: devPath) }
        let plainTag = train.lazy.flatMap(\.tags).first { ChunkTag(strictlyParsing: $0) == nil }
        if let plainTag {
            if types != nil { throw TaggerError.notEntityTags(path: trainPath, tag: plainTag) }
            labelScheme = nil
            fileScheme = nil
        } else {
            let source = scheme ?? .bio
            func prepare(_ sentence: TaggedSentence) throws -> TaggedSentence {
                var result = sentence
                if let types { result = try result.keepingTagTypes(types, scheme: source) }
                return try result.convertingTags(from: source, to: .bioes)
            }
            train = try train.map(prepare)
            dev = try dev.map(prepare)
            labelScheme = .bioes
            fileScheme = source
        }
        self.trainPath = trainPath
        self.devPath = devPath
        self.train = train
        self.dev = dev
        var crc = CRC32()
        for path in [trainPath, devPath] {
            crc.update([UInt8]((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()))
        }
        checksum = crc.hexadecimal
    }

    public var trainingTokenCount: Int { train.reduce(0) { $0 + $1.tokens.count } }

    /// Word forms of the training data as the model reads them (each counted), `<unk>` at id 0.
    public func wordVocabulary(lowercase: Bool) -> Vocabulary {
        var builder = VocabularyBuilder()
        for sentence in train {
            for token in sentence.tokens { builder.add(WordShape.normalizedForm(of: token, lowercase: lowercase)) }
        }
        return builder.build(specials: .unknownOnly)
    }

    /// Characters seen at least twice in training tokens (rarer ones train the `<unk>` character).
    public func characterVocabulary() -> Vocabulary {
        var builder = VocabularyBuilder()
        for sentence in train {
            for token in sentence.tokens {
                for character in TaggerInput.clippedCharacters(of: token) { builder.add(String(character)) }
            }
        }
        return builder.build(minimumCount: 2, specials: .unknownOnly)
    }

    /// The training tags, sorted.
    public func tagSet() -> LabelSet {
        LabelSet.collecting(from: train.lazy.flatMap(\.tags))
    }
}
