import CLISupport
import Tokenization

/// Counts by kind, for `--stats`.
struct TokenStatistics {
    /// Tokens of each kind, indexed by `TokenKind.rawValue`.
    var counts = [Int](repeating: 0, count: TokenKind.allCases.count)
    var bytes = 0

    mutating func count(_ block: TextBlock) {
        for token in block.tokens { counts[Int(token.kind.rawValue)] += 1 }
        bytes += block.text.utf8.count
    }

    func summary(seconds: Double) -> String {
        let total = counts.reduce(0, +)
        let kinds = TokenKind.allCases.compactMap { kind in
            counts[Int(kind.rawValue)] > 0 ? "\(kind) \(counts[Int(kind.rawValue)])" : nil
        }
        let rate = seconds > 0 ? Double(bytes) / seconds / 1e6 : 0
        return "\(total) tokens (\(kinds.joined(separator: ", "))) from \(bytes) bytes in "
            + "\(Int(seconds * 1000)) ms, \(ProgressDisplay.decimal(rate)) MB/s"
    }
}
