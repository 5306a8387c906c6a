import ArgumentParser
import CLISupport
import Foundation
import RecurrentCore
import TextGeneration

/// `textgen train`: trains a character model on a text file.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a character model on a UTF-8 text file.",
        discussion: """
            The last --val-fraction of the characters is held out for validation. After each \
            epoch the validation loss is measured, a short sample is printed, and the model is \
            written to --out when it is the best so far. Beside --out: NAME.checkpoint.quill \
            (after every epoch, every --checkpoint-every steps and on Ctrl-C; resume with \
            --resume), NAME.log.csv (every step's loss) and NAME.loss.svg (training and \
            validation loss curves). Ctrl-C stops after the current batch; pressing it twice quits \
            at once.
            """
    )

    @Option(help: ArgumentHelp("The UTF-8 text to learn.", valueName: "file"))
    var corpus: String

    @Option(help: "Fraction of the corpus (its end) held out for validation.")
    var valFraction = 0.1

    @Option(help: "Recurrent cell: rnn, lstm or gru.")
    var cell: RecurrentCell = .lstm

    @Option(help: "Stacked recurrent layers.")
    var layers = 2

    @Option(help: "Hidden units per layer.")
    var hidden = 256

    @Option(help: "Character embedding width.")
    var embedding = 64

    @Option(help: "Dropout between layers and before the output (0 to 1).")
    var dropout: Float = 0.2

    @Option(help: "Characters per stream per batch (truncated BPTT length).")
    var seqLength = 100

    @OptionGroup var training: TrainingFlags<TextgenTrainingDefaults>

    func validate() throws {
        let configuration = CharacterModelConfiguration(cell: cell, layers: layers, hiddenSize: hidden,
                                                        embeddingSize: embedding, dropout: dropout)
        if let problem = configuration.problem { throw ValidationError(problem) }
        if !(valFraction > 0 && valFraction < 1) { throw ValidationError("--val-fraction must be between 0 and 1, not \(valFraction)") }
        if seqLength < 1 { throw ValidationError("--seq-length must be at least 1, not \(seqLength)") }
    }

    func run() throws {
        var request = CharacterTrainingRequest(corpusPath: corpus, outputPath: training.out)
        request.configuration = CharacterModelConfiguration(cell: cell, layers: layers, hiddenSize: hidden,
                                                            embeddingSize: embedding, dropout: dropout)
        request.settings = CharacterTrainingSettings(steps: seqLength, batch: training.batch, seed: training.seed, validationFraction: valFraction)
        training.apply(to: &request, tool: "textgen")

        let interrupt = InterruptSignal.install(message: "stopping after this batch and writing the checkpoint (Ctrl-C again to quit now)")
        let console = TrainingConsole(unit: "chars", epochs: training.epochs)
        let start = monotonicSeconds()
        let result = try CharacterModelTraining.run(
            request,
            prepared: { plan in
                let c = plan.configuration, s = plan.settings
                StandardError.print("""
                    \(plan.resumed ? "resuming" : "training") \(c.layers)x\(c.hiddenSize) \(c.cell.rawValue.uppercased()) \
                    (embedding \(c.embeddingSize), dropout \(c.dropout), \(TrainingFlagChecks.shortCount(plan.parameterCount)) parameters) \
                    on \(plan.corpus): \(plan.trainingCharacters) training and \(plan.validationCharacters) validation characters, \
                    \(plan.vocabularySize - 1) distinct; batches of \(s.batch) x \(s.steps) characters, seed \(s.seed)\(training.averagingNote)
                    """)
            },
            onEvent: console.handle,
            sample: { text in
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(6)
                StandardError.print("  sample: " + lines.joined(separator: "\n          "))
            },
            stopRequested: { interrupt.isRequested })
        let time = ProgressDisplay.duration(monotonicSeconds() - start)
        if result.interrupted {
            StandardError.print("interrupted after \(time); continue with: --resume \(request.checkpointPath)")
            throw ExitCode(1)
        }
        if let best = result.bestValue, let epoch = result.bestEpoch {
            StandardError.print("done in \(time): best validation loss \(String(format: "%.4f", best)) nats/char "
                                + "(\(String(format: "%.4f", best / Float(M_LN2))) bits/char) after epoch \(epoch + 1); "
                                + "model \(training.out), log \(request.logPath), plot \(request.plotPath)")
        } else {
            StandardError.print("done in \(time), but no epoch gave a finite validation loss, so no model was written")
            throw ExitCode(1)
        }
    }
}

extension RecurrentCell: ExpressibleByArgument {}

/// textgen's defaults for the shared training flags.
enum TextgenTrainingDefaults: TrainingFlagDefaults {
    static let batch = 32
    static let batchHelp = "Streams per batch."
    static let epochs = 20
    static let clip: Float = 5
    static let patience = 3
    static let validationScore = "validation loss"
    static let seedUses = "initialisation, dropout and the epoch samples"
    static let averageDecay: Float = 0
}
