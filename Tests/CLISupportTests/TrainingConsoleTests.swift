import CLISupport
import RecurrentCore
import Testing

@Suite struct TrainingConsoleTests {
    @Test func pipedOutputHasPlainProgressAndOneLinePerEpoch() {
        var lines = ""
        let console = TrainingConsole(unit: "chars", epochs: 2, isTerminal: false) { lines += $0 }
        console.handle(.epochStarted(epoch: 0, batch: 0, batches: 4, learningRate: 0.002))
        for batch in 0..<4 {
            console.handle(.stepFinished(epoch: 0, batch: batch, batches: 4, step: batch + 1, loss: 2, meanLoss: 2.5,
                                         unitsPerSecond: 12_345))
        }
        let validation = Validation(value: 1.5, higherIsBetter: false, summary: "loss 1.5000")
        console.handle(.epochFinished(EpochSummary(epoch: 0, trainingLoss: 2.5, validation: validation, improved: true,
                                                   learningRate: 0.002, seconds: 61)))
        console.handle(.stoppedEarly(epoch: 1, bestEpoch: 0))
        let output = lines.split(separator: "\n")
        #expect(output.first?.hasPrefix("epoch 1/2: 25% (1 of 4 batches)") == true)
        #expect(output.first?.hasSuffix("loss 2.5000, 12.3k chars/s") == true)
        #expect(output.contains("epoch 1/2: training loss 2.5000, validation loss 1.5000, 1:01, best so far"))
        #expect(output.last == "stopping early after epoch 2: no better validation since epoch 1")
        #expect(!lines.contains("\r"))
    }
}
