@testable import RecurrentCore
import Testing

@Suite struct ParameterAverageTests {
    /// The average follows `a = d a + (1 - d) p` with the warm-up `d = min(decay, (1 + t) / (10 + t))`,
    /// computed here in Double, and `exchange` swaps values in place, twice giving back the start.
    @Test func followsItsFormulaAndSwapsInPlace() {
        let weight = Tensor(shape: [2, 3], values: [1, -2, 3, 0.5, 0, -1]), bias = Tensor(shape: [3], values: [0, 1, 2])
        let average = ParameterAverage(decay: 0.9, parameters: [weight, bias])
        var expected = (weight.values + bias.values).map(Double.init)
        for update in 1...40 {
            for (i, tensor) in [weight, bias].enumerated() {   // a new value each update
                for j in 0..<tensor.count { tensor.pointer[j] += Float(update % 7) * 0.01 * Float(i + j + 1) - 0.02 }
            }
            average.accumulate(update: update)
            let d = min(0.9, Double(1 + update) / Double(10 + update))
            let current = (weight.values + bias.values).map(Double.init)
            expected = zip(expected, current).map { d * $0 + (1 - d) * $1 }
        }
        let averaged = average.averages.flatMap(\.values)
        for (got, want) in zip(averaged, expected) { #expect(abs(Double(got) - want) <= 1e-5 * max(1, abs(want)), "\(got) vs \(want)") }

        let trained = weight.values + bias.values
        average.exchange()
        #expect(weight.values + bias.values == averaged && average.averages.flatMap(\.values) == trained)
        let inside = average.withAveragedParameters { weight.values + bias.values }
        #expect(inside == trained, "exchanged back in, so the averaged ones come out")
        average.exchange()
        #expect(weight.values + bias.values == trained && average.averages.flatMap(\.values) == averaged)
    }

    @Test func theFirstUpdateMostlyTakesTheNewValues() {
        let value = Tensor(shape: [1], values: [0])
        let average = ParameterAverage(decay: 0.999, parameters: [value])
        value[0] = 1
        average.accumulate(update: 1)
        #expect(abs(average.averages[0][0] - Float(1 - 2.0 / 11)) < 1e-7)
    }
}

extension ThreadCountSensitiveTests {
@Suite struct ParameterAverageThreadTests {
    /// Past Parallelism's streaming minimum both threads update shares of every parameter: the
    /// same bits as one thread.
    @Test func theAverageIsTheSameOnAnyThreadCount() {
        func run(threads: Int) -> [UInt32] {
            let saved = Parallelism.threads
            Parallelism.threads = threads
            defer { Parallelism.threads = saved }
            var generator = SplitMix64(seed: 4)
            let parameters = [Tensor(zeros: [300_001]), Tensor(zeros: [9]), Tensor(zeros: [257, 65])]
            for parameter in parameters { parameter.fillUniform(bound: 1, using: &generator) }
            let average = ParameterAverage(decay: 0.99, parameters: parameters)
            for update in 1...3 {
                for parameter in parameters { parameter.fillUniform(bound: 1, using: &generator) }
                average.accumulate(update: update)
            }
            return average.averages.flatMap(\.values).map(\.bitPattern)
        }
        #expect(run(threads: 2) == run(threads: 1))
    }
}
}
