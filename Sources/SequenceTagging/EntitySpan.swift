/// A chunk (named entity, phrase) in a sentence: a type and a half-open range of token indices.
///
/// ``extract(from:)`` finds the chunks of a tag sequence with conlleval's boundary rules
/// (``ChunkBoundaryRules/conllevalBIOES``), so a sequence means the same here as in the scorer,
/// whichever of IOB1, BIO or BIOES it is written in, and invalid sequences are read the way
/// conlleval reads them:
/// - `I-X` after `O`, at the sentence start, or after a chunk of another type starts a chunk;
/// - a type change always ends the chunk (`B-LOC I-PER` is two chunks);
/// - `B-X` always starts a chunk; `E-X` and `S-X` end one (`B-X` or `I-X` followed by `O` ends it
///   too, so `B-X O` in BIOES is a one-token chunk);
/// - a chunk that is still open at the end of the sentence ends there.
public struct EntitySpan: Hashable, Sendable, CustomStringConvertible {
    /// The chunk type (`PER`); empty for untyped chunks (bare `B`/`I` tags).
    public var type: String
    /// The token indices the chunk covers, e.g. `2..<4`.
    public var range: Range<Int>

    public init(type: String, range: Range<Int>) {
        self.type = type
        self.range = range
    }

    /// E.g. `PER[2..<4]`.
    public var description: String { "\(type)[\(range.lowerBound)..<\(range.upperBound)]" }

    /// The chunks of a tag sequence, in order.
    /// - Throws: ``InvalidTagError`` for a tag that is not `O` or `B`/`I`/`E`/`S` with an optional
    ///   `-TYPE` (see ``ChunkTag/init(strictlyParsing:)``).
    public static func extract(from tags: [String]) throws -> [EntitySpan] {
        let rules = ChunkBoundaryRules.conllevalBIOES
        var spans: [EntitySpan] = []
        var openChunk: (start: Int, type: String)?
        var previous = ChunkTag.outside
        for (index, tag) in tags.enumerated() {
            guard let current = ChunkTag(strictlyParsing: tag) else {
                throw InvalidTagError(
                    tag: tag, index: index,
                    problem: "is neither O nor a B-, I-, E- or S- prefix with an optional type")
            }
            if let open = openChunk, rules.chunkEnds(between: previous, and: current) {
                spans.append(EntitySpan(type: open.type, range: open.start..<index))
                openChunk = nil
            }
            if rules.chunkStarts(between: previous, and: current) {
                if let open = openChunk {  // cannot happen with these rules and prefixes; kept safe
                    spans.append(EntitySpan(type: open.type, range: open.start..<index))
                }
                openChunk = (index, current.type)
            }
            previous = current
        }
        if let open = openChunk {
            spans.append(EntitySpan(type: open.type, range: open.start..<tags.count))
        }
        return spans
    }
}
