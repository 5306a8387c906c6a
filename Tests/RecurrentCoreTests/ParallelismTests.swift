import RecurrentCore
import Testing
import _TestSupport

/// Suites that change or depend on the global thread count run one test at a time.
@Suite(.serialized) enum ThreadCountSensitiveTests {}

extension ThreadCountSensitiveTests {
@Suite struct ParallelismTests {
    /// Splitting the batch, running directions side by side and cutting large products into
    /// blocks gives the single-threaded results (to rounding: OpenBLAS's kernels for a block's
    /// edge may sum in another order), and the same bits every time for a given thread count.
    @Test(arguments: RecurrentCell.allCases)
    func resultsDoNotDependOnTheThreadCount(cell: RecurrentCell) {
        func run(threads: Int) -> [[Float]] {
            let saved = Parallelism.threads
            Parallelism.threads = threads
            defer { Parallelism.threads = saved }
            var generator = SplitMix64(seed: 21)
            let network = RecurrentNetwork(cell: cell, inputSize: 96, hiddenSize: 160, layers: 2, bidirectional: true)
            network.initialize(using: &generator)
            // Large enough that every split happens (Parallelism's 50 MFLOP minimum).
            let input = Tensor(zeros: [24, 64, 96]), upstream = Tensor(zeros: [24, 64, 320])
            input.fillUniform(bound: 1, using: &generator)
            upstream.fillUniform(bound: 1, using: &generator)
            let lengths = (0..<64).map { 1 + $0 % 24 }
            let (output, hidden, _) = network.forward(input, lengths: lengths)
            let gradients = network.backward(outputGradient: upstream)
            let big = Tensor(zeros: [300, 200]), weights = Tensor(zeros: [200, 500]), product = Tensor(zeros: [300, 500])
            big.fillUniform(bound: 1, using: &generator)
            weights.fillUniform(bound: 1, using: &generator)
            product.assignProduct(big, weights)
            return [output.values, hidden.values, gradients.input.values, product.values] + network.parameters.map(\.gradient.values)
        }
        let one = run(threads: 1), two = run(threads: 2)
        for (a, b) in zip(one, two) {
            let comparison = compare(b, a, relative: 1e-4, absolute: 1e-5)
            #expect(comparison.agrees, "\(comparison)")
        }
        #expect(run(threads: 2) == two)
    }
}
}
