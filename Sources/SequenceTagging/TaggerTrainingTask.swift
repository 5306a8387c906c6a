import Foundation
import RecurrentCore
import VocabularyStore

/// How a tagger is trained, beyond its shape: recorded in checkpoints (metadata `task.settings`)
/// so a resumed run continues with the same batches.
public struct TaggerTrainingSettings: Codable, Equatable, Sendable {
    /// Sentences per batch.
    public var batch: Int
    public var seed: UInt64
    /// The weight of the auxiliary output's loss against the main loss (both per sentence with a
    /// CRF, both per token with a softmax; see ``TaggerModel/auxiliaryLoss(scores:input:tagIDs:weight:)``).
    /// Only a model with an auxiliary output uses it; settings stored without it read as 1.
    public var auxiliaryWeight: Float

    public init(batch: Int = 32, seed: UInt64 = 1, auxiliaryWeight: Float = 1) {
        self.batch = batch
        self.seed = seed
        self.auxiliaryWeight = auxiliaryWeight
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        batch = try container.decode(Int.self, forKey: .batch)
        seed = try container.decode(UInt64.self, forKey: .seed)
        auxiliaryWeight = try container.decodeIfPresent(Float.self, forKey: .auxiliaryWeight) ?? 1
    }
}

/// Mini-batch training of a ``TaggerModel`` on a ``TaggerCorpus`` for the ``Trainer``.
///
/// Each epoch shuffles the training sentences (from the seed and the epoch), sorts each run of
/// 20 batches' worth by length so a batch holds sentences of similar length (little padding),
/// cuts them into batches and shuffles the batches. Dropout and word dropout in batch `i` of epoch
/// `e` draw from a generator seeded by (seed, e, i), so batches are the same however a run is
/// interrupted and resumed. Validation tags the dev sentences and scores them (accuracy or F1).
public final class TaggerTrainingTask: TrainingTask {
    public let model: TaggerModel
    public let corpus: TaggerCorpus
    public let settings: TaggerTrainingSettings
    /// Where ``saveBestModel(epoch:validation:)`` writes.
    public let outputPath: String
    /// Written into the best model's metadata (corpus, command), plus its scores.
    public var provenance: [String: String] = [:]
    /// The last validation's full score.
    public private(set) var lastScore: TaggingScore?
    /// The last validation's auxiliary accuracy (nil without auxiliary dev tags).
    public private(set) var lastAuxiliaryAccuracy: TokenAccuracy?

    /// Training count of each word id (for word dropout).
    private let wordCounts: [Int]
    private var epochBatches: (epoch: Int, batches: [[Int]])?

    public init(model: TaggerModel, corpus: TaggerCorpus, settings: TaggerTrainingSettings, outputPath: String) {
        self.model = model
        self.corpus = corpus
        self.settings = settings
        self.outputPath = outputPath
        wordCounts = model.words.tokens.enumerated().map { id, token in id == model.words.unknownID ? 0 : model.words.count(of: token) }
    }

    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] { model.parameters }

    /// The sentence indices of each batch of `epoch`.
    func batches(epoch: Int) -> [[Int]] {
        if let epochBatches, epochBatches.epoch == epoch { return epochBatches.batches }
        var generator = SplitMix64(seed: settings.seed &+ UInt64(epoch + 1) &* 0x9E37_79B9_7F4A_7C15)
        var order = Array(corpus.train.indices)
        Self.shuffle(&order, using: &generator)
        let bucket = settings.batch * 20
        var batches: [[Int]] = []
        for start in stride(from: 0, to: order.count, by: bucket) {
            let run = order[start..<min(order.count, start + bucket)].sorted {
                (corpus.train[$0].tokens.count, $0) < (corpus.train[$1].tokens.count, $1)
            }
            for batchStart in stride(from: 0, to: run.count, by: settings.batch) {
                batches.append(Array(run[batchStart..<min(run.count, batchStart + settings.batch)]))
            }
        }
        Self.shuffle(&batches, using: &generator)
        epochBatches = (epoch, batches)
        return batches
    }

    /// Fisher-Yates with a ``SplitMix64``.
    static func shuffle<T>(_ array: inout [T], using generator: inout SplitMix64) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            array.swapAt(i, j)
        }
    }

    public func batchCount(epoch: Int) -> Int { batches(epoch: epoch).count }

    public func trainBatch(epoch: Int, index: Int) -> (loss: Float, units: Int) {
        let members = batches(epoch: epoch)[index]
        let sentences = members.map { corpus.train[$0] }
        var generator = SplitMix64(seed: settings.seed ^ (UInt64(epoch) << 32 | UInt64(index)) &* 0xD1B5_4A32_D192_ED03)
        let alpha = model.configuration.wordDropout
        var wordGenerator = SplitMix64(seed: generator.next())
        let counts = wordCounts
        let tagIDs = sentences.map { sentence in sentence.tags.map { model.tags.id(for: $0) ?? 0 } }
        var auxiliaryTagIDs: [[Int]]?
        if let labels = model.auxiliaryTags, let all = corpus.trainAuxiliaryTags {
            auxiliaryTagIDs = members.map { member in all[member].map { labels.id(for: $0) ?? 0 } }
        }
        let result = model.accumulateGradients(sentences: sentences.map(\.tokens), tagIDs: tagIDs, auxiliaryTagIDs: auxiliaryTagIDs,
                                               auxiliaryWeight: settings.auxiliaryWeight, generator: &generator,
                                               keepWord: alpha > 0 ? { id in
                                                   wordGenerator.nextUnitFloat() >= alpha / (alpha + Float(counts[id]))
                                               } : nil)
        return (result.loss, result.tokens)
    }

    public func zeroGradients() { model.zeroGradients() }

    /// Scores the dev sentences: the main score decides; the auxiliary accuracy, when the dev file
    /// has the auxiliary column, is added to the summary ("dev accuracy 95.10%, XPOS accuracy 94.20%").
    public func validate() -> Validation {
        let auxiliaryTags = model.auxiliaryTags == nil ? nil : corpus.devAuxiliaryTags
        let (score, auxiliaryAccuracy) = Self.score(model, on: corpus.dev, scheme: corpus.labelScheme, auxiliaryTags: auxiliaryTags)
        lastScore = score
        lastAuxiliaryAccuracy = auxiliaryAccuracy
        var summary = "dev " + score.summary
        if let auxiliaryAccuracy, let name = model.configuration.auxiliaryTagName {
            summary += ", \(name) accuracy \(TaggingScore.format(auxiliaryAccuracy.accuracyPercent))%"
        }
        return Validation(value: Float(score.headline), higherIsBetter: true, summary: summary)
    }

    /// Tags `sentences` with `model` (tags written in `scheme`) and scores them against their tags,
    /// and, given `auxiliaryTags` (one per token, beside each sentence's tags), the auxiliary
    /// output's accuracy against them.
    public static func score(_ model: TaggerModel, on sentences: [TaggedSentence], scheme: TagScheme?,
                             auxiliaryTags: [[String]]? = nil) -> (score: TaggingScore, auxiliary: TokenAccuracy?) {
        let predictions = model.predict(sentences.map(\.tokens), scheme: scheme, auxiliary: auxiliaryTags != nil)
        var score = TaggingScore(entities: model.configuration.isEntityTagging)
        for (sentence, prediction) in zip(sentences, predictions) {
            try? score.add(gold: sentence.tags, predicted: prediction.tags)
        }
        guard let auxiliaryTags, model.auxiliaryTags != nil else { return (score, nil) }
        var accuracy = TokenAccuracy()
        for (gold, prediction) in zip(auxiliaryTags, predictions) {
            try? accuracy.add(gold: gold, predicted: prediction.auxiliaryTags)
        }
        return (score, accuracy)
    }

    public func saveBestModel(epoch: Int, validation: Validation) throws {
        var metadata = provenance
        metadata["dev_score"] = validation.summary
        metadata["epoch"] = String(epoch + 1)
        try model.write(to: outputPath, provenance: metadata)
    }

    // MARK: Checkpoints

    public func checkpointState() -> (tensors: [(name: String, tensor: Tensor)], values: [String: String]) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var values = model.describingMetadata
        values["settings"] = String(decoding: (try? encoder.encode(settings)) ?? Data(), as: UTF8.self)
        values["data_crc32"] = corpus.checksum
        return ([], values)
    }

    public func restoreCheckpointState(tensors: [String: Tensor], values: [String: String]) throws {
        if let stored = values["data_crc32"], stored != corpus.checksum {
            throw TaggerError.resumeMismatch(checkpoint: "checkpoint",
                problem: "it was trained on other data (CRC-32 \(stored); \(corpus.trainPath) and \(corpus.devPath) have \(corpus.checksum))")
        }
    }
}
