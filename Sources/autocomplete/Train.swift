import ArgumentParser
import CLISupport
import Foundation
import PredictiveTyping
import RecurrentCore

/// `autocomplete train`: trains a word model on text files.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a word model for predictive typing.",
        discussion: """
            Corpus files may be plain UTF-8 text (paragraphs at blank lines), CoNLL-U (the \
            "# text =" lines) or CoNLL columns (.conll, .iob2: the first column). Text is cut into \
            sentences and words by ICU, as typing is. The vocabulary is the --vocab-size most \
            frequent words (folded to lower case); rarer words seen twice are kept for completion. \
            Without --validation, the last --val-fraction of each file's sentences is held out. \
            After each epoch the validation perplexity is measured and the model is written to \
            --out when it is the best so far. Beside --out: NAME.checkpoint.quill (resume with \
            --resume), NAME.log.csv and NAME.perplexity.svg. Ctrl-C stops after the current batch.
            """
    )

    @Option(parsing: .upToNextOption, help: ArgumentHelp("The text to learn: one or more files.", valueName: "file"))
    var corpus: [String] = []

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Held-out text for the validation perplexity.", valueName: "file"))
    var validation: [String] = []

    @Flag(help: "The files hold one sentence per line, tokens separated by spaces (Penn Treebank LM files): no ICU tokenization.")
    var pretokenized = false

    @Option(help: "Fraction of each corpus file's sentences (its end) held out when no --validation is given.")
    var valFraction = 0.05

    @Option(help: "Words in the vocabulary, <unk> and </s> included.")
    var vocabSize = 10_000

    @Option(help: "Recurrent cell: rnn, lstm or gru.")
    var cell: RecurrentCell = .gru

    @Option(help: "Stacked recurrent layers.")
    var layers = 1

    @Option(help: "Hidden units per layer.")
    var hidden = 384

    @Option(help: "Word embedding width (also the output width when tied).")
    var embedding = 128

    @Flag(inversion: .prefixedNo, help: "Tie the output layer to the embedding (through a projection when --hidden differs).")
    var tied = true

    @Option(help: "Dropout on the non-recurrent connections (0 to 1).")
    var dropout: Float = 0.25

    @Option(help: "Words per stream per batch (truncated BPTT length).")
    var seqLength = 35

    @OptionGroup var training: TrainingFlags<AutocompleteTrainingDefaults>

    var modelConfiguration: WordModelConfiguration {
        WordModelConfiguration(cell: cell, layers: layers, hiddenSize: hidden, embeddingSize: embedding, dropout: dropout, tiedOutput: tied)
    }

    func validate() throws {
        if corpus.isEmpty { throw ValidationError("give at least one --corpus file") }
        if let problem = modelConfiguration.problem { throw ValidationError(problem) }
        if !(valFraction > 0 && valFraction < 1) { throw ValidationError("--val-fraction must be between 0 and 1, not \(valFraction)") }
        if vocabSize < 3 { throw ValidationError("--vocab-size must be at least 3 (<unk>, </s> and one word), not \(vocabSize)") }
        if seqLength < 1 { throw ValidationError("--seq-length must be at least 1, not \(seqLength)") }
    }

    func run() throws {
        var request = WordTrainingRequest(corpusPaths: corpus, outputPath: training.out)
        request.validationPaths = validation
        request.pretokenized = pretokenized
        request.configuration = modelConfiguration
        request.settings = WordTrainingSettings(steps: seqLength, batch: training.batch, seed: training.seed, vocabularySize: vocabSize,
                                                validationFraction: valFraction)
        training.apply(to: &request, tool: "autocomplete")

        let interrupt = InterruptSignal.install(message: "stopping after this batch and writing the checkpoint (Ctrl-C again to quit now)")
        let console = TrainingConsole(unit: "words", epochs: training.epochs)
        let start = monotonicSeconds()
        let result = try WordModelTraining.run(
            request,
            prepared: { plan in
                let c = plan.configuration, s = plan.settings
                StandardError.print("""
                    \(plan.resumed ? "resuming" : "training") \(c.layers)x\(c.hiddenSize) \(c.cell.rawValue.uppercased()) \
                    (embedding \(c.embeddingSize)\(c.tiedOutput ? ", tied output" : ""), dropout \(c.dropout), \
                    \(TrainingFlagChecks.shortCount(plan.parameterCount)) parameters) on \(plan.corpusFiles) file(s): \
                    \(plan.trainingTokens) training and \(plan.validationTokens) validation tokens; \
                    \(plan.vocabularySize) words cover \(String(format: "%.1f", 100 * plan.coverage))% of the training tokens \
                    (+\(plan.extraWords) rarer words for completion); batches of \(s.batch) x \(s.steps) words, seed \(s.seed)\(training.averagingNote)
                    """)
            },
            onEvent: console.handle,
            stopRequested: { interrupt.isRequested })
        let time = ProgressDisplay.duration(monotonicSeconds() - start)
        if result.interrupted {
            StandardError.print("interrupted after \(time); continue with: --resume \(request.checkpointPath)")
            throw ExitCode(1)
        }
        if let best = result.bestValue, let epoch = result.bestEpoch {
            StandardError.print("done in \(time): best validation perplexity \(String(format: "%.2f", best)) after epoch \(epoch + 1); "
                                + "model \(training.out), log \(request.logPath), plot \(request.plotPath)")
        } else {
            StandardError.print("done in \(time), but no epoch gave a finite validation perplexity, so no model was written")
            throw ExitCode(1)
        }
    }
}

/// autocomplete's defaults for the shared training flags.
enum AutocompleteTrainingDefaults: TrainingFlagDefaults {
    static let batch = 32
    static let batchHelp = "Streams per batch."
    static let epochs = 10
    static let clip: Float = 1
    static let patience = 3
    static let validationScore = "validation perplexity"
    static let seedUses = "initialisation and dropout"
    static let averageDecay: Float = 0
}
