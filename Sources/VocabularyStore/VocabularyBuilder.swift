/// Counts tokens from a stream, then builds a ``Vocabulary`` from the counts.
///
/// Conventions:
/// - Tokens are compared as Swift `String`s (canonically equivalent spellings are one token;
///   the spelling seen first is kept).
/// - Empty strings are ignored: they cannot be tokens.
/// - ``build(minimumCount:maximumSize:specials:frozen:)`` orders tokens by count, descending,
///   then by code-point order, so the result depends only on the counts, never on hashing or
///   on the order tokens arrived in.
///
/// ```swift
/// var builder = VocabularyBuilder()
/// for line in lines { builder.add(contentsOf: line.split(separator: " ")) }
/// let vocabulary = builder.build(minimumCount: 2, maximumSize: 10_000)
/// ```
public struct VocabularyBuilder: Sendable, Equatable {
    /// How many times each token was counted.
    public private(set) var counts: [String: Int] = [:]

    /// An empty builder.
    public init() {}

    /// Counts `token` once, or `count` times. Empty strings are ignored.
    /// - Precondition: `count >= 0`.
    public mutating func add(_ token: some StringProtocol, count: Int = 1) {
        precondition(count >= 0, "VocabularyBuilder.add(_:count:): count must not be negative (got \(count))")
        guard !token.isEmpty else { return }
        counts[String(token), default: 0] += count
    }

    /// Counts every token of `tokens`.
    public mutating func add(contentsOf tokens: some Sequence<some StringProtocol>) {
        for token in tokens { add(token) }
    }

    /// Adds the counts of `other` (for example, counted on another part of the corpus) to these.
    public mutating func merge(_ other: VocabularyBuilder) {
        counts.merge(other.counts, uniquingKeysWith: +)
    }

    /// A vocabulary of the counted tokens.
    ///
    /// The special tokens take ids `0..<specials.count`; a special's text found in the stream is
    /// not added a second time. The other tokens counted at least `minimumCount` times follow,
    /// by count descending, then code-point order (ties are cut by that order too).
    /// - Parameters:
    ///   - minimumCount: tokens counted fewer times are left out (they map to the unknown token).
    ///   - maximumSize: the most ids the vocabulary may have, **specials included**, so an
    ///     embedding matrix has exactly this many rows at most; nil for no limit.
    ///   - specials: the special tokens.
    ///   - frozen: whether the result is frozen (the default) or growing.
    /// - Precondition: `maximumSize`, when given, is at least `specials.count`.
    public func build(
        minimumCount: Int = 1,
        maximumSize: Int? = nil,
        specials: SpecialTokens = .standard,
        frozen: Bool = true
    ) -> Vocabulary {
        if let maximumSize {
            precondition(maximumSize >= specials.count,
                         "VocabularyBuilder.build: maximumSize \(maximumSize) leaves no room for the \(specials.count) special tokens")
        }
        let specialTexts = Set(specials.tokens)
        var kept = counts.filter { $0.value >= minimumCount && !specialTexts.contains($0.key) }
            .map { (token: $0.key, count: $0.value) }
        kept.sort { a, b in
            a.count != b.count ? a.count > b.count : a.token.utf8.lexicographicallyPrecedes(b.token.utf8)
        }
        if let maximumSize, kept.count > maximumSize - specials.count {
            kept.removeSubrange((maximumSize - specials.count)...)
        }
        return Vocabulary(
            uncheckedTokens: specials.tokens + kept.map(\.token),
            counts: Array(repeating: 0, count: specials.count) + kept.map(\.count),
            specials: specials, frozen: frozen)
    }
}

extension Vocabulary {
    /// A frozen vocabulary of the tokens in `tokens`, built as
    /// ``VocabularyBuilder/build(minimumCount:maximumSize:specials:frozen:)`` does:
    /// specials first, then tokens counted at least `minimumCount` times by count descending,
    /// then code-point order, at most `maximumSize` ids in all (specials included).
    public init(
        counting tokens: some Sequence<some StringProtocol>,
        minimumCount: Int = 1,
        maximumSize: Int? = nil,
        specials: SpecialTokens = .standard
    ) {
        var builder = VocabularyBuilder()
        builder.add(contentsOf: tokens)
        self = builder.build(minimumCount: minimumCount, maximumSize: maximumSize, specials: specials)
    }
}
