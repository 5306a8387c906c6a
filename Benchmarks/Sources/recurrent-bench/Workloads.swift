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
        let (vocabulary, embeddingSize, hidden) = (10_000, 128, 256)
        let startRSS = startMemory()
        var generator = SplitMix64(seed: 0)
        let embedding = Embedding(vocabularySize: vocabulary, embeddingSize: embeddingSize)
        let network = RecurrentNetwork(cell: .gru, inputSize: embeddingSize, hiddenSize: hidden)
        let output = Linear(inputSize: hidden, outputSize: vocabulary)
        embedding.initialize(using: &generator)
        network.initialize(using: &generator)
        output.initialize(using: &generator)
        let state = network.makeState()
        let logits = Tensor(zeros: [vocabulary]), probabilities = Tensor(zeros: [vocabulary])
        var id = 1
        var readOut: Float = 0   // what an app shows: three ids and their probabilities
        let result = timeEachStep(settings.common) {
            let top = network.step(embedding.row(id), state: state)
            output.apply(top, into: logits.pointer)
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
