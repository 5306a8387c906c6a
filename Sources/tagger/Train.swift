import ArgumentParser
import CLISupport
import Foundation
import RecurrentCore
import SequenceTagging

/// `tagger train`: trains a tagger on CoNLL-U or CoNLL files.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a BiLSTM(-CRF) tagger on tagged CoNLL-U or CoNLL files.",
        discussion: """
            After each epoch the dev file is tagged and scored (accuracy for part-of-speech, \
            conlleval's F1 for entity tags), and the model is written to --out when it is the best \
            so far. Beside --out: NAME.checkpoint.quill (after every epoch, every \
            --checkpoint-every steps and on Ctrl-C; resume with --resume), NAME.log.csv (every \
            step's loss) and NAME.dev.svg (the dev score per epoch). Entity tags are learned in \
            BIOES whatever the files use; annotate writes them back in the files' scheme.

            --auxiliary-column adds a second softmax output, on the same BiLSTM features, that \
            learns another column of the same files (XPOS beside UPOS, as UDPipe 2 does): its loss \
            is added to the main one, normalised alike (per sentence with a CRF, per token with a \
            softmax) and weighted by --auxiliary-weight. The dev score stays the main tags'; the \
            auxiliary accuracy is shown beside it. annotate --format conllu writes the auxiliary \
            tags in their column (UPOS or XPOS), and evaluate scores them when the gold file has them.
            """
    )

    @Option(help: ArgumentHelp("Training data.", valueName: "file"))
    var train: String

    @Option(help: ArgumentHelp("Development data, scored after every epoch to keep the best model.", valueName: "file"))
    var dev: String

    @Option(help: "conllu or conll (default: by the file name; .conllu is CoNLL-U).")
    var format: String?

    @Option(help: "The tag column: upos, xpos or a number for CoNLL-U (default upos); ner or a number for CoNLL (default: the last, or the third in Universal NER files).")
    var column: String?

    @Option(help: ArgumentHelp("Also learn this column, with a second softmax output (spelled as for --column; e.g. xpos beside upos).",
                               valueName: "column"))
    var auxiliaryColumn: String?

    @Option(help: ArgumentHelp("The auxiliary output's loss weight against the main loss (default 1).", valueName: "weight"))
    var auxiliaryWeight: Float?

    @Option(help: "The entity scheme of the files: bio, bioes or iob1 (default bio).")
    var scheme: String?

    @Option(help: ArgumentHelp("Keep only these entity types, turning the others into O.", valueName: "PER,ORG,LOC"))
    var types: String?

    @Option(help: "Output layer: crf or softmax.")
    var output: TaggerConfiguration.Output = .crf

    @Option(help: "Word embedding width.")
    var wordEmbedding = 100

    @Option(help: "Character embedding width (0: no character network).")
    var charEmbedding = 32

    @Option(help: "Character BiLSTM hidden units per direction.")
    var charHidden = 64

    @Option(help: "Sentence BiLSTM hidden units per direction.")
    var hidden = 200

    @Option(help: "Stacked sentence BiLSTM layers.")
    var layers = 1

    @Option(help: "Dropout on token features, between layers and before the output (0 to 1).")
    var dropout: Float = 0.5

    @Option(help: "Word dropout alpha: a word seen c times is read as unknown with probability alpha/(alpha+c) (0: off).")
    var wordDropout: Float = 0.25

    @Flag(help: "Add self-attention over the BiLSTM states.")
    var attention = false

    @Flag(help: "Keep the case of words for the word embedding (default: lower-case it; a shape feature keeps the case).")
    var keepCase = false

    @OptionGroup var training: TrainingFlags<TaggerTrainingDefaults>

    var modelConfiguration: TaggerConfiguration {
        TaggerConfiguration(wordEmbedding: wordEmbedding, characterEmbedding: charEmbedding, characterHidden: charHidden,
                            hidden: hidden, layers: layers, dropout: dropout, wordDropout: wordDropout, output: output,
                            attention: attention, lowercase: !keepCase)
    }

    func validate() throws {
        if let problem = modelConfiguration.problem { throw ValidationError(problem) }
        if let scheme, TagScheme(name: scheme) == nil { throw ValidationError("--scheme must be bio, bioes or iob1, not \(scheme)") }
        if let auxiliaryWeight {
            guard auxiliaryColumn != nil else { throw ValidationError("--auxiliary-weight needs --auxiliary-column") }
            guard auxiliaryWeight > 0 && auxiliaryWeight.isFinite else {
                throw ValidationError("--auxiliary-weight must be above 0, not \(auxiliaryWeight)")
            }
        }
    }

    func run() throws {
        let trainFormat = try TaggingFileFormat.resolve(path: train, format: format, column: column)
        if let auxiliaryColumn, try trainFormat.readingColumn(auxiliaryColumn, of: train, option: "--auxiliary-column") == trainFormat {
            throw ValidationError("--auxiliary-column \(auxiliaryColumn) is the tag column itself; choose another column to learn beside it")
        }
        var request = TaggerTrainingRequest(
            trainPath: train, devPath: dev, trainFormat: trainFormat,
            devFormat: try TaggingFileFormat.resolve(path: dev, format: format, column: column),
            outputPath: training.out)
        request.scheme = scheme.flatMap(TagScheme.init(name:))
        request.types = types.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        request.configuration = modelConfiguration
        request.auxiliaryColumn = auxiliaryColumn
        request.settings = TaggerTrainingSettings(batch: training.batch, seed: training.seed, auxiliaryWeight: auxiliaryWeight ?? 1)
        training.apply(to: &request, tool: "tagger")

        let interrupt = InterruptSignal.install(message: "stopping after this batch and writing the checkpoint (Ctrl-C again to quit now)")
        let console = TrainingConsole(unit: "tokens", epochs: training.epochs)
        let start = monotonicSeconds()
        let result = try TaggerTraining.run(
            request,
            prepared: { plan in
                let c = plan.configuration
                let network = "BiLSTM \(c.layers)x\(c.hidden)" + (c.attention ? " + attention" : "") + (c.output == .crf ? " + CRF" : " + softmax")
                let features = "words \(c.wordEmbedding)" + (c.characterEmbedding > 0 ? ", characters \(c.characterEmbedding)->2x\(c.characterHidden)" : "")
                    + (c.shapeEmbedding > 0 ? ", shape \(c.shapeEmbedding)" : "")
                StandardError.print("""
                    \(plan.resumed ? "resuming" : "training") \(network) (\(features); dropout \(c.dropout), word dropout \(c.wordDropout); \
                    \(TrainingFlagChecks.shortCount(plan.parameterCount)) parameters) on \(plan.trainSentences) sentences (\(plan.trainTokens) tokens), \
                    dev \(plan.devSentences) sentences; \(plan.words - 1) words, \(plan.characters - 1) characters, \
                    \(plan.tags.count) tags\(c.labelScheme.map { " (entities, learned in \($0); files in \(c.fileScheme ?? .bio))" } ?? "")\
                    \(c.auxiliaryTagName.map { ", and \(plan.auxiliaryTags.count) auxiliary \($0) tags (loss weight \(plan.settings.auxiliaryWeight))" } ?? ""); \
                    batches of \(plan.settings.batch) sentences, seed \(plan.settings.seed)\(training.averagingNote)
                    """)
            },
            onEvent: console.handle,
            stopRequested: { interrupt.isRequested })
        let time = ProgressDisplay.duration(monotonicSeconds() - start)
        if result.interrupted {
            StandardError.print("interrupted after \(time); continue with: --resume \(request.checkpointPath)")
            throw ExitCode(1)
        }
        guard let epoch = result.bestEpoch, let best = result.history.first(where: { $0.epoch == epoch }) else {
            StandardError.print("done in \(time), but no epoch gave a dev score, so no model was written")
            throw ExitCode(1)
        }
        StandardError.print("done in \(time): best \(best.validation.summary) after epoch \(epoch + 1); "
                            + "model \(training.out), log \(request.logPath), plot \(request.plotPath)")
    }
}

extension TaggerConfiguration.Output: ExpressibleByArgument {}

/// tagger's defaults for the shared training flags.
enum TaggerTrainingDefaults: TrainingFlagDefaults {
    static let batch = 32
    static let batchHelp = "Sentences per batch."
    static let epochs = 30
    static let clip: Float = 5
    static let patience = 6
    static let validationScore = "dev score"
    static let seedUses = "initialisation, shuffling and dropout"
    static let averageDecay: Float = 0
}
