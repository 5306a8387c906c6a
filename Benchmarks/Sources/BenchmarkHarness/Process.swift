// The clock, small statistics, files and process counters (rusage, /proc).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds on the monotonic clock.
@inline(__always)
public func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + 1e-9 * Double(time.tv_nsec)
}

/// Python's `statistics.median` (the mean of the two middle values for an even count).
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let n = sorted.count
    precondition(n > 0, "median of nothing")
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

/// Python's `round(value, digits)` closely enough for the records.
public func rounded(_ value: Double, _ digits: Int) -> Double {
    let scale = pow(10, Double(digits))
    return (value * scale).rounded() / scale
}

/// Writes all of `text` to a file descriptor (1: stdout, 2: stderr), unbuffered.
public func writeOut(_ text: String, to descriptor: Int32 = 1) {
    let bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + done, $0.count - done) }
        guard count > 0 else { return }
        done += count
    }
}

/// A whole file (fopen/fread: /proc files report size 0); "" when it cannot be opened.
public func readText(_ path: String) -> String {
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

/// The 1-minute load average (/proc/loadavg; 0 where it is not there).
public func loadAverage() -> Double {
    Double(readText("/proc/loadavg").split(separator: " ").first ?? "") ?? 0
}

#if canImport(Glibc)
let rusageSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
let rusageSelf = RUSAGE_SELF
#endif

public func minorFaults() -> Int {
    var usage = rusage()
    getrusage(rusageSelf, &usage)
    return usage.ru_minflt
}

/// Peak resident set size in MB (getrusage `ru_maxrss`, in KiB on Linux).
public func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(rusageSelf, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// The resident set size now (`VmRSS`), in MB; nil where /proc is not there.
public func residentMB() -> Double? {
    guard let line = readText("/proc/self/status").split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
    return kilobytes / 1024
}

/// Resets the kernel's RSS high-water mark (`/proc/self/clear_refs`, value 5, Linux 4.0+), which
/// `ru_maxrss` reports while the process lives: `peakResidentMB()` after a workload is then that
/// workload's peak (the runtime, OpenBLAS and whatever the previous workload left in the allocator
/// included). Returns false where that is not possible (then `ru_maxrss` is the process's peak).
@discardableResult
public func resetPeakResident() -> Bool {
    let descriptor = open("/proc/self/clear_refs", O_WRONLY)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return write(descriptor, "5", 1) == 1
}
