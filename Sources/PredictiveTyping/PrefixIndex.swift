/// The words a keyboard can complete, sorted by their folded form's UTF-8 bytes, so the words
/// starting with a prefix are one contiguous run found by binary search: a trie flattened into
/// an array (one allocation, cache-friendly scans, and insertion of a learned word in place).
///
/// Each entry says where its word comes from: the model's vocabulary (its id), the model's
/// lexicon of rarer words (their corpus count) and/or the personal model.
public struct PrefixIndex: Sendable {
    public struct Entry: Sendable, Equatable {
        public var word: String
        /// The word's id in the model's vocabulary, when it has one.
        public var vocabularyID: Int?
        /// The word's count in the model's corpus, when it is one of the lexicon's rarer words.
        public var lexiconCount: Int?
        public var isPersonal: Bool
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public var count: Int { entries.count }

    /// The index of the first entry whose word is not before `word` in UTF-8 order.
    func lowerBound(_ word: String) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].word.utf8.lexicographicallyPrecedes(word.utf8) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The entries whose word starts with `prefix` (folded), in UTF-8 order.
    public func entries(withPrefix prefix: String) -> ArraySlice<Entry> {
        let start = lowerBound(prefix)
        var low = start, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].word.utf8.starts(with: prefix.utf8) { low = middle + 1 } else { high = middle }
        }
        return entries[start..<low]
    }

    /// The entry of exactly `word`, if any.
    public func entry(_ word: String) -> Entry? {
        let index = lowerBound(word)
        return index < entries.count && entries[index].word == word ? entries[index] : nil
    }

    /// Adds `word` or updates its entry with `update`.
    public mutating func upsert(_ word: String, _ update: (inout Entry) -> Void) {
        let index = lowerBound(word)
        if index < entries.count && entries[index].word == word {
            update(&entries[index])
        } else {
            var entry = Entry(word: word, vocabularyID: nil, lexiconCount: nil, isPersonal: false)
            update(&entry)
            entries.insert(entry, at: index)
        }
    }

    /// Clears the personal flag of `word`, removing its entry when nothing else holds it.
    public mutating func removePersonal(_ word: String) {
        let index = lowerBound(word)
        guard index < entries.count && entries[index].word == word else { return }
        entries[index].isPersonal = false
        if entries[index].vocabularyID == nil && entries[index].lexiconCount == nil { entries.remove(at: index) }
    }

    /// An index of a model's suggestible vocabulary words (its first `specials` ids are special
    /// tokens, never suggested) and lexicon words, built in one sort.
    public init(vocabulary: [String], specials: Int, lexicon: [String: Int]) {
        var byWord: [String: Entry] = [:]
        for (id, word) in vocabulary.enumerated() where id >= specials && WordForm.isSuggestible(word) {
            byWord[word] = Entry(word: word, vocabularyID: id, lexiconCount: nil, isPersonal: false)
        }
        for (word, count) in lexicon where WordForm.isSuggestible(word) {
            byWord[word, default: Entry(word: word, vocabularyID: nil, lexiconCount: nil, isPersonal: false)].lexiconCount = count
        }
        entries = byWord.values.sorted { $0.word.utf8.lexicographicallyPrecedes($1.word.utf8) }
    }
}
