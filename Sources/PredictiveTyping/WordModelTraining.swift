import Foundation
import FileOutput
import RecurrentCore
import VocabularyStore

/// Everything `autocomplete train` needs, as a value (the command parses into it; tests build it).
public struct WordTrainingRequest: TrainingRunRequest, Sendable {
    public var corpusPaths: [String]
    /// Held-out text; without it the last sentences of each corpus file are held out.
    public var validationPaths: [String] = []
    /// One sentence per line, tokens separated by spaces (see ``WordCorpus``).
    public var pretokenized = false
    public var configuration = WordModelConfiguration()
    public var settings = WordTrainingSettings()
    public var epochs = 10
    public var learningRate: Float = 2e-3
    public var clipNorm: Float? = 1
    public var patience: Int? = 3
    /// Validate and keep an exponential moving average of the weights with this decay (nil: off).
    public var averageDecay: Float?
    public var outputPath: String
    public var checkpointEvery: Int?
    /// Continue the run this checkpoint holds (its model shape, vocabulary and settings win).
    public var resumePath: String?
    /// The command line, recorded in the model's metadata.
    public var command = ""

    public init(corpusPaths: [String], outputPath: String) {
        self.corpusPaths = corpusPaths
        self.outputPath = outputPath
    }

    public static let plotName = "perplexity"
}

/// Trains a word model: reads the corpus, builds the vocabulary and lexicon (or takes them from
/// the checkpoint to resume), runs the ``Trainer`` with Adam and a cosine schedule, and keeps the
/// best model by validation perplexity, a checkpoint, the CSV log and the SVG curves beside it.
public enum WordModelTraining {
    /// What `run` prepared, for the caller's display before training starts.
    public struct Plan: Sendable {
        public var corpusFiles: Int
        public var trainingTokens: Int
        public var validationTokens: Int
        public var vocabularySize: Int
        /// The share of training tokens the vocabulary covers (the rest are `<unk>`).
        public var coverage: Double
        public var extraWords: Int
        public var parameterCount: Int
        public var configuration: WordModelConfiguration
        public var settings: WordTrainingSettings
        public var resumed: Bool
    }

    @discardableResult
    public static func run(_ request: WordTrainingRequest,
                           prepared: (Plan) -> Void = { _ in },
                           onEvent: @escaping (TrainingEvent) -> Void = { _ in },
                           stopRequested: @escaping () -> Bool = { false }) throws -> TrainingResult {
        guard !request.corpusPaths.isEmpty else { throw PredictiveTypingError.noCorpus }
        if let reason = OutputLocation.problem(writing: request.outputPath) {
            throw PredictiveTypingError.unwritableOutput(path: request.outputPath, reason: reason)
        }
        let typing = try TypingText()
        let corpus = try WordCorpus(paths: request.corpusPaths, typingText: typing, pretokenized: request.pretokenized)
        guard corpus.tokenCount > 0 else { throw PredictiveTypingError.emptyCorpus(paths: request.corpusPaths) }
        var checksum = corpus.checksum
        var training = corpus, validation: WordCorpus
        if request.validationPaths.isEmpty {
            let settings = request.settings
            (training, validation) = corpus.split(validationFraction: settings.validationFraction)
        } else {
            validation = try WordCorpus(paths: request.validationPaths, typingText: typing, pretokenized: request.pretokenized)
            checksum += "+" + validation.checksum
        }
        guard validation.tokenCount > 0 else {
            let heldOut = request.validationPaths.isEmpty
            throw PredictiveTypingError.emptyValidation(paths: heldOut ? request.corpusPaths : request.validationPaths, heldOut: heldOut)
        }

        let model: WordLanguageModel
        let settings: WordTrainingSettings
        if let resumePath = request.resumePath {
            let checkpoint = try ModelFile(contentsOf: resumePath, kinds: [WordLanguageModel.kind + "-checkpoint"])
            model = try WordLanguageModel(file: checkpoint, prefix: "model.", metadataPrefix: "task.")
            let settingsJSON = try checkpoint.value("task.settings")
            guard let stored = try? JSONDecoder().decode(WordTrainingSettings.self, from: Data(settingsJSON.utf8)) else {
                throw ModelFileError.invalidMetadata(source: resumePath, key: "task.settings", problem: "not autocomplete training settings")
            }
            settings = stored
            let storedChecksum = try checkpoint.value("task.corpus_crc32")
            guard storedChecksum == checksum else {
                throw PredictiveTypingError.resumeMismatch(checkpoint: resumePath,
                    problem: "it was trained on other text (CRC-32 \(storedChecksum); these files have \(checksum))")
            }
        } else {
            settings = request.settings
            var builder = VocabularyBuilder()
            for document in training.documents {
                for sentence in document.sentences { builder.add(contentsOf: sentence.lazy.map(\.folded)) }
            }
            let vocabulary = builder.build(maximumSize: settings.vocabularySize, specials: WordLanguageModel.specials)
            model = WordLanguageModel(configuration: request.configuration, vocabulary: vocabulary,
                                      lexicon: WordLexicon(corpus: training, vocabulary: vocabulary))
            model.initialize(seed: settings.seed)
        }
        let trainingStream = training.stream(vocabulary: model.vocabulary)
        let validationStream = validation.stream(vocabulary: model.vocabulary)
        let task = try WordModelTrainingTask(model: model, trainingStream: trainingStream, validationStream: validationStream,
                                             corpusChecksum: checksum, settings: settings, outputPath: request.outputPath)
        task.provenance = [
            "corpus": request.corpusPaths.map { ($0 as NSString).lastPathComponent }.joined(separator: ","),
            "corpus_crc32": checksum,
            "corpus_bytes": String(corpus.byteCount),
            "command": request.command,
            "settings": task.settingsJSON,   // (keys sorted: equal runs write equal files)
        ]
        let unknown = trainingStream.lazy.filter { $0 == 0 }.count
        prepared(Plan(corpusFiles: request.corpusPaths.count, trainingTokens: trainingStream.count,
                      validationTokens: validationStream.count, vocabularySize: model.vocabulary.count,
                      coverage: 1 - Double(unknown) / Double(max(1, trainingStream.count)),
                      extraWords: model.lexicon.extra.count, parameterCount: model.network.parameterCount,
                      configuration: model.configuration, settings: settings, resumed: request.resumePath != nil))

        var options = request.trainingOptions(modelKind: WordLanguageModel.kind)
        let c = model.configuration
        options.plotTitle = "autocomplete: \(c.layers)x\(c.hiddenSize) \(c.cell.rawValue.uppercased()), \(model.vocabulary.count) words"
        options.validationLabel = "validation perplexity"
        let optimizer = Adam(parameters: model.parameters.map { ($0.value, $0.gradient) }, learningRate: request.learningRate)
        let trainer = Trainer(options: options, optimizer: optimizer)
        trainer.onEvent = onEvent
        trainer.stopRequested = stopRequested
        return try trainer.run(task, resumingFrom: request.resumePath)
    }
}
