import RecurrentCore
import Testing
import _QuantizedKernels

/// `QuantizedLinear` against `Linear.apply`, within the bound its doc comment states, and its two
/// kernels (AVX2 and portable) against each other, bit for bit.
@Suite struct QuantizedLinearTests {
    /// Shapes that reach every branch of the kernels: rows not a multiple of 4 (the single-row
    /// tail), columns not a multiple of 16 (the scalar column tail), more than one 512-column block
    /// (1000 = 512 + 488, 4096 = 8 blocks), a single column, and W6's output layer.
    static let shapes: [(rows: Int, columns: Int)] = [
        (1, 1), (3, 7), (7, 33), (13, 17), (8, 256), (10, 255), (6, 1000), (5, 4096), (10_000, 256),
    ]

    /// A `Linear` with PyTorch's initialisation (`|W|, |b| <= 1/sqrt(in)`).
    static func layer(_ rows: Int, _ columns: Int, seed: UInt64) -> Linear {
        var generator = SplitMix64(seed: seed)
        let linear = Linear(inputSize: columns, outputSize: rows)
        linear.initialize(using: &generator)
        return linear
    }

    static func input(_ columns: Int, bound: Float, seed: UInt64) -> Tensor {
        var generator = SplitMix64(seed: seed)
        let x = Tensor(zeros: [columns])
        x.fillUniform(bound: bound, using: &generator)
        return x
    }

    /// The doc comment's bound for output `r`, plus Float32 rounding of both results: the
    /// quantized one's final multiply and add and the inexact scales (a few 2^-24 relative), and
    /// the Float32 GEMV's sum (about `in * 2^-24` relative, much less in practice).
    static func bound(_ linear: Linear, _ quantized: QuantizedLinear, _ x: Tensor, row r: Int, refined: Bool = false) -> Double {
        let columns = linear.inputSize
        var inputMaximum: Double = 0, inputL1: Double = 0, weightL1: Double = 0, products: Double = 0
        for c in 0..<columns {
            let xc = Double(abs(x.pointer[c])), wc = Double(abs(linear.weight.pointer[r * columns + c]))
            inputMaximum = max(inputMaximum, xc)
            inputL1 += xc
            weightL1 += wc
            products += wc * xc
        }
        let rowStep = Double(refined ? quantized.residualScales!.pointer[r] : quantized.rowScales.pointer[r])
        let inputStep = inputMaximum / 32767
        let quantization = rowStep / 2 * inputL1 + inputStep / 2 * weightL1 + Double(columns) * rowStep * inputStep / 4
        let rounding = (8 + Double(columns)) * Double(Float.ulpOfOne) * (products + Double(abs(linear.bias.pointer[r])))
        return quantization + rounding
    }

    @Test func matchesLinearWithinTheQuantizationBound() {
        for (index, (rows, columns)) in Self.shapes.enumerated() {
            let linear = Self.layer(rows, columns, seed: UInt64(100 + index))
            let quantized = QuantizedLinear(linear)
            for (trial, inputBound) in [Float(1), 1e-3, 40].enumerated() {
                let x = Self.input(columns, bound: inputBound, seed: UInt64(200 + 10 * index + trial))
                let expected = Tensor(zeros: [rows]), got = Tensor(zeros: [rows])
                linear.apply(x.pointer, into: expected.pointer)
                quantized.apply(x.pointer, into: got.pointer)
                var worstRatio: Double = 0
                for r in 0..<rows {
                    let error = abs(Double(got.pointer[r]) - Double(expected.pointer[r]))
                    worstRatio = max(worstRatio, error / Self.bound(linear, quantized, x, row: r))
                }
                #expect(worstRatio <= 1, "\(rows)x\(columns), |x| <= \(inputBound): error \(worstRatio) x the bound")
            }
        }
    }

    /// The errors average far below the worst case (independent roundings cancel): at W6's shape,
    /// the mean error is under a tenth of the mean bound.
    @Test func typicalErrorIsFarBelowTheBound() {
        let linear = Self.layer(10_000, 256, seed: 7)
        let quantized = QuantizedLinear(linear)
        let x = Self.input(256, bound: 1, seed: 8)
        let expected = Tensor(zeros: [10_000]), got = Tensor(zeros: [10_000])
        linear.apply(x.pointer, into: expected.pointer)
        quantized.apply(x.pointer, into: got.pointer)
        var errorSum: Double = 0, boundSum: Double = 0
        for r in 0..<10_000 {
            errorSum += abs(Double(got.pointer[r]) - Double(expected.pointer[r]))
            boundSum += Self.bound(linear, quantized, x, row: r)
        }
        #expect(errorSum > 0 && errorSum < boundSum / 10, "mean error \(errorSum / 10_000), mean bound \(boundSum / 10_000)")
    }

    @Test func vectorAndScalarKernelsAreBitIdentical() {
        #expect(["avx2", "scalar"].contains(QuantizedLinear.kernel))
        for (index, (rows, columns)) in Self.shapes.enumerated() {
            let linear = Self.layer(rows, columns, seed: UInt64(300 + index))
            let quantized = QuantizedLinear(linear)
            let x = Self.input(columns, bound: 2, seed: UInt64(400 + index))
            let dispatched = Tensor(zeros: [rows]), scalar = Tensor(zeros: [rows])
            var scratch = [Int16](repeating: 0, count: columns)
            for bias in [quantized.bias.map { UnsafePointer($0.pointer) }, nil] {
                quill_int8_gemv(quantized.weights, quantized.rowScales.pointer, bias, rows, columns, x.pointer, &scratch, dispatched.pointer)
                quill_int8_gemv_scalar(quantized.weights, quantized.rowScales.pointer, bias, rows, columns, x.pointer, &scratch, scalar.pointer)
                let same = (0..<rows).allSatisfy { dispatched.pointer[$0].bitPattern == scalar.pointer[$0].bitPattern }
                #expect(same, "\(rows)x\(columns), bias \(bias != nil): \(QuantizedLinear.kernel) differs from scalar")
            }
        }
    }

    @Test func weightsAreRoundedToTheNearestStepOfTheirRow() {
        let linear = Self.layer(9, 50, seed: 5)
        let quantized = QuantizedLinear(linear)
        for r in 0..<9 {
            let step = quantized.rowScales.pointer[r]
            var largest = 0
            for c in 0..<50 {
                let q = quantized.weights[r * 50 + c]
                largest = max(largest, Int(q.magnitude))
                let error = abs(Float(q) * step - linear.weight.pointer[r * 50 + c])
                #expect(error <= step / 2 * 1.0001)
            }
            #expect(largest == 127, "row \(r): its largest weight is not quantized to ±127")
        }
    }

    /// 4096 columns of +127 weights times +32767 inputs sum to 1.7e10, far past Int32: the 512-column
    /// blocks summed into an Int64 must give the exact product, on both kernels.
    @Test func largeColumnCountsDoNotOverflow() {
        let (rows, columns) = (6, 4096)
        var weights = [Float](repeating: 0.5, count: rows * columns)
        for c in 0..<columns { weights[columns + c] = c.isMultiple(of: 2) ? 0.5 : -0.5 }   // row 1 alternates: sum 0
        for c in 0..<columns { weights[2 * columns + c] = -0.5 }                           // row 2: all negative
        let quantized = weights.withUnsafeBufferPointer {
            QuantizedLinear(weight: $0.baseAddress!, bias: nil, outputSize: rows, inputSize: columns)
        }
        let x = Tensor(shape: [columns], values: [Float](repeating: 3, count: columns))
        let expected: [Float] = [2048 * 3, 0, -2048 * 3, 2048 * 3, 2048 * 3, 2048 * 3]
        let dispatched = Tensor(zeros: [rows]), scalar = Tensor(zeros: [rows])
        var scratch = [Int16](repeating: 0, count: columns)
        quantized.apply(x.pointer, into: dispatched.pointer)
        quill_int8_gemv_scalar(quantized.weights, quantized.rowScales.pointer, nil, rows, columns, x.pointer, &scratch, scalar.pointer)
        for r in 0..<rows {
            #expect(abs(dispatched.pointer[r] - expected[r]) <= 1e-6 * 6144, "row \(r): \(dispatched.pointer[r]), expected \(expected[r])")
            #expect(dispatched.pointer[r].bitPattern == scalar.pointer[r].bitPattern)
        }
    }

    @Test func zeroInputGivesTheBiasExactly() {
        let linear = Self.layer(11, 37, seed: 9)
        let quantized = QuantizedLinear(linear)
        let zero = Tensor(zeros: [37]), got = Tensor(zeros: [11])
        quantized.apply(zero.pointer, into: got.pointer)
        #expect(got.values == linear.bias.values)

        let noBias = QuantizedLinear(weight: linear.weight.pointer, bias: nil, outputSize: 11, inputSize: 37)
        noBias.apply(zero.pointer, into: got.pointer)
        #expect(got.values.allSatisfy { $0 == 0 })
    }

    @Test func zeroWeightRowGivesItsBias() {
        let linear = Self.layer(5, 20, seed: 10)
        linear.weight.slice(3).fill(0)
        let quantized = QuantizedLinear(linear)
        #expect(quantized.rowScales.pointer[3] == 0)
        let x = Self.input(20, bound: 1, seed: 11), got = Tensor(zeros: [5])
        quantized.apply(x.pointer, into: got.pointer)
        #expect(got.pointer[3] == linear.bias.pointer[3])
    }

    @Test func nonFiniteInputGivesNaN() {
        let quantized = QuantizedLinear(Self.layer(6, 40, seed: 12))
        let got = Tensor(zeros: [6])
        for bad in [Float.nan, .infinity, -.infinity] {
            let x = Self.input(40, bound: 1, seed: 13)
            x.pointer[17] = bad
            quantized.apply(x.pointer, into: got.pointer)
            #expect(got.values.allSatisfy { $0.isNaN }, "input holding \(bad)")
        }
    }

    /// The rows of the `k` largest int8 outputs (ties: lower row first), largest first.
    static func largestRows(_ output: Tensor, _ k: Int) -> [Int] {
        Array((0..<output.count).sorted { (output.pointer[$0], -$0) > (output.pointer[$1], -$1) }.prefix(k))
    }

    @Test func refinedOutputsAreWithinTheResidualBoundAndTheOthersUntouched() {
        for (index, (rows, columns)) in Self.shapes.enumerated() {
            let linear = Self.layer(rows, columns, seed: UInt64(500 + index))
            let plain = QuantizedLinear(linear), refined = QuantizedLinear(linear, refinedOutputs: 8)
            let x = Self.input(columns, bound: 1, seed: UInt64(600 + index))
            let expected = Tensor(zeros: [rows]), coarse = Tensor(zeros: [rows]), fine = Tensor(zeros: [rows])
            linear.apply(x.pointer, into: expected.pointer)
            plain.apply(x.pointer, into: coarse.pointer)
            refined.apply(x.pointer, into: fine.pointer)
            let chosen = Set(Self.largestRows(coarse, 8))
            #expect(chosen.count == min(8, rows))
            for r in 0..<rows {
                if chosen.contains(r) {
                    let error = abs(Double(fine.pointer[r]) - Double(expected.pointer[r]))
                    let bound = Self.bound(linear, refined, x, row: r, refined: true)
                    #expect(error <= bound, "\(rows)x\(columns) row \(r): refined error \(error), bound \(bound)")
                    // A residual is at most half an int8 step, so its own step is at most 1/254 of the row's.
                    #expect(refined.residualScales!.pointer[r] <= refined.rowScales.pointer[r] / 254 * 1.0001)
                } else {
                    #expect(fine.pointer[r].bitPattern == coarse.pointer[r].bitPattern, "\(rows)x\(columns) row \(r) changed")
                }
            }
        }
    }

    /// At W6's shape, over 300 random inputs: int8 alone picks a different set of three largest
    /// outputs from Float32's now and then; with the 8 largest refined it picks the same set.
    @Test func refinementKeepsTheFloatTopThree() {
        let linear = Self.layer(10_000, 256, seed: 21)
        let plain = QuantizedLinear(linear), refined = QuantizedLinear(linear, refinedOutputs: 8)
        let expected = Tensor(zeros: [10_000]), coarse = Tensor(zeros: [10_000]), fine = Tensor(zeros: [10_000])
        var plainAgrees = 0, refinedAgrees = 0
        let trials = 300
        for trial in 0..<trials {
            let x = Self.input(256, bound: 1, seed: UInt64(1000 + trial))
            linear.apply(x.pointer, into: expected.pointer)
            plain.apply(x.pointer, into: coarse.pointer)
            refined.apply(x.pointer, into: fine.pointer)
            let top = Set(Self.largestRows(expected, 3))
            if Set(Self.largestRows(coarse, 3)) == top { plainAgrees += 1 }
            if Set(Self.largestRows(fine, 3)) == top { refinedAgrees += 1 }
        }
        #expect(refinedAgrees == trials, "refined: \(refinedAgrees) of \(trials)")
        #expect(plainAgrees < trials, "int8 alone agreed on every trial: the test no longer tells refinement apart")
    }

    @Test func refiningMoreOutputsThanRowsRefinesThemAll() {
        let linear = Self.layer(3, 40, seed: 22)
        let refined = QuantizedLinear(linear, refinedOutputs: 8)
        let x = Self.input(40, bound: 1, seed: 23)
        let expected = Tensor(zeros: [3]), got = Tensor(zeros: [3])
        linear.apply(x.pointer, into: expected.pointer)
        refined.apply(x.pointer, into: got.pointer)
        for r in 0..<3 {
            #expect(abs(Double(got.pointer[r]) - Double(expected.pointer[r])) <= Self.bound(linear, refined, x, row: r, refined: true))
        }
    }

    @Test func memoryIsAQuarterOfTheFloatWeights() {
        let quantized = QuantizedLinear(Self.layer(10_000, 256, seed: 14))
        #expect(quantized.memoryBytes == 10_000 * 256 + 4 * 10_000 * 2 + 2 * 256)
        #expect(Double(quantized.memoryBytes) < 0.26 * Double(10_000 * 256 * 4))
        let refined = QuantizedLinear(Self.layer(10_000, 256, seed: 14), refinedOutputs: 8)
        #expect(refined.memoryBytes == 2 * (10_000 * 256 + 4 * 10_000) + 4 * 10_000 + 2 * 256 + 4 * 8)
    }
}
