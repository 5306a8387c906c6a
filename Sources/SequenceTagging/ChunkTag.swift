/// A chunk tag such as `B-PER`, split into its prefix (`B`) and its type (`PER`).
///
/// Two ways to read a tag:
/// - ``init(conllevalSplitting:)`` splits exactly as `conlleval` does and accepts anything: the
///   prefix is everything before the first hyphen, the type everything after it
///   (`B-creative-work` is `B` + `creative-work`); a tag without a hyphen is all prefix with an
///   empty type (`O`, `B`, `PER`).
/// - ``init(strictlyParsing:)`` accepts only the tags of the IOB1, BIO and BIOES schemes: `O`, or
///   `B`, `I`, `E` or `S`, optionally followed by `-` and a non-empty type. A bare `B`/`I`/`E`/`S`
///   is a chunk with an empty type (untyped chunking such as base-NP); `O-…`, `B-` and anything
///   else are rejected.
public struct ChunkTag: Hashable, Sendable, CustomStringConvertible {
    public var prefix: String
    public var type: String

    public init(prefix: String, type: String) {
        self.prefix = prefix
        self.type = type
    }

    /// Splits as `conlleval` does (its regular expression `^([^-]*)-(.*)$`).
    public init(conllevalSplitting tag: String) {
        if let hyphen = tag.utf8.firstIndex(of: UInt8(ascii: "-")) {
            prefix = String(decoding: tag.utf8[..<hyphen], as: UTF8.self)
            type = String(decoding: tag.utf8[tag.utf8.index(after: hyphen)...], as: UTF8.self)
        } else {
            prefix = tag
            type = ""
        }
    }

    /// Parses a tag of the IOB1/BIO/BIOES schemes; `nil` for anything else (see the type's notes).
    public init?(strictlyParsing tag: String) {
        let split = ChunkTag(conllevalSplitting: tag)
        switch split.prefix {
        case "O":
            guard tag == "O" else { return nil }
        case "B", "I", "E", "S":
            guard tag.utf8.count == 1 || !split.type.isEmpty else { return nil }
        default:
            return nil
        }
        self = split
    }

    /// The tag spelled back: `prefix-type`, or just the prefix when the type is empty.
    public var description: String {
        type.isEmpty ? prefix : prefix + "-" + type
    }

    /// The outside tag `O`.
    public static let outside = ChunkTag(prefix: "O", type: "")
}
