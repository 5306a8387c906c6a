import Foundation
import RecurrentCore
import Testing

/// A small sequence-regression task (GRU + dropout + dense, the sum of five inputs) with everything
/// a real task has: shuffled batches per epoch, a dropout generator carried in the checkpoint, a
/// best model written, and knobs to make it diverge or stop improving.
final class SumTask: TrainingTask {
    let recurrent = RecurrentNetwork(cell: .gru, inputSize: 1, hiddenSize: 8)
    let dense = Linear(inputSize: 8, outputSize: 1)
    let dropout = Dropout(probability: 0.1)
    var dropoutGenerator = SplitMix64(seed: 5)
    let inputs: Tensor    // [5, 64, 1]
    let targets: Tensor   // [64, 1]
    let seed: UInt64
    var nanAtStep: Int?
    var stepsRun = 0
    var frozenValidation: Float?
    var savedEpochs: [Int] = []
    let directory: String

    /// `seed` fixes the data and its order; `weightSeed` (default: `seed`) the initial weights.
    init(seed: UInt64, weightSeed: UInt64? = nil, directory: String) {
        self.seed = seed
        self.directory = directory
        var weights = SplitMix64(seed: weightSeed ?? seed)
        recurrent.initialize(using: &weights)
        dense.initialize(using: &weights)
        var generator = SplitMix64(seed: seed &+ 17)
        inputs = Tensor(zeros: [5, 64, 1])
        inputs.fillUniform(bound: 1, using: &generator)
        targets = Tensor(zeros: [64, 1])
        for b in 0..<64 { targets[b, 0] = (0..<5).reduce(0) { $0 + inputs[$1, b, 0] } / 5 }
    }

    var parameters: [(name: String, value: Tensor, gradient: Tensor)] {
        recurrent.parameters + dense.parameters.map { ("dense." + $0.name, $0.value, $0.gradient) }
    }

    func batchCount(epoch: Int) -> Int { 8 }

    /// Batch `index` of a per-epoch shuffle that depends only on the seed and the epoch.
    func rows(epoch: Int, index: Int) -> [Int] {
        var generator = SplitMix64(seed: seed &+ UInt64(epoch) &* 1_000_003)
        return Array(Array(0..<64).shuffled(using: &generator)[(index * 8)..<(index * 8 + 8)])
    }

    func gather(_ rows: [Int]) -> (Tensor, Tensor) {
        let input = Tensor(zeros: [5, rows.count, 1]), target = Tensor(zeros: [rows.count, 1])
        for (b, row) in rows.enumerated() {
            for t in 0..<5 { input[t, b, 0] = inputs[t, row, 0] }
            target[b, 0] = targets[row, 0]
        }
        return (input, target)
    }

    func trainBatch(epoch: Int, index: Int) -> (loss: Float, units: Int) {
        stepsRun += 1
        let (input, target) = gather(rows(epoch: epoch, index: index))
        let (_, hidden, _) = recurrent.forward(input)
        let dropped = dropout.forward(hidden.slice(0), training: true, generator: &dropoutGenerator)
        let (loss, gradient) = MeanSquaredError.evaluate(dense.forward(dropped), target: target)
        let hiddenGradient = dropout.backward(dense.backward(gradient))
        _ = recurrent.backward(outputGradient: nil, hiddenGradient: hiddenGradient.reshaped([1, 8, 8]))
        if let nanAtStep, stepsRun >= nanAtStep { return (.nan, 8) }
        return (loss, 8)
    }

    func zeroGradients() { for parameter in parameters { parameter.gradient.fill(0) } }

    func validate() -> Validation {
        let (_, hidden, _) = recurrent.forward(inputs)
        let loss = frozenValidation ?? MeanSquaredError.evaluate(dense.forward(hidden.slice(0)), target: targets).loss
        return Validation(value: loss, higherIsBetter: false, summary: "mse \(loss)")
    }

    func saveBestModel(epoch: Int, validation: Validation) throws {
        savedEpochs.append(epoch)
        try ModelFile.write(kind: "sum", tensors: parameters.map { ($0.name, $0.value) }, to: directory + "/best.quill")
    }

    func checkpointState() -> (tensors: [(name: String, tensor: Tensor)], values: [String: String]) {
        ([], ["dropout_generator": String(dropoutGenerator.state)])
    }

    func restoreCheckpointState(tensors: [String: Tensor], values: [String: String]) throws {
        dropoutGenerator.state = UInt64(values["dropout_generator"]!)!
    }
}

extension ThreadCountSensitiveTests {
@Suite struct TrainerTests {
    static func directory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quill-trainer-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func trainer(_ task: SumTask, epochs: Int, directory: String, checkpointEvery: Int? = 3,
                        averageDecay: Float? = nil) -> Trainer {
        var options = TrainingOptions(epochs: epochs, learningRate: 1e-2, modelKind: "sum")
        options.averageDecay = averageDecay
        options.checkpointPath = directory + "/run.checkpoint"
        options.checkpointEvery = checkpointEvery
        options.logPath = directory + "/log.csv"
        options.schedule = .cosine(total: epochs, minimum: 1e-3)
        return Trainer(options: options, optimizer: Adam(parameters: task.parameters.map { ($0.value, $0.gradient) }, learningRate: 1e-2))
    }

    @Test func trainsLogsAndKeepsTheBestModel() throws {
        let directory = try Self.directory()
        let task = SumTask(seed: 1, directory: directory)
        let before = task.validate().value
        var events: [TrainingEvent] = []
        let trainer = Self.trainer(task, epochs: 4, directory: directory)
        trainer.onEvent = { events.append($0) }
        let result = try trainer.run(task)
        #expect(result.steps == 32 && result.history.count == 4 && !result.interrupted)
        #expect(result.history.last!.validation.value < before / 3, "validation \(before) -> \(result.history.last!.validation.value)")
        #expect(task.savedEpochs.last == result.bestEpoch)
        #expect(FileManager.default.fileExists(atPath: directory + "/best.quill"))
        let log = try String(contentsOfFile: directory + "/log.csv", encoding: .utf8).split(separator: "\n")
        #expect(log.first == "step,epoch,batch,loss,validation,learning_rate,gradient_norm,seconds")
        #expect(log.count == 1 + 32 + 4)
        #expect(events.contains { if case .checkpointWritten = $0 { true } else { false } })
        let checkpoint = try ModelFile(contentsOf: directory + "/run.checkpoint", kinds: ["sum-checkpoint"])
        #expect(checkpoint.tensors.names.contains("optimizer.m.0") && checkpoint.tensors.names.contains("model.dense.weight"))
    }

    /// Stopping mid-epoch and resuming in a fresh process-like setup (new task, new optimizer)
    /// ends with the same parameters, losses and log as one run (at the same thread count).
    @Test func resumedRunEqualsUninterruptedRun() throws {
        let whole = try Self.directory(), parts = try Self.directory()

        let reference = SumTask(seed: 2, directory: whole)
        let referenceResult = try Self.trainer(reference, epochs: 3, directory: whole).run(reference)

        let first = SumTask(seed: 2, directory: parts)
        let interrupted = Self.trainer(first, epochs: 3, directory: parts)
        interrupted.stopRequested = { first.stepsRun == 13 }
        let partial = try interrupted.run(first)
        #expect(partial.interrupted && partial.steps == 13)

        let second = SumTask(seed: 2, weightSeed: 99, directory: parts)   // other initial weights: the checkpoint must replace them
        second.dropoutGenerator = SplitMix64(seed: 1234)
        let resumed = try Self.trainer(second, epochs: 3, directory: parts).run(second, resumingFrom: parts + "/run.checkpoint")

        #expect(resumed.steps == referenceResult.steps)
        #expect(resumed.history.map(\.trainingLoss) == referenceResult.history.map(\.trainingLoss))
        #expect(resumed.history.map(\.validation.value) == referenceResult.history.map(\.validation.value))
        for (a, b) in zip(reference.parameters, second.parameters) { #expect(a.value.values == b.value.values, "\(a.name)") }
        func losses(_ directory: String) throws -> [String] {
            try String(contentsOfFile: directory + "/log.csv", encoding: .utf8).split(separator: "\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).prefix(5).joined(separator: ",")
            }
        }
        #expect(try losses(parts) == losses(whole))
    }

    /// A kill mid-append can leave the log's last row torn anywhere, even inside its step ("1"
    /// of "14,2,6,..."), which would pass for step 1: resuming drops it, and the log ends as one
    /// run's.
    @Test func aTornLastLogRowLeftByAKillIsDroppedOnResume() throws {
        let whole = try Self.directory(), parts = try Self.directory()
        let reference = SumTask(seed: 2, directory: whole)
        _ = try Self.trainer(reference, epochs: 2, directory: whole).run(reference)

        let first = SumTask(seed: 2, directory: parts)
        let interrupted = Self.trainer(first, epochs: 2, directory: parts)
        interrupted.stopRequested = { first.stepsRun == 13 }
        _ = try interrupted.run(first)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: parts + "/log.csv"))
        try log.seekToEnd()
        try log.write(contentsOf: Data("1".utf8))
        try log.close()

        let second = SumTask(seed: 2, directory: parts)
        _ = try Self.trainer(second, epochs: 2, directory: parts).run(second, resumingFrom: parts + "/run.checkpoint")
        func rows(_ directory: String) throws -> [String] {
            try String(contentsOfFile: directory + "/log.csv", encoding: .utf8).split(separator: "\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
            }
        }
        #expect(try rows(parts) == rows(whole))
    }

    @Test func divergenceStopsAndKeepsTheLastGoodCheckpoint() throws {
        let directory = try Self.directory()
        let task = SumTask(seed: 3, directory: directory)
        task.nanAtStep = 11
        let trainer = Self.trainer(task, epochs: 3, directory: directory)
        #expect {
            try trainer.run(task)
        } throws: { error in
            guard case let .nonFinite(quantity, epoch, batch, step, _) = error as? TrainingError else { return false }
            return quantity == "loss" && epoch == 1 && batch == 2 && step == 11 && "\(error)".contains("run.checkpoint")
        }
        let checkpoint = try ModelFile(contentsOf: directory + "/run.checkpoint", kinds: ["sum-checkpoint"])
        #expect(checkpoint.metadata["optimizer_step"] == "9")
    }

    /// A run that fails before it saves anything (here its best model has nowhere to go, as on
    /// a full disk) leaves no log of its own and an earlier run's log as it was.
    @Test func aRunThatSavesNothingLeavesTheOldLogAlone() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "an earlier run's log\n".write(toFile: directory + "/log.csv", atomically: true, encoding: .utf8)
        let task = SumTask(seed: 7, directory: directory + "/missing-folder")
        let trainer = Self.trainer(task, epochs: 2, directory: directory, checkpointEvery: nil)
        #expect(throws: ModelFileError.self) { try trainer.run(task) }
        #expect(try String(contentsOfFile: directory + "/log.csv", encoding: .utf8) == "an earlier run's log\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["log.csv"])
    }

    @Test func stopsEarlyWithoutImprovement() throws {
        let directory = try Self.directory()
        let task = SumTask(seed: 4, directory: directory)
        task.frozenValidation = 1
        var options = TrainingOptions(epochs: 10, learningRate: 1e-2, modelKind: "sum")
        options.patience = 2
        let trainer = Trainer(options: options, optimizer: SGD(parameters: task.parameters.map { ($0.value, $0.gradient) }, learningRate: 0.1, momentum: 0.9))
        let result = try trainer.run(task)
        #expect(result.stoppedEarly && result.history.count == 3 && result.bestEpoch == 0)
    }

    /// A NaN validation score is never "best", and the checkpoint that records it still resumes.
    @Test func aNaNValidationScoreStillLeavesAResumableCheckpoint() throws {
        let directory = try Self.directory()
        let task = SumTask(seed: 6, directory: directory)
        task.frozenValidation = .nan
        let first = try Self.trainer(task, epochs: 1, directory: directory).run(task)
        #expect(first.bestEpoch == nil && first.history.first?.validation.value.isNaN == true)
        let resumed = try Self.trainer(task, epochs: 2, directory: directory).run(task, resumingFrom: directory + "/run.checkpoint")
        #expect(resumed.history.count == 2 && resumed.history.first?.validation.value.isNaN == true)
    }

    @Test func aCheckpointOfAnotherKindIsRefused() throws {
        let directory = try Self.directory()
        let task = SumTask(seed: 5, directory: directory)
        try ModelFile.write(kind: "tagger-checkpoint", tensors: [], to: directory + "/other.checkpoint")
        #expect {
            try Self.trainer(task, epochs: 1, directory: directory).run(task, resumingFrom: directory + "/other.checkpoint")
        } throws: { error in
            "\(error)".contains("'tagger-checkpoint' model") && "\(error)".contains("'sum-checkpoint'")
        }
    }

    /// Averaging changes what is validated and saved, not what is trained: the same losses and
    /// final weights as a run without it, validation and the best model on the moving average
    /// (recomputed here from the weights after every step), and the average in the checkpoint.
    @Test func anAveragedRunValidatesAndSavesTheAverageOfItsWeights() throws {
        let plain = try Self.directory(), averaged = try Self.directory()
        let reference = SumTask(seed: 8, directory: plain)
        let referenceResult = try Self.trainer(reference, epochs: 3, directory: plain).run(reference)

        let task = SumTask(seed: 8, directory: averaged)
        var expected = task.parameters.map { $0.value.values.map(Double.init) }
        let trainer = Self.trainer(task, epochs: 3, directory: averaged, averageDecay: 0.8)
        var lastValidation: Float?
        trainer.onEvent = { event in
            switch event {
            case let .stepFinished(_, _, _, step, _, _, _):
                let d = min(0.8, Double(1 + step) / Double(10 + step))
                expected = zip(expected, task.parameters).map { average, parameter in
                    zip(average, parameter.value.values).map { d * $0 + (1 - d) * Double($1) }
                }
            case let .epochFinished(summary):
                lastValidation = summary.validation.value
            default: break
            }
        }
        let result = try trainer.run(task)
        #expect(result.history.map(\.trainingLoss) == referenceResult.history.map(\.trainingLoss))
        for (a, b) in zip(reference.parameters, task.parameters) { #expect(a.value.values == b.value.values, "\(a.name)") }
        #expect(result.history.map(\.validation.value) != referenceResult.history.map(\.validation.value))

        let checkpoint = try ModelFile(contentsOf: averaged + "/run.checkpoint", kinds: ["sum-checkpoint"])
        for (parameter, want) in zip(task.parameters, expected) {
            let got = try checkpoint.tensors.tensor("average." + parameter.name).values
            for (g, w) in zip(got, want) { #expect(abs(Double(g) - w) <= 1e-5 * max(1, abs(w)), "\(parameter.name): \(g) vs \(w)") }
        }
        // The last epoch's score is the average's: put it in the weights and validate again.
        let scored = SumTask(seed: 8, directory: averaged)
        try checkpoint.load(scored.parameters, prefix: "average.")
        #expect(scored.validate().value == lastValidation)
        if result.bestEpoch == 2 {
            let best = try ModelFile(contentsOf: averaged + "/best.quill", kinds: ["sum"])
            for parameter in scored.parameters { #expect(try best.tensors.tensor(parameter.name).values == parameter.value.values) }
        }
    }

    /// The average is part of the run: an interrupted and resumed averaged run ends as one run,
    /// and a checkpoint resumes only with the averaging it was written with (the error says which).
    @Test func anAveragedRunResumesExactlyAndOnlyWithAveraging() throws {
        let whole = try Self.directory(), parts = try Self.directory()
        let reference = SumTask(seed: 9, directory: whole)
        let referenceResult = try Self.trainer(reference, epochs: 3, directory: whole, averageDecay: 0.9).run(reference)

        let first = SumTask(seed: 9, directory: parts)
        let interrupted = Self.trainer(first, epochs: 3, directory: parts, averageDecay: 0.9)
        interrupted.stopRequested = { first.stepsRun == 13 }
        _ = try interrupted.run(first)

        for otherDecay in [nil, 0.95] as [Float?] {
            let other = SumTask(seed: 9, directory: parts)
            #expect {
                try Self.trainer(other, epochs: 3, directory: parts, averageDecay: otherDecay).run(other, resumingFrom: parts + "/run.checkpoint")
            } throws: { error in
                "\(error)".contains("run.checkpoint") && "\(error)".contains("averaged the weights with decay 0.9; resume it with --average 0.9")
            }
        }
        let second = SumTask(seed: 9, weightSeed: 99, directory: parts)
        let resumed = try Self.trainer(second, epochs: 3, directory: parts, averageDecay: 0.9).run(second, resumingFrom: parts + "/run.checkpoint")
        #expect(resumed.history.map(\.validation.value) == referenceResult.history.map(\.validation.value))
        let a = try ModelFile(contentsOf: whole + "/run.checkpoint", kinds: ["sum-checkpoint"])
        let b = try ModelFile(contentsOf: parts + "/run.checkpoint", kinds: ["sum-checkpoint"])
        for parameter in second.parameters {
            #expect(try a.tensors.tensor("average." + parameter.name).values == b.tensors.tensor("average." + parameter.name).values)
            #expect(try a.tensors.tensor("model." + parameter.name).values == parameter.value.values)
        }

        let plain = try Self.directory()
        let unaveraged = SumTask(seed: 9, directory: plain)
        _ = try Self.trainer(unaveraged, epochs: 1, directory: plain).run(unaveraged)
        #expect {
            try Self.trainer(unaveraged, epochs: 2, directory: plain, averageDecay: 0.9).run(unaveraged, resumingFrom: plain + "/run.checkpoint")
        } throws: { error in
            "\(error)".contains("did not average the weights; resume it without --average")
        }
    }
}
}
