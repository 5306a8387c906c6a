// Quill's side of the recurrent peer benchmarks (W1, W2, W3, W6, W7 and the sgemm ceiling of
// ../shared/peers), one JSON line per measurement in the peers' format (common.py), on stdout and
// appended to $BENCH_OUT when set; extra fields: peak_rss_mb, gflops (RESULTS.md's work/unit).
//
// Usage: recurrent-bench [--workloads gemm,w1,w2,w3,w6,w7] [--threads 2] [--repeats 7]
//                        [--target 1.5] [--warmup 3] [--min-steps 3] [--gemm-threads 1,2] [--quick]
//   --threads N       the core's threads for the workloads (Parallelism.threads; OpenBLAS itself
//                     stays single-threaded inside them); the GEMM rows run at each of --gemm-threads
//   --target S        seconds per timed repeat (steps per repeat picked to fit; GEMM: 0.7 unless given)
//   --only IDS        W2 / W7 variants to run, e.g. char-gru-2,char-rnn-1,seed-lstm (default all)
//   --quick           3 repeats of ~0.5 s, 2 warm-up calls: a smoke test
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecurrentCore

let usage = """
    usage: recurrent-bench [--workloads gemm,w1,w2,w3,w6,w7] [--threads N] [--repeats N] [--target S]
                           [--warmup N] [--min-steps N] [--gemm-threads 1,2] [--only IDS] [--quick]

    """

func fail(_ message: String) -> Never {
    writeOut("recurrent-bench: \(message)\n\(usage)", to: 2)
    exit(2)
}

func parseArguments() -> Settings {
    var settings = Settings()
    var arguments = CommandLine.arguments.dropFirst()
    func value(_ flag: String) -> String {
        guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
        return value
    }
    func integer(_ flag: String) -> Int {
        guard let number = Int(value(flag)), number >= 1 else { fail("\(flag) needs a positive integer") }
        return number
    }
    var quick = false
    while let argument = arguments.popFirst() {
        switch argument {
        case "--workloads":
            let list = value(argument).lowercased()
            if list != "all" {
                settings.workloads = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: " ") })
                let unknown = settings.workloads.subtracting(["gemm", "w1", "w2", "w3", "w6", "w7"])
                guard unknown.isEmpty else { fail("unknown workloads \(unknown.sorted())") }
            }
        case "--threads": settings.threads = integer(argument)
        case "--repeats": settings.repeats = integer(argument)
        case "--target":
            guard let seconds = Double(value(argument)), seconds > 0 else { fail("--target needs seconds") }
            settings.target = seconds
            settings.targetGiven = true
        case "--warmup": settings.warmup = integer(argument)
        case "--min-steps": settings.minSteps = integer(argument)
        case "--gemm-threads":
            let list = value(argument).split(separator: ",").compactMap { Int($0) }.filter { $0 >= 1 }
            guard !list.isEmpty else { fail("--gemm-threads needs a list such as 1,2") }
            settings.gemmThreads = list
        case "--only":
            settings.only = Set(value(argument).lowercased().split(separator: ",").map { String($0) })
        case "--quick": quick = true
        case "-h", "--help":
            writeOut(usage)
            exit(0)
        default: fail("unknown argument \(argument)")
        }
    }
    if quick {   // common.py's finish_args
        (settings.repeats, settings.target, settings.warmup) = (3, 0.5, 2)
        settings.targetGiven = true
    }
    return settings
}

extension Substring {
    func trimmingCharacters(in characters: String) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}

let settings = parseArguments()
Parallelism.threads = settings.threads
let workloads = Workloads(settings: settings, reporter: Reporter())

if settings.wants("gemm") { workloads.gemm() }
if settings.wants("w1") { workloads.charTrain(.lstm, layers: 2) }
if settings.wants("w2") {   // bench_torch.py's order
    for (cell, layers) in [(RecurrentCell.lstm, 1), (.gru, 2), (.gru, 1), (.rnn, 2), (.rnn, 1)]
    where settings.wants(variant: "char-\(cell.rawValue)-\(layers)") {
        workloads.charTrain(cell, layers: layers)
    }
}
if settings.wants("w3") { workloads.charSample() }
if settings.wants("w6") { workloads.nextWord() }
if settings.wants("w7") {
    for cell in [RecurrentCell.rnn, .lstm, .gru] where settings.wants(variant: "seed-\(cell.rawValue)") {
        workloads.seedFit(cell)
    }
}
