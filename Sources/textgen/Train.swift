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

    @Option(help: "Streams per batch.")
    var batch = 32

    @Option(help: "Passes over the training text.")
    var epochs = 20

    @Option(help: "Adam's learning rate (decayed along a cosine to a tenth of it by the last epoch).")
    var lr: Float = 2e-3

    @Option(help: "Clip the gradient's global norm to this (0: no clipping).")
    var clip: Float = 5

    @Option(help: "Stop after this many epochs without a better validation loss (0: never).")
    var patience = 3

    @Option(help: "Seed for initialisation, dropout and the epoch samples.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Where the best model is written.", valueName: "file"))
    var out: String

    @Option(help: ArgumentHelp("Also checkpoint every N steps.", valueName: "N"))
    var checkpointEvery: Int?

    @Option(help: ArgumentHelp("Continue the run saved in this checkpoint (its model and batch settings are used).", valueName: "checkpoint"))
    var resume: String?

    @Option(help: "Threads for the computation (default: all cores).")
    var threads: Int?

    func validate() throws {
        let configuration = CharacterModelConfiguration(cell: cell, layers: layers, hiddenSize: hidden,
                                                        embeddingSize: embedding, dropout: dropout)
        if let problem = configuration.problem { throw ValidationError(problem) }
        if !(valFraction > 0 && valFraction < 1) { throw ValidationError("--val-fraction must be between 0 and 1, not \(valFraction)") }
        if seqLength < 1 { throw ValidationError("--seq-length must be at least 1, not \(seqLength)") }
        try TrainingFlagChecks.validate(batch: batch, epochs: epochs, learningRate: lr, clip: clip, patience: patience,
                                        checkpointEvery: checkpointEvery, threads: threads)
    }

    func run() throws {
        if let threads { Parallelism.threads = threads }
        var request = CharacterTrainingRequest(corpusPath: corpus, outputPath: out)
        request.configuration = CharacterModelConfiguration(cell: cell, layers: layers, hiddenSize: hidden,
                                                            embeddingSize: embedding, dropout: dropout)
        request.settings = CharacterTrainingSettings(steps: seqLength, batch: batch, seed: seed, validationFraction: valFraction)
        request.epochs = epochs
        request.learningRate = lr
        request.clipNorm = clip > 0 ? clip : nil
        request.patience = patience > 0 ? patience : nil
        request.checkpointEvery = checkpointEvery
        request.resumePath = resume
        request.command = (["textgen"] + CommandLine.arguments.dropFirst()).joined(separator: " ")

        let interrupt = InterruptSignal.install(message: "stopping after this batch and writing the checkpoint (Ctrl-C again to quit now)")
        let console = TrainingConsole(unit: "chars", epochs: epochs)
        let start = monotonicSeconds()
        let result = try CharacterModelTraining.run(
            request,
            prepared: { plan in
                let c = plan.configuration, s = plan.settings
                StandardError.print("""
                    \(plan.resumed ? "resuming" : "training") \(c.layers)x\(c.hiddenSize) \(c.cell.rawValue.uppercased()) \
                    (embedding \(c.embeddingSize), dropout \(c.dropout), \(TrainingFlagChecks.shortCount(plan.parameterCount)) parameters) \
                    on \(plan.corpus): \(plan.trainingCharacters) training and \(plan.validationCharacters) validation characters, \
                    \(plan.vocabularySize - 1) distinct; batches of \(s.batch) x \(s.steps) characters, seed \(s.seed)
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
                                + "model \(out), log \(request.logPath), plot \(request.plotPath)")
        } else {
            StandardError.print("done in \(time), but no epoch gave a finite validation loss, so no model was written")
            throw ExitCode(1)
        }
    }
}

extension RecurrentCell: ExpressibleByArgument {}
