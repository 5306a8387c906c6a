/// The `capacity` best-scored items of a stream, kept sorted (score descending, then key
/// ascending, so equal scores come out in a fixed order): a bounded selection that costs one
/// comparison per item once full, instead of sorting thousands of candidates per keystroke.
struct TopScores<Key: Comparable> {
    let capacity: Int
    private(set) var items: [(key: Key, score: Double)] = []

    init(capacity: Int) {
        self.capacity = capacity
        items.reserveCapacity(capacity + 1)
    }

    /// Whether `score` could enter (a cheap test before computing a key).
    func admits(_ score: Double) -> Bool {
        items.count < capacity || score >= items[items.count - 1].score
    }

    mutating func insert(_ key: Key, score: Double) {
        guard admits(score) else { return }
        let position = items.firstIndex { score > $0.score || (score == $0.score && key < $0.key) } ?? items.count
        guard position < capacity else { return }
        items.insert((key, score), at: position)
        if items.count > capacity { items.removeLast() }
    }
}
