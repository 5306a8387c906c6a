import Foundation
import RecurrentCore
import Testing
@testable import TextGeneration

@Suite struct SamplerTests {
    /// Logits whose softmax is `probabilities`.
    static func logits(_ probabilities: [Float]) -> [Float] { probabilities.map { logf($0) + 3 } }

    /// Ids chosen over `draws` evenly spaced random numbers (every part of [0, 1) is hit).
    static func chosen(_ logits: [Float], _ options: SamplingOptions, excluded: Set<Int> = [], draws: Int = 4000) -> [Int: Int] {
        var sampler = Sampler(options: options, excluded: excluded)
        var counts: [Int: Int] = [:]
        for index in 0..<draws {
            let random = (Float(index) + 0.5) / Float(draws)
            let id = logits.withUnsafeBufferPointer { sampler.choose($0.baseAddress!, count: $0.count, random: random).id }
            counts[id, default: 0] += 1
        }
        return counts
    }

    static let probabilities: [Float] = [0.05, 0.3, 0.02, 0.4, 0.1, 0.08, 0.05]

    @Test func topKNeverLeavesTheKMostProbable() {
        let counts = Self.chosen(Self.logits(Self.probabilities), SamplingOptions(temperature: 1.7, topK: 3))
        #expect(Set(counts.keys) == [3, 1, 4])
        // Renormalised within the kept set at the temperature: 0.4, 0.3, 0.1 raised to 1/1.7.
        let weights = [3, 1, 4].map { pow(Double(Self.probabilities[$0]), 1 / 1.7) }
        for (id, weight) in zip([3, 1, 4], weights) {
            #expect(abs(Double(counts[id]!) / 4000 - weight / weights.reduce(0, +)) < 0.002)
        }
    }

    @Test func topPKeepsTheSmallestHeadReachingP() {
        // Sorted: 0.4 (3), 0.3 (1), 0.1 (4), 0.08 (5), 0.05 (0), 0.05 (6), 0.02 (2).
        #expect(Set(Self.chosen(Self.logits(Self.probabilities), SamplingOptions(topP: 0.65)).keys) == [3, 1])
        #expect(Set(Self.chosen(Self.logits(Self.probabilities), SamplingOptions(topP: 0.75)).keys) == [3, 1, 4])
        #expect(Set(Self.chosen(Self.logits(Self.probabilities), SamplingOptions(topP: 0.3)).keys) == [3])
        // With top-k as well, the stricter of the two wins.
        #expect(Set(Self.chosen(Self.logits(Self.probabilities), SamplingOptions(topK: 2, topP: 0.95)).keys) == [3, 1])
        // Ties break towards the lower id: 0.05 (0) is kept before 0.05 (6).
        #expect(Set(Self.chosen(Self.logits(Self.probabilities), SamplingOptions(topK: 5)).keys) == [3, 1, 4, 5, 0])
    }

    @Test func anExcludedIdIsNeverChosenEvenWhenMostProbable() {
        let counts = Self.chosen(Self.logits(Self.probabilities), SamplingOptions(topK: 2), excluded: [3])
        #expect(Set(counts.keys) == [1, 4])
        let greedy = Self.chosen(Self.logits(Self.probabilities), SamplingOptions(greedy: true), excluded: [3], draws: 10)
        #expect(greedy == [1: 10])
    }

    @Test func withoutFiltersFrequenciesFollowTheTemperedDistribution() {
        let counts = Self.chosen(Self.logits(Self.probabilities), SamplingOptions(temperature: 0.5), draws: 20_000)
        let weights = Self.probabilities.map { pow(Double($0), 2) }
        let total = weights.reduce(0, +)
        for id in Self.probabilities.indices {
            #expect(abs(Double(counts[id, default: 0]) / 20_000 - weights[id] / total) < 0.001)
        }
    }

    @Test func logProbabilityIsTheModelsWhateverTheOptions() {
        let logits = Self.logits(Self.probabilities)
        for options in [SamplingOptions(greedy: true), SamplingOptions(temperature: 0.3, topK: 1)] {
            var sampler = Sampler(options: options)
            let choice = logits.withUnsafeBufferPointer { sampler.choose($0.baseAddress!, count: $0.count, random: 0.9) }
            #expect(choice.id == 3)
            #expect(abs(choice.logProbability - logf(0.4)) < 1e-5)
        }
        // Excluding an id renormalises over the rest.
        var sampler = Sampler(options: SamplingOptions(greedy: true), excluded: [3])
        let choice = logits.withUnsafeBufferPointer { sampler.choose($0.baseAddress!, count: $0.count, random: 0) }
        #expect(abs(choice.logProbability - logf(0.3 / 0.6)) < 1e-5)
    }

    @Test func optionProblemsAreNamed() {
        #expect(SamplingOptions(temperature: 0).problem != nil)
        #expect(SamplingOptions(topK: 0).problem != nil)
        #expect(SamplingOptions(topP: 1.5).problem != nil)
        #expect(SamplingOptions(temperature: 0.8, topK: 5, topP: 0.9).problem == nil)
    }
}
