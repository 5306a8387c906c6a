import Foundation
import RecurrentCore

/// How the next character is chosen from the model's scores.
public struct SamplingOptions: Sendable, Equatable {
    /// Divides the logits: below 1 sharper (more conservative), above 1 flatter.
    public var temperature: Float = 1
    /// Keep only the `k` most probable characters (nil: all).
    public var topK: Int?
    /// Nucleus sampling: keep the most probable characters whose probabilities add up to at
    /// least `p` (nil: all).
    public var topP: Float?
    /// Always take the most probable character (no randomness; the other options are ignored).
    public var greedy = false

    public init(temperature: Float = 1, topK: Int? = nil, topP: Float? = nil, greedy: Bool = false) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.greedy = greedy
    }

    /// The first problem, as a sentence, or nil.
    public var problem: String? {
        if !(temperature > 0 && temperature.isFinite) { return "the temperature must be a positive number, not \(temperature)" }
        if let topK, topK < 1 { return "--top-k must be at least 1, not \(topK)" }
        if let topP, !(topP > 0 && topP <= 1) { return "--top-p must be in (0, 1], not \(topP)" }
        return nil
    }
}

/// Picks the next id from a row of logits: temperature, then the top-k and top-p filters, then a
/// draw with a random number the caller supplies (llm.c's convention: the sampler owns no
/// generator, so the same numbers give the same text).
///
/// Ties between equal probabilities are broken by the lower id, so the choice is a pure function
/// of the logits, the options and `random`.
public struct Sampler {
    public let options: SamplingOptions
    /// Ids that are never chosen (the unknown character).
    public let excluded: Set<Int>
    private var probabilities: [Float] = []
    /// Allowed ids, ranked by probability when a filter needs the ranking (reused between calls).
    private var order: [Int] = []

    public init(options: SamplingOptions, excluded: Set<Int> = []) {
        precondition(options.problem == nil, "Sampler: \(options.problem ?? "")")
        self.options = options
        self.excluded = excluded
    }

    /// The chosen id and its log-probability under the model (the softmax of the raw logits,
    /// before temperature and filters), in nats. `random` is uniform in [0, 1).
    public mutating func choose(_ logits: UnsafePointer<Float>, count: Int, random: Float) -> (id: Int, logProbability: Float) {
        precondition(excluded.count < count, "Sampler: every id is excluded")
        if order.count != count - excluded.count || probabilities.count != count {
            order = (0..<count).filter { !excluded.contains($0) }
            probabilities = [Float](repeating: 0, count: count)   // excluded ids keep probability 0
        }
        var maximum = -Float.infinity, best = order[0]
        for j in order where logits[j] > maximum {
            maximum = logits[j]
            best = j
        }
        var logNormaliser: Double = 0   // log Σ e^logit over the allowed ids
        for j in order { logNormaliser += Foundation.exp(Double(logits[j] - maximum)) }
        logNormaliser = Foundation.log(logNormaliser) + Double(maximum)
        func logProbability(_ id: Int) -> Float { Float(Double(logits[id]) - logNormaliser) }

        if options.greedy { return (best, logProbability(best)) }

        // Probabilities at the temperature over the allowed ids (unnormalised: the draw scales by
        // the candidates' mass).
        for j in order { probabilities[j] = Foundation.exp((logits[j] - maximum) / options.temperature) }

        // Candidates: all allowed ids, or the head of the ranking that the filters keep.
        var kept = order.count
        if options.topK != nil || options.topP != nil {
            order.sort { probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1 }
            kept = min(options.topK ?? kept, kept)
            if let topP = options.topP {
                var total: Float = 0
                for j in order { total += probabilities[j] }
                var cumulative: Float = 0
                for (rank, id) in order.prefix(kept).enumerated() {
                    cumulative += probabilities[id]
                    if cumulative >= topP * total { kept = rank + 1; break }
                }
            }
        }
        let candidates = order.prefix(kept)
        var mass: Float = 0
        for id in candidates { mass += probabilities[id] }
        let target = random * mass
        var cumulative: Float = 0
        for id in candidates {
            cumulative += probabilities[id]
            if target < cumulative { return (id, logProbability(id)) }
        }
        let last = candidates.last(where: { probabilities[$0] > 0 }) ?? candidates.last!
        return (last, logProbability(last))
    }
}
