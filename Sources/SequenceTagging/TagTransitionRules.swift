/// Which tag may follow which in a well-formed entity sequence, for constraining a CRF so it can
/// never output one that is not.
///
/// - BIOES: `I-X` and `E-X` only after `B-X` or `I-X`; `B`, `S` and `O` only after `O`, `E` or
///   `S` (or at the start); a sentence starts with `O`, `B` or `S` and ends with `O`, `E` or `S`.
/// - BIO: `I-X` only after `B-X` or `I-X`, never first.
/// - IOB1: anything goes (`I-X` starts a chunk), so nothing is forbidden.
///
/// Tags outside the scheme are left unconstrained.
struct TagTransitionRules {
    private let parsed: [ChunkTag?]
    private let scheme: TagScheme

    init(tags: [String], scheme: TagScheme) {
        parsed = tags.map { ChunkTag(strictlyParsing: $0) }
        self.scheme = scheme
    }

    func allows(from previous: Int, to next: Int) -> Bool {
        guard let from = parsed[previous], let to = parsed[next] else { return true }
        switch scheme {
        case .iob1:
            return true
        case .bio:
            return to.prefix != "I" || (from.prefix != "O" && from.type == to.type)
        case .bioes:
            if to.prefix == "I" || to.prefix == "E" {
                return (from.prefix == "B" || from.prefix == "I") && from.type == to.type
            }
            return from.prefix == "O" || from.prefix == "E" || from.prefix == "S"
        }
    }

    func allowsStart(_ tag: Int) -> Bool {
        guard let tag = parsed[tag], scheme != .iob1 else { return true }
        return tag.prefix != "I" && tag.prefix != "E"
    }

    func allowsEnd(_ tag: Int) -> Bool {
        guard let tag = parsed[tag], scheme == .bioes else { return true }
        return tag.prefix != "B" && tag.prefix != "I"
    }
}
