import FileOutput
import Foundation
import RecurrentCore
import VocabularyStore

/// Everything `tagger train` needs, as a value (the command parses into it; tests build it).
public struct TaggerTrainingRequest: TrainingRunRequest, Sendable {
    public var trainPath: String
    public var devPath: String
    public var trainFormat: TaggingFileFormat
    public var devFormat: TaggingFileFormat
    /// The files' entity scheme (nil: BIO when the tags are entity tags).
    public var scheme: TagScheme?
    /// Entity types to keep; the others become `O` (nil: all).
    public var types: Set<String>?
    public var configuration = TaggerConfiguration()
    /// A column to learn beside the tags with an auxiliary output, spelled as for `--column` (nil:
    /// none; `tagger train` refuses the tag column itself). Its loss weight is
    /// ``TaggerTrainingSettings/auxiliaryWeight``; a resumed run must name the checkpoint's column.
    public var auxiliaryColumn: String?
    public var settings = TaggerTrainingSettings()
    public var epochs = 30
    public var learningRate: Float = 2e-3
    /// Default: cosine decay to a tenth of the rate over `epochs`.
    public var schedule: LearningRateSchedule?
    public var clipNorm: Float? = 5
    /// Stop after this many epochs without a better dev score (nil: never).
    public var patience: Int? = 6
    /// Validate and keep an exponential moving average of the weights with this decay (nil: off).
    public var averageDecay: Float?
    /// The best model (by dev score) is written here.
    public var outputPath: String
    /// Checkpoint every this many steps as well as after each epoch (nil: epochs only).
    public var checkpointEvery: Int?
    /// Continue the run this checkpoint holds (its model shape and settings win).
    public var resumePath: String?
    /// The command line, recorded in the model's metadata.
    public var command = ""

    public init(trainPath: String, devPath: String, trainFormat: TaggingFileFormat, devFormat: TaggingFileFormat,
                outputPath: String) {
        self.trainPath = trainPath
        self.devPath = devPath
        self.trainFormat = trainFormat
        self.devFormat = devFormat
        self.outputPath = outputPath
    }

    public static let plotName = "dev"
}

/// Trains a tagger: reads the data (or the checkpoint to resume), builds the model, runs the
/// ``Trainer`` with Adam, and keeps the best model by dev score, a checkpoint, the CSV log and the
/// SVG plot of the dev score beside `outputPath`.
public enum TaggerTraining {
    /// What `run` prepared, for the caller's display before training starts.
    public struct Plan: Sendable {
        public var trainSentences: Int
        public var trainTokens: Int
        public var devSentences: Int
        public var words: Int
        public var characters: Int
        public var tags: [String]
        /// The auxiliary column's tags (empty without one).
        public var auxiliaryTags: [String]
        public var parameterCount: Int
        public var configuration: TaggerConfiguration
        public var settings: TaggerTrainingSettings
        public var resumed: Bool
    }

    @discardableResult
    public static func run(_ request: TaggerTrainingRequest,
                           prepared: (Plan) -> Void = { _ in },
                           onEvent: @escaping (TrainingEvent) -> Void = { _ in },
                           stopRequested: @escaping () -> Bool = { false }) throws -> TrainingResult {
        if let reason = OutputLocation.problem(writing: request.outputPath) {
            throw TaggerError.unwritableOutput(path: request.outputPath, reason: reason)
        }
        let corpus = try TaggerCorpus(trainPath: request.trainPath, trainFormat: request.trainFormat, devPath: request.devPath,
                                      devFormat: request.devFormat, scheme: request.scheme, types: request.types,
                                      auxiliaryColumn: request.auxiliaryColumn)
        let model: TaggerModel
        let settings: TaggerTrainingSettings
        if let resumePath = request.resumePath {
            let checkpoint = try ModelFile(contentsOf: resumePath, kinds: [TaggerModel.kind + "-checkpoint"])
            model = try TaggerModel(file: checkpoint, prefix: "model.", metadataPrefix: "task.")
            guard let stored = try? JSONDecoder().decode(TaggerTrainingSettings.self, from: Data(try checkpoint.value("task.settings").utf8)) else {
                throw ModelFileError.invalidMetadata(source: resumePath, key: "task.settings", problem: "not tagger training settings")
            }
            settings = stored
            let checksum = try checkpoint.value("task.data_crc32")
            guard checksum == corpus.checksum else {
                throw TaggerError.resumeMismatch(checkpoint: resumePath,
                    problem: "it was trained on other data (CRC-32 \(checksum); \(request.trainPath) and \(request.devPath) have \(corpus.checksum))")
            }
            if let problem = auxiliaryMismatch(stored: model.configuration.auxiliaryColumn, requested: corpus.auxiliaryColumn) {
                throw TaggerError.resumeMismatch(checkpoint: resumePath, problem: problem)
            }
        } else {
            settings = request.settings
            var configuration = request.configuration
            configuration.labelScheme = corpus.labelScheme
            configuration.fileScheme = corpus.fileScheme
            configuration.tagName = corpus.labelScheme != nil ? "ner" : request.trainFormat.tagName
            configuration.auxiliaryColumn = corpus.auxiliaryColumn
            model = TaggerModel(configuration: configuration, words: corpus.wordVocabulary(lowercase: configuration.lowercase),
                                characters: corpus.characterVocabulary(), tags: corpus.tagSet(),
                                auxiliaryTags: corpus.auxiliaryTagSet())
            model.initialize(seed: settings.seed)
        }
        let task = TaggerTrainingTask(model: model, corpus: corpus, settings: settings, outputPath: request.outputPath)
        task.provenance = [
            "train": (request.trainPath as NSString).lastPathComponent,
            "dev": (request.devPath as NSString).lastPathComponent,
            "data_crc32": corpus.checksum,
            "command": request.command,
        ]
        prepared(Plan(trainSentences: corpus.train.count, trainTokens: corpus.trainingTokenCount, devSentences: corpus.dev.count,
                      words: model.words.count, characters: model.characters.count, tags: model.tags.labels,
                      auxiliaryTags: model.auxiliaryTags?.labels ?? [],
                      parameterCount: model.parameterCount, configuration: model.configuration, settings: settings,
                      resumed: request.resumePath != nil))

        var options = request.trainingOptions(modelKind: TaggerModel.kind, schedule: request.schedule)
        options.plotTitle = "tagger: \((request.trainPath as NSString).lastPathComponent), BiLSTM \(model.configuration.layers)x\(model.configuration.hidden)"
            + (model.configuration.output == .crf ? "-CRF" : "")
        options.validationLabel = model.configuration.isEntityTagging ? "dev F1" : "dev accuracy (%)"
        options.validationIsLoss = false

        let optimizer = Adam(parameters: model.parameters.map { ($0.value, $0.gradient) }, learningRate: request.learningRate)
        let trainer = Trainer(options: options, optimizer: optimizer)
        trainer.onEvent = onEvent
        trainer.stopRequested = stopRequested
        return try trainer.run(task, resumingFrom: request.resumePath)
    }

    /// Why a checkpoint whose model learns the auxiliary column `stored` cannot continue with
    /// `requested` (both as ``TaggerConfiguration/auxiliaryColumn`` spells them), or nil.
    static func auxiliaryMismatch(stored: String?, requested: String?) -> String? {
        switch (stored, requested) {
        case let (stored?, requested?) where stored != requested:
            "it was trained with --auxiliary-column \(stored), not \(requested)"
        case let (stored?, nil):
            "it was trained with --auxiliary-column \(stored); give the same to resume"
        case let (nil, requested?):
            "it was trained without --auxiliary-column, not with --auxiliary-column \(requested)"
        default:
            nil
        }
    }
}
