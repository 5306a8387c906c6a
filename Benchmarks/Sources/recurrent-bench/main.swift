// Quill's side of the recurrent peer benchmarks (W1, W2, W3, W6, W7 and the sgemm ceiling of
// ../shared/peers), one JSON line per measurement in the peers' format (common.py), on stdout and
// appended to $BENCH_OUT when set; extra fields: peak_rss_mb, gflops (RESULTS.md's work/unit).
//
// Usage: recurrent-bench [--workloads gemm,w1,w2,w3,w6,w7] [--threads 2] [--repeats 7]
//                        [--target 1.5] [--warmup 3] [--min-steps 3] [--gemm-threads 1,2] [--quick]
//   --threads N       the core's threads for the workloads (Parallelism.threads; OpenBLAS itself
//                     stays single-threaded inside them); the GEMM rows run at each of --gemm-threads
//   --target S        seconds per timed repeat (steps per repeat picked to fit; GEMM: 0.7 unless given)
//   --only IDS        W2 / W6 / W7 variants to run, e.g. char-gru-2,char-rnn-1,word-int8,seed-lstm (default all)
//   --quick           3 repeats of ~0.5 s, 2 warm-up calls: a smoke test
import BenchmarkHarness
import RecurrentCore

/// recurrent-bench's settings: the common ones (timing, threads, workloads) and its own.
struct Settings: BenchmarkSettings {
    var common = CommonSettings(workloads: ["gemm", "w1", "w2", "w3", "w6", "w7"])
    var gemmThreads = [1, 2]
    /// `--only`: run only these variants (`char-gru-2`, `seed-lstm`, ...; nil: all).
    var only: Set<String>?

    func wants(variant id: String) -> Bool { only?.contains(id) ?? true }
}

let tool = CommandLineTool(name: "recurrent-bench", usage: """
    usage: recurrent-bench [--workloads gemm,w1,w2,w3,w6,w7] [--threads N] [--repeats N] [--target S]
                           [--warmup N] [--min-steps N] [--gemm-threads 1,2] [--only IDS] [--quick]

    """)

let settings = tool.parse(Settings(), knownWorkloads: ["gemm", "w1", "w2", "w3", "w6", "w7"]) { flag, settings, arguments in
    switch flag {
    case "--gemm-threads":
        let list = arguments.value(flag).split(separator: ",").compactMap { Int($0) }.filter { $0 >= 1 }
        guard !list.isEmpty else { tool.fail("--gemm-threads needs a list such as 1,2") }
        settings.gemmThreads = list
    case "--only":
        settings.only = Set(arguments.value(flag).lowercased().split(separator: ",").map { String($0) })
    default: return false
    }
    return true
}
Parallelism.threads = settings.threads
let workloads = Workloads(settings: settings, reporter: Reporter(library: "RecurrentCore"))

if settings.wants("gemm") { workloads.gemm() }
if settings.wants("w1") { workloads.charTrain(.lstm, layers: 2) }
if settings.wants("w2") {   // bench_torch.py's order
    for (cell, layers) in [(RecurrentCell.lstm, 1), (.gru, 2), (.gru, 1), (.rnn, 2), (.rnn, 1)]
    where settings.wants(variant: "char-\(cell.rawValue)-\(layers)") {
        workloads.charTrain(cell, layers: layers)
    }
}
if settings.wants("w3") { workloads.charSample() }
if settings.wants("w6") {
    if settings.wants(variant: "word-float32") { workloads.nextWord() }
    if settings.wants(variant: "word-int8") { workloads.nextWordInt8() }
}
if settings.wants("w7") {
    for cell in [RecurrentCell.rnn, .lstm, .gru] where settings.wants(variant: "seed-\(cell.rawValue)") {
        workloads.seedFit(cell)
    }
}
