// The records (common.py: base_record, throughput_record, latency_record, plus Quill's fields),
// on stdout and appended to $BENCH_OUT when set.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RecurrentCore

/// What `throughput`/`latency` add besides the measurement: work per unit and memory.
public struct Extras: Sendable {
    /// Useful FLOPs per unit (RESULTS.md's "work/unit": forward = 2 x MACs of the matrix products,
    /// training = 3 x forward); `gflops` = this x units/s.
    public var flopsPerUnit: Double?
    public var peakResidentMB: Double?
    /// RSS when the workload started (after the reset): the process's baseline, what earlier
    /// workloads of the process left in the allocator included.
    public var startResidentMB: Double?
    public var other: [(String, JSONValue)]

    public init(flopsPerUnit: Double? = nil, peakResidentMB: Double? = nil, startResidentMB: Double? = nil,
                other: [(String, JSONValue)] = []) {
        self.flopsPerUnit = flopsPerUnit
        self.peakResidentMB = peakResidentMB
        self.startResidentMB = startResidentMB
        self.other = other
    }
}

#if compiler(>=6.4)
public let swiftVersion = "Swift 6.4+"
#elseif compiler(>=6.3)
public let swiftVersion = "Swift 6.3"
#elseif compiler(>=6.2)
public let swiftVersion = "Swift 6.2"
#else
public let swiftVersion = "Swift 6.1"
#endif

/// "OpenBLAS 0.3.21 DYNAMIC_ARCH ... / core Zen" from the loaded library itself.
public func openBLASVersion() -> String {
    guard let handle = dlopen(nil, RTLD_NOW) else { return "OpenBLAS" }
    typealias StringFunction = @convention(c) () -> UnsafePointer<CChar>?
    func call(_ name: String) -> String? {
        guard let symbol = dlsym(handle, name) else { return nil }
        return unsafeBitCast(symbol, to: StringFunction.self)().map { String(cString: $0) }
    }
    var text = call("openblas_get_config").map { Substring($0).trimmingCharacters(in: " \t") } ?? "OpenBLAS"
    if let core = call("openblas_get_corename") { text += " / core \(core)" }
    return text
}

/// Values that are the same for every line of this process.
public struct Machine: Sendable {
    public let date: String
    public let cpu: String
    public let versions: String

    /// `library`: the Quill module the tool measures, for `versions` ("Quill RecurrentCore (...)").
    public static func current(library: String) -> Machine {
        var clock = time(nil)
        var parts = tm()
        gmtime_r(&clock, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        let date = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let cpu = readText("/proc/cpuinfo").split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: " \t") } ?? "unknown"
        return Machine(date: date, cpu: cpu, versions: "Quill \(library) (\(swiftVersion), \(openBLASVersion()))")
    }
}

public struct Reporter: Sendable {
    public let machine: Machine

    public init(library: String) {
        machine = Machine.current(library: library)
    }

    public func base(_ workload: String, _ variant: String, threads: Int) -> Record {
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

    public func throughput(_ base: Record, _ result: Throughput, unitsPerCall: Double, unit: String,
                           extras: Extras = Extras()) {
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
        add(extras, to: &record)
        emit(record)
    }

    public func latency(_ base: Record, _ result: Latency, extras: Extras = Extras()) {
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
        add(extras, to: &record)
        emit(record)
    }

    /// The memory fields and `extras.other`, after the measurement's (gflops included).
    private func add(_ extras: Extras, to record: inout Record) {
        if let rss = extras.peakResidentMB { record["peak_rss_mb"] = .number(rounded(rss, 1)) }
        if let rss = extras.startResidentMB { record["rss_at_start_mb"] = .number(rounded(rss, 1)) }
        for (key, value) in extras.other { record[key] = value }
    }

    /// One line on stdout, and appended to `$BENCH_OUT` when set.
    public func emit(_ record: Record) {
        let line = record.line + "\n"
        writeOut(line)
        if let path = getenv("BENCH_OUT"), let file = fopen(path, "a") {
            fputs(line, file)
            fclose(file)
        }
    }
}
