/// The chunk tag schemes, and conversion between them through ``EntitySpan``s.
///
/// Standard definitions (Ramshaw & Marcus 1995; Tjong Kim Sang & Veenstra 1999), shown for
/// `[Mr. Smith]PER [Jones]PER went to [New York]LOC`:
/// - ``iob1`` (IOB): `I-` inside every chunk; `B-` only on the first token of a chunk that directly
///   follows a chunk of the same type: `I-PER I-PER B-PER O O I-LOC I-LOC`. (CoNLL-2003 original.)
/// - ``bio`` (IOB2): every chunk starts with `B-`: `B-PER I-PER B-PER O O B-LOC I-LOC`.
/// - ``bioes`` (IOBES, BILOU): `S-` for one-token chunks, `B-` first, `I-` middle, `E-` last:
///   `B-PER E-PER S-PER O O B-LOC E-LOC`.
///
/// Tags are `O` or a prefix with an optional `-TYPE`; a bare prefix (`B`, `I`, `E`, `S`) is an
/// untyped chunk and is written back bare. Types may contain hyphens (`B-creative-work`). Any
/// other tag (`PER`, `O-PER`, `B-`, `b-per`) is an error, as are `E`/`S` prefixes in an IOB1 or BIO
/// sequence.
///
/// Reading is lenient about invalid sequences: tags are read with conlleval's boundary rules (see
/// ``EntitySpan/extract(from:)``), so `O I-PER` or `B-LOC I-PER` are read as conlleval reads them,
/// and converting repairs them. ``isWellFormed(_:)`` says whether a sequence is already in canonical
/// form.
public enum TagScheme: String, CaseIterable, Sendable, CustomStringConvertible {
    case iob1
    case bio
    case bioes

    /// Parses `iob1`/`iob`, `bio`/`iob2` or `bioes`/`iobes`, case-insensitively.
    public init?(name: String) {
        switch name.lowercased() {
        case "iob1", "iob": self = .iob1
        case "bio", "iob2": self = .bio
        case "bioes", "iobes": self = .bioes
        default: return nil
        }
    }

    /// `IOB1`, `BIO` or `BIOES`.
    public var description: String { rawValue.uppercased() }

    /// The prefixes this scheme uses (`O` included).
    public var prefixes: Set<String> {
        self == .bioes ? ["B", "I", "E", "S", "O"] : ["B", "I", "O"]
    }

    /// The chunks of a tag sequence written in this scheme.
    /// - Throws: ``InvalidTagError`` for a tag outside the scheme.
    public func spans(in tags: [String]) throws -> [EntitySpan] {
        for (index, tag) in tags.enumerated() {
            guard let parsed = ChunkTag(strictlyParsing: tag) else {
                throw InvalidTagError(
                    tag: tag, index: index,
                    problem: "is neither O nor a B-, I-, E- or S- prefix with an optional type")
            }
            guard prefixes.contains(parsed.prefix) else {
                throw InvalidTagError(tag: tag, index: index, problem: "is not a \(self) tag")
            }
        }
        return try EntitySpan.extract(from: tags)
    }

    /// The tag sequence of `tokenCount` tokens with these chunks, written in this scheme; tokens
    /// outside every span are `O`.
    /// - Throws: ``InvalidSpanError`` if spans are empty, overlap or fall outside `0..<tokenCount`.
    public func tags(for spans: [EntitySpan], tokenCount: Int) throws -> [String] {
        var tags = Array(repeating: "O", count: max(tokenCount, 0))
        var previous: EntitySpan?
        for span in spans.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            guard !span.range.isEmpty else {
                throw InvalidSpanError(span: span, problem: "is empty")
            }
            guard span.range.lowerBound >= 0, span.range.upperBound <= tags.count else {
                throw InvalidSpanError(span: span, problem: "falls outside a sentence of \(tokenCount) tokens")
            }
            if let previous, previous.range.upperBound > span.range.lowerBound {
                throw InvalidSpanError(span: span, problem: "overlaps span \(previous)")
            }
            func tag(_ prefix: String) -> String {
                span.type.isEmpty ? prefix : prefix + "-" + span.type
            }
            let first = span.range.lowerBound
            let last = span.range.upperBound - 1
            for index in span.range {
                tags[index] = tag("I")
            }
            switch self {
            case .iob1:
                if let previous, previous.range.upperBound == first, previous.type == span.type {
                    tags[first] = tag("B")
                }
            case .bio:
                tags[first] = tag("B")
            case .bioes:
                if first == last {
                    tags[first] = tag("S")
                } else {
                    tags[first] = tag("B")
                    tags[last] = tag("E")
                }
            }
            previous = span
        }
        return tags
    }

    /// Rewrites a tag sequence from one scheme into another (or into canonical form of the same
    /// scheme), through its chunks.
    /// - Throws: ``InvalidTagError`` for a tag outside the `source` scheme.
    public static func convert(_ tags: [String], from source: TagScheme, to target: TagScheme) throws -> [String] {
        try target.tags(for: try source.spans(in: tags), tokenCount: tags.count)
    }

    /// Whether `tags` uses only this scheme's tags and is exactly what this scheme writes for its
    /// chunks (no `I-` after `O` in BIO, no `B-X` in IOB1 except after a chunk of type X, etc.).
    public func isWellFormed(_ tags: [String]) -> Bool {
        guard let converted = try? Self.convert(tags, from: self, to: self) else { return false }
        return converted == tags
    }

    /// The sequence with every chunk whose type is not in `types` turned into `O`, written in
    /// this scheme. For example, UNER's draft training data has `B-OTH`, `I-OTH` and `B-O` chunks
    /// to drop: `keepingTypes(["PER", "ORG", "LOC"], in: tags)`.
    /// - Throws: ``InvalidTagError`` for a tag outside this scheme.
    public func keepingTypes(_ types: Set<String>, in tags: [String]) throws -> [String] {
        let kept = try spans(in: tags).filter { types.contains($0.type) }
        return try self.tags(for: kept, tokenCount: tags.count)
    }
}

extension TaggedSentence {
    /// The sentence with its tags rewritten from one scheme into another (see
    /// ``TagScheme/convert(_:from:to:)``).
    /// - Throws: ``DataFormatError`` at the line of the offending token if the sentence was read
    ///   from a file, else ``InvalidTagError``.
    public func convertingTags(from source: TagScheme, to target: TagScheme) throws -> TaggedSentence {
        var converted = self
        converted.tags = try locatingTagErrors { try TagScheme.convert(tags, from: source, to: target) }
        return converted
    }

    /// The sentence with chunks of other types than `types` turned into `O` (see
    /// ``TagScheme/keepingTypes(_:in:)``); errors as in ``convertingTags(from:to:)``.
    public func keepingTagTypes(_ types: Set<String>, scheme: TagScheme) throws -> TaggedSentence {
        var filtered = self
        filtered.tags = try locatingTagErrors { try scheme.keepingTypes(types, in: tags) }
        return filtered
    }

    private func locatingTagErrors(_ body: () throws -> [String]) throws -> [String] {
        do {
            return try body()
        } catch let error as InvalidTagError {
            guard let origin else { throw error }
            throw origin.error(atToken: error.index, "tag '\(error.tag)' \(error.problem)")
        }
    }
}
