/// A problem with line-oriented input, located by file name and (when one applies) line number.
///
/// ``description`` reads `train.conllu:1042: expected 10 tab-separated columns, found 7`, or
/// `train.conllu: cannot open for reading: No such file or directory` when no line applies.
/// It carries no `error:` prefix; a command-line tool prints `error: \(error)`.
///
/// Every reader in this module throws this type for bad input: wrong column counts, bad IDs,
/// empty fields, invalid UTF-8, I/O failures, and (through ``TaggedSentence/convertingTags(from:to:)``)
/// tags that do not fit a tag scheme.
public struct DataFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file path as the caller gave it, or a label such as `<stdin>` or `<string>`.
    public var file: String
    /// The 1-based line number the problem is on, or `nil` if it concerns the whole file.
    public var line: Int?
    /// What is wrong, in lower case without a trailing period, e.g. `empty FORM (column 2)`.
    public var problem: String

    public init(file: String, line: Int?, problem: String) {
        self.file = file
        self.line = line
        self.problem = problem
    }

    public var description: String {
        if let line {
            return "\(file):\(line): \(problem)"
        }
        return "\(file): \(problem)"
    }
}
