// W1, W2, W3, W6, W7 and the GEMM ceiling, each doing the same work as bench_torch.py (and
// bench_gemm.py): same sizes, batch, sequence length, loss, optimizer and state handling. Data and
// models are made before the timed region; every workload reports its peak RSS and GFLOP/s.
import BenchmarkHarness
import RecurrentCore

struct Workloads {
    let settings: Settings
    let reporter: Reporter

    var threads: Int { settings.threads }

    /// Resets the RSS high-water mark before a workload builds its model; returns the RSS then.
    func startMemory() -> Double? {
        resetPeakResident()
        return residentMB()
    }

    // MARK: W1 / W2: char-model training step, truncated BPTT

    /// `char_train` of bench_torch.py: vocab 65, embedding 64, `layers` x 256, dense 65; batch 32,
    /// 64 steps; cross-entropy + Adam(lr 2e-3); the final states are carried into the next batch
    /// as its initial states without gradient (torch's `detach`). 16 fixed random batches, cycled.
    func charTrain(_ cell: RecurrentCell, layers: Int) {
        let (vocabulary, embeddingSize, hidden, batch, steps) = (65, 64, 256, 32, 64)
        let startRSS = startMemory()
        var generator = SplitMix64(seed: 0)
        let model = CharModel(cell: cell, vocabulary: vocabulary, embeddingSize: embeddingSize, hiddenSize: hidden,
                              layers: layers, generator: &generator)
        let adam = Adam(parameters: model.parameters, learningRate: 2e-3)

        // torch.randint(0, vocab, (16, batch, seq + 1)), laid out time-major: ids[t * B + b].
        var inputs: [[Int32]] = [], labels: [[Int]] = []
        for _ in 0..<16 {
            let data = (0..<batch).map { _ in (0...steps).map { _ in Int.random(in: 0..<vocabulary, using: &generator) } }
            inputs.append((0..<steps).flatMap { t in (0..<batch).map { b in Int32(data[b][t]) } })
            labels.append((0..<steps).flatMap { t in (0..<batch).map { b in data[b][t + 1] } })
        }

        var index = 0
        var carriedHidden: Tensor?, carriedCell: Tensor?
        let result = timePerCall(settings.common) {
            let k = index % inputs.count
            index += 1
            let x = model.embedding.forward(inputs[k]).reshaped([steps, batch, embeddingSize])
            let run = model.network.forward(x, initialHidden: carriedHidden, initialCell: carriedCell)
            carriedHidden = run.hidden
            carriedCell = run.cell
            let logits = model.output.forward(run.output.reshaped([steps * batch, hidden]))
            let loss = SoftmaxCrossEntropy.evaluate(logits, labels: labels[k])
            model.zeroGradients()
            let outputGradient = model.output.backward(loss.gradient).reshaped([steps, batch, hidden])
            let inputGradient = model.network.backward(outputGradient: outputGradient).input
            model.embedding.backward(inputGradient.reshaped([steps * batch, embeddingSize]))
            adam.update()
        }
        let workload = cell == .lstm && layers == 2 ? "W1" : "W2"
        reporter.throughput(
            reporter.base(workload, "char-\(cell.rawValue) \(layers)x256 emb64 V65 B\(batch) T\(steps) train(CE+Adam, TBPTT)",
                          threads: threads),
            result, unitsPerCall: Double(batch * steps), unit: "chars/s",
            extras: Extras(flopsPerUnit: Work.charModel(cell, layers: layers, training: true),
                           peakResidentMB: peakResidentMB(), startResidentMB: startRSS))
    }

    // MARK: W3: char-LSTM sampling at batch 1

    /// `char_sample` of bench_torch.py: embedding row -> 2 LSTM layers (`step`, GEMV) -> dense ->
    /// softmax(logits / 0.8) -> one multinomial draw, fed back as the next input. Throughput, then
    /// every step timed on its own (at most 3,000 steps per repeat, as torch).
    func charSample() {
        let (vocabulary, layers) = (65, 2)
        let startRSS = startMemory()
        var generator = SplitMix64(seed: 0)
        let model = CharModel(cell: .lstm, vocabulary: vocabulary, embeddingSize: 64, hiddenSize: 256, layers: layers,
                              generator: &generator)
        let state = model.network.makeState()
        let logits = Tensor(zeros: [vocabulary]), probabilities = Tensor(zeros: [vocabulary])
        var id = 0
        let step = {
            let top = model.network.step(model.embedding.row(id), state: state)
            model.output.apply(top, into: logits.pointer)
            softmax(logits.pointer, into: probabilities.pointer, count: vocabulary, temperature: 0.8)
            id = sample(probabilities.pointer, count: vocabulary, using: &generator)
        }
        let result = timePerCall(settings.common, step)
        let latency = timeEachStep(settings.common, steps: min(result.steps, 3000), step)
        let peak = peakResidentMB()
        let flops = Work.charModel(.lstm, layers: layers, training: false)
        reporter.throughput(reporter.base("W3", "char-lstm 2x256 sample B1 (step+softmax+multinomial)", threads: threads),
                            result, unitsPerCall: 1, unit: "chars/s",
                            extras: Extras(flopsPerUnit: flops, peakResidentMB: peak, startResidentMB: startRSS))
        reporter.latency(reporter.base("W3", "char-lstm 2x256 sample B1 latency", threads: threads), latency,
                         extras: Extras(flopsPerUnit: flops, peakResidentMB: peak, startResidentMB: startRSS))
    }

    // MARK: W6: next-word GRU at batch 1

    /// `next_word` of bench_torch.py: vocab 10k, embedding 128, GRU 256, dense 10k; one step, the
    /// full softmax, the top 3 (ids and probabilities read out); the best id is the next input.
    func nextWord() {
        let vocabulary = NextWordModel.vocabulary
        let startRSS = startMemory()
        let model = NextWordModel()
        let state = model.network.makeState()
        let logits = Tensor(zeros: [vocabulary]), probabilities = Tensor(zeros: [vocabulary])
        var id = 1
        var readOut: Float = 0   // what an app shows: three ids and their probabilities
        let result = timeEachStep(settings.common) {
            let top = model.network.step(model.embedding.row(id), state: state)
            model.output.apply(top, into: logits.pointer)
            softmax(logits.pointer, into: probabilities.pointer, count: vocabulary)
            let best = top3(probabilities.pointer, count: vocabulary)
            readOut += best.values.0 + best.values.1 + best.values.2 + Float(best.indices.1 + best.indices.2)
            id = best.indices.0
        }
        reporter.latency(
            reporter.base("W6", "GRU next-word V10k E128 H256 B1 step+softmax+top3 (RecurrentNetwork.step + Linear.apply)",
                          threads: threads),
            result, extras: Extras(flopsPerUnit: Work.nextWord, peakResidentMB: peakResidentMB(),
                                   startResidentMB: startRSS, other: [("read_out_checksum", .number(Double(readOut)))]))
    }

    /// W6 with the output layer on int8 weights (`QuantizedLinear`, 2.6 MB read per step instead of
    /// 10.2 MB), its 8 largest logits refined with the residual weights: the same model, step,
    /// softmax and top 3. Extras: how often its top 1 and top 3 agree with Float32's
    /// (`nextWordAgreement`), refined and int8 alone, and what each part of a step costs on its own.
    func nextWordInt8() {
        let vocabulary = NextWordModel.vocabulary
        let refined = 8
        let startRSS = startMemory()
        let model = NextWordModel()
        let quantized = QuantizedLinear(model.output, refinedOutputs: refined)
        let state = model.network.makeState()
        let logits = Tensor(zeros: [vocabulary]), probabilities = Tensor(zeros: [vocabulary])
        var id = 1
        var readOut: Float = 0
        let result = timeEachStep(settings.common) {
            let top = model.network.step(model.embedding.row(id), state: state)
            quantized.apply(top, into: logits.pointer)
            softmax(logits.pointer, into: probabilities.pointer, count: vocabulary)
            let best = top3(probabilities.pointer, count: vocabulary)
            readOut += best.values.0 + best.values.1 + best.values.2 + Float(best.indices.1 + best.indices.2)
            id = best.indices.0
        }
        let peak = peakResidentMB()
        let plain = QuantizedLinear(model.output)
        var other: [(String, JSONValue)] = [("read_out_checksum", .number(Double(readOut))),
                                            ("kernel", .string(QuantizedLinear.kernel)),
                                            ("refined_outputs", .integer(refined)),
                                            ("output_layer_bytes", .integer(quantized.memoryBytes)),
                                            ("int8_only_output_layer_bytes", .integer(plain.memoryBytes)),
                                            ("float32_output_layer_bytes", .integer(4 * (model.output.weight.count + vocabulary)))]
        for (prefix, layer) in [("", quantized), ("int8_only_", plain)] {
            for (name, inputs) in [("greedy", NextWordInputs.greedy), ("random_ids", NextWordInputs.random)] {
                let agreement = nextWordAgreement(model, layer, inputs: inputs, steps: 5_000)
                other += [("\(prefix)top1_agreement_\(name)", .number(rounded(agreement.top1, 4))),
                          ("\(prefix)top3_agreement_\(name)", .number(rounded(agreement.top3, 4))),
                          ("\(prefix)max_logit_error_\(name)", .number(Double(agreement.maxLogitError)))]
                if prefix.isEmpty { other.append(("distinct_inputs_\(name)", .integer(agreement.distinctInputs))) }
            }
        }
        other.append(("agreement_steps", .integer(5_000)))
        other += nextWordParts(model, plain: plain, refined: quantized).map { ($0.name + "_us", .number(rounded($0.microseconds, 2))) }
        reporter.latency(
            reporter.base("W6", "GRU next-word V10k E128 H256 B1 step+softmax+top3 int8 output (QuantizedLinear, 8 largest refined)",
                          threads: threads),
            result, extras: Extras(flopsPerUnit: Work.nextWord, peakResidentMB: peak, startResidentMB: startRSS, other: other))
    }

    enum NextWordInputs { case greedy, random }

    /// One run of `steps` from the zero state, the Float32 and the int8 output layer both reading
    /// the same hidden state each step: the fraction of steps where their best ids are equal (top 1)
    /// and where their sets of three are equal (top 3), each through the timed softmax and `top3`.
    /// Inputs: `.greedy` feeds Float32's best id back (the timed run's path); `.random` feeds
    /// uniformly drawn ids, because a randomly initialised model's greedy run soon cycles through a
    /// few words.
    func nextWordAgreement(_ model: NextWordModel, _ quantized: QuantizedLinear, inputs: NextWordInputs, steps: Int)
        -> (top1: Double, top3: Double, distinctInputs: Int, maxLogitError: Float) {
        let vocabulary = NextWordModel.vocabulary
        let state = model.network.makeState()
        let exact = Tensor(zeros: [vocabulary]), approximate = Tensor(zeros: [vocabulary])
        let exactP = Tensor(zeros: [vocabulary]), approximateP = Tensor(zeros: [vocabulary])
        var generator = SplitMix64(seed: 1)
        var id = 1
        var seen = Set<Int>()
        var sameBest = 0, sameThree = 0
        var maxError: Float = 0
        for _ in 0..<steps {
            seen.insert(id)
            let top = model.network.step(model.embedding.row(id), state: state)
            model.output.apply(top, into: exact.pointer)
            quantized.apply(top, into: approximate.pointer)
            for j in 0..<vocabulary { maxError = max(maxError, abs(exact.pointer[j] - approximate.pointer[j])) }
            softmax(exact.pointer, into: exactP.pointer, count: vocabulary)
            softmax(approximate.pointer, into: approximateP.pointer, count: vocabulary)
            let a = top3(exactP.pointer, count: vocabulary), b = top3(approximateP.pointer, count: vocabulary)
            if a.indices.0 == b.indices.0 { sameBest += 1 }
            if Set([a.indices.0, a.indices.1, a.indices.2]) == Set([b.indices.0, b.indices.1, b.indices.2]) { sameThree += 1 }
            id = inputs == .greedy ? a.indices.0 : Int.random(in: 0..<vocabulary, using: &generator)
        }
        return (Double(sameBest) / Double(steps), Double(sameThree) / Double(steps), seen.count, maxError)
    }

    /// Each part of a W6 step timed on its own (median µs per call over the repeats): the GRU step
    /// (embedding row + `step`, 1.2 MB of Float32 weights), the output layer in Float32, in int8
    /// alone and refined, and softmax and top 3 over 10k.
    func nextWordParts(_ model: NextWordModel, plain: QuantizedLinear, refined: QuantizedLinear)
        -> [(name: String, microseconds: Double)] {
        let vocabulary = NextWordModel.vocabulary
        let state = model.network.makeState()
        let logits = Tensor(zeros: [vocabulary]), probabilities = Tensor(zeros: [vocabulary])
        var generator = SplitMix64(seed: 2)
        let ids = (0..<1024).map { _ in Int.random(in: 0..<vocabulary, using: &generator) }
        var index = 0
        var hidden = model.network.step(model.embedding.row(1), state: state)
        model.output.apply(hidden, into: logits.pointer)
        var sink = 0
        let target = settings.target / 3
        func time(_ call: () -> Void) -> Double { 1e6 * median(timePerCall(settings.common, target: target, call).perCall) }
        let parts = [
            ("part_gru_step", time {
                hidden = model.network.step(model.embedding.row(ids[index & 1023]), state: state)
                index += 1
            }),
            ("part_output_float32", time { model.output.apply(hidden, into: logits.pointer) }),
            ("part_output_int8_only", time { plain.apply(hidden, into: logits.pointer) }),
            ("part_output_int8_refined", time { refined.apply(hidden, into: logits.pointer) }),
            ("part_softmax", time { softmax(logits.pointer, into: probabilities.pointer, count: vocabulary) }),
            ("part_top3", time { sink &+= top3(probabilities.pointer, count: vocabulary).indices.0 }),
        ]
        precondition(sink >= 0)   // keeps top3's result alive
        return parts
    }

    // MARK: W7: the seed documents' Keras models

    /// `Sequential([SimpleRNN/LSTM/GRU(64, input_shape=(10, 1)), Dense(1)])`, MSE, Adam(1e-3),
    /// batch 32: a "fit" over a fixed random dataset of 512 batches (16,384 samples, as
    /// bench_keras.py), cycled in order. Dense reads the last step's output (the final hidden
    /// state, all sequences being full length), so its gradient enters as the final-state gradient.
    func seedFit(_ cell: RecurrentCell) {
        let (batch, steps, hidden, batches) = (32, 10, 64, 512)
        let startRSS = startMemory()
        var generator = SplitMix64(seed: 0)
        let network = RecurrentNetwork(cell: cell, inputSize: 1, hiddenSize: hidden)
        let dense = Linear(inputSize: hidden, outputSize: 1)
        network.initialize(using: &generator)
        dense.initialize(using: &generator)
        let parameters = (network.parameters + dense.parameters).map { ($0.value, $0.gradient) }
        let adam = Adam(parameters: parameters, learningRate: 1e-3)
        let inputs = (0..<batches).map { _ in
            let x = Tensor(zeros: [steps, batch, 1])
            for i in 0..<x.count { x.pointer[i] = generator.nextUnitFloat() }
            return x
        }
        let targets = (0..<batches).map { _ in
            let y = Tensor(zeros: [batch, 1])
            for i in 0..<y.count { y.pointer[i] = generator.nextUnitFloat() }
            return y
        }

        var index = 0
        let result = timePerCall(settings.common) {
            let k = index % batches
            index += 1
            let run = network.forward(inputs[k])
            let prediction = dense.forward(run.hidden.slice(0))
            let loss = MeanSquaredError.evaluate(prediction, target: targets[k])
            network.zeroGradients()
            dense.gradWeight.fill(0)
            dense.gradBias.fill(0)
            let lastOutputGradient = dense.backward(loss.gradient)
            _ = network.backward(outputGradient: nil, hiddenGradient: lastOutputGradient.reshaped([1, batch, hidden]))
            adam.update()
        }
        reporter.throughput(
            reporter.base("W7", "seed \(cell.kerasName)(64) in (10,1) + Dense(1), MSE+Adam B\(batch) fit over 512 fixed random batches",
                          threads: threads),
            result, unitsPerCall: Double(batch), unit: "samples/s",
            extras: Extras(flopsPerUnit: Work.seed(cell), peakResidentMB: peakResidentMB(), startResidentMB: startRSS))
    }

    // MARK: GEMM ceiling

    /// sgemm `C = A B` through `BLAS.gemm` at bench_gemm.py's shapes, at 1 and 2 threads of the
    /// core (`Parallelism.threads`: `BLAS.gemm` cuts a large product into one block per thread, each
    /// on single-threaded OpenBLAS); plus the two GEMVs the batch-1 paths run (`step`'s W_ih of a
    /// 512-input layer, W6's output layer), which always run on one thread.
    func gemm() {
        let shapes = [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (32, 512, 1024), (32, 256, 1024), (1, 512, 1024)]
        let target = settings.targetGiven ? settings.target : 0.7
        var generator = SplitMix64(seed: 0)
        resetPeakResident()
        for threadCount in settings.gemmThreads {
            Parallelism.threads = threadCount
            for (m, k, n) in shapes {
                let a = Tensor(zeros: [m, k]), b = Tensor(zeros: [k, n]), c = Tensor(zeros: [m, n])
                a.fillUniform(bound: 1, using: &generator)
                b.fillUniform(bound: 1, using: &generator)
                let result = timePerCall(settings.common, target: target) {
                    BLAS.gemm(a.pointer, b.pointer, c.pointer, m: m, n: n, k: k)
                }
                let flops = 2.0 * Double(m * k * n) / 1e9
                reporter.throughput(reporter.base("GEMM", "sgemm \(m)x\(k) * \(k)x\(n)", threads: threadCount),
                                    result, unitsPerCall: flops, unit: "GFLOP/s", extras: Extras(flopsPerUnit: 1e9))
            }
            for (rows, columns, note) in [(1024, 512, "LSTM step W_ih of a 256+256 layer"), (10_000, 256, "W6 output layer")] {
                let a = Tensor(zeros: [rows, columns]), x = Tensor(zeros: [columns]), y = Tensor(zeros: [rows])
                a.fillUniform(bound: 1, using: &generator)
                x.fillUniform(bound: 1, using: &generator)
                let result = timePerCall(settings.common, target: target) {
                    BLAS.gemv(a.pointer, rows: rows, columns: columns, x.pointer, y.pointer)
                }
                let flops = 2.0 * Double(rows * columns) / 1e9
                reporter.throughput(reporter.base("GEMM", "sgemv \(rows)x\(columns) * \(columns) (BLAS.gemv: \(note))", threads: threadCount),
                                    result, unitsPerCall: flops, unit: "GFLOP/s", extras: Extras(flopsPerUnit: 1e9))
            }
        }
        Parallelism.threads = settings.threads
    }
}
