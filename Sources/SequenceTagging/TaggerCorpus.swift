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
    /// The auxiliary column as ``TaggerConfiguration/auxiliaryColumn`` records it, or nil.
    public let auxiliaryColumn: String?
    /// The auxiliary column's tag of every token of ``train`` (`trainAuxiliaryTags[s][t]` beside
    /// `train[s].tags[t]`), or nil without an auxiliary column.
    public let trainAuxiliaryTags: [[String]]?
    /// The same for ``dev``: nil without an auxiliary column, and when the dev file does not have
    /// a tag there for every token (the auxiliary dev score is then left out).
    public let devAuxiliaryTags: [[String]]?

    /// Reads both files. Entity tagging is recognised when every training tag is `O` or a
    /// `B`/`I`/`E`/`S` chunk tag; `scheme` says which scheme the files use (default BIO), and
    /// `types`, when given, keeps only chunks of those types (the others become `O`).
    /// `auxiliaryColumn` (spelled as for `--column`) is read as well, from a second pass over each
    /// file; every training token needs a tag there (`_` is none).
    /// - Throws: ``DataFormatError`` (file:line) for malformed input or a training token without
    ///   an auxiliary tag, ``TaggerError`` for an empty file or `types` on plain tags.
    public init(trainPath: String, trainFormat: TaggingFileFormat, devPath: String, devFormat: TaggingFileFormat,
                scheme: TagScheme? = nil, types: Set<String>? = nil, auxiliaryColumn: String? = nil) throws {
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
        if let auxiliaryColumn {
            let trainColumn = try trainFormat.readingColumn(auxiliaryColumn, of: trainPath, option: "--auxiliary-column")
            let devColumn = try devFormat.readingColumn(auxiliaryColumn, of: devPath, option: "--auxiliary-column")
            self.auxiliaryColumn = trainColumn.columnSpelling
            trainAuxiliaryTags = try Self.auxiliaryTags(path: trainPath, format: trainColumn, beside: train)
            devAuxiliaryTags = try? Self.auxiliaryTags(path: devPath, format: devColumn, beside: dev)
        } else {
            self.auxiliaryColumn = nil
            trainAuxiliaryTags = nil
            devAuxiliaryTags = nil
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

    /// The training tags of the auxiliary column, sorted (nil without one).
    public func auxiliaryTagSet() -> LabelSet? {
        trainAuxiliaryTags.map { LabelSet.collecting(from: $0.lazy.joined()) }
    }

    /// The tags of `format`'s column in `path`, one list per sentence of `sentences` (the same
    /// file read for another column, so the same sentences and tokens).
    /// - Throws: ``DataFormatError`` at the first token whose tag there is `_` (none), or whose
    ///   line lacks the column.
    static func auxiliaryTags(path: String, format: TaggingFileFormat, beside sentences: [TaggedSentence]) throws -> [[String]] {
        let read: [TaggedSentence]
        do {
            read = try format.readAll(path: path)
        } catch var error as DataFormatError {
            error.problem += " (reading --auxiliary-column \(format.columnSpelling))"
            throw error
        }
        precondition(read.map(\.tokens.count) == sentences.map(\.tokens.count), "TaggerCorpus: \(path) read differently for another column")
        for sentence in read {
            guard let index = sentence.tags.firstIndex(of: "_") else { continue }
            let problem = "\(format.columnDescription) is '_' (no tag); --auxiliary-column needs a tag on every training token"
            throw sentence.origin?.error(atToken: index, problem) ?? DataFormatError(file: path, line: nil, problem: problem)
        }
        return read.map(\.tags)
    }
}
