import CLISupport
import Tokenization

/// Counts by kind, for `--stats`.
struct TokenStatistics {
    var counts: [TokenKind: Int] = [:]
    var bytes = 0

    mutating func count(_ tokens: [Token]) {
        for token in tokens { counts[token.kind, default: 0] += 1 }
    }

    func summary(seconds: Double) -> String {
        let total = counts.values.reduce(0, +)
        let kinds = TokenKind.allCases.compactMap { kind in counts[kind].map { "\(kind) \($0)" } }
        let rate = seconds > 0 ? Double(bytes) / seconds / 1e6 : 0
        return "\(total) tokens (\(kinds.joined(separator: ", "))) from \(bytes) bytes in "
            + "\(Int(seconds * 1000)) ms, \(ProgressDisplay.decimal(rate)) MB/s"
    }
}
