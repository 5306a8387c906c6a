import Testing
import _TestSupport
@testable import RecurrentCore

@Suite struct RecurrentLanguageModelTests {
    static func model(hidden: Int, embedding: Int, tied: Bool, cell: RecurrentCell = .gru, layers: Int = 2) -> RecurrentLanguageModel {
        let model = RecurrentLanguageModel(shape: LanguageModelShape(vocabularySize: 9, cell: cell, layers: layers,
                                                                     embeddingSize: embedding, hiddenSize: hidden,
                                                                     dropout: 0, tiedOutput: tied))
        model.initialize(seed: 5)
        // A tied table starts at ±0.1: widen it so the finite differences see real curvature.
        for j in 0..<model.embedding.weight.count { model.embedding.weight.pointer[j] *= 5 }
        return model
    }

    /// Finite differences through embedding, layers, projection and the tied output (whose
    /// gradient reaches the embedding table from both sides), with a carried state, for each cell
    /// (the plain output is textgen's character model).
    @Test(arguments: [(6, 4, true, RecurrentCell.gru), (5, 5, true, .lstm), (6, 4, false, .rnn), (6, 4, false, .lstm), (6, 4, false, .gru)])
    func gradientsMatchFiniteDifferences(hidden: Int, embedding: Int, tied: Bool, cell: RecurrentCell) {
        let model = Self.model(hidden: hidden, embedding: embedding, tied: tied, cell: cell)
        let (steps, batch) = (3, 2)
        let ids: [Int32] = [1, 2, 3, 4, 2, 8]
        let targets = [2, 3, 4, 5, 6, 1]
        var generator = SplitMix64(seed: 1)
        let start = model.forward(ids, steps: steps, batch: batch, state: nil, training: false, generator: &generator).state
        func loss() -> Double {
            let logits = model.forward(ids, steps: steps, batch: batch, state: start, training: false, generator: &generator).logits
            return Double(SoftmaxCrossEntropy.evaluate(logits, labels: targets).loss)
        }
        model.zeroGradients()
        let logits = model.forward(ids, steps: steps, batch: batch, state: start, training: false, generator: &generator).logits
        model.backward(SoftmaxCrossEntropy.evaluate(logits, labels: targets).gradient)
        for parameter in model.parameters {
            let analytic = parameter.gradient.values
            let numerical = GradientCheck.numericalGradient(of: parameter.value.pointer, count: parameter.value.count, step: 1e-2, loss: loss)
            #expect(GradientCheck.relativeError(analytic, numerical) < 2e-3, "\(cell) \(parameter.name) tied \(tied)")
        }
        // zeroGradients clears the dense (tied) embedding gradient too.
        model.zeroGradients()
        #expect(model.parameters.allSatisfy { $0.gradient.values.allSatisfy { $0 == 0 } })
    }

    @Test func tiedNamesHaveAProjectionOnlyWhenTheSizesDiffer() {
        #expect(Self.model(hidden: 6, embedding: 4, tied: true, layers: 1).parameters.map(\.name)
                == ["embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                    "projection.weight", "projection.bias", "output.bias"])
        #expect(Self.model(hidden: 4, embedding: 4, tied: true, layers: 1).parameters.map(\.name).suffix(1) == ["output.bias"])
    }

    /// The one-step path gives the logits of the batch path, step after step; `feed` then
    /// `computeLogits` equals `advance`.
    @Test(arguments: [(true, RecurrentCell.gru), (false, .rnn), (false, .lstm), (false, .gru)])
    func steppingEqualsTheSequencePath(tied: Bool, cell: RecurrentCell) {
        let model = Self.model(hidden: 6, embedding: 4, tied: tied, cell: cell, layers: 3)
        let ids: [Int32] = [3, 1, 4, 1, 5, 8, 2, 6]
        var generator = SplitMix64(seed: 1)
        let logits = model.forward(ids, steps: ids.count, batch: 1, state: nil, training: false, generator: &generator).logits
        let state = model.makeStepState(), other = model.makeStepState()
        for (t, id) in ids.enumerated() {
            let stepped = Array(UnsafeBufferPointer(start: model.advance(Int(id), state: state), count: 9))
            #expect(compare(stepped, Array(logits.values[(t * 9)..<((t + 1) * 9)]), relative: 1e-5, absolute: 1e-5).agrees, "step \(t)")
            model.feed(Int(id), state: other)
            model.computeLogits(state: other)
            #expect(other.logits.values == stepped)
        }
    }
}
