import Foundation
import VocabularyStore

/// What a word model knows about words beyond its ids: how each is usually written, and the
/// rarer words of its corpus that did not make the vocabulary (offered as completions of a
/// prefix, ranked by their corpus counts). Saved in the model file (metadata `lexicon`, JSON).
public struct WordLexicon: Codable, Equatable, Sendable {
    /// The usual written form of a folded word when it is not the folded form itself ("i" -> "I",
    /// "london" -> "London"), from the corpus, not counting sentence-initial capitals, with the
    /// ASCII apostrophe.
    public var display: [String: String]
    /// Words outside the vocabulary seen at least twice, with their counts.
    public var extra: [String: Int]

    public init(display: [String: String] = [:], extra: [String: Int] = [:]) {
        self.display = display
        self.extra = extra
    }

    /// How `folded` is usually written (with the ASCII apostrophe, even from a file whose lexicon
    /// kept a book's typographic one).
    public func displayForm(of folded: String) -> String {
        guard let written = display[folded] else { return folded }
        return written.contains("\u{2019}") ? written.replacingOccurrences(of: "\u{2019}", with: "'") : written
    }

    /// The lexicon of `corpus` for `vocabulary`: display forms of every word kept (vocabulary or
    /// extra), and up to `maximumExtra` extra words, most frequent first.
    public init(corpus: WordCorpus, vocabulary: Vocabulary, maximumExtra: Int = 50_000) {
        // Per folded word: how often each surface form appears, sentence-initial ones at a tiny
        // weight so they only decide for words never seen elsewhere.
        var surfaces: [String: [String: Double]] = [:]
        var counts: [String: Int] = [:]
        for document in corpus.documents {
            for sentence in document.sentences {
                for token in sentence where WordForm.isSuggestible(token.folded) {
                    counts[token.folded, default: 0] += 1
                    let weight = token.startsSentence ? 0.001 : 1
                    // Counted with the apostrophe a keyboard types, so "Tom’s" and "Tom's" vote together.
                    let written = (token.surface ?? token.folded).replacingOccurrences(of: "\u{2019}", with: "'")
                    surfaces[token.folded, default: [:]][written, default: 0] += weight
                }
            }
        }
        var extra = counts.filter { $0.value >= 2 && !vocabulary.contains($0.key) }
        if extra.count > maximumExtra {
            let kept = extra.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(maximumExtra)
            extra = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
        }
        var display: [String: String] = [:]
        for (word, forms) in surfaces where vocabulary.contains(word) || extra[word] != nil {
            let best = forms.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
            if best != word { display[word] = best }
        }
        self.init(display: display, extra: extra)
    }
}
