import Foundation
import FileOutput
import RecurrentCore
import VocabularyStore

/// Everything `textgen train` needs, as a value (the command parses into it; tests build it).
public struct CharacterTrainingRequest: TrainingRunRequest, Sendable {
    public var corpusPath: String
    public var configuration = CharacterModelConfiguration()
    public var settings = CharacterTrainingSettings()
    public var epochs = 20
    public var learningRate: Float = 2e-3
    /// Cosine decay to a tenth of the rate over `epochs` (`.constant` to keep it).
    public var schedule: LearningRateSchedule?
    public var clipNorm: Float? = 5
    /// Stop after this many epochs without a better validation loss (nil: never).
    public var patience: Int? = 3
    /// Validate and keep an exponential moving average of the weights with this decay (nil: off).
    public var averageDecay: Float?
    /// The best model (by validation loss) is written here.
    public var outputPath: String
    /// Checkpoint every this many steps as well as after each epoch (nil: epochs only).
    public var checkpointEvery: Int?
    /// Continue the run this checkpoint holds (its model shape and settings win over the
    /// request's).
    public var resumePath: String?
    /// The command line, recorded in the model's metadata.
    public var command = ""

    public init(corpusPath: String, outputPath: String) {
        self.corpusPath = corpusPath
        self.outputPath = outputPath
    }

    public static let plotName = "loss"
}

/// Trains a character model: reads the corpus (or the checkpoint to resume), builds the model,
/// runs the ``Trainer`` with Adam, and keeps the best model, a checkpoint, the CSV log and the SVG
/// loss curves beside `outputPath`.
public enum CharacterModelTraining {
    /// What `run` prepared, for the caller's display before training starts.
    public struct Plan: Sendable {
        public var corpus: String
        public var trainingCharacters: Int
        public var validationCharacters: Int
        public var vocabularySize: Int
        public var parameterCount: Int
        public var configuration: CharacterModelConfiguration
        public var settings: CharacterTrainingSettings
        public var resumed: Bool
    }

    /// Runs the request. `prepared` is called once the corpus and model are ready; `sample` with
    /// the text generated after each epoch's validation.
    @discardableResult
    public static func run(_ request: CharacterTrainingRequest,
                           prepared: (Plan) -> Void = { _ in },
                           onEvent: @escaping (TrainingEvent) -> Void = { _ in },
                           sample: @escaping (String) -> Void = { _ in },
                           stopRequested: @escaping () -> Bool = { false }) throws -> TrainingResult {
        if let reason = OutputLocation.problem(writing: request.outputPath) {
            throw TextGenerationError.unwritableOutput(path: request.outputPath, reason: reason)
        }
        let model: CharacterLanguageModel
        let settings: CharacterTrainingSettings
        let corpus: CharacterCorpus
        if let resumePath = request.resumePath {
            let checkpoint = try ModelFile(contentsOf: resumePath, kinds: [CharacterLanguageModel.kind + "-checkpoint"])
            model = try CharacterLanguageModel(file: checkpoint, prefix: "model.", metadataPrefix: "task.")
            let settingsJSON = try checkpoint.value("task.settings")
            guard let stored = try? JSONDecoder().decode(CharacterTrainingSettings.self, from: Data(settingsJSON.utf8)) else {
                throw ModelFileError.invalidMetadata(source: resumePath, key: "task.settings", problem: "not textgen training settings")
            }
            settings = stored
            corpus = try CharacterCorpus(path: request.corpusPath, validationFraction: settings.validationFraction,
                                         vocabulary: model.vocabulary)
            let checksum = try checkpoint.value("task.corpus_crc32")
            guard checksum == corpus.checksum else {
                throw TextGenerationError.resumeMismatch(checkpoint: resumePath,
                    problem: "it was trained on another corpus (CRC-32 \(checksum); \(request.corpusPath) has \(corpus.checksum))")
            }
        } else {
            settings = request.settings
            corpus = try CharacterCorpus(path: request.corpusPath, validationFraction: settings.validationFraction)
            model = CharacterLanguageModel(configuration: request.configuration, vocabulary: corpus.vocabulary)
            model.initialize(seed: settings.seed)
        }
        let task = try CharacterModelTrainingTask(model: model, corpus: corpus, settings: settings, outputPath: request.outputPath)
        task.provenance = [
            "corpus": (request.corpusPath as NSString).lastPathComponent,
            "corpus_crc32": corpus.checksum,
            "corpus_bytes": String(corpus.byteCount),
            "command": request.command,
            "settings": task.settingsJSON,   // (keys sorted: equal runs write equal files)
        ]
        prepared(Plan(corpus: request.corpusPath, trainingCharacters: corpus.training.count,
                      validationCharacters: corpus.validation.count, vocabularySize: corpus.vocabulary.count,
                      parameterCount: model.parameterCount, configuration: model.configuration, settings: settings,
                      resumed: request.resumePath != nil))

        var options = request.trainingOptions(modelKind: CharacterLanguageModel.kind, schedule: request.schedule)
        options.plotTitle = "textgen: \((request.corpusPath as NSString).lastPathComponent), \(model.configuration.layers)x\(model.configuration.hiddenSize) \(model.configuration.cell.rawValue.uppercased())"
        options.validationLabel = "validation loss (nats/char)"
        options.validationIsLoss = true

        let optimizer = Adam(parameters: model.parameters.map { ($0.value, $0.gradient) }, learningRate: request.learningRate)
        let trainer = Trainer(options: options, optimizer: optimizer)
        trainer.onEvent = { event in
            onEvent(event)
            if case .epochFinished = event, let text = task.lastSample { sample(text) }
        }
        trainer.stopRequested = stopRequested
        return try trainer.run(task, resumingFrom: request.resumePath)
    }
}
