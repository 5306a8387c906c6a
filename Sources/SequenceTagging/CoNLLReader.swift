/// Streams ``TaggedSentence``s from a column-based CoNLL file laid out as ``format`` describes
/// (NER data such as WNUT-17, CoNLL-2003 or Universal NER).
///
/// Format, as read here:
/// - One token per line; the token and the tag are taken from the columns ``CoNLLFormat`` names.
///   Other columns are ignored, and lines may have different numbers of columns.
/// - A line that is empty or holds only spaces and tabs ends a sentence (WNUT-17's train file
///   separates most sentences with a line holding a single tab). The last sentence may lack it.
/// - A line whose first column is the document-start marker (`-DOCSTART-`) also ends a sentence
///   and is dropped; the blank line after it then yields nothing.
/// - With a comment prefix, lines starting with it before a sentence's first token are comments.
/// - Trailing spaces and tabs on a line are ignored; `\r\n` line ends are accepted.
///
/// Errors are ``DataFormatError``s such as `train.conll:17: expected at least 2 columns, found 1`
/// or `train.conll:9: empty token (column 1)`.
public struct CoNLLReader: TaggedSentenceReader {
    public let format: CoNLLFormat
    private var source: any LineSource
    private var lineNumber = 0

    /// - Throws: ``DataFormatError`` (without a line) if `format` names a column below 1.
    public init(source: any LineSource, format: CoNLLFormat = .tokenAndTag) throws {
        guard format.tokenColumn >= 1 else {
            throw DataFormatError(
                file: source.name, line: nil,
                problem: "token column \(format.tokenColumn) does not exist (columns are numbered from 1)")
        }
        if case .number(let number) = format.tagColumn, number < 1 {
            throw DataFormatError(
                file: source.name, line: nil,
                problem: "tag column \(number) does not exist (columns are numbered from 1)")
        }
        self.source = source
        self.format = format
    }

    /// Opens the file at `path` (see ``FileLineReader``).
    public init(path: String, format: CoNLLFormat = .tokenAndTag) throws {
        try self.init(source: FileLineReader(path: path), format: format)
    }

    /// Reads a whole CoNLL file.
    public static func readAll(path: String, format: CoNLLFormat = .tokenAndTag) throws -> [TaggedSentence] {
        var reader = try CoNLLReader(path: path, format: format)
        return try reader.readAll()
    }

    public mutating func nextSentence() throws -> TaggedSentence? {
        var comments: [String] = []
        var tokens: [String] = []
        var tags: [String] = []
        var tokenLines: [Int] = []
        var firstLine: Int?

        func finish() -> TaggedSentence {
            TaggedSentence(
                tokens: tokens, tags: tags, comments: comments,
                origin: SentenceOrigin(file: source.name, firstLine: firstLine ?? lineNumber, tokenLines: tokenLines))
        }

        while let rawLine = try source.nextLine() {
            lineNumber += 1
            let line = FieldSplitting.droppingTrailingWhitespace(rawLine)
            if FieldSplitting.isBlank(line) {
                if !tokens.isEmpty { return finish() }
                comments = []
                firstLine = nil
                continue
            }
            if let prefix = format.commentPrefix, !prefix.isEmpty, line.utf8.starts(with: prefix.utf8) {
                guard tokens.isEmpty else {
                    throw error("comment line inside a sentence (comments go before the first token; is a blank line missing?)")
                }
                comments.append(line)
                if firstLine == nil { firstLine = lineNumber }
                continue
            }
            let fields = split(line)
            if let marker = format.documentStartMarker, fields.first == marker {
                if !tokens.isEmpty { return finish() }
                comments = []
                firstLine = nil
                continue
            }
            let (token, tag) = try tokenAndTag(in: fields)
            if firstLine == nil { firstLine = lineNumber }
            tokens.append(token)
            if let tag { tags.append(tag) }
            tokenLines.append(lineNumber)
        }
        return tokens.isEmpty ? nil : finish()
    }

    private func error(_ problem: String) -> DataFormatError {
        DataFormatError(file: source.name, line: lineNumber, problem: problem)
    }

    private func split(_ line: String) -> [String] {
        switch format.separator {
        case .tab:
            return FieldSplitting.splitAtTabs(line)
        case .whitespace:
            return FieldSplitting.splitAtWhitespace(line)
        case .automatic:
            return FieldSplitting.containsTab(line)
                ? FieldSplitting.splitAtTabs(line) : FieldSplitting.splitAtWhitespace(line)
        }
    }

    private func tokenAndTag(in fields: [String]) throws -> (token: String, tag: String?) {
        let tokenIndex = format.tokenColumn - 1
        let tagIndex: Int?
        let columnsNeeded: Int
        switch format.tagColumn {
        case .last:
            columnsNeeded = format.tokenColumn + 1
            tagIndex = fields.count - 1
        case .number(let number):
            columnsNeeded = max(format.tokenColumn, number)
            tagIndex = number - 1
        case .none:
            columnsNeeded = format.tokenColumn
            tagIndex = nil
        }
        guard fields.count >= columnsNeeded else {
            let what = format.tagColumn == .last ? " (the tag column must follow the token column)" : ""
            throw error("expected at least \(columnsNeeded) columns\(what), found \(fields.count)")
        }
        let token = fields[tokenIndex]
        guard !token.isEmpty else { throw error("empty token (column \(format.tokenColumn))") }
        guard let tagIndex else { return (token, nil) }
        let tag = fields[tagIndex]
        guard !tag.isEmpty else { throw error("empty tag (column \(tagIndex + 1))") }
        return (token, tag)
    }
}
