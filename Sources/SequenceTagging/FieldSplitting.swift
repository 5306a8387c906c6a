/// Line-splitting helpers shared by the readers. "Whitespace" here means ASCII space and tab only:
/// other Unicode spaces (no-break space, ideographic space...) are token characters.
enum FieldSplitting {
    static let tab = UInt8(ascii: "\t")
    static let space = UInt8(ascii: " ")

    /// `true` for an empty line or one made only of spaces and tabs.
    static func isBlank(_ line: String) -> Bool {
        line.utf8.allSatisfy { $0 == space || $0 == tab }
    }

    /// `true` if the line contains a tab.
    static func containsTab(_ line: String) -> Bool {
        line.utf8.contains(tab)
    }

    /// Splits at every tab; empty fields are kept (`"a\t\tb"` gives `["a", "", "b"]`).
    static func splitAtTabs(_ line: String) -> [String] {
        line.utf8.split(separator: tab, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// Splits at runs of spaces and tabs; leading and trailing whitespace produce no fields.
    static func splitAtWhitespace(_ line: String) -> [String] {
        line.utf8.split(whereSeparator: { $0 == space || $0 == tab }).map {
            String(decoding: $0, as: UTF8.self)
        }
    }

    /// The line without trailing spaces and tabs.
    static func droppingTrailingWhitespace(_ line: String) -> String {
        let utf8 = line.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let before = utf8.index(before: end)
            guard utf8[before] == space || utf8[before] == tab else { break }
            end = before
        }
        if end == utf8.endIndex { return line }
        return String(decoding: utf8[utf8.startIndex..<end], as: UTF8.self)
    }

    /// Parses a non-empty string of ASCII digits (no sign, no spaces) as a non-negative integer;
    /// `nil` if it is anything else or does not fit in `Int`.
    static func parseDigits<S: StringProtocol>(_ text: S) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return Int(text)
    }
}
