import RecurrentCore
import Testing
import _TestSupport

/// Every gradient of a recurrent direction against central finite differences, for each cell, both
/// directions, with padded sequences and nonzero initial states.
@Suite struct RecurrentDirectionGradientTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let cell: RecurrentCell
        let reverse: Bool
        var testDescription: String { "\(cell)\(reverse ? " reverse" : "")" }
    }

    static let cases = RecurrentCell.allCases.flatMap { [Case(cell: $0, reverse: false), Case(cell: $0, reverse: true)] }

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ testCase: Case) {
        let (steps, batch, inputSize, hidden) = (4, 3, 3, 5)
        let lengths = [4, 2, 3]
        var generator = SplitMix64(seed: 42)
        let layer = RecurrentDirection(cell: testCase.cell, inputSize: inputSize, hiddenSize: hidden, reverse: testCase.reverse)
        for parameter in [layer.weightIH, layer.weightHH, layer.biasIH, layer.biasHH] {
            parameter.fillUniform(bound: 0.6, using: &generator)
        }
        let input = Tensor(zeros: [steps, batch, inputSize]), h0 = Tensor(zeros: [batch, hidden]), c0 = Tensor(zeros: [batch, hidden])
        for tensor in [input, h0, c0] { tensor.fillUniform(bound: 1, using: &generator) }
        // The loss: a fixed random linear function of every output and final state.
        let gOut = Tensor(zeros: [steps, batch, hidden]), gH = Tensor(zeros: [batch, hidden]), gC = Tensor(zeros: [batch, hidden])
        for tensor in [gOut, gH, gC] { tensor.fillUniform(bound: 1, using: &generator) }
        let usesCell = testCase.cell.hasCellState

        func loss() -> Double {
            let (output, hN, cN) = layer.forward(input, lengths: lengths, initialHidden: h0, initialCell: usesCell ? c0 : nil)
            var total = 0.0
            for (tensor, weight) in [(output, gOut), (hN, gH)] + (usesCell ? [(cN!, gC)] : []) {
                for i in 0..<tensor.count { total += Double(tensor.pointer[i]) * Double(weight.pointer[i]) }
            }
            return total
        }

        _ = loss()
        layer.zeroGradients()
        let (dInput, dH0, dC0) = layer.backward(outputGradient: gOut, hiddenGradient: gH, cellGradient: usesCell ? gC : nil)
        var checks: [(String, Tensor, [Float])] = [
            ("weight_ih", layer.weightIH, layer.gradWeightIH.values), ("weight_hh", layer.weightHH, layer.gradWeightHH.values),
            ("bias_ih", layer.biasIH, layer.gradBiasIH.values), ("bias_hh", layer.biasHH, layer.gradBiasHH.values),
            ("input", input, dInput.values), ("h0", h0, dH0.values),
        ]
        if usesCell { checks.append(("c0", c0, dC0!.values)) }
        for (name, parameter, analytic) in checks {
            let numerical = GradientCheck.numericalGradient(of: parameter.pointer, count: parameter.count, step: 1e-3, loss: loss)
            let error = GradientCheck.relativeError(analytic, numerical)
            #expect(error < 2e-3, "\(testCase.testDescription) \(name): relative error \(error)")
        }
        // Padded steps: zero output, zero input gradient.
        let (output, _, _) = layer.forward(input, lengths: lengths, initialHidden: h0, initialCell: usesCell ? c0 : nil)
        #expect(output[2, 1, 0] == 0 && output[3, 1, 4] == 0 && output[3, 2, 2] == 0)
        #expect(dInput[3, 1, 0] == 0 && dInput[3, 2, 1] == 0)
    }

    /// An inference forward (`training: false`, which skips the caches only backward reads) gives
    /// the same outputs and final states, bit for bit, as a training forward, for a stacked
    /// bidirectional network over padded sequences.
    @Test(arguments: RecurrentCell.allCases)
    func anInferenceForwardEqualsATrainingForward(cell: RecurrentCell) {
        var generator = SplitMix64(seed: 9)
        let network = RecurrentNetwork(cell: cell, inputSize: 6, hiddenSize: 20, layers: 2, bidirectional: true)
        network.initialize(using: &generator)
        let input = Tensor(zeros: [7, 5, 6])
        input.fillUniform(bound: 1, using: &generator)
        let lengths = [7, 3, 1, 6, 7]
        let training = network.forward(input, lengths: lengths)
        let inference = network.forward(input, lengths: lengths, training: false)
        #expect(training.output.values == inference.output.values)
        #expect(training.hidden.values == inference.hidden.values)
        #expect(training.cell?.values == inference.cell?.values)
        // Padded steps of the output are exactly zero, in both (the output starts unfilled).
        for result in [training, inference] {
            for (b, length) in lengths.enumerated() {
                for t in length..<7 { #expect(result.output.slice(t).slice(b).values.allSatisfy { $0 == 0 }, "t \(t), b \(b)") }
            }
        }
    }
}
