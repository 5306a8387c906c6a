/// Progress of long work on standard error: a bar redrawn in place with rate and ETA on a
/// terminal, plain lines (at most one every `plainInterval` seconds) when piped or logged.
///
///     let progress = ProgressDisplay(label: "tokenize", total: fileSize, unit: .bytes)
///     progress.update(completed: bytesDone)
///     progress.finish()
///
/// A terminal bar looks like
/// `tokenize [###########.........] 54%  12.3 MB/s  ETA 0:07`, and a piped line
/// `tokenize: 54% (602 MB of 1.1 GB), 12.3 MB/s, ETA 0:07`.
public final class ProgressDisplay {
    /// How quantities are printed.
    public enum Unit: Sendable {
        case bytes
        /// Counted things, e.g. `.items("tokens")`.
        case items(String)
    }

    public let label: String
    public let total: Int?
    public let unit: Unit
    /// Shown after the rate and ETA, e.g. "loss 1.482"; set it before `update`.
    public var detail: String?
    private let isTerminal: Bool
    private let plainInterval: Double
    private let output: (String) -> Void
    private let clock: () -> Double
    private let start: Double
    private var lastDraw = -Double.infinity
    private var completed = 0
    private var drewInPlace = false

    /// - Parameters:
    ///   - total: the amount of work, or nil when unknown (then no bar and no ETA).
    ///   - isTerminal: whether to redraw in place; defaults to whether standard error is a terminal.
    public init(label: String, total: Int?, unit: Unit, isTerminal: Bool = StandardError.isTerminal,
                plainInterval: Double = 10, output: @escaping (String) -> Void = StandardError.write,
                clock: @escaping () -> Double = monotonicSeconds) {
        self.label = label
        self.total = total
        self.unit = unit
        self.isTerminal = isTerminal
        self.plainInterval = plainInterval
        self.output = output
        self.clock = clock
        start = clock()
    }

    /// Records progress; redraws at most ten times a second on a terminal.
    public func update(completed: Int) {
        self.completed = completed
        let now = clock()
        if now - lastDraw < (isTerminal ? 0.1 : plainInterval) { return }
        lastDraw = now
        draw(now: now)
    }

    /// Draws the final state and ends the line.
    public func finish() {
        draw(now: clock())
        if drewInPlace { output("\n") }
    }

    private func draw(now: Double) {
        var line = Self.describe(label: label, completed: completed, total: total, unit: unit,
                                 elapsed: now - start, bar: isTerminal)
        if let detail { line += (isTerminal ? "  " : ", ") + detail }
        if isTerminal {
            output("\r" + line + "\u{1B}[K")
            drewInPlace = true
        } else {
            output(line + "\n")
        }
    }

    /// The text of one progress line (`bar`: the in-place terminal form).
    static func describe(label: String, completed: Int, total: Int?, unit: Unit, elapsed: Double, bar: Bool) -> String {
        let rate = elapsed > 0 ? Double(completed) / elapsed : 0
        var parts: [String] = []
        var eta: String?
        if let total, total > 0 {
            let fraction = min(1, Double(completed) / Double(total))
            let percent = "\(Int(fraction * 100))%"
            if bar {
                let width = 20, filled = Int(fraction * Double(width))
                parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + percent)
            } else {
                parts.append("\(percent) (\(amount(completed, unit)) of \(format(total, unit)))")
            }
            if rate > 0 && completed < total { eta = "ETA " + duration(Double(total - completed) / rate) }
        } else {
            parts.append(format(completed, unit))
        }
        parts.append(format(rate, unit) + "/s")
        if let eta { parts.append(eta) }
        return bar ? "\(label) " + parts.joined(separator: "  ") : "\(label): " + parts.joined(separator: ", ")
    }

    static func format(_ amount: Int, _ unit: Unit) -> String { format(Double(amount), unit) }

    /// A count without its unit's name when the total that follows names it: "2.5k" (of 10.0k
    /// tokens), "1.2 MB" (of 5.0 MB).
    static func amount(_ amount: Int, _ unit: Unit) -> String {
        guard case .items = unit else { return format(amount, unit) }
        return format(Double(amount), .items("")).trimmingSuffix(" ")
    }

    static func format(_ amount: Double, _ unit: Unit) -> String {
        switch unit {
        case .bytes:
            let steps: [(Double, String)] = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
            for (size, name) in steps where amount >= size { return decimal(amount / size) + " " + name }
            return "\(Int(amount)) B"
        case let .items(name):
            let steps: [(Double, String)] = [(1e9, "G"), (1e6, "M"), (1e3, "k")]
            for (size, suffix) in steps where amount >= size { return decimal(amount / size) + suffix + " " + name }
            // Rates below 100 keep a decimal ("1.8 batches/s"); counts are whole anyway.
            return (amount < 100 && amount != amount.rounded(.down) ? decimal(amount) : "\(Int(amount))") + " " + name
        }
    }

    /// One decimal below 100, none above: "3.4", "12.3", "512".
    public static func decimal(_ value: Double) -> String {
        if value >= 100 { return "\(Int(value.rounded()))" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// "0:07", "12:30", "1:02:03".
    public static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" : "\(minutes):\(twoDigits(secs))"
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
