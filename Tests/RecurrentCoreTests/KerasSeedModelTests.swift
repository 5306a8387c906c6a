import Foundation
import RecurrentCore
import Testing

/// The seed document's Keras models, `Sequential([SimpleRNN(64, input_shape=(10, 1)), Dense(1)])`
/// and the same with LSTM(64) and GRU(64), trained with MSE and Adam (batch 32) to predict the next
/// value of noisy sine waves from the previous ten.
@Suite struct KerasSeedModelTests {
    /// Windows of 10 values of sin(ω t + φ) + noise, and the next clean value.
    static func batch(_ size: Int, using generator: inout SplitMix64) -> (input: Tensor, target: Tensor) {
        let input = Tensor(zeros: [10, size, 1]), target = Tensor(zeros: [size, 1])
        for b in 0..<size {
            let omega = 0.2 + 0.4 * Double(generator.nextUnitFloat())
            let phase = 2 * Double.pi * Double(generator.nextUnitFloat())
            for t in 0..<10 {
                let noise = 0.05 * Double(2 * generator.nextUnitFloat() - 1)
                input[t, b, 0] = Float(sin(omega * Double(t) + phase) + noise)
            }
            target[b, 0] = Float(sin(omega * 10 + phase))
        }
        return (input, target)
    }

    @Test(arguments: RecurrentCell.allCases)
    func seedModelLearnsNoisySines(_ cell: RecurrentCell) {
        var generator = SplitMix64(seed: 1)
        let recurrent = RecurrentNetwork(cell: cell, inputSize: 1, hiddenSize: 64)
        recurrent.initialize(using: &generator)
        let dense = Linear(inputSize: 64, outputSize: 1)
        dense.initialize(using: &generator)
        let parameters = recurrent.parameters.map { ($0.value, $0.gradient) } + dense.parameters.map { ($0.value, $0.gradient) }
        let adam = Adam(parameters: parameters, learningRate: 3e-3)

        func predict(_ input: Tensor) -> Tensor {
            let (_, hidden, _) = recurrent.forward(input)
            return dense.forward(hidden.slice(0))   // the last state, [B, 64]
        }
        var validation = SplitMix64(seed: 99)
        let held = Self.batch(256, using: &validation)
        let before = MeanSquaredError.evaluate(predict(held.input), target: held.target).loss

        for _ in 0..<400 {
            let (input, target) = Self.batch(32, using: &generator)
            let (_, gradient) = MeanSquaredError.evaluate(predict(input), target: target)
            recurrent.zeroGradients()
            for (_, _, g) in dense.parameters { g.fill(0) }
            let hiddenGradient = dense.backward(gradient)
            _ = recurrent.backward(outputGradient: nil, hiddenGradient: hiddenGradient.reshaped([1, 32, 64]))
            adam.update()
        }
        let after = MeanSquaredError.evaluate(predict(held.input), target: held.target).loss
        // The series has variance 0.5; predicting its mean scores about 0.5.
        #expect(before > 0.1)
        #expect(after < 0.01, "\(cell): validation MSE \(before) -> \(after)")
    }
}
