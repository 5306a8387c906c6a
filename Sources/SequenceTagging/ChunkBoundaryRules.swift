/// The rules deciding where chunks start and end in a tag sequence, ported from the
/// `startOfChunk` and `endOfChunk` functions of the CoNLL `conlleval` script (version 2004-01-26,
/// Erik Tjong Kim Sang), used for CoNLL-2000 chunking and CoNLL-2002/2003 NER.
///
/// Both functions look at the previous and the current tag, each split by
/// ``ChunkTag/init(conllevalSplitting:)`` into a prefix and a type. Before a sentence's first tag
/// the "previous" tag is `O` with an empty type. Prefixes `B`, `I`, `O`, `E`, `S`, and the bracket
/// notation `[`, `]`, `.`, are understood; any other prefix only matters through the type rules.
///
/// - ``conlleval``: the script as published. It knows `E` but not `S`, and does not start a new
///   chunk for `B` after `E` of the same type, so BIOES input is mis-chunked (`S-PER S-PER` is one
///   chunk).
/// - ``conllevalBIOES``: the same script with the widely circulated BIOES additions (every pair
///   involving `S`, and `E` followed by `B`). For input without `S` and `E` (IOB1, BIO) both rule
///   sets agree exactly; this one also scores BIOES correctly. It is the default everywhere.
public enum ChunkBoundaryRules: Hashable, Sendable {
    case conlleval
    case conllevalBIOES

    /// `endOfChunk`: whether a chunk ended between the previous and the current token.
    public func chunkEnds(previousPrefix: String, prefix: String, previousType: String, type: String) -> Bool {
        let pair = (previousPrefix, prefix)
        switch pair {
        case ("B", "B"), ("B", "O"), ("I", "B"), ("I", "O"),
            ("E", "E"), ("E", "I"), ("E", "O"):
            return true
        case ("B", "S"), ("I", "S"), ("E", "S"), ("E", "B"),
            ("S", "E"), ("S", "I"), ("S", "O"), ("S", "S"), ("S", "B"):
            if self == .conllevalBIOES { return true }
        default:
            break
        }
        if previousPrefix != "O" && previousPrefix != "." && previousType != type {
            return true
        }
        // "corrected 1998-12-22: these chunks are assumed to have length 1"
        if previousPrefix == "]" || previousPrefix == "[" {
            return true
        }
        return false
    }

    /// `startOfChunk`: whether a chunk started between the previous and the current token.
    public func chunkStarts(previousPrefix: String, prefix: String, previousType: String, type: String) -> Bool {
        let pair = (previousPrefix, prefix)
        switch pair {
        case ("B", "B"), ("I", "B"), ("O", "B"), ("O", "I"),
            ("E", "E"), ("E", "I"), ("O", "E"):
            return true
        case ("S", "B"), ("E", "B"),
            ("B", "S"), ("I", "S"), ("O", "S"), ("S", "S"), ("E", "S"),
            ("S", "I"), ("S", "E"):
            if self == .conllevalBIOES { return true }
        default:
            break
        }
        if prefix != "O" && prefix != "." && previousType != type {
            return true
        }
        // "corrected 1998-12-22: these chunks are assumed to have length 1"
        if prefix == "[" || prefix == "]" {
            return true
        }
        return false
    }

    /// ``chunkEnds(previousPrefix:prefix:previousType:type:)`` for split tags.
    public func chunkEnds(between previous: ChunkTag, and current: ChunkTag) -> Bool {
        chunkEnds(previousPrefix: previous.prefix, prefix: current.prefix, previousType: previous.type, type: current.type)
    }

    /// ``chunkStarts(previousPrefix:prefix:previousType:type:)`` for split tags.
    public func chunkStarts(between previous: ChunkTag, and current: ChunkTag) -> Bool {
        chunkStarts(previousPrefix: previous.prefix, prefix: current.prefix, previousType: previous.type, type: current.type)
    }
}
