// Quill's side of the tagger benchmark (Benchmarks/run-tagger.sh): workloads W4 and W5 of
// ../shared/peers/README.md through the public API of `SequenceTagging.TaggerModel`, one JSON line
// per measurement in ../shared/peers/common.py's format. The PyTorch side is
// ../shared/peers/bench_torch.py (`--workloads w4`, `--workloads w5`: `Tagger`, `tagger_infer`,
// `tagger_train`); variant names are the same so the two pair up (the table drops pytorch-crf's
// name and the `[...]` tags when pairing).
//
// The model: `TaggerConfiguration(wordEmbedding: 100, characterEmbedding: 0, shapeEmbedding: 0,
// hidden: 128, layers: 1, dropout: 0, wordDropout: 0, output: .softmax or .crf, lowercase: false)`
// over a word vocabulary of 20k ids (`<unk>` and 19,999 synthetic words) and 17 tags: torch's
// `Embedding(20000, 100)` → `LSTM(100, 128, bidirectional)` → `Linear(256, 17)`. The synthetic
// words are letters only ("wa", "wb", ..., "wbac"): the tagger's word form maps every decimal
// digit to 0 (`WordShape.normalizedForm`), so "w0" ... "w19998" would fall into five words.
// Sentences are 25 words drawn uniformly from the 20k (torch: `randint(0, 20000, (B, 25))`).
//
//   W4  inference: `model.predict(sentences)` on 32 sentences (one batch) and on 1, tags as
//       strings; softmax output (per-token argmax) and CRF output (Viterbi). tokens/s.
//   W5  training step, batch 32: `model.zeroGradients()`, `model.accumulateGradients(sentences:
//       tagIDs:generator:)` (encode, forward, token cross-entropy or CRF NLL, backward),
//       `Adam.update()` (lr 1e-3, no clipping, as torch); 8 fixed random batches cycled. tokens/s.
//   model  with `--model PATH` (a `tagger train` model file): `predict` over the whole of
//       `--corpus` (default EWT test, read with `CoNLLUReader`, tokens only; one timed call = one
//       pass), in file order in calls of 32 sentences (what `tagger annotate` does), one sentence
//       per call, in calls of 640 sentences (`predict` sorts each call's sentences by length
//       before cutting batches of 32, so much less padding), and the whole set in one call (what
//       `tagger evaluate` does). tokens/s.
//
// Usage: tagger-bench [--workloads w4,w5,model] [--model PATH] [--corpus PATH] [--only IDS] [--threads 2]
//                     [--repeats 7] [--target 1.5] [--warmup 3] [--min-steps 3] [--quick]
//   --only IDS  variants to run (default all): softmax-b32, softmax-b1, crf-b32, crf-b1 (W4),
//               train-ce, train-crf (W5), model-b32, model-b1, model-w640,
//               model-all (model); for profiling one
// Timing and records: BenchmarkHarness (a port of common.py): warm-up calls, steps per repeat
// picked so a repeat lasts about --target s, --repeats repeats, median with min/max.
import BenchmarkHarness
import Foundation
import RecurrentCore
import SequenceTagging
import VocabularyStore

// MARK: - W4 / W5 sizes (keep in step with ../shared/peers/bench_torch.py's Tagger)

let (vocabularySize, embeddingSize, hiddenSize, tagCount) = (20_000, 100, 128, 17)
let (sequenceLength, trainingBatch, learningRate) = (25, 32, Float(1e-3))
let tagNames = ["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
                "SCONJ", "SYM", "VERB", "X"]   // the 17 UPOS tags

/// Useful FLOPs per token of the forward (2 x multiply-adds of the matrix products, as RESULTS.md
/// counts them): both LSTM directions and the output layer; training is 3 x that.
let forwardFlopsPerToken = 2.0 * Double(2 * 4 * hiddenSize * (embeddingSize + hiddenSize) + 2 * hiddenSize * tagCount)

// MARK: - Settings

struct Settings: BenchmarkSettings {
    var common = CommonSettings(workloads: ["w4", "w5", "model"])
    var model: String?
    var corpus = "../shared/corpora/ud-english-ewt/en_ewt-ud-test.conllu"
    /// `--only`: run only these variants (nil: all).
    var only: Set<String>?

    func wants(variant id: String) -> Bool { only?.contains(id) ?? true }
}

let tool = CommandLineTool(name: "tagger-bench", usage: """
    usage: tagger-bench [--workloads w4,w5,model] [--model PATH] [--corpus PATH] [--only IDS] [--threads N]
                        [--repeats N] [--target S] [--warmup N] [--min-steps N] [--quick]
      --model PATH   a tagger model file: the `model` workload (skipped without it)
      --corpus PATH  CoNLL-U sentences for --model (default ../shared/corpora/ud-english-ewt/en_ewt-ud-test.conllu)
      --only IDS     softmax-b32,softmax-b1,crf-b32,crf-b1 (W4), train-ce,train-crf (W5),
                     model-b32,model-b1,model-w640,model-all (model); default all

    """)

func parseArguments() -> Settings {
    tool.parse(Settings(), knownWorkloads: ["w4", "w5", "model"]) { flag, settings, arguments in
        switch flag {
        case "--model": settings.model = arguments.value(flag)
        case "--corpus": settings.corpus = arguments.value(flag)
        case "--only":
            let ids = Set(arguments.value(flag).lowercased().split(separator: ",").map { String($0) })
            let unknown = ids.subtracting(["softmax-b32", "softmax-b1", "crf-b32", "crf-b1", "train-ce", "train-crf",
                                           "model-b32", "model-b1", "model-w640", "model-all"])
            guard unknown.isEmpty else { tool.fail("unknown --only ids \(unknown.sorted())") }
            settings.only = ids
        default: return false
        }
        return true
    }
}

// MARK: - The synthetic model and data

/// "w" + `index` in base 26 over a–z: distinct, digit-free spellings.
func syntheticWord(_ index: Int) -> String {
    var letters: [Character] = []
    var rest = index
    repeat {
        letters.append(Character(UnicodeScalar(UInt8(97 + rest % 26))))
        rest /= 26
    } while rest > 0
    return "w" + String(letters.reversed())
}

let words: Vocabulary = {
    let vocabulary = Vocabulary(counting: (0..<(vocabularySize - 1)).map(syntheticWord), specials: .unknownOnly)
    precondition(vocabulary.count == vocabularySize, "word vocabulary of \(vocabulary.count), not \(vocabularySize)")
    return vocabulary
}()

func makeModel(_ output: TaggerConfiguration.Output) -> TaggerModel {
    let configuration = TaggerConfiguration(wordEmbedding: embeddingSize, characterEmbedding: 0, shapeEmbedding: 0,
                                            hidden: hiddenSize, layers: 1, dropout: 0, wordDropout: 0, output: output,
                                            lowercase: false)
    let characters = Vocabulary(counting: "abcdefghijklmnopqrstuvwxyz".map(String.init), specials: .unknownOnly)
    let tags: LabelSet
    do { tags = try LabelSet(tagNames) } catch { tool.fail("label set: \(error)") }
    let model = TaggerModel(configuration: configuration, words: words, characters: characters, tags: tags)
    model.initialize(seed: 1)
    return model
}

/// `count` sentences of 25 words, each drawn uniformly from the 20k ids (so `<unk>` too, as torch's
/// id 0); every word reads back as its own id.
func randomSentences(_ count: Int, _ random: inout SplitMix64) -> [[String]] {
    (0..<count).map { _ in
        (0..<sequenceLength).map { _ in
            let id = Int(random.next() % UInt64(vocabularySize))
            let word = words.token(for: id)
            precondition(words.id(for: word) == id)
            return word
        }
    }
}

func outputName(_ output: TaggerConfiguration.Output) -> String { output == .crf ? "CRF" : "softmax" }

// MARK: - Workloads

/// W4: `predict` at batch 32 and 1, softmax (argmax) and CRF (Viterbi).
func infer(_ settings: Settings, _ reporter: Reporter) {
    for output in [TaggerConfiguration.Output.softmax, .crf] {
        let batches = [32, 1].filter { settings.wants(variant: "\(outputName(output).lowercased())-b\($0)") }
        guard !batches.isEmpty else { continue }
        let model = makeModel(output)
        for batch in batches {
            var random = SplitMix64(seed: 3)
            let sentences = randomSentences(batch, &random)
            var tagged = 0
            let result = timePerCall(settings.common) {
                tagged = model.predict(sentences).reduce(0) { $0 + $1.tags.count }
            }
            precondition(tagged == batch * sequenceLength)
            // bench_torch.py's names: tagger_infer (softmax) and tagger_train(crf=True)'s decode (CRF).
            let variant = output == .crf
                ? "BiLSTM-CRF tagger infer T\(sequenceLength) B\(batch) (Viterbi) [TaggerModel.predict]"
                : "BiLSTM tagger infer V20k E\(embeddingSize) H\(hiddenSize)x2 \(tagCount) tags T\(sequenceLength) B\(batch) (+argmax) [TaggerModel.predict]"
            reporter.throughput(reporter.base("W4", variant, threads: settings.threads), result,
                                unitsPerCall: Double(batch * sequenceLength), unit: "tokens/s",
                                extras: Extras(flopsPerUnit: forwardFlopsPerToken))
        }
    }
}

/// W5: one training step at batch 32 (zero, accumulate, Adam), cross-entropy and CRF.
func train(_ settings: Settings, _ reporter: Reporter) {
    for output in [TaggerConfiguration.Output.softmax, .crf] where settings.wants(variant: output == .crf ? "train-crf" : "train-ce") {
        let model = makeModel(output)
        let optimizer = Adam(parameters: model.parameters.map { ($0.value, $0.gradient) }, learningRate: learningRate)
        var random = SplitMix64(seed: 5)
        let batches: [(sentences: [[String]], tags: [[Int]])] = (0..<8).map { _ in
            let sentences = randomSentences(trainingBatch, &random)
            let tags = sentences.map { $0.map { _ in Int(random.next() % UInt64(tagCount)) } }
            return (sentences, tags)
        }
        var generator = SplitMix64(seed: 9)   // dropout 0: never drawn from
        var index = 0
        var tokens = 0
        let result = timePerCall(settings.common) {
            let batch = batches[index % batches.count]
            index += 1
            model.zeroGradients()
            let step = model.accumulateGradients(sentences: batch.sentences, tagIDs: batch.tags, generator: &generator)
            precondition(step.loss.isFinite, "non-finite loss")
            optimizer.update()
            tokens = step.tokens
        }
        precondition(tokens == trainingBatch * sequenceLength)
        let loss = output == .crf ? "CRF NLL+Adam" : "CE+Adam"
        let variant = "BiLSTM tagger train V20k E\(embeddingSize) H\(hiddenSize)x2 \(tagCount) tags T\(sequenceLength) B\(trainingBatch) \(loss)"
        reporter.throughput(reporter.base("W5", variant, threads: settings.threads), result,
                            unitsPerCall: Double(tokens), unit: "tokens/s",
                            extras: Extras(flopsPerUnit: 3 * forwardFlopsPerToken))
    }
}

/// A model file's own configuration on real sentences: `predict` over the whole corpus, three ways.
func realModel(_ settings: Settings, _ reporter: Reporter) throws {
    guard let path = settings.model else {
        writeOut("tagger-bench: no --model, the model workload is skipped\n", to: 2)
        return
    }
    let model = try TaggerModel(contentsOf: path)
    let sentences = try CoNLLUReader.readAll(path: settings.corpus, tagColumn: nil).map(\.tokens).filter { !$0.isEmpty }
    let tokens = sentences.reduce(0) { $0 + $1.count }
    precondition(tokens > 0, "no tokens in \(settings.corpus)")
    let c = model.configuration
    let name = (path as NSString).lastPathComponent
    let corpus = ((settings.corpus as NSString).lastPathComponent as NSString).deletingPathExtension
    let characters = c.characterEmbedding > 0 ? "chars \(c.characterEmbedding)->2x\(c.characterHidden)" : "no chars"
    let shape = "\(name): BiLSTM \(c.layers)x\(c.hidden) \(c.output == .crf ? "CRF" : "softmax") (words \(c.wordEmbedding) "
        + "V\(model.words.count), \(characters), shape \(c.shapeEmbedding)\(c.attention ? ", attention" : ""); "
        + "\(model.tags.count) tags) \(corpus) \(sentences.count) sentences"
    func chunks(_ size: Int) -> [[[String]]] {
        stride(from: 0, to: sentences.count, by: size).map { Array(sentences[$0..<min(sentences.count, $0 + size)]) }
    }
    let (batched, windows) = (chunks(TaggerModel.predictionBatch), chunks(20 * TaggerModel.predictionBatch))
    let ways: [(id: String, name: String, pass: () -> Int)] = [
        ("model-b32", "predict B32 in file order (tagger annotate)", { batched.reduce(0) { $0 + model.predict($1).reduce(0) { $0 + $1.tags.count } } }),
        ("model-b1", "predict B1", { sentences.reduce(0) { $0 + model.predict([$1])[0].tags.count } }),
        ("model-w640", "predict per 640 sentences in file order (B32 sorted by length inside)",
         { windows.reduce(0) { $0 + model.predict($1).reduce(0) { $0 + $1.tags.count } } }),
        ("model-all", "predict all at once, B32 sorted by length (tagger evaluate)", { model.predict(sentences).reduce(0) { $0 + $1.tags.count } }),
    ]
    for (id, way, pass) in ways where settings.wants(variant: id) {
        // One call is one pass over the corpus (a second or more, about --target): one warm-up
        // pass, then --repeats repeats of one pass each.
        var tagged = pass()
        let result = timePerCall(settings.common, steps: 1) { tagged = pass() }
        precondition(tagged == tokens)
        reporter.throughput(reporter.base("W4-model", "\(shape) — \(way)", threads: settings.threads), result,
                            unitsPerCall: Double(tokens), unit: "tokens/s")
    }
}

let settings = parseArguments()
Parallelism.threads = settings.threads
let reporter = Reporter(library: "SequenceTagging")
do {
    if settings.wants("w4") { infer(settings, reporter) }
    if settings.wants("w5") { train(settings, reporter) }
    if settings.wants("model") { try realModel(settings, reporter) }
} catch {
    tool.fail("\(error)")
}
