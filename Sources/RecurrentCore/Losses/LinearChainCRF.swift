#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A linear-chain conditional random field over `K` labels, with pytorch-crf 0.7.2's parameters
/// and conventions, so a `torchcrf.CRF` state dict loads by name.
///
/// A tag sequence `y` of length `L` over emissions `E [T, B, K]` (time-major, sequence `b` at
/// `E[t, b, :]` for `t < lengths[b]`, padding after) scores
///
///     start[y_0] + E[0, y_0] + Σ_{t=1..L-1} (transitions[y_{t-1}, y_t] + E[t, y_t]) + end[y_{L-1}]
///
/// and `p(y | E) = exp(score(y)) / Σ_y' exp(score(y'))`. Shapes: `transitions [K, K]` (row = from,
/// column = to), `startTransitions [K]`, `endTransitions [K]`.
///
///     let crf = LinearChainCRF(labelCount: 5)
///     crf.initialize(using: &generator)
///     let (loss, dE) = crf.negativeLogLikelihood(emissions: e, tags: [[1, 2, 0], [4]], lengths: [3, 1])
///     let best = crf.decode(emissions: e, lengths: [3, 1])   // [(tags: [..3 labels..], score), (tags: [x], score)]
///
/// Numerics: everything runs in log space with max subtraction; the forward and backward
/// variables are renormalised at every step (their offsets kept in `Double`), so marginals stay
/// accurate to a few ulp however long the sequence. A sequence of length 0 has loss 0, an empty
/// decode and zero marginals.
public final class LinearChainCRF {
    /// The score given to a transition, start or end that ``constrain(allowed:allowedStart:allowedEnd:)``
    /// forbids (as AllenNLP does): finite, so a gold path through one gives a large loss, not NaN.
    public static let disallowedScore: Float = -10_000

    /// K.
    public let labelCount: Int
    /// `[K, K]`: `transitions[i, j]` is the score of label `i` followed by label `j`.
    public let transitions: Tensor
    /// `[K]`: the score of starting with each label.
    public let startTransitions: Tensor
    /// `[K]`: the score of ending with each label.
    public let endTransitions: Tensor
    public let gradTransitions: Tensor
    public let gradStartTransitions: Tensor
    public let gradEndTransitions: Tensor

    /// Which transitions (`K * K`, row = from), starts and ends are allowed; nil when all are.
    private var constraints: (transitions: [Bool], starts: [Bool], ends: [Bool])?

    public init(labelCount: Int) {
        precondition(labelCount > 0, "LinearChainCRF: labelCount \(labelCount) must be positive")
        self.labelCount = labelCount
        transitions = Tensor(zeros: [labelCount, labelCount])
        startTransitions = Tensor(zeros: [labelCount])
        endTransitions = Tensor(zeros: [labelCount])
        gradTransitions = Tensor(zeros: [labelCount, labelCount])
        gradStartTransitions = Tensor(zeros: [labelCount])
        gradEndTransitions = Tensor(zeros: [labelCount])
    }

    /// pytorch-crf's initialisation: every score uniform in ±0.1.
    public func initialize(using generator: inout SplitMix64) {
        startTransitions.fillUniform(bound: 0.1, using: &generator)
        endTransitions.fillUniform(bound: 0.1, using: &generator)
        transitions.fillUniform(bound: 0.1, using: &generator)
    }

    /// The parameters under pytorch-crf's names.
    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] {
        [("transitions", transitions, gradTransitions),
         ("start_transitions", startTransitions, gradStartTransitions),
         ("end_transitions", endTransitions, gradEndTransitions)]
    }

    public func zeroGradients() {
        gradTransitions.fill(0)
        gradStartTransitions.fill(0)
        gradEndTransitions.fill(0)
    }

    /// Forbids transitions, starts and ends (BIO: `O -> I-X` and starting with `I-X`). A forbidden
    /// score is replaced by ``disallowedScore`` in the likelihood, decoding and marginals, and its
    /// parameter gets no gradient. Replaces any earlier constraints; allowing everything removes them.
    /// A forbidden label's marginal is of order 1e-38, not exactly 0 (`VectorMath.exp` clamps its
    /// input at -87.3).
    public func constrain(allowed: (_ from: Int, _ to: Int) -> Bool, allowedStart: (Int) -> Bool, allowedEnd: (Int) -> Bool) {
        let k = labelCount
        var pairs = [Bool](repeating: true, count: k * k)
        for from in 0..<k { for to in 0..<k { pairs[from * k + to] = allowed(from, to) } }
        let starts = (0..<k).map(allowedStart), ends = (0..<k).map(allowedEnd)
        let everything = pairs.allSatisfy { $0 } && starts.allSatisfy { $0 } && ends.allSatisfy { $0 }
        constraints = everything ? nil : (pairs, starts, ends)
    }

    // MARK: Likelihood

    /// The mean over the B sequences of `-log p(tags | emissions)` (pytorch-crf's
    /// `-crf(emissions, tags, mask, reduction="mean")`; a length-0 sequence counts as 0), and its
    /// gradient with respect to `emissions [T, B, K]` (zero at padded steps). Adds the gradients of
    /// the transition scores into `gradTransitions`, `gradStartTransitions`, `gradEndTransitions`.
    ///
    /// `tags[b]` holds exactly `lengths[b]` labels in `0..<K`.
    public func negativeLogLikelihood(emissions: Tensor, tags: [[Int]], lengths: [Int]) -> (loss: Float, emissionGradient: Tensor) {
        let (steps, batch) = validate(emissions, lengths: lengths, caller: "negativeLogLikelihood")
        let k = labelCount
        precondition(tags.count == batch, "LinearChainCRF.negativeLogLikelihood: \(tags.count) tag sequences for a batch of \(batch)")
        for b in 0..<batch {
            precondition(tags[b].count == lengths[b],
                         "LinearChainCRF.negativeLogLikelihood: sequence \(b) has \(tags[b].count) tags but length \(lengths[b])")
            for (t, tag) in tags[b].enumerated() {
                precondition(tag >= 0 && tag < k, "LinearChainCRF.negativeLogLikelihood: tag \(tag) at step \(t) of sequence \(b) outside 0..<\(k)")
            }
        }
        let gradient = Tensor(zeros: emissions.shape)
        guard batch > 0 else { return (0, gradient) }

        let work = Workspace(crf: self, steps: steps)
        let stride = batch * k
        let scale = 1 / Float(batch)
        // Expected minus gold counts, summed over the batch: transitions, then starts, then ends.
        let counts = UnsafeMutablePointer<Float>.allocate(capacity: k * k + 2 * k)
        counts.initialize(repeating: 0, count: k * k + 2 * k)
        defer { counts.deallocate() }
        let startCounts = counts + k * k, endCounts = startCounts + k
        let (transition, start, end) = (work.transitions, work.starts, work.ends)

        var total: Double = 0
        for b in 0..<batch where lengths[b] > 0 {
            let length = lengths[b], gold = tags[b]
            let e = UnsafePointer(emissions.pointer + b * k), g = gradient.pointer + b * k
            let logZ = forwardBackward(e, stride: stride, length: length, work: work, marginals: g, pairCounts: counts)

            var score = Double(start[gold[0]]) + Double(e[gold[0]])
            for t in 1..<length {
                score += Double(transition[gold[t - 1] * k + gold[t]]) + Double(e[t * stride + gold[t]])
            }
            score += Double(end[gold[length - 1]])
            total += logZ - score

            for k0 in 0..<k {
                startCounts[k0] += g[k0]
                endCounts[k0] += g[(length - 1) * stride + k0]
            }
            startCounts[gold[0]] -= 1
            endCounts[gold[length - 1]] -= 1
            for t in 1..<length { counts[gold[t - 1] * k + gold[t]] -= 1 }
            for t in 0..<length {
                let row = g + t * stride
                row[gold[t]] -= 1
                for j in 0..<k { row[j] *= scale }
            }
        }

        let allowed = constraints
        let (gradT, gradS, gradE) = (gradTransitions.pointer, gradStartTransitions.pointer, gradEndTransitions.pointer)
        for index in 0..<(k * k) where allowed?.transitions[index] ?? true { gradT[index] += counts[index] * scale }
        for index in 0..<k {
            if allowed?.starts[index] ?? true { gradS[index] += startCounts[index] * scale }
            if allowed?.ends[index] ?? true { gradE[index] += endCounts[index] * scale }
        }
        return (Float(total / Double(batch)), gradient)
    }

    /// Posterior marginals `p(y_t = k | emissions)` by forward-backward, `[T, B, K]`; each valid
    /// step sums to 1, padded steps are zero. For top-k labels per token with probabilities.
    public func marginals(emissions: Tensor, lengths: [Int]) -> Tensor {
        let (steps, batch) = validate(emissions, lengths: lengths, caller: "marginals")
        let result = Tensor(zeros: emissions.shape)
        guard batch > 0 else { return result }
        let work = Workspace(crf: self, steps: steps)
        let k = labelCount
        for b in 0..<batch where lengths[b] > 0 {
            _ = forwardBackward(UnsafePointer(emissions.pointer + b * k), stride: batch * k, length: lengths[b], work: work,
                                marginals: result.pointer + b * k, pairCounts: nil)
        }
        return result
    }

    // MARK: Decoding

    /// Viterbi: the highest-scoring tag sequence of each sequence (`lengths[b]` labels; empty for
    /// length 0) and its score (the unnormalised path score above; 0 for an empty sequence). Ties
    /// go to the lowest label.
    public func decode(emissions: Tensor, lengths: [Int]) -> [(tags: [Int], score: Float)] {
        let (steps, batch) = validate(emissions, lengths: lengths, caller: "decode")
        guard batch > 0 else { return [] }
        let k = labelCount, stride = batch * k
        let work = Workspace(crf: self, steps: steps)
        let backpointers = UnsafeMutablePointer<Int32>.allocate(capacity: max(steps, 1) * k)
        defer { backpointers.deallocate() }
        let (transition, start, end) = (work.transitions, work.starts, work.ends)
        let delta = work.vectorA, next = work.vectorB

        var results: [(tags: [Int], score: Float)] = []
        results.reserveCapacity(batch)
        for b in 0..<batch {
            let length = lengths[b]
            guard length > 0 else { results.append(([], 0)); continue }
            let e = emissions.pointer + b * k
            for j in 0..<k { delta[j] = start[j] + e[j] }
            var offset = Double(Self.normalise(delta, count: k))
            for t in 1..<length {
                let pointers = backpointers + t * k, et = e + t * stride
                for j in 0..<k { next[j] = -.infinity; pointers[j] = 0 }
                for i in 0..<k {
                    let di = delta[i], row = transition + i * k
                    for j in 0..<k {
                        let value = di + row[j]
                        if value > next[j] { next[j] = value; pointers[j] = Int32(i) }
                    }
                }
                for j in 0..<k { delta[j] = next[j] + et[j] }
                offset += Double(Self.normalise(delta, count: k))
            }
            var best = 0
            var bestScore = -Float.infinity
            for j in 0..<k where delta[j] + end[j] > bestScore { bestScore = delta[j] + end[j]; best = j }
            var path = [Int](repeating: 0, count: length)
            path[length - 1] = best
            for t in Swift.stride(from: length - 1, to: 0, by: -1) { path[t - 1] = Int(backpointers[t * k + path[t]]) }
            results.append((path, Float(offset + Double(bestScore))))
        }
        return results
    }

    // MARK: Kernels

    private func validate(_ emissions: Tensor, lengths: [Int], caller: String) -> (steps: Int, batch: Int) {
        precondition(emissions.rank == 3 && emissions.shape[2] == labelCount,
                     "LinearChainCRF.\(caller): emissions \(emissions.shape), expected [T, B, \(labelCount)]")
        let (steps, batch) = (emissions.shape[0], emissions.shape[1])
        precondition(lengths.count == batch, "LinearChainCRF.\(caller): \(lengths.count) lengths for a batch of \(batch)")
        for (b, length) in lengths.enumerated() {
            precondition(length >= 0 && length <= steps, "LinearChainCRF.\(caller): length \(length) of sequence \(b) outside 0...\(steps)")
        }
        return (steps, batch)
    }

    /// Subtracts the maximum of `count` floats from each and returns it.
    private static func normalise(_ values: UnsafeMutablePointer<Float>, count: Int) -> Float {
        var maximum = values[0]
        for i in 1..<count where values[i] > maximum { maximum = values[i] }
        for i in 0..<count { values[i] -= maximum }
        return maximum
    }

    /// Forward-backward over one sequence of `length >= 1` steps whose emissions start at
    /// `emissions`, `stride` floats apart. Writes `p(y_t = k)` to `marginals + t * stride`, adds
    /// the pairwise marginals `p(y_{t-1} = i, y_t = j)` summed over t into `pairCounts [K, K]` when
    /// given, and returns log Z.
    ///
    /// alpha_t and beta_t are stored minus their maxima; the offsets (`work.offsets`, Double) are
    /// added back only in the small differences that reach `exp`.
    private func forwardBackward(
        _ emissions: UnsafePointer<Float>, stride: Int, length: Int, work: Workspace,
        marginals: UnsafeMutablePointer<Float>, pairCounts: UnsafeMutablePointer<Float>?
    ) -> Double {
        let k = labelCount, square = k * k
        let (transition, start, end) = (work.transitions, work.starts, work.ends)
        let alpha = work.alpha, offsets = work.offsets, m = work.square
        let maxima = work.vectorA, sums = work.vectorB, beta = work.vectorC, w = work.vectorD

        // Forward: alpha_t(j) = E_t(j) + logsumexp_i(alpha_{t-1}(i) + A(i, j)).
        for j in 0..<k { alpha[j] = start[j] + emissions[j] }
        offsets[0] = Double(Self.normalise(alpha, count: k))
        for t in 1..<length {
            let previous = alpha + (t - 1) * k, current = alpha + t * k, et = emissions + t * stride
            for j in 0..<k { maxima[j] = -.infinity; sums[j] = 0 }
            for i in 0..<k {
                let ai = previous[i], row = transition + i * k, mRow = m + i * k
                for j in 0..<k {
                    let value = ai + row[j]
                    mRow[j] = value
                    if value > maxima[j] { maxima[j] = value }
                }
            }
            for i in 0..<k { let mRow = m + i * k; for j in 0..<k { mRow[j] -= maxima[j] } }
            VectorMath.exp(m, count: square)
            for i in 0..<k { let mRow = m + i * k; for j in 0..<k { sums[j] += mRow[j] } }
            for j in 0..<k { current[j] = et[j] + maxima[j] + logf(sums[j]) }
            offsets[t] = offsets[t - 1] + Double(Self.normalise(current, count: k))
        }

        // log Z = offset + logsumexp_k(alpha_{L-1}(k) + end(k)), in Double.
        let last = alpha + (length - 1) * k
        var top = -Float.infinity
        for j in 0..<k where last[j] + end[j] > top { top = last[j] + end[j] }
        var total: Double = 0
        for j in 0..<k { total += exp(Double(last[j] + end[j] - top)) }
        let logZ = offsets[length - 1] + Double(top) + log(total)

        // Backward, with beta_{L-1} = end (offset 0).
        let lastRow = marginals + (length - 1) * stride
        let lastShift = Float(offsets[length - 1] - logZ)
        for j in 0..<k { beta[j] = end[j]; lastRow[j] = last[j] + end[j] + lastShift }
        VectorMath.exp(lastRow, count: k)
        var betaOffset: Double = 0
        for t in Swift.stride(from: length - 1, to: 0, by: -1) {
            // M(i, j) = A(i, j) + E_t(j) + beta_t(j); beta_{t-1}(i) = logsumexp_j M(i, j);
            // p(y_{t-1} = i, y_t = j) = exp(alpha_{t-1}(i) + M(i, j) - log Z).
            let et = emissions + t * stride
            for j in 0..<k { w[j] = et[j] + beta[j] }
            for i in 0..<k {
                let row = transition + i * k, mRow = m + i * k
                var rowMaximum = -Float.infinity
                for j in 0..<k {
                    let value = row[j] + w[j]
                    mRow[j] = value
                    if value > rowMaximum { rowMaximum = value }
                }
                maxima[i] = rowMaximum
                for j in 0..<k { mRow[j] -= rowMaximum }
            }
            VectorMath.exp(m, count: square)
            let previous = alpha + (t - 1) * k, row = marginals + (t - 1) * stride
            let shift = Float(offsets[t - 1] + betaOffset - logZ)
            for i in 0..<k {
                let mRow = m + i * k
                var sum: Float = 0
                for j in 0..<k { sum += mRow[j] }
                sums[i] = sum
                beta[i] = maxima[i] + logf(sum)
                row[i] = previous[i] + maxima[i] + shift    // exponentiated below: the row's weight
            }
            VectorMath.exp(row, count: k)
            if let pairCounts {
                for i in 0..<k {
                    let weight = row[i], mRow = m + i * k, pRow = pairCounts + i * k
                    for j in 0..<k { pRow[j] += mRow[j] * weight }
                }
            }
            for i in 0..<k { row[i] *= sums[i] }
            betaOffset += Double(Self.normalise(beta, count: k))
        }
        return logZ
    }

    /// Scratch space for one call, allocated once before the time loops; and the scores in use
    /// (the parameters, or a constrained copy of them).
    private final class Workspace {
        let transitions: UnsafePointer<Float>
        let starts: UnsafePointer<Float>
        let ends: UnsafePointer<Float>
        /// `[T, K]` forward variables; `[K, K]` scratch; four `[K]` vectors.
        let alpha, square, vectorA, vectorB, vectorC, vectorD: UnsafeMutablePointer<Float>
        let offsets: UnsafeMutablePointer<Double>
        private let floats: UnsafeMutablePointer<Float>

        init(crf: LinearChainCRF, steps: Int) {
            let k = crf.labelCount, t = max(steps, 1)
            floats = .allocate(capacity: t * k + 2 * k * k + 6 * k)
            floats.initialize(repeating: 0, count: t * k + 2 * k * k + 6 * k)
            alpha = floats
            square = alpha + t * k
            vectorA = square + k * k
            vectorB = vectorA + k
            vectorC = vectorB + k
            vectorD = vectorC + k
            offsets = .allocate(capacity: t)
            offsets.initialize(repeating: 0, count: t)
            if let constraints = crf.constraints {
                let scores = vectorD + k   // [K, K] transitions, [K] starts, [K] ends
                let (source, startSource, endSource) = (crf.transitions.pointer, crf.startTransitions.pointer, crf.endTransitions.pointer)
                for index in 0..<(k * k) { scores[index] = constraints.transitions[index] ? source[index] : LinearChainCRF.disallowedScore }
                for index in 0..<k {
                    scores[k * k + index] = constraints.starts[index] ? startSource[index] : LinearChainCRF.disallowedScore
                    scores[k * k + k + index] = constraints.ends[index] ? endSource[index] : LinearChainCRF.disallowedScore
                }
                transitions = UnsafePointer(scores)
                starts = UnsafePointer(scores + k * k)
                ends = UnsafePointer(scores + k * k + k)
            } else {
                transitions = UnsafePointer(crf.transitions.pointer)
                starts = UnsafePointer(crf.startTransitions.pointer)
                ends = UnsafePointer(crf.endTransitions.pointer)
            }
        }

        deinit {
            floats.deallocate()
            offsets.deallocate()
        }
    }
}

