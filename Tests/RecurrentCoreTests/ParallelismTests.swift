@testable import RecurrentCore
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

    /// Packing a matrix large enough to be split over the threads (panels cut between them, the
    /// last one partial) gives the packing of one thread, in both orientations.
    @Test func aPackingSplitOverThreadsIsTheSingleThreadedOne() {
        let (m, n, k) = (5, 1000, 300)   // 2 k n floats read and written: over the streaming minimum
        #expect(2 * k * n >= Parallelism.minimumParallelElements)
        var generator = SplitMix64(seed: 31)
        let a = Tensor(zeros: [m, k]), w = Tensor(zeros: [n, k])
        a.fillUniform(bound: 1, using: &generator)
        w.fillUniform(bound: 1, using: &generator)
        func products(threads: Int) -> [[Float]] {
            let saved = Parallelism.threads
            Parallelism.threads = threads
            defer { Parallelism.threads = saved }
            return [true, false].map { transposed in
                let packed = PackedMatrix(), c = Tensor(zeros: [m, n])
                if transposed { packed.pack(transposedFrom: w.pointer, rows: k, columns: n) }   // B = W^T [k, n]
                else { packed.pack(w.pointer, rows: k, columns: n) }                            // B = W read as [k, n]
                packed.multiply(a.pointer, lda: k, into: c.pointer, ldc: n, m: m)
                return c.values
            }
        }
        #expect(products(threads: 2) == products(threads: 1))
    }

    /// Zeroing tensors whose total is worth both threads clears every element of each, whatever
    /// their sizes (shares aligned to 16 within each tensor).
    @Test func zeroingSplitOverThreadsClearsEverything() {
        let saved = Parallelism.threads
        Parallelism.threads = 2
        defer { Parallelism.threads = saved }
        let tensors = [Tensor(zeros: [700, 517]), Tensor(zeros: [3]), Tensor(zeros: [0]), Tensor(zeros: [257, 1031])]
        #expect(tensors.reduce(0) { $0 + $1.count } >= Parallelism.minimumParallelElements)
        for tensor in tensors { tensor.fill(1) }
        Tensor.zero(tensors)
        for tensor in tensors { #expect(tensor.values.allSatisfy { $0 == 0 }, "\(tensor.shape)") }
    }
}
}
