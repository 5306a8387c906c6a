/// An ordered set of labels (a tag set: UPOS tags, IOB2 entity tags) with ids `0..<count`.
///
/// Conventions:
/// - A label's id is its position in ``labels``; there is no unknown label, so looking up a
///   label not in the set gives nil.
/// - Labels are non-empty and distinct, compared as Swift `String`s (canonically equivalent
///   spellings are the same label).
/// - ``collecting(from:)`` sorts the distinct labels by code-point order (Unicode scalar values,
///   not Swift's `String <`), so the same data always gives the same ids.
///
/// ```swift
/// var tags = LabelSet.collecting(from: ["NOUN", "VERB", "NOUN", "ADJ"])  // ADJ=0 NOUN=1 VERB=2
/// tags.id(for: "VERB")      // 2
/// tags.insert("ADV")        // 3, appended
/// ```
public struct LabelSet: Sendable, Equatable {
    /// The labels, indexed by id.
    public private(set) var labels: [String]
    /// Label -> id.
    private var ids: [String: Int]

    /// An empty label set; add labels with ``insert(_:)``.
    public init() {
        labels = []
        ids = [:]
    }

    /// The label set with `labels` at ids `0..<labels.count`, in the order given.
    /// - Throws: ``VocabularyError/emptyLabel(source:id:)`` or
    ///   ``VocabularyError/duplicateLabel(source:label:firstID:secondID:)``, with source "label set".
    public init(_ labels: [String]) throws(VocabularyError) {
        try self.init(labels, source: "label set")
    }

    /// The label set with `labels`, reporting problems with `source` in the message.
    init(_ labels: [String], source: String) throws(VocabularyError) {
        var ids: [String: Int] = [:]
        ids.reserveCapacity(labels.count)
        for (id, label) in labels.enumerated() {
            guard !label.isEmpty else { throw .emptyLabel(source: source, id: id) }
            if let firstID = ids[label] {
                throw .duplicateLabel(source: source, label: label, firstID: firstID, secondID: id)
            }
            ids[label] = id
        }
        self.labels = labels
        self.ids = ids
    }

    /// The distinct labels of `labels`, sorted by code-point order. Empty strings are ignored.
    public static func collecting(from labels: some Sequence<some StringProtocol>) -> LabelSet {
        var distinct = Set<String>()
        for label in labels where !label.isEmpty { distinct.insert(String(label)) }
        var result = LabelSet()
        for label in distinct.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            result.insert(label)
        }
        return result
    }

    /// The number of labels.
    public var count: Int { labels.count }

    /// The id of `label`, or nil when the set does not contain it.
    public func id(for label: some StringProtocol) -> Int? {
        ids[String(label)]
    }

    /// True when the set contains `label`.
    public func contains(_ label: some StringProtocol) -> Bool {
        ids[String(label)] != nil
    }

    /// The label with this id.
    /// - Precondition: `0 <= id < count`.
    public func label(for id: Int) -> String {
        precondition(labels.indices.contains(id), "LabelSet.label(for:): id \(id) is not in 0..<\(count)")
        return labels[id]
    }

    /// The id of `label`, appending it with the next id (`count`) when it is new.
    /// - Precondition: `label` is not empty.
    @discardableResult
    public mutating func insert(_ label: some StringProtocol) -> Int {
        let label = String(label)
        precondition(!label.isEmpty, "LabelSet.insert(_:): the empty string cannot be a label")
        if let id = ids[label] { return id }
        labels.append(label)
        ids[label] = labels.count - 1
        return labels.count - 1
    }

    /// Two label sets are equal when they have the same labels at the same ids.
    public static func == (lhs: LabelSet, rhs: LabelSet) -> Bool {
        lhs.labels == rhs.labels
    }
}
