// Quill's side of the textgen benchmark (Benchmarks/run-textgen.sh): the shipped textgen
// configuration, trained and sampled through the code paths `textgen train` and `textgen sample`
// run, one JSON line per measurement in ../shared/peers/common.py's format (the PyTorch side is
// Benchmarks/peers/textgen_torch.py; variant names match so the two pair up).
//
//   W1  training: per batch exactly what the Trainer does: `task.zeroGradients()`,
//       `CharacterModelTrainingTask.trainBatch` (time-major batch from the corpus, forward with
//       dropout, carried state, softmax cross-entropy, backward), `clipGradients(_, 5)`,
//       `Adam.update()`. The corpus is random text over 65 characters (vocabulary 66 with <unk>),
//       written to a temporary file and read back by `CharacterCorpus`; 15 batches cycled, the
//       state carried from one to the next (batch 0, which resets it, is skipped).
//   W3  sampling at batch 1, temperature 0.8: `TextGenerator.generate(prime: "", length: 500)`
//       (chars/s); the same per character as a bare loop of `advance` + `Sampler.choose`
//       (chars/s, then every step timed: us/step).
//
// Usage: textgen-bench [--workloads w1,w3] [--cell gru|lstm] [--threads 2] [--repeats 7]
//                      [--target 1.5] [--warmup 3] [--min-steps 3] [--quick]
// Timing and records: BenchmarkHarness (a port of common.py, shared with recurrent-bench): warm-up calls, steps per
// repeat picked so a repeat lasts about --target s, --repeats repeats, median with min/max.
import BenchmarkHarness
import Foundation
import RecurrentCore
import TextGeneration
import VocabularyStore

// MARK: - The shipped configuration (keep in step with Benchmarks/peers/textgen_torch.py)

let alphabet = Array("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")   // 65, as tinyshakespeare
let (embeddingSize, hiddenSize, layerCount, dropout) = (64, 512, 2, Float(0.25))
let (batchSize, stepCount, learningRate, clipNorm, temperature) = (32, 100, Float(2e-3), Float(5), Float(0.8))
let vocabularySize = alphabet.count + 1

func modelName(_ cell: RecurrentCell) -> String {
    "textgen shipped: char-\(cell.rawValue) \(layerCount)x\(hiddenSize) emb\(embeddingSize) V\(vocabularySize)"
}

// MARK: - Settings

/// textgen-bench's settings: the common ones (timing, threads, workloads) and the cell.
struct Settings: BenchmarkSettings {
    var common = CommonSettings(workloads: ["w1", "w3"])
    var cell = RecurrentCell.gru
}

let tool = CommandLineTool(name: "textgen-bench", usage: """
    usage: textgen-bench [--workloads w1,w3] [--cell gru|lstm] [--threads N] [--repeats N] [--target S]
                         [--warmup N] [--min-steps N] [--quick]

    """)

func parseArguments() -> Settings {
    tool.parse(Settings(), knownWorkloads: ["w1", "w3"]) { flag, settings, arguments in
        guard flag == "--cell" else { return false }
        guard let cell = RecurrentCell(rawValue: arguments.value(flag)), cell != .rnn else { tool.fail("--cell is gru or lstm") }
        settings.cell = cell
        return true
    }
}

// MARK: - Workloads

func configuration(_ cell: RecurrentCell) -> CharacterModelConfiguration {
    CharacterModelConfiguration(cell: cell, layers: layerCount, hiddenSize: hiddenSize, embeddingSize: embeddingSize,
                                dropout: dropout)
}

/// W1: `textgen train`'s per-batch work (Trainer.run's loop body, without its log and events).
func train(_ settings: Settings, _ reporter: Reporter) throws {
    // Random text over the alphabet (each character once first, so all 65 are in the vocabulary):
    // 16 windows of 100 per stream in the training part, 10% more for validation (never read).
    var random = SplitMix64(seed: 42)
    let trainingCharacters = batchSize * (16 * stepCount + 1)
    let total = Int((Double(trainingCharacters) / 0.9).rounded(.up))
    var characters = alphabet
    while characters.count < total { characters.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
    let text = String(characters)
    let path = NSTemporaryDirectory() + "textgen-bench-\(getpid()).txt"
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    defer { unlink(path) }
    let training = CharacterTrainingSettings(steps: stepCount, batch: batchSize, seed: 1, validationFraction: 0.1)
    let corpus = try CharacterCorpus(path: path, validationFraction: training.validationFraction)
    precondition(corpus.vocabulary.count == vocabularySize, "vocabulary of \(corpus.vocabulary.count), not \(vocabularySize)")

    let model = CharacterLanguageModel(configuration: configuration(settings.cell), vocabulary: corpus.vocabulary)
    model.initialize(seed: training.seed)
    let task = try CharacterModelTrainingTask(model: model, corpus: corpus, settings: training, outputPath: "/dev/null")
    let optimizer = Adam(parameters: model.parameters.map { ($0.value, $0.gradient) }, learningRate: learningRate)
    let gradients = task.parameters.map(\.gradient)
    let batches = task.batchCount(epoch: 0)
    precondition(batches >= 2, "the corpus holds \(batches) batches")
    var index = 0
    var units = 0
    let result = timePerCall(settings.common) {
        index = index % (batches - 1) + 1   // 1 ..< batches: batch 0 would reset the carried state
        task.zeroGradients()
        let batch = task.trainBatch(epoch: 0, index: index)
        let norm = clipGradients(gradients, maximumNorm: clipNorm)
        precondition(batch.loss.isFinite && norm.isFinite, "non-finite loss or gradient")
        optimizer.update()
        units = batch.units
    }
    precondition(units == batchSize * stepCount)
    let variant = "\(modelName(settings.cell)) drop\(dropout) B\(batchSize) T\(stepCount) train(CE+Adam+clip, TBPTT)"
    reporter.throughput(reporter.base("W1", variant, threads: settings.threads), result,
                        unitsPerCall: Double(units), unit: "chars/s")
}

/// W3: batch-1 sampling at temperature 0.8, through `TextGenerator` and as the bare per-character loop.
func sample(_ settings: Settings, _ reporter: Reporter) {
    let vocabulary = Vocabulary(counting: alphabet.map { String($0) }, specials: .unknownOnly)
    precondition(vocabulary.count == vocabularySize)
    let model = CharacterLanguageModel(configuration: configuration(settings.cell), vocabulary: vocabulary)
    model.initialize(seed: 1)
    let name = "\(modelName(settings.cell)) sample B1 T\(temperature)"
    let options = SamplingOptions(temperature: temperature)

    // What `textgen sample` runs: reset, the start character, then per character a draw and a step.
    let generator = TextGenerator(model: model, options: options)
    var random = SplitMix64(seed: 7)
    let length = 500
    var generated = 0
    let whole = timePerCall(settings.common) {
        generated = generator.generate(prime: "", length: length, random: &random).text.count
    }
    precondition(generated == length)
    reporter.throughput(reporter.base("W3", "\(name) (step+softmax+multinomial) [TextGenerator.generate]",
                                      threads: settings.threads),
                        whole, unitsPerCall: Double(length), unit: "chars/s")

    // The same per character without the String: `advance` + `Sampler.choose` (torch's step).
    let state = model.makeGenerationState()
    var sampler = Sampler(options: options, excluded: [vocabulary.unknownID])
    var id = generator.startCharacterID
    let step = {
        let logits = model.advance(id, state: state)
        id = sampler.choose(logits, count: vocabularySize, random: random.nextUnitFloat()).id
    }
    let loop = timePerCall(settings.common, step)
    reporter.throughput(reporter.base("W3", "\(name) (step+softmax+multinomial)", threads: settings.threads), loop,
                        unitsPerCall: 1, unit: "chars/s")
    reporter.latency(reporter.base("W3", "\(name) latency", threads: settings.threads),
                     timeEachStep(settings.common, steps: min(loop.steps, 3000), step))
}

let settings = parseArguments()
Parallelism.threads = settings.threads
let reporter = Reporter(library: "TextGeneration")
do {
    if settings.workloads.contains("w1") { try train(settings, reporter) }
    if settings.workloads.contains("w3") { sample(settings, reporter) }
} catch {
    tool.fail("\(error)")
}
