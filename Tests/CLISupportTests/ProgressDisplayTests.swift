import Testing
@testable import CLISupport

@Suite struct ProgressDisplayTests {
    @Test func aTerminalLineHasABarRateAndETA() {
        let line = ProgressDisplay.describe(label: "tokenize", completed: 540_000_000, total: 1_000_000_000,
                                            unit: .bytes, elapsed: 45, bar: true)
        #expect(line == "tokenize [##########..........] 54%  12.0 MB/s  ETA 0:38")
    }

    @Test func aPipedLineIsPlainText() {
        let line = ProgressDisplay.describe(label: "train", completed: 2_500, total: 10_000,
                                            unit: .items("tokens"), elapsed: 2, bar: false)
        #expect(line == "train: 25% (2.5k of 10.0k tokens), 1.3k tokens/s, ETA 0:06")
    }

    @Test func anUnknownTotalShowsAmountAndRateOnly() {
        let line = ProgressDisplay.describe(label: "read", completed: 2_048, total: nil, unit: .bytes, elapsed: 1, bar: false)
        #expect(line == "read: 2.0 kB, 2.0 kB/s")
    }

    @Test func durationsReadAsClockTimes() {
        #expect(ProgressDisplay.duration(7) == "0:07")
        #expect(ProgressDisplay.duration(750) == "12:30")
        #expect(ProgressDisplay.duration(3723) == "1:02:03")
    }

    @Test func pipedOutputIsThrottledAndTerminalOutputRedrawsInPlace() {
        var now = 0.0
        var lines: [String] = []
        let piped = ProgressDisplay(label: "p", total: 100, unit: .bytes, isTerminal: false, plainInterval: 10,
                                    output: { lines.append($0) }, clock: { now })
        for step in 1...100 {
            now = Double(step) * 0.5   // 50 s in all: a line every 10 s
            piped.update(completed: step)
        }
        piped.finish()
        #expect(lines.count == 6)
        #expect(lines.allSatisfy { $0.hasSuffix("\n") && !$0.hasPrefix("\r") })

        var drawn: [String] = []
        let bar = ProgressDisplay(label: "t", total: 10, unit: .bytes, isTerminal: true,
                                  output: { drawn.append($0) }, clock: { now })
        bar.update(completed: 5)
        bar.finish()
        #expect(drawn.first?.hasPrefix("\rt [") == true)
        #expect(drawn.last == "\n")
    }
}
