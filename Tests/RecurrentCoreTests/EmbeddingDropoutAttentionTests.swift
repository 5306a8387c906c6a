import RecurrentCore
import Testing
import _TestSupport

/// `Σ output * probe` in Double: a loss whose gradient with respect to the output is `probe`.
private func probeLoss(_ output: Tensor, _ probe: Tensor) -> Double {
    (0..<output.count).reduce(0) { $0 + Double(output.pointer[$1]) * Double(probe.pointer[$1]) }
}

private func randomTensor(_ shape: [Int], bound: Float = 1, _ generator: inout SplitMix64) -> Tensor {
    let tensor = Tensor(zeros: shape)
    tensor.fillUniform(bound: bound, using: &generator)
    return tensor
}

@Suite struct EmbeddingDropoutAttentionTests {
    // MARK: Embedding

    @Test func embeddingGradientsMatchFiniteDifferencesWithRepeatedAndPaddingIds() {
        var generator = SplitMix64(seed: 11)
        let embedding = Embedding(vocabularySize: 6, embeddingSize: 4, paddingIndex: 0)
        embedding.initialize(using: &generator)
        let ids: [Int32] = [2, 0, 5, 2, 3, 2]
        let probe = randomTensor([ids.count, 4], &generator)
        func loss() -> Double { probeLoss(embedding.forward(ids), probe) }
        _ = loss()
        embedding.backward(probe)
        let numerical = GradientCheck.numericalGradient(of: embedding.weight.pointer, count: embedding.weight.count, step: 1e-3, loss: loss)
        // The padding row reads into the output but, as in PyTorch, gets no gradient.
        let rows = 4..<(6 * 4)
        #expect(GradientCheck.relativeError(Array(embedding.gradWeight.values[rows]), Array(numerical[rows])) < 1e-3)
        #expect(embedding.gradWeight.slice(0).values.allSatisfy { $0 == 0 })
        // Row 2 appears three times: its gradient is the sum of three probe rows.
        let expected = (0..<4).map { probe[0, $0] + probe[3, $0] + probe[5, $0] }
        #expect(compare(embedding.gradWeight.slice(2).values, expected).agrees)
    }

    @Test func embeddingTracksTouchedRowsAndZeroesOnlyThem() {
        var generator = SplitMix64(seed: 12)
        let embedding = Embedding(vocabularySize: 10, embeddingSize: 3, paddingIndex: 0)
        embedding.initialize(using: &generator)
        #expect(embedding.weight.slice(0).values == [0, 0, 0])
        #expect(embedding.forward([0]).values == [0, 0, 0])

        _ = embedding.forward([7, 3, 7, 0])
        embedding.backward(Tensor(shape: [4, 3], values: Array(repeating: 1, count: 12)))
        #expect(embedding.touchedRows == [3, 7])
        _ = embedding.forward([1, 7])
        embedding.backward(Tensor(shape: [2, 3], values: Array(repeating: 1, count: 6)))
        #expect(embedding.touchedRows == [1, 3, 7])
        #expect(embedding.gradWeight.slice(7).values == [3, 3, 3])
        #expect(embedding.gradWeight.slice(0).values == [0, 0, 0])

        // An untouched row is left alone: zeroing is sparse, not a dense pass.
        embedding.gradWeight[5, 1] = 42
        embedding.zeroGradients()
        #expect(embedding.touchedRows.isEmpty)
        #expect(embedding.gradWeight[5, 1] == 42)
        embedding.gradWeight[5, 1] = 0
        #expect(embedding.gradWeight.values.allSatisfy { $0 == 0 })
        #expect(embedding.weight.slice(0).values == [0, 0, 0])

        // Batch-1 inference reads the row in place.
        #expect(embedding.row(4) == embedding.weight.pointer + 4 * 3)
        #expect(embedding.parameters.map(\.name) == ["weight"])
    }

    @Test func embeddingInitialisationIsStandardNormal() {
        var generator = SplitMix64(seed: 13)
        let embedding = Embedding(vocabularySize: 2000, embeddingSize: 50)
        embedding.initialize(using: &generator)
        let values = embedding.weight.values.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        #expect(abs(mean) < 0.01)
        #expect(abs(variance - 1) < 0.02)
        #expect(values.allSatisfy { $0.isFinite })
    }

    // MARK: Dropout

    @Test func dropoutBackwardMatchesFiniteDifferencesWithAFixedMask() {
        var generator = SplitMix64(seed: 21)
        let input = randomTensor([3, 4, 5], &generator), probe = randomTensor([3, 4, 5], &generator)
        for shared in [false, true] {
            let dropout = Dropout(probability: 0.4, sharedAcrossTime: shared)
            // The same seed for every evaluation: the same mask, so the loss is a function of the input.
            func loss() -> Double {
                var seeded = SplitMix64(seed: 99)
                return probeLoss(dropout.forward(input, training: true, generator: &seeded), probe)
            }
            _ = loss()
            let gradient = dropout.backward(probe)
            let numerical = GradientCheck.numericalGradient(of: input.pointer, count: input.count, step: 1e-3, loss: loss)
            #expect(GradientCheck.relativeError(gradient.values, numerical) < 1e-3)
        }
    }

    @Test func dropoutWithTheSameSeedDrawsTheSameMask() {
        let input = Tensor(shape: [4, 8], values: (0..<32).map { Float($0) + 1 })
        let first = Dropout(probability: 0.5), second = Dropout(probability: 0.5)
        var a = SplitMix64(seed: 5), b = SplitMix64(seed: 5), c = SplitMix64(seed: 6)
        let outputA = first.forward(input, training: true, generator: &a).values
        #expect(second.forward(input, training: true, generator: &b).values == outputA)
        #expect(first.mask!.values == second.mask!.values)
        #expect(a == b)
        #expect(Dropout(probability: 0.5).forward(input, training: true, generator: &c).values != outputA)
        #expect(Set(first.mask!.values) == [0, 2])
    }

    @Test func dropoutKeepsTheMeanByInvertedScaling() {
        var generator = SplitMix64(seed: 22)
        let input = Tensor(zeros: [200_000])
        for i in 0..<input.count { input.pointer[i] = 1 + generator.nextUnitFloat() }
        let output = Dropout(probability: 0.3).forward(input, training: true, generator: &generator)
        let inputMean = input.values.reduce(0) { $0 + Double($1) } / Double(input.count)
        let outputMean = output.values.reduce(0) { $0 + Double($1) } / Double(output.count)
        #expect(abs(outputMean / inputMean - 1) < 0.01)
        let dropped = Double(output.values.filter { $0 == 0 }.count) / Double(output.count)
        #expect(abs(dropped - 0.3) < 0.005)
    }

    @Test func variationalDropoutReusesOneMaskAtEveryStep() {
        var generator = SplitMix64(seed: 23)
        let dropout = Dropout(probability: 0.5, sharedAcrossTime: true)
        let input = Tensor(shape: [6, 3, 8], values: Array(repeating: 1, count: 144))
        let output = dropout.forward(input, training: true, generator: &generator)
        #expect(dropout.mask!.shape == [3, 8])
        for t in 0..<6 { #expect(output.slice(t).values == dropout.mask!.values) }
        #expect(dropout.mask!.values.contains(0) && dropout.mask!.values.contains(2))
        let gradient = dropout.backward(input)
        for t in 0..<6 { #expect(gradient.slice(t).values == dropout.mask!.values) }
    }

    @Test func dropoutIsTheIdentityInEvaluationAndAtZeroProbability() {
        var generator = SplitMix64(seed: 24)
        let input = randomTensor([5, 7], &generator)
        let before = generator
        for (dropout, training) in [(Dropout(probability: 0.5), false), (Dropout(probability: 0, sharedAcrossTime: true), true)] {
            let output = dropout.forward(input, training: training, generator: &generator)
            #expect(output.values == input.values)
            #expect(dropout.mask == nil)
            #expect(dropout.backward(input).values == input.values)
        }
        #expect(generator == before)   // no random draws
    }

    // MARK: Additive attention

    /// Checks every gradient of attention against finite differences for `loss = Σ context * probe`.
    private func checkAttentionGradients(querySize: Int, attentionSize: Int, queryCount: Int, keyCount: Int,
                                         lengths: [Int], selfAttention: Bool, seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let keySize = selfAttention ? querySize : 4
        let batch = lengths.count
        let attention = AdditiveAttention(querySize: querySize, keySize: keySize, attentionSize: attentionSize)
        attention.initialize(using: &generator)
        // Larger weights than the default, so tanh and softmax are well away from linear.
        for parameter in attention.parameters {
            for i in 0..<parameter.value.count { parameter.value.pointer[i] *= 2 }
        }
        let keys = randomTensor([keyCount, batch, keySize], &generator)
        let queries = selfAttention ? keys : randomTensor([queryCount, batch, querySize], &generator)
        let probe = randomTensor([selfAttention ? keyCount : queryCount, batch, keySize], &generator)
        func loss() -> Double {
            probeLoss(attention.forward(queries: queries, keys: keys, lengths: lengths).context, probe)
        }
        _ = loss()
        let (queryGradient, keyGradient) = attention.backward(contextGradient: probe)
        var checks: [(name: String, tensor: Tensor, analytic: [Float])] = attention.parameters.map { ($0.name, $0.value, $0.gradient.values) }
        if selfAttention {
            checks.append(("input", keys, zip(queryGradient.values, keyGradient.values).map { $0 + $1 }))
        } else {
            checks.append(("queries", queries, queryGradient.values))
            checks.append(("keys", keys, keyGradient.values))
        }
        for check in checks {
            let numerical = GradientCheck.numericalGradient(of: check.tensor.pointer, count: check.tensor.count, step: 1e-2, loss: loss)
            let error = GradientCheck.relativeError(check.analytic, numerical)
            #expect(error < 1e-3, "\(check.name): relative error \(error)")
        }
        // Padded keys get no gradient.
        for b in 0..<batch {
            for j in lengths[b]..<keyCount where !selfAttention {
                #expect((0..<keySize).allSatisfy { keyGradient[j, b, $0] == 0 })
            }
        }
    }

    @Test func attentionGradientsMatchFiniteDifferencesOnAPaddedBatch() {
        checkAttentionGradients(querySize: 5, attentionSize: 6, queryCount: 3, keyCount: 4, lengths: [4, 2, 1],
                                selfAttention: false, seed: 31)
        // 20 attention units: the 16-wide vector path and its tail.
        checkAttentionGradients(querySize: 3, attentionSize: 20, queryCount: 2, keyCount: 4, lengths: [4, 2, 1],
                                selfAttention: false, seed: 32)
    }

    @Test func selfAttentionGradientsMatchFiniteDifferences() {
        checkAttentionGradients(querySize: 5, attentionSize: 7, queryCount: 4, keyCount: 4, lengths: [4, 2, 1],
                                selfAttention: true, seed: 33)
    }

    @Test func attentionGivesMaskedKeysZeroWeightAndNormalisesOverValidKeys() {
        var generator = SplitMix64(seed: 34)
        let attention = AdditiveAttention(querySize: 3, keySize: 4, attentionSize: 5)
        attention.initialize(using: &generator)
        let lengths = [4, 2, 1, 0]
        let queries = randomTensor([3, 4, 3], &generator), keys = randomTensor([4, 4, 4], &generator)
        let (context, weights) = attention.forward(queries: queries, keys: keys, lengths: lengths)
        #expect(context.shape == [3, 4, 4] && weights.shape == [3, 4, 4])
        for i in 0..<3 {
            for (b, length) in lengths.enumerated() {
                for j in length..<4 { #expect(weights[i, b, j] == 0) }
                let sum = (0..<length).reduce(Float(0)) { $0 + weights[i, b, $1] }
                #expect(length == 0 ? sum == 0 : abs(sum - 1) < 1e-6)
                #expect((0..<length).allSatisfy { weights[i, b, $0] > 0 })
            }
            #expect((0..<4).allSatisfy { context[i, 3, $0] == 0 })   // no valid key, no context
        }
        // What sits in a padded key changes nothing.
        for k in 0..<4 { keys[3, 1, k] = 100; keys[1, 2, k] = -50 }
        let again = attention.forward(queries: queries, keys: keys, lengths: lengths)
        #expect(again.context.values == context.values && again.weights.values == weights.values)
        #expect(attention.parameters.map(\.name) == ["query_weight", "key_weight", "bias", "score_vector"])
    }
}
