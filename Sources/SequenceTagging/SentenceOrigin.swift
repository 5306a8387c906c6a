/// Where a sentence was read from, for error messages about it that come later (for example a tag
/// that does not fit a tag scheme, found while converting training data).
public struct SentenceOrigin: Hashable, Sendable {
    /// The file path as given to the reader, or a label such as `<stdin>`.
    public var file: String
    /// The 1-based line of the sentence's first line (its first comment line, if it has comments).
    public var firstLine: Int
    /// The 1-based line of each token, parallel to ``TaggedSentence/tokens``.
    public var tokenLines: [Int]

    public init(file: String, firstLine: Int, tokenLines: [Int]) {
        self.file = file
        self.firstLine = firstLine
        self.tokenLines = tokenLines
    }

    /// A ``DataFormatError`` at the line of token `tokenIndex` (0-based), or at the sentence's first
    /// line when the token index is `nil` or unknown.
    public func error(atToken tokenIndex: Int?, _ problem: String) -> DataFormatError {
        if let tokenIndex, tokenLines.indices.contains(tokenIndex) {
            return DataFormatError(file: file, line: tokenLines[tokenIndex], problem: problem)
        }
        return DataFormatError(file: file, line: firstLine, problem: problem)
    }
}
