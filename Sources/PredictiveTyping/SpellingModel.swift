/// The grapheme-level fallback: when no known word starts with what the user typed (a name, a
/// new word), a character n-gram model of how words are spelled proposes the most probable
/// endings.
///
/// It counts, over every word the model knows (vocabulary and lexicon, weighted by the square
/// root of their corpus counts), which grapheme follows each context of up to `order - 1`
/// graphemes, with marks for the word's start and end. Probabilities back off to shorter contexts
/// (stupid backoff, Brants et al. 2007, factor 0.4), and a beam search extends the prefix one
/// grapheme at a time. Graphemes are coded as small integers and contexts packed into one
/// `UInt64`, so a completion costs a few thousand hash lookups, well under a millisecond.
public struct SpellingModel: Sendable {
    public let order: Int
    /// Grapheme -> code; 0 is the word start, 1 the word end, 2 any grapheme never seen.
    private var codes: [Character: UInt32] = [:]
    private var graphemes: [Character] = ["^", "$", "?"]
    /// Packed context -> next code -> weight, and the context's total weight.
    private var counts: [UInt64: [UInt32: Double]] = [:]
    private var totals: [UInt64: Double] = [:]
    /// Packed context -> the codes that followed it, heaviest first (at most `branching`).
    private var followers: [UInt64: [UInt32]] = [:]
    private static let start: UInt32 = 0, end: UInt32 = 1, unseen: UInt32 = 2
    private static let branching = 8

    public init(words: some Sequence<(word: String, count: Int)>, order: Int = 4) {
        precondition(order >= 2 && order <= 4, "SpellingModel: order 2 to 4")
        self.order = order
        for (word, count) in words where !word.isEmpty {
            var coded: [UInt32] = [Self.start]
            for character in word { coded.append(code(character)) }
            coded.append(Self.end)
            let weight = Double(count).squareRoot()
            for position in 1..<coded.count {
                for length in 1...min(order - 1, position) {
                    let key = Self.pack(coded[(position - length)..<position])
                    counts[key, default: [:]][coded[position], default: 0] += weight
                    totals[key, default: 0] += weight
                }
            }
        }
        for (key, next) in counts {
            followers[key] = next.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(Self.branching).map(\.key)
        }
    }

    private mutating func code(_ character: Character) -> UInt32 {
        if let known = codes[character] { return known }
        let new = UInt32(graphemes.count)
        codes[character] = new
        graphemes.append(character)
        return new
    }

    /// A context of up to three codes (21 bits each) and its length (2 bits) in one key.
    private static func pack(_ context: ArraySlice<UInt32>) -> UInt64 {
        var key = UInt64(context.count)
        for code in context { key = key << 21 | UInt64(code & 0x1F_FFFF) }
        return key << 2 | UInt64(context.count)
    }

    /// The backed-off score of `next` after the coded word so far.
    private func score(_ next: UInt32, after coded: [UInt32]) -> Double {
        var factor = 1.0
        for length in stride(from: min(order - 1, coded.count), through: 1, by: -1) {
            let key = Self.pack(coded.suffix(length))
            if let count = counts[key]?[next], let total = totals[key] { return factor * count / total }
            factor *= 0.4
        }
        return 0
    }

    /// Up to `count` words that start with `prefix` (folded), most probable first, each longer
    /// than the prefix and at most `maximumExtra` graphemes longer. A grapheme never seen in the
    /// prefix only shortens the contexts that can be used.
    public func completions(of prefix: String, count: Int, maximumExtra: Int = 10, beamWidth: Int = 8) -> [String] {
        guard !prefix.isEmpty, count > 0 else { return [] }
        let start = [Self.start] + prefix.map { codes[$0] ?? Self.unseen }
        var beam: [(coded: [UInt32], score: Double)] = [(start, 1)]
        var finished = TopScores<String>(capacity: count)
        for extra in 0..<maximumExtra {
            var next = TopScores<Int>(capacity: beamWidth)
            var expansions: [(coded: [UInt32], score: Double)] = []
            for (coded, score) in beam {
                // The longest context seen decides which graphemes may follow.
                var candidates: [UInt32] = []
                for length in stride(from: min(order - 1, coded.count), through: 1, by: -1) {
                    if let found = followers[Self.pack(coded.suffix(length))] {
                        candidates = found
                        break
                    }
                }
                for code in candidates {
                    let extended = score * self.score(code, after: coded)
                    if code == Self.end {
                        if extra > 0 { finished.insert(prefix + String(coded.dropFirst(start.count).map { graphemes[Int($0)] }), score: extended) }
                    } else if next.admits(extended) {
                        next.insert(expansions.count, score: extended)
                        expansions.append((coded + [code], extended))
                    }
                }
            }
            beam = next.items.map { expansions[$0.key] }
            // Stop when no open path can beat the words already finished.
            if beam.isEmpty || (finished.items.count == count && beam[0].score < finished.items[count - 1].score) { break }
        }
        return finished.items.map(\.key)
    }
}
