@testable import RecurrentCore
import Testing
import _TestSupport

@Suite struct LayerAndLossGradientTests {
    @Test func linearGradientsMatchFiniteDifferences() {
        var generator = SplitMix64(seed: 7)
        let layer = Linear(inputSize: 4, outputSize: 3)
        layer.initialize(using: &generator)
        let input = Tensor(zeros: [5, 4]), weights = Tensor(zeros: [5, 3])
        input.fillUniform(bound: 1, using: &generator)
        weights.fillUniform(bound: 1, using: &generator)
        func loss() -> Double {
            let output = layer.forward(input)
            return (0..<output.count).reduce(0) { $0 + Double(output.pointer[$1]) * Double(weights.pointer[$1]) }
        }
        _ = loss()
        let inputGradient = layer.backward(weights)
        for (tensor, analytic) in [(layer.weight, layer.gradWeight.values), (layer.bias, layer.gradBias.values), (input, inputGradient.values)] {
            let numerical = GradientCheck.numericalGradient(of: tensor.pointer, count: tensor.count, step: 1e-3, loss: loss)
            #expect(GradientCheck.relativeError(analytic, numerical) < 1e-3)
        }
    }

    @Test func meanSquaredErrorGradientMatchesFiniteDifferences() {
        var generator = SplitMix64(seed: 8)
        let prediction = Tensor(zeros: [4, 2]), target = Tensor(zeros: [4, 2])
        prediction.fillUniform(bound: 2, using: &generator)
        target.fillUniform(bound: 2, using: &generator)
        let (_, gradient) = MeanSquaredError.evaluate(prediction, target: target)
        let numerical = GradientCheck.numericalGradient(of: prediction.pointer, count: prediction.count, step: 1e-3) {
            Double(MeanSquaredError.evaluate(prediction, target: target).loss)
        }
        #expect(GradientCheck.relativeError(gradient.values, numerical) < 1e-3)
    }

    @Test func crossEntropyGradientMatchesFiniteDifferencesAndIgnoresPadding() {
        var generator = SplitMix64(seed: 9)
        let logits = Tensor(zeros: [4, 5])
        logits.fillUniform(bound: 3, using: &generator)
        let labels = [2, SoftmaxCrossEntropy.ignoredLabel, 0, 4]
        let (loss, gradient, counted) = SoftmaxCrossEntropy.evaluate(logits, labels: labels)
        #expect(counted == 3)
        let numerical = GradientCheck.numericalGradient(of: logits.pointer, count: logits.count, step: 1e-3) {
            Double(SoftmaxCrossEntropy.evaluate(logits, labels: labels).loss)
        }
        #expect(GradientCheck.relativeError(gradient.values, numerical) < 1e-3)
        #expect(gradient.slice(1).values.allSatisfy { $0 == 0 })
        // Uniform logits over C classes cost ln C.
        let uniform = SoftmaxCrossEntropy.evaluate(Tensor(zeros: [2, 8]), labels: [3, 5]).loss
        #expect(abs(uniform - Float(2.0794415)) < 1e-5)
        #expect(loss > 0)
    }

    @Test func adamFollowsPyTorchsUpdate() {
        let value = Tensor(shape: [2], values: [1, -2]), gradient = Tensor(shape: [2], values: [0.5, -0.25])
        let adam = Adam(parameters: [(value, gradient)], learningRate: 0.1)
        adam.update()
        // First step: m̂ = g, v̂ = g², so p -= lr * g / (|g| + ε) = lr * sign(g).
        #expect(abs(value[0] - 0.9) < 1e-6 && abs(value[1] + 1.9) < 1e-6)
        let decayed = Tensor(shape: [1], values: [1]), zero = Tensor(zeros: [1])
        Adam(parameters: [(decayed, zero)], learningRate: 0.1, weightDecay: 0.5).update()
        #expect(abs(decayed[0] - 0.95) < 1e-6)   // AdamW: decay only
    }

    /// The AVX2 update rounds every operation as the Swift code does: the same bits, over sizes
    /// that leave every tail length, with and without weight decay, for several steps.
    @Test func adamsVectorizedUpdateIsBitIdenticalToThePortableOne() {
        var generator = SplitMix64(seed: 3)
        for count in Array(1...17) + [1_000] {
            for weightDecay: Float in [0, 0.01] {
                let start = (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
                let gradients = (0..<4).map { _ in (0..<count).map { _ in Float.random(in: -3...3, using: &generator) } }
                var results: [[Float]] = []
                for portable in [false, true] {
                    let value = Tensor(shape: [count], values: start), gradient = Tensor(zeros: [count])
                    let adam = Adam(parameters: [(value, gradient)], learningRate: 0.01, weightDecay: weightDecay)
                    for step in gradients {
                        step.withUnsafeBufferPointer { gradient.pointer.update(from: $0.baseAddress!, count: count) }
                        adam.update(portable: portable)
                    }
                    results.append(value.values + adam.stateTensors.flatMap { $0.tensor.values })
                }
                #expect(results[0].map(\.bitPattern) == results[1].map(\.bitPattern), "count \(count), weight decay \(weightDecay)")
            }
        }
    }

    @Test func clippingScalesToTheMaximumNormAndReportsNaN() {
        let a = Tensor(shape: [2], values: [3, 4]), b = Tensor(shape: [1], values: [0])
        #expect(clipGradients([a, b], maximumNorm: 1) == 5)
        #expect(abs(a[0] - 0.6) < 1e-5 && abs(a[1] - 0.8) < 1e-5)
        #expect(clipGradients([Tensor(shape: [1], values: [.nan])], maximumNorm: 1).isNaN)
    }
}

extension ThreadCountSensitiveTests {
@Suite struct AdamThreadTests {
    /// Parameters past Parallelism's streaming minimum are updated by both threads, each taking a
    /// share of every parameter: the same bits as one thread, on the AVX2 and the portable path.
    @Test func adamGivesTheSameBitsOnAnyThreadCount() {
        func run(threads: Int, portable: Bool) -> [UInt32] {
            let saved = Parallelism.threads
            Parallelism.threads = threads
            defer { Parallelism.threads = saved }
            var generator = SplitMix64(seed: 8)
            let shapes = [[300_001], [7], [513, 129]]
            let parameters = shapes.map { shape in
                let value = Tensor(zeros: shape), gradient = Tensor(zeros: shape)
                value.fillUniform(bound: 1, using: &generator)
                return (value, gradient)
            }
            let adam = Adam(parameters: parameters, learningRate: 0.01, weightDecay: 0.01)
            for _ in 0..<3 {
                for (_, gradient) in parameters { gradient.fillUniform(bound: 3, using: &generator) }
                adam.update(portable: portable)
            }
            return (parameters.flatMap { $0.0.values } + adam.stateTensors.flatMap { $0.tensor.values }).map(\.bitPattern)
        }
        for portable in [false, true] {
            #expect(run(threads: 2, portable: portable) == run(threads: 1, portable: portable), "portable: \(portable)")
        }
    }
}
}
