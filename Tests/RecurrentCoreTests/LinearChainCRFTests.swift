import Foundation
import RecurrentCore
import Testing
import _TestSupport

/// The linear-chain CRF against finite differences, brute-force enumeration of every path, a
/// BIO constraint and pytorch-crf 0.7.2 (Scripts/parity/make_fixtures.py, case `crf`).
@Suite struct LinearChainCRFTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A CRF with scores wider than the ±0.1 initialisation, so transitions matter.
    static func makeCRF(labels: Int, seed: UInt64) -> LinearChainCRF {
        var generator = SplitMix64(seed: seed)
        let crf = LinearChainCRF(labelCount: labels)
        for parameter in crf.parameters { parameter.value.fillUniform(bound: 1, using: &generator) }
        return crf
    }

    static func randomEmissions(_ shape: [Int], seed: UInt64, bound: Float = 2) -> Tensor {
        var generator = SplitMix64(seed: seed)
        let emissions = Tensor(zeros: shape)
        emissions.fillUniform(bound: bound, using: &generator)
        return emissions
    }

    /// The score of one path of sequence `b`, in Double.
    static func pathScore(_ crf: LinearChainCRF, _ emissions: Tensor, batch b: Int, _ path: [Int]) -> Double {
        var score = Double(crf.startTransitions[path[0]]) + Double(crf.endTransitions[path[path.count - 1]])
        for (t, label) in path.enumerated() {
            score += Double(emissions[t, b, label])
            if t > 0 { score += Double(crf.transitions[path[t - 1], label]) }
        }
        return score
    }

    /// Every path of `length` labels over `labels` labels.
    static func allPaths(labels: Int, length: Int) -> [[Int]] {
        (0..<length).reduce([[]]) { paths, _ in paths.flatMap { path in (0..<labels).map { path + [$0] } } }
    }

    @Test func gradientsMatchFiniteDifferencesOnAPaddedBatch() {
        let crf = Self.makeCRF(labels: 4, seed: 11)
        let lengths = [5, 3, 1]
        let emissions = Self.randomEmissions([5, 3, 4], seed: 12)
        let tags = [[0, 3, 1, 1, 2], [2, 2, 0], [3]]
        let (loss, emissionGradient) = crf.negativeLogLikelihood(emissions: emissions, tags: tags, lengths: lengths)
        #expect(loss > 0)
        let analytic = [emissionGradient.values] + crf.parameters.map { $0.gradient.values }
        for b in 0..<3 {
            for t in lengths[b]..<5 { #expect(emissionGradient.slice(t).slice(b).values.allSatisfy { $0 == 0 }) }
        }
        func objective() -> Double {
            Double(crf.negativeLogLikelihood(emissions: emissions, tags: tags, lengths: lengths).loss)
        }
        let tensors = [emissions] + crf.parameters.map { $0.value }
        let names = ["emissions"] + crf.parameters.map { $0.name }
        for (index, tensor) in tensors.enumerated() {
            let numerical = GradientCheck.numericalGradient(of: tensor.pointer, count: tensor.count, step: 1e-2, loss: objective)
            let error = GradientCheck.relativeError(analytic[index], numerical)
            #expect(error < 1e-3, "\(names[index]): relative error \(error)")
        }
    }

    @Test func likelihoodViterbiAndMarginalsMatchBruteForce() {
        let (labels, steps) = (3, 4)
        let crf = Self.makeCRF(labels: labels, seed: 21)
        let lengths = [4, 3]
        let emissions = Self.randomEmissions([steps, 2, labels], seed: 22)
        let tags = [[2, 0, 0, 1], [1, 2, 2]]
        let (loss, _) = crf.negativeLogLikelihood(emissions: emissions, tags: tags, lengths: lengths)
        let decoded = crf.decode(emissions: emissions, lengths: lengths)
        let marginals = crf.marginals(emissions: emissions, lengths: lengths)

        var expectedLoss: Double = 0
        for (b, length) in lengths.enumerated() {
            let paths = Self.allPaths(labels: labels, length: length)
            let scores = paths.map { Self.pathScore(crf, emissions, batch: b, $0) }
            let top = scores.max()!
            let logZ = top + log(scores.reduce(0) { $0 + exp($1 - top) })
            expectedLoss += logZ - Self.pathScore(crf, emissions, batch: b, tags[b])

            let best = scores.indices.max { scores[$0] < scores[$1] }!
            #expect(decoded[b].tags == paths[best])
            #expect(abs(Double(decoded[b].score) - top) < 1e-5 * max(1, abs(top)))

            for t in 0..<steps {
                var expected = [Double](repeating: 0, count: labels)
                if t < length {
                    for (path, score) in zip(paths, scores) { expected[path[t]] += exp(score - logZ) }
                }
                let actual = marginals.slice(t).slice(b).values
                let comparison = compare(actual, expected.map { Float($0) }, relative: 1e-5, absolute: 1e-6)
                #expect(comparison.agrees, "marginal t=\(t) b=\(b): \(comparison)")
                if t < length { #expect(abs(actual.reduce(0, +) - 1) < 1e-5) }
            }
        }
        expectedLoss /= Double(lengths.count)
        #expect(abs(Double(loss) - expectedLoss) < 1e-5 * max(1, expectedLoss), "loss \(loss), enumeration \(expectedLoss)")
    }

    @Test func bioConstraintsHoldEvenWhenEmissionsFavourBrokenSpans() {
        // Labels: O, B-X, I-X, B-Y, I-Y. I-X may only follow B-X or I-X (likewise Y), and no span starts with I.
        let labels = 5
        func isInside(_ label: Int) -> Bool { label == 2 || label == 4 }
        func allowed(_ from: Int, _ to: Int) -> Bool { !isInside(to) || from == to || from == to - 1 }
        let crf = Self.makeCRF(labels: labels, seed: 31)
        crf.transitions.fill(0)
        crf.startTransitions.fill(0)
        crf.endTransitions.fill(0)
        // Emissions favour I-X, then I-Y, at every step by 5.
        let steps = 6
        let emissions = Tensor(zeros: [steps, 2, labels])
        for t in 0..<steps { for b in 0..<2 { emissions[t, b, t < 3 ? 2 : 4] = 5 } }
        let lengths = [6, 2]
        let unconstrained = crf.decode(emissions: emissions, lengths: lengths)
        #expect(unconstrained[0].tags == [2, 2, 2, 4, 4, 4])   // the test means something

        crf.constrain(allowed: allowed, allowedStart: { !isInside($0) }, allowedEnd: { _ in true })
        for (b, result) in crf.decode(emissions: emissions, lengths: lengths).enumerated() {
            #expect(result.tags.count == lengths[b])
            #expect(!isInside(result.tags[0]), "starts with \(result.tags)")
            for t in 1..<result.tags.count {
                #expect(allowed(result.tags[t - 1], result.tags[t]), "\(result.tags[t - 1]) -> \(result.tags[t]) in \(result.tags)")
            }
        }
        let marginals = crf.marginals(emissions: emissions, lengths: lengths)
        #expect(marginals[0, 0, 2] < 1e-30 && marginals[0, 0, 4] < 1e-30)
        // A forbidden score has no effect, so it gets no gradient, even on a gold path that uses it.
        _ = crf.negativeLogLikelihood(emissions: emissions, tags: [[0, 2, 2, 0, 3, 4], [1, 2]], lengths: lengths)
        for from in 0..<labels {
            for to in 0..<labels where !allowed(from, to) { #expect(crf.gradTransitions[from, to] == 0) }
        }
        #expect(crf.gradStartTransitions[2] == 0 && crf.gradStartTransitions[4] == 0)
    }

    @Test func emptySequencesCostNothingAndDecodeToNothing() {
        let crf = Self.makeCRF(labels: 3, seed: 41)
        let emissions = Self.randomEmissions([3, 2, 3], seed: 42)
        let both = crf.negativeLogLikelihood(emissions: emissions, tags: [[0, 1, 2], []], lengths: [3, 0])
        let first = Tensor(shape: [3, 1, 3], values: (0..<3).flatMap { emissions.slice($0).slice(0).values })
        let single = crf.negativeLogLikelihood(emissions: first, tags: [[0, 1, 2]], lengths: [3])
        #expect(abs(both.loss * 2 - single.loss) < 1e-5 * single.loss)   // the empty one counts as 0 in the mean
        #expect((0..<3).allSatisfy { t in both.emissionGradient.slice(t).slice(1).values.allSatisfy { $0 == 0 } })
        let decoded = crf.decode(emissions: emissions, lengths: [3, 0])
        #expect(decoded[1].tags.isEmpty && decoded[1].score == 0 && decoded[0].tags.count == 3)
        #expect(crf.marginals(emissions: emissions, lengths: [0, 0]).values.allSatisfy { $0 == 0 })
    }

    @Test func lossGradientsAndDecodeMatchPyTorchCRF() throws {
        let file = try SafeTensors(contentsOf: Self.fixtures.appendingPathComponent("crf.safetensors").path)
        let labels = Int(file.metadata["num_tags"]!)!
        let crf = LinearChainCRF(labelCount: labels)
        for parameter in crf.parameters { parameter.value.assign(try file.tensor(parameter.name)) }
        let emissions = try file.tensor("emissions")
        let (steps, batch) = (emissions.shape[0], emissions.shape[1])
        let lengths = try file.int64s("lengths").map { Int($0) }
        let storedTags = try file.int64s("tags").map { Int($0) }   // [T, B]
        let tags = (0..<batch).map { b in (0..<lengths[b]).map { storedTags[$0 * batch + b] } }

        let (loss, emissionGradient) = crf.negativeLogLikelihood(emissions: emissions, tags: tags, lengths: lengths)
        let lossComparison = compare([loss], try file.tensor("loss").values, relative: 1e-5, absolute: 1e-6)
        #expect(lossComparison.agrees, "loss: \(lossComparison)")
        PyTorchParityTests.expectClose(emissionGradient, try file.tensor("grad_emissions"), "crf grad_emissions")
        for parameter in crf.parameters {
            PyTorchParityTests.expectClose(parameter.gradient, try file.tensor("grad.\(parameter.name)"), "crf grad.\(parameter.name)")
        }

        let storedDecode = try file.int64s("decode").map { Int($0) }
        let expected = (0..<batch).map { b in (0..<lengths[b]).map { storedDecode[$0 * batch + b] } }
        #expect(crf.decode(emissions: emissions, lengths: lengths).map(\.tags) == expected)
        #expect((0..<batch).allSatisfy { b in (lengths[b]..<steps).allSatisfy { storedDecode[$0 * batch + b] == -1 } })
    }
}
