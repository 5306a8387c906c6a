// Timing and reporting, a line-by-line port of ../shared/peers/common.py, so that Quill's JSON lines
// sit in the same table as the PyTorch and Keras ones (make_table.py).
//
// Method (as the peers): warm-up calls first; the steps per repeat are picked so that one repeat
// lasts about `target` seconds; `repeats` timed repeats; the figure is the median over repeats with
// min/max over repeats. Latency rows time every step on its own (CLOCK_MONOTONIC).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecurrentCore

struct Settings {
    var workloads: Set<String> = ["gemm", "w1", "w2", "w3", "w6", "w7"]
    var threads = 2
    var repeats = 7
    var target = 1.5
    /// Whether `--target` was given: the GEMM rows use 0.7 s otherwise, as bench_gemm.py.
    var targetGiven = false
    var minSteps = 3
    var warmup = 3
    var gemmThreads = [1, 2]
    /// `--only`: run only these variants (`char-gru-2`, `seed-lstm`, ...; nil: all).
    var only: Set<String>?

    func wants(_ workload: String) -> Bool { workloads.contains(workload) }
    func wants(variant id: String) -> Bool { only?.contains(id) ?? true }
}

/// Seconds on the monotonic clock.
@inline(__always)
func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + 1e-9 * Double(time.tv_nsec)
}

/// Python's `statistics.median` (the mean of the two middle values for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    precondition(n > 0, "median of nothing")
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

func rounded(_ value: Double, _ digits: Int) -> Double {
    let scale = pow(10, Double(digits))
    return (value * scale).rounded() / scale
}

// MARK: - Process counters

#if canImport(Glibc)
let rusageSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
let rusageSelf = RUSAGE_SELF
#endif

/// Writes all of `text` to a file descriptor (1: stdout, 2: stderr), unbuffered.
func writeOut(_ text: String, to descriptor: Int32 = 1) {
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let count = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress! + done, $0.count - done) }
        guard count > 0 else { return }
        done += count
    }
}

func minorFaults() -> Int {
    var usage = rusage()
    getrusage(rusageSelf, &usage)
    return usage.ru_minflt
}

/// Peak resident set size in MB (getrusage `ru_maxrss`, in KiB on Linux).
func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(rusageSelf, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// The resident set size now (`VmRSS`), in MB; nil where /proc is not there.
func residentMB() -> Double? {
    guard let line = readText("/proc/self/status").split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
    return kilobytes / 1024
}

/// Resets the kernel's RSS high-water mark (`/proc/self/clear_refs`, value 5, Linux 4.0+), which
/// `ru_maxrss` reports while the process lives: `peakResidentMB()` after a workload is then that
/// workload's peak (the runtime, OpenBLAS and whatever the previous workload left in the allocator
/// included). Returns false where that is not possible (then `ru_maxrss` is the process's peak).
@discardableResult
func resetPeakResident() -> Bool {
    let descriptor = open("/proc/self/clear_refs", O_WRONLY)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return write(descriptor, "5", 1) == 1
}

// MARK: - Timing (common.py: pick_steps, time_per_call, time_each_step)

struct Throughput {
    var perCall: [Double]   // seconds per call, one per repeat
    var steps: Int
    var faultsPerCall: Double
}

struct Latency {
    var samples: [[Double]]   // seconds per step, one array per repeat
    var steps: Int
    var faultsPerCall: Double
}

/// Runs the warm-up calls, then picks the steps per repeat so that a repeat lasts about `target` s.
func pickSteps(_ settings: Settings, target: Double, _ call: () -> Void) -> Int {
    for _ in 0..<max(1, settings.warmup) { call() }
    var start = now()
    call()
    var one = now() - start
    if one < target / 50 {   // a second probe over a few calls, for cheap calls
        let n = max(3, Int(0.1 * target / max(one, 1e-7)))
        start = now()
        for _ in 0..<n { call() }
        one = (now() - start) / Double(n)
    }
    return max(settings.minSteps, Int(target / max(one, 1e-9)))
}

func timePerCall(_ settings: Settings, target: Double? = nil, steps: Int? = nil, _ call: () -> Void) -> Throughput {
    let steps = steps ?? pickSteps(settings, target: target ?? settings.target, call)
    var perCall: [Double] = []
    perCall.reserveCapacity(settings.repeats)
    let faults = minorFaults()
    for _ in 0..<settings.repeats {
        let start = now()
        for _ in 0..<steps { call() }
        perCall.append((now() - start) / Double(steps))
    }
    let faultsPerCall = rounded(Double(minorFaults() - faults) / Double(settings.repeats * steps), 1)
    return Throughput(perCall: perCall, steps: steps, faultsPerCall: faultsPerCall)
}

func timeEachStep(_ settings: Settings, steps: Int? = nil, _ call: () -> Void) -> Latency {
    let steps = steps ?? pickSteps(settings, target: settings.target, call)
    var samples: [[Double]] = []
    let faults = minorFaults()
    for _ in 0..<settings.repeats {
        var times = [Double](repeating: 0, count: steps)   // allocated before the timed steps
        for index in 0..<steps {
            let start = now()
            call()
            times[index] = now() - start
        }
        samples.append(times)
    }
    let faultsPerCall = rounded(Double(minorFaults() - faults) / Double(settings.repeats * steps), 1)
    return Latency(samples: samples, steps: steps, faultsPerCall: faultsPerCall)
}

// MARK: - Records (common.py: base_record, throughput_record, latency_record)

enum JSONValue {
    case string(String)
    case number(Double)
    case integer(Int)

    var encoded: String {
        switch self {
        case .integer(let value): return String(value)
        case .number(let value):
            guard value.isFinite else { return "null" }
            if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) + ".0" }
            return "\(value)"
        case .string(let text):
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
    }
}

/// A JSON object whose keys keep their insertion order (as Python's `json.dumps` of a dict).
struct Record {
    private(set) var fields: [(key: String, value: JSONValue)] = []

    subscript(key: String) -> JSONValue? {
        get { fields.first { $0.key == key }?.value }
        set {
            guard let newValue else { fields.removeAll { $0.key == key }; return }
            if let index = fields.firstIndex(where: { $0.key == key }) {
                fields[index].value = newValue
            } else {
                fields.append((key, newValue))
            }
        }
    }

    var line: String {
        "{" + fields.map { JSONValue.string($0.key).encoded + ": " + $0.value.encoded }.joined(separator: ", ") + "}"
    }
}

/// What `emit` needs besides the measurement: work per unit and memory.
struct Extras {
    /// Useful FLOPs per unit (RESULTS.md's "work/unit": forward = 2 x MACs of the matrix products,
    /// training = 3 x forward); `gflops` = this x units/s.
    var flopsPerUnit: Double?
    var peakResidentMB: Double?
    /// RSS when the workload started (after the reset): the process's baseline, what earlier
    /// workloads of the process left in the allocator included.
    var startResidentMB: Double?
    var other: [(String, JSONValue)] = []
}

/// Values that are the same for every line of this process.
struct Machine {
    let date: String
    let cpu: String
    let versions: String

    static func current() -> Machine {
        var clock = time(nil)
        var parts = tm()
        gmtime_r(&clock, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        let date = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cpu = readText("/proc/cpuinfo").split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { String($0.drop { $0 == " " || $0 == "\t" }) } ?? "unknown"
        return Machine(date: date, cpu: cpu, versions: "Quill RecurrentCore (\(swiftVersion), \(openBLASVersion()))")
    }
}

#if compiler(>=6.4)
let swiftVersion = "Swift 6.4+"
#elseif compiler(>=6.3)
let swiftVersion = "Swift 6.3"
#elseif compiler(>=6.2)
let swiftVersion = "Swift 6.2"
#else
let swiftVersion = "Swift 6.1"
#endif

/// "OpenBLAS 0.3.21 DYNAMIC_ARCH ... / core Zen" from the loaded library itself.
func openBLASVersion() -> String {
    guard let handle = dlopen(nil, RTLD_NOW) else { return "OpenBLAS" }
    typealias StringFunction = @convention(c) () -> UnsafePointer<CChar>?
    func call(_ name: String) -> String? {
        guard let symbol = dlsym(handle, name) else { return nil }
        return unsafeBitCast(symbol, to: StringFunction.self)().map { String(cString: $0) }
    }
    var text = call("openblas_get_config")?.trimmingTrailingSpaces ?? "OpenBLAS"
    if let core = call("openblas_get_corename") { text += " / core \(core)" }
    return text
}

extension String {
    var trimmingTrailingSpaces: String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}

func readText(_ path: String) -> String {
    guard let file = fopen(path, "r") else { return "" }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

func loadAverage() -> Double {
    Double(readText("/proc/loadavg").split(separator: " ").first ?? "") ?? 0
}

struct Reporter {
    let machine = Machine.current()

    func base(_ workload: String, _ variant: String, threads: Int) -> Record {
        var record = Record()
        record["workload"] = .string(workload)
        record["peer"] = .string("quill")
        record["variant"] = .string(variant)
        record["threads"] = .integer(threads)
        record["versions"] = .string(machine.versions)
        record["date"] = .string(machine.date)
        record["cpu"] = .string(machine.cpu)
        record["loadavg_1m"] = .number(loadAverage())
        record["swift"] = .string(swiftVersion)
        record["openblas_threads"] = .integer(BLAS.threads)   // 1: the core runs its own threads
        return record
    }

    func throughput(_ base: Record, _ result: Throughput, unitsPerCall: Double, unit: String, extras: Extras = Extras()) {
        let rates = result.perCall.map { unitsPerCall / $0 }.sorted()
        let middle = median(rates)
        var record = base
        record["metric"] = .string(unit)
        record["value"] = .number(rounded(middle, 2))
        record["min"] = .number(rounded(rates.first!, 2))
        record["max"] = .number(rounded(rates.last!, 2))
        record["rel_spread"] = .number(rounded((rates.last! - rates.first!) / middle, 3))
        record["ms_per_call_median"] = .number(rounded(1e3 * median(result.perCall), 4))
        record["units_per_call"] = unitsPerCall == unitsPerCall.rounded() && unitsPerCall >= 1
            ? .integer(Int(unitsPerCall)) : .number(unitsPerCall)
        record["repeats"] = .integer(result.perCall.count)
        record["steps_per_repeat"] = .integer(result.steps)
        record["minor_page_faults_per_call"] = .number(result.faultsPerCall)
        if let flops = extras.flopsPerUnit { record["gflops"] = .number(rounded(flops * middle / 1e9, 2)) }
        if let rss = extras.peakResidentMB { record["peak_rss_mb"] = .number(rounded(rss, 1)) }
        if let rss = extras.startResidentMB { record["rss_at_start_mb"] = .number(rounded(rss, 1)) }
        for (key, value) in extras.other { record[key] = value }
        emit(record)
    }

    func latency(_ base: Record, _ result: Latency, extras: Extras = Extras()) {
        let all = result.samples.joined().sorted()
        let n = all.count
        func percentile(_ p: Double) -> Double { all[min(n - 1, Int(p * Double(n)))] }
        let repeatMedians = result.samples.map(median).sorted()
        let middle = median(all)
        var record = base
        record["metric"] = .string("us_per_step")
        record["value"] = .number(rounded(1e6 * middle, 2))
        record["p90_us"] = .number(rounded(1e6 * percentile(0.90), 2))
        record["p99_us"] = .number(rounded(1e6 * percentile(0.99), 2))
        record["min_us"] = .number(rounded(1e6 * all[0], 2))
        record["repeat_median_min_us"] = .number(rounded(1e6 * repeatMedians.first!, 2))
        record["repeat_median_max_us"] = .number(rounded(1e6 * repeatMedians.last!, 2))
        record["rel_spread"] = .number(rounded((repeatMedians.last! - repeatMedians.first!) / middle, 3))
        record["steps_per_s_median"] = .number(rounded(1 / middle, 1))
        record["repeats"] = .integer(result.samples.count)
        record["steps_per_repeat"] = .integer(result.steps)
        record["minor_page_faults_per_call"] = .number(result.faultsPerCall)
        if let flops = extras.flopsPerUnit { record["gflops"] = .number(rounded(flops / middle / 1e9, 2)) }
        if let rss = extras.peakResidentMB { record["peak_rss_mb"] = .number(rounded(rss, 1)) }
        if let rss = extras.startResidentMB { record["rss_at_start_mb"] = .number(rounded(rss, 1)) }
        for (key, value) in extras.other { record[key] = value }
        emit(record)
    }

    /// One line on stdout, and appended to `$BENCH_OUT` when set.
    func emit(_ record: Record) {
        let line = record.line + "\n"
        writeOut(line)
        if let path = getenv("BENCH_OUT"), let file = fopen(path, "a") {
            fputs(line, file)
            fclose(file)
        }
    }
}
