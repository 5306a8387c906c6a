import RecurrentCore

/// One alternative tag for a token and the model's probability of it (CRF: the posterior
/// marginal; softmax: the token's softmax).
public struct TagHypothesis: Hashable, Sendable {
    public var tag: String
    public var probability: Float

    public init(tag: String, probability: Float) {
        self.tag = tag
        self.probability = probability
    }
}

/// What the tagger says about one sentence.
public struct SentencePrediction: Hashable, Sendable {
    /// One tag per token (CRF: the Viterbi path; softmax: each token's best tag).
    public var tags: [String]
    /// Per token, the most probable tags, best first (empty unless asked for).
    public var alternatives: [[TagHypothesis]]
    /// One auxiliary tag per token, the auxiliary output's best (empty unless asked for, and for
    /// a model without an auxiliary output).
    public var auxiliaryTags: [String] = []
}

extension TaggerModel {
    /// Sentences tagged together: long enough to use the batch, short enough to stream.
    public static let predictionBatch = 32
    /// At most this many token positions (steps x sentences, padding included) per batch, so
    /// that a batch of long sentences holds fewer of them and memory stays bounded.
    static let predictionPositions = 2048
    /// A longer sentence is tagged in pieces of this many tokens (raw text is already cut so by
    /// ``RawTextSegmenter``; this bounds memory for pre-tokenized input too).
    public static let longestTaggedPiece = RawTextSegmenter.maximumTokens

    /// Tags `sentences` (any number; an empty sentence gets no tags), in batches of sentences of
    /// similar length (a sentence of more than ``longestTaggedPiece`` tokens in pieces of that
    /// many, each tagged alone). Entity tags are written in `scheme` (default: the training files'
    /// scheme); `alternatives` > 0 also gives that many tags per token with probabilities (for
    /// entities in BIO or IOB1, a BIOES label's probability counts toward `B-X` for `B-X`/`S-X` and
    /// `I-X` for `I-X`/`E-X`). `auxiliary` also gives each token's auxiliary tag, when the model
    /// has an auxiliary output.
    public func predict(_ sentences: [[String]], scheme: TagScheme? = nil, alternatives: Int = 0,
                        auxiliary: Bool = false) -> [SentencePrediction] {
        var pieces: [ArraySlice<String>] = []
        var owner: [Int] = []   // the sentence of each piece, in order
        for (index, sentence) in sentences.enumerated() {
            for start in stride(from: 0, to: sentence.count, by: Self.longestTaggedPiece) {
                pieces.append(sentence[start..<min(sentence.count, start + Self.longestTaggedPiece)])
                owner.append(index)
            }
        }
        var results = [SentencePrediction](repeating: SentencePrediction(tags: [], alternatives: []), count: sentences.count)
        for (sentence, prediction) in zip(owner, predictPieces(pieces, scheme: scheme, alternatives: alternatives, auxiliary: auxiliary)) {
            results[sentence].tags += prediction.tags
            results[sentence].alternatives += prediction.alternatives
            results[sentence].auxiliaryTags += prediction.auxiliaryTags
        }
        return results
    }

    /// ``predict(_:scheme:alternatives:auxiliary:)`` for sentences of at most ``longestTaggedPiece`` tokens.
    private func predictPieces(_ sentences: [ArraySlice<String>], scheme: TagScheme?, alternatives: Int,
                               auxiliary: Bool) -> [SentencePrediction] {
        var results = [SentencePrediction](repeating: SentencePrediction(tags: [], alternatives: []), count: sentences.count)
        let order = sentences.indices.filter { !sentences[$0].isEmpty }.sorted { sentences[$0].count < sentences[$1].count }
        var generator = SplitMix64(seed: 0)   // no dropout outside training
        let hypothesisLabels = alternatives > 0 ? self.hypothesisLabels(scheme: scheme) : []
        var start = 0
        while start < order.count {
            // Ascending lengths: the last member sets the batch's steps.
            var end = start + 1
            while end < order.count, end - start < Self.predictionBatch,
                  (end - start + 1) * sentences[order[end]].count <= Self.predictionPositions { end += 1 }
            let members = Array(order[start..<end])
            start = end
            let input = encode(members.map { Array(sentences[$0]) })
            let scores = emissions(for: input, training: false, generator: &generator)
            let best = bestTags(scores, lengths: input.lengths)
            let probabilities = alternatives > 0 ? tagProbabilities(scores, lengths: input.lengths) : nil
            let auxiliaryBest = auxiliary ? auxiliaryEmissions().map { Self.bestRows($0, lengths: input.lengths) } : nil
            for (b, index) in members.enumerated() {
                var labels = best[b].map { tags.label(for: $0) }
                var alternativeLists: [[TagHypothesis]] = []
                if let probabilities {
                    alternativeLists = (0..<input.lengths[b]).map { t in
                        Self.topHypotheses(probabilities.pointer + (t * input.batch + b) * tags.count, labels: hypothesisLabels, count: alternatives)
                    }
                }
                if let labelScheme = configuration.labelScheme, let target = scheme ?? configuration.fileScheme, target != labelScheme {
                    labels = (try? TagScheme.convert(labels, from: labelScheme, to: target)) ?? labels
                }
                results[index] = SentencePrediction(tags: labels, alternatives: alternativeLists)
                if let auxiliaryBest, let auxiliaryTags { results[index].auxiliaryTags = auxiliaryBest[b].map(auxiliaryTags.label(for:)) }
            }
        }
        return results
    }

    /// The best tag ids of each sentence.
    private func bestTags(_ scores: Tensor, lengths: [Int]) -> [[Int]] {
        if let crf { return crf.decode(emissions: scores, lengths: lengths).map(\.tags) }
        return Self.bestRows(scores, lengths: lengths)
    }

    /// Each token's highest-scoring id in `scores` `[T, B, K]`, per sentence.
    private static func bestRows(_ scores: Tensor, lengths: [Int]) -> [[Int]] {
        let (batch, k) = (lengths.count, scores.shape[2])
        return lengths.enumerated().map { b, length in
            (0..<length).map { t in
                let row = scores.pointer + (t * batch + b) * k
                var best = 0
                for j in 1..<k where row[j] > row[best] { best = j }
                return best
            }
        }
    }

    /// `[T, B, K]` probabilities: CRF marginals or per-token softmax.
    private func tagProbabilities(_ scores: Tensor, lengths: [Int]) -> Tensor {
        if let crf { return crf.marginals(emissions: scores, lengths: lengths) }
        let result = scores.copy()
        for row in 0..<(scores.shape[0] * scores.shape[1]) {
            _ = VectorMath.softmax(result.pointer + row * tags.count, count: tags.count)
        }
        return result
    }

    /// The label each tag id's probability counts toward in alternatives: the tag itself, or, when
    /// BIOES labels are written in BIO or IOB1, `B-X` for `S-X` and `I-X` for `E-X`.
    private func hypothesisLabels(scheme: TagScheme?) -> [String] {
        let target = scheme ?? configuration.fileScheme
        let mergeToBIO = configuration.labelScheme == .bioes && target != nil && target != .bioes
        return tags.labels.map { label in
            guard mergeToBIO else { return label }
            let chunk = ChunkTag(conllevalSplitting: label)
            switch chunk.prefix {
            case "S": return ChunkTag(prefix: "B", type: chunk.type).description
            case "E": return ChunkTag(prefix: "I", type: chunk.type).description
            default: return label
            }
        }
    }

    /// The `count` most probable labels of one token (`labels[id]` for each of the K
    /// probabilities in `row`, equal labels summed), best first.
    private static func topHypotheses(_ row: UnsafeMutablePointer<Float>, labels: [String], count: Int) -> [TagHypothesis] {
        var merged: [String: Float] = [:]
        for (id, label) in labels.enumerated() { merged[label, default: 0] += row[id] }
        return merged.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(count).map { TagHypothesis(tag: $0.key, probability: $0.value) }
    }
}
