/// The grapheme-level fallback: when no known word starts with what the user typed (a name, a
/// new word, a typo being finished), a character n-gram model of how words are spelled proposes
/// the most probable endings.
///
/// It counts, over every word the model knows (vocabulary and lexicon, weighted by their corpus
/// counts), which grapheme follows each context of up to `order - 1` graphemes, with an end-of-
/// word mark. Probabilities back off to shorter contexts (stupid backoff, Brants et al. 2007,
/// factor 0.4), and a beam search extends the prefix grapheme by grapheme.
public struct SpellingModel: Sendable {
    public let order: Int
    /// Context (the last graphemes, "^" marking a word start) -> next grapheme -> count; "$" ends.
    private var counts: [String: [Character: Double]] = [:]
    private var totals: [String: Double] = [:]
    private static let end: Character = "$"

    public init(words: some Sequence<(word: String, count: Int)>, order: Int = 4) {
        self.order = order
        for (word, count) in words where !word.isEmpty {
            let graphemes = Array("^" + word) + [Self.end]
            let weight = Double(count).squareRoot()   // damp the most frequent words
            for position in 1..<graphemes.count {
                for length in 1...min(order - 1, position) {
                    let context = String(graphemes[(position - length)..<position])
                    counts[context, default: [:]][graphemes[position], default: 0] += weight
                    totals[context, default: 0] += weight
                }
            }
        }
    }

    /// The backed-off score of `next` after `context` (the graphemes so far, "^" first).
    func score(_ next: Character, after context: [Character]) -> Double {
        var factor = 1.0
        for length in stride(from: min(order - 1, context.count), through: 1, by: -1) {
            let key = String(context.suffix(length))
            if let total = totals[key], let count = counts[key]?[next] { return factor * count / total }
            factor *= 0.4
        }
        return 0
    }

    /// Up to `count` words that start with `prefix` (folded), most probable first, each longer
    /// than the prefix and at most `maximumExtra` graphemes longer.
    public func completions(of prefix: String, count: Int, maximumExtra: Int = 12, beamWidth: Int = 12) -> [String] {
        guard !prefix.isEmpty, count > 0 else { return [] }
        var beam: [(graphemes: [Character], score: Double)] = [(Array("^" + prefix), 1)]
        var finished: [(word: String, score: Double)] = []
        for extra in 0..<maximumExtra {
            var candidates: [(graphemes: [Character], score: Double)] = []
            for (graphemes, score) in beam {
                let key = String(graphemes.suffix(order - 1))
                let followers = counts[key].map { Array($0.keys) } ?? counts[String(graphemes.suffix(1))].map { Array($0.keys) } ?? []
                for next in followers {
                    let nextScore = score * self.score(next, after: graphemes)
                    if next == Self.end {
                        if extra > 0 { finished.append((String(graphemes.dropFirst()), nextScore)) }
                    } else {
                        candidates.append((graphemes + [next], nextScore))
                    }
                }
            }
            candidates.sort { $0.score > $1.score }
            beam = Array(candidates.prefix(beamWidth))
            if beam.isEmpty { break }
            // Stop when the best open path can no longer beat the count-th finished word.
            finished.sort { $0.score > $1.score }
            if finished.count >= count, let best = beam.first, best.score < finished[count - 1].score { break }
        }
        finished.sort { $0.score != $1.score ? $0.score > $1.score : $0.word < $1.word }
        var result: [String] = []
        for (word, _) in finished where !result.contains(word) && result.count < count { result.append(word) }
        return result
    }
}
