import RecurrentCore
import Testing
import _TestSupport

@Suite struct RecurrentStateTests {
    /// Stepping one input at a time with a kept state gives the batched forward's outputs.
    @Test(arguments: RecurrentCell.allCases)
    func stepMatchesForward(cell: RecurrentCell) {
        var generator = SplitMix64(seed: 11)
        let network = RecurrentNetwork(cell: cell, inputSize: 5, hiddenSize: 19, layers: 2)
        network.initialize(using: &generator)
        let input = Tensor(zeros: [6, 1, 5])
        input.fillUniform(bound: 1, using: &generator)
        let expected = network.forward(input)
        let state = network.makeState()
        for t in 0..<6 {
            let output = network.step(input.slice(t).pointer, state: state)
            let comparison = compare(Array(UnsafeBufferPointer(start: output, count: 19)), expected.output.slice(t).values,
                                     relative: 1e-5, absolute: 1e-6)
            #expect(comparison.agrees, "step \(t): \(comparison)")
        }
        #expect(compare(state.hidden.values, expected.hidden.values).agrees)
        if let cellState = state.cell { #expect(compare(cellState.values, expected.cell!.values).agrees) }

        let copy = state.copy()
        state.reset()
        #expect(state.hidden.values.allSatisfy { $0 == 0 })
        #expect(compare(copy.hidden.values, expected.hidden.values).agrees)
    }

    @Test func linearApplyMatchesForward() {
        var generator = SplitMix64(seed: 12)
        let layer = Linear(inputSize: 7, outputSize: 4)
        layer.initialize(using: &generator)
        let input = Tensor(zeros: [1, 7])
        input.fillUniform(bound: 1, using: &generator)
        let output = Tensor(zeros: [4])
        layer.apply(input.pointer, into: output.pointer)
        #expect(compare(output.values, layer.forward(input).values).agrees)
    }
}
