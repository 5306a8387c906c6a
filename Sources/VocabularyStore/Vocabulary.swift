/// A mapping between tokens (words, graphemes, subwords) and contiguous integer ids, with counts.
///
/// Conventions:
/// - Ids are `0..<count`. The special tokens (``SpecialTokens``) come first, in the fixed role
///   order padding, unknown, beginOfSequence, endOfSequence; ordinary tokens follow.
/// - A vocabulary built from a token stream (``VocabularyBuilder``, ``init(counting:minimumCount:maximumSize:specials:)``)
///   orders its ordinary tokens by count, descending, then by the code-point order of the token
///   (Unicode scalar values, compared as UTF-8 bytes; not Swift's `String <`), so the same stream
///   always gives the same ids.
/// - Tokens are compared as Swift `String`s: canonically equivalent strings are the same token
///   ("é" precomposed, U+00E9, and "e\u{301}" share one id), and the spelling seen first is the
///   one stored.
/// - Special tokens have count 0; ordinary tokens have the count they were built or added with.
/// - A *frozen* vocabulary never changes; lookups of unseen tokens give ``unknownID``.
///   A *growing* one (``isFrozen`` false) also accepts ``add(_:count:)``, which appends new ids.
///
/// ```swift
/// let vocabulary = Vocabulary(counting: "the cat saw the dog".split(separator: " "))
/// vocabulary.count                          // 8: <pad> <unk> <s> </s> the cat dog saw
/// vocabulary.id(for: "the")                 // 4 (counted twice, so first after the specials)
/// vocabulary.id(for: "zebra")               // 1, the unknown token's id
/// vocabulary.encode(["the", "dog"])         // [4, 6]
/// vocabulary.decode([4, 5])                 // ["the", "cat"]
/// ```
///
/// For a character model, the tokens are the text's graphemes (`Character`s):
/// `Vocabulary(counting: text.map(String.init), specials: .unknownOnly)`, then `id(for:)` with a
/// `Character`.
public struct Vocabulary: Sendable, Equatable {
    /// Every token, indexed by id: specials first, then ordinary tokens.
    public private(set) var tokens: [String]
    /// Each token's count, indexed by id (0 for specials).
    private(set) var counts: [Int]
    /// Token -> id.
    private var ids: [String: Int]

    /// The special tokens, which take ids `0..<specials.count`.
    public let specials: SpecialTokens
    /// True when the vocabulary no longer changes (the usual state once a model is built).
    public private(set) var isFrozen: Bool

    /// The padding token's id, or nil when there is no padding token.
    public let paddingID: Int?
    /// The unknown token's id: what `id(for:)` returns for unseen tokens.
    public let unknownID: Int
    /// The begin-of-sequence token's id, or nil when there is none.
    public let beginOfSequenceID: Int?
    /// The end-of-sequence token's id, or nil when there is none.
    public let endOfSequenceID: Int?

    /// An empty, growing vocabulary holding only the special tokens (ids `0..<specials.count`).
    /// Add tokens with ``add(_:count:)``; ``freeze()`` it when done.
    public init(specials: SpecialTokens = .standard) {
        self.init(uncheckedTokens: specials.tokens, counts: Array(repeating: 0, count: specials.count),
                  specials: specials, frozen: false)
    }

    /// A vocabulary from tokens already known to be valid: the specials' texts first in role order,
    /// no duplicates or empty tokens, one non-negative count per token, 0 for specials.
    init(uncheckedTokens tokens: [String], counts: [Int], specials: SpecialTokens, frozen: Bool) {
        var ids: [String: Int] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() { ids[token] = id }
        self.tokens = tokens
        self.counts = counts
        self.ids = ids
        self.specials = specials
        self.isFrozen = frozen
        var paddingID: Int?, unknownID = 0, beginOfSequenceID: Int?, endOfSequenceID: Int?
        for (id, special) in specials.roles.enumerated() {
            switch special.role {
            case .padding: paddingID = id
            case .unknown: unknownID = id
            case .beginOfSequence: beginOfSequenceID = id
            case .endOfSequence: endOfSequenceID = id
            }
        }
        self.paddingID = paddingID
        self.unknownID = unknownID
        self.beginOfSequenceID = beginOfSequenceID
        self.endOfSequenceID = endOfSequenceID
    }

    /// The number of ids, specials included (the number of rows of an embedding matrix).
    public var count: Int { tokens.count }

    /// The token with this id.
    /// - Precondition: `0 <= id < count`.
    public func token(for id: Int) -> String {
        precondition(tokens.indices.contains(id), "Vocabulary.token(for:): id \(id) is not in 0..<\(count)")
        return tokens[id]
    }

    /// The id of `token`, or ``unknownID`` when the vocabulary does not contain it. Never adds.
    public func id(for token: some StringProtocol) -> Int {
        ids[String(token)] ?? unknownID
    }

    /// The id of a grapheme (for character models), or ``unknownID`` when it is not in the vocabulary.
    public func id(for character: Character) -> Int {
        ids[String(character)] ?? unknownID
    }

    /// The id of `token`, or nil when the vocabulary does not contain it.
    public func exactID(for token: some StringProtocol) -> Int? {
        ids[String(token)]
    }

    /// True when `token` has an id of its own (special tokens included).
    public func contains(_ token: some StringProtocol) -> Bool {
        ids[String(token)] != nil
    }

    /// How many times `token` was counted: 0 for special tokens and for tokens not in the vocabulary.
    public func count(of token: some StringProtocol) -> Int {
        ids[String(token)].map { counts[$0] } ?? 0
    }

    /// The ids of `tokens`, unseen tokens mapped to ``unknownID``.
    public func encode(_ tokens: some Sequence<some StringProtocol>) -> [Int] {
        tokens.map { id(for: $0) }
    }

    /// The tokens of `ids`; join them to get text back (`.joined()` for graphemes).
    /// - Precondition: every id is in `0..<count`.
    public func decode(_ ids: some Sequence<Int>) -> [String] {
        ids.map { token(for: $0) }
    }

    /// Stops the vocabulary from growing: ``add(_:count:)`` is no longer allowed.
    public mutating func freeze() {
        isFrozen = true
    }

    /// Counts `token` in a growing vocabulary and returns its id.
    ///
    /// A new token gets the next id (`count` before the call) with the given count; a known
    /// token keeps its id and its count grows by `count`. A special token's text returns the
    /// special's id and leaves its count at 0.
    /// - Precondition: the vocabulary is not frozen, `token` is not empty, and `count >= 0`.
    @discardableResult
    public mutating func add(_ token: some StringProtocol, count: Int = 1) -> Int {
        precondition(!isFrozen, "Vocabulary.add(_:count:): the vocabulary is frozen; only a growing vocabulary (isFrozen == false) accepts new tokens")
        precondition(count >= 0, "Vocabulary.add(_:count:): count must not be negative (got \(count))")
        let token = String(token)
        precondition(!token.isEmpty, "Vocabulary.add(_:count:): the empty string cannot be a token")
        if let id = ids[token] {
            if id >= specials.count { counts[id] += count }
            return id
        }
        let id = tokens.count
        tokens.append(token)
        counts.append(count)
        ids[token] = id
        return id
    }

    /// Two vocabularies are equal when they have the same tokens at the same ids, the same
    /// counts, the same specials and the same frozen state.
    public static func == (lhs: Vocabulary, rhs: Vocabulary) -> Bool {
        lhs.isFrozen == rhs.isFrozen && lhs.specials == rhs.specials
            && lhs.tokens == rhs.tokens && lhs.counts == rhs.counts
    }
}
