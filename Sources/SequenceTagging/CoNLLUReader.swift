/// Streams ``TaggedSentence``s from CoNLL-U (https://universaldependencies.org/format.html).
///
/// Format, as read here:
/// - A word line has exactly 10 tab-separated columns: ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL
///   DEPS MISC. Word IDs are 1, 2, 3… in order within each sentence.
/// - A multiword token line has a range ID (`3-4`) that must start at the next word's ID; it is not
///   a token but is kept as a ``MultiwordToken`` (surface form, `SpaceAfter=No`).
/// - An empty node line (`8.1`, enhanced dependencies) is skipped.
/// - Lines starting with `#` before a sentence's first word are comments, kept verbatim in
///   ``TaggedSentence/comments``; a `#` line after a word (a missing blank line) is an error.
/// - A blank line (empty, or only spaces/tabs) ends a sentence; the last sentence may lack it.
///   A block with comments but no words (e.g. a file header) yields no sentence.
/// - Each token's tag comes from ``tagColumn`` (UPOS by default); with `tagColumn == nil` no tags
///   are read and ``TaggedSentence/tags`` is empty.
/// - MISC `SpaceAfter=No` (one of its `|`-separated entries) sets the space-after flag to `false`.
///   `SpacesAfter=…` (exact whitespace, e.g. `\u00A0`; once in UD English-EWT test) is not kept:
///   the token counts as followed by an ordinary space.
///
/// Errors are ``DataFormatError``s such as
/// `train.conllu:1042: expected 10 tab-separated columns, found 7`,
/// `train.conllu:17: expected word ID 5, found 6`, `train.conllu:9: empty FORM (column 2)`.
public struct CoNLLUReader: TaggedSentenceReader {
    /// The column whose value becomes each token's tag, or `nil` to read no tags.
    public let tagColumn: CoNLLUColumn?
    private var source: any LineSource
    private var lineNumber = 0

    public init(source: any LineSource, tagColumn: CoNLLUColumn? = .upos) {
        self.source = source
        self.tagColumn = tagColumn
    }

    /// Opens the file at `path` (see ``FileLineReader``).
    public init(path: String, tagColumn: CoNLLUColumn? = .upos) throws {
        try self.init(source: FileLineReader(path: path), tagColumn: tagColumn)
    }

    /// Reads a whole CoNLL-U file.
    public static func readAll(path: String, tagColumn: CoNLLUColumn? = .upos) throws -> [TaggedSentence] {
        var reader = try CoNLLUReader(path: path, tagColumn: tagColumn)
        return try reader.readAll()
    }

    /// A sentence being collected.
    private struct PartialSentence {
        var comments: [String] = []
        var tokens: [String] = []
        var tags: [String] = []
        var spaceAfter: [Bool] = []
        var tokenLines: [Int] = []
        var multiwordTokens: [MultiwordToken] = []
        var multiwordTokenLines: [Int] = []
        var firstLine: Int?

        var isEmpty: Bool { tokens.isEmpty && multiwordTokens.isEmpty }
        var nextWordID: Int { tokens.count + 1 }
    }

    public mutating func nextSentence() throws -> TaggedSentence? {
        var partial = PartialSentence()
        while let line = try source.nextLine() {
            lineNumber += 1
            if FieldSplitting.isBlank(line) {
                if !partial.isEmpty {
                    return try finish(partial)
                }
                partial = PartialSentence()  // drop a comment-only block
                continue
            }
            if partial.firstLine == nil {
                partial.firstLine = lineNumber
            }
            if line.utf8.first == UInt8(ascii: "#") {
                guard partial.isEmpty else {
                    throw error("comment line inside a sentence (comments go before the first word; is a blank line missing?)")
                }
                partial.comments.append(line)
                continue
            }
            try parseLine(line, into: &partial)
        }
        return partial.isEmpty ? nil : try finish(partial)
    }

    private func error(_ problem: String, line: Int? = nil) -> DataFormatError {
        DataFormatError(file: source.name, line: line ?? lineNumber, problem: problem)
    }

    private func parseLine(_ line: String, into partial: inout PartialSentence) throws {
        let fields = FieldSplitting.splitAtTabs(line)
        guard fields.count == 10 else {
            throw error("expected 10 tab-separated columns, found \(fields.count)")
        }
        let id = fields[0]
        let form = fields[1]
        if let dash = id.firstIndex(of: "-") {
            guard let first = FieldSplitting.parseDigits(id[..<dash]),
                let last = FieldSplitting.parseDigits(id[id.index(after: dash)...])
            else {
                throw error("invalid multiword token ID '\(id)' (expected a range such as 3-4)")
            }
            guard first == partial.nextWordID else {
                throw error("multiword token \(id) should start at the next word, \(partial.nextWordID)")
            }
            guard last > first else {
                throw error("multiword token range \(id) must end after it starts")
            }
            if let previous = partial.multiwordTokens.last, previous.words.upperBound + 1 >= first {
                throw error(
                    "multiword token \(id) overlaps multiword token "
                        + "\(previous.words.lowerBound + 1)-\(previous.words.upperBound + 1)")
            }
            guard !form.isEmpty else { throw error("empty FORM (column 2)") }
            partial.multiwordTokens.append(
                MultiwordToken(form: form, words: (first - 1)...(last - 1), spaceAfter: Self.spaceAfter(misc: fields[9])))
            partial.multiwordTokenLines.append(lineNumber)
            return
        }
        if let dot = id.firstIndex(of: ".") {
            guard let word = FieldSplitting.parseDigits(id[..<dot]),
                let node = FieldSplitting.parseDigits(id[id.index(after: dot)...]), node >= 1
            else {
                throw error("invalid empty node ID '\(id)' (expected a decimal such as 8.1)")
            }
            guard word == partial.tokens.count else {
                throw error("empty node \(id) should follow word \(partial.tokens.count)")
            }
            return  // empty nodes are not tagged
        }
        guard let wordID = FieldSplitting.parseDigits(id) else {
            throw error("ID '\(id)' is not an integer, a range such as 3-4, or a decimal such as 8.1")
        }
        guard wordID == partial.nextWordID else {
            throw error("expected word ID \(partial.nextWordID), found \(wordID)")
        }
        guard !form.isEmpty else { throw error("empty FORM (column 2)") }
        if let tagColumn {
            let tag = fields[tagColumn.number - 1]
            guard !tag.isEmpty else { throw error("empty \(tagColumn)") }
            partial.tags.append(tag)
        }
        partial.tokens.append(form)
        partial.spaceAfter.append(Self.spaceAfter(misc: fields[9]))
        partial.tokenLines.append(lineNumber)
    }

    private func finish(_ partial: PartialSentence) throws -> TaggedSentence {
        var spaceAfter = partial.spaceAfter
        for (multiword, line) in zip(partial.multiwordTokens, partial.multiwordTokenLines) {
            guard multiword.words.upperBound < partial.tokens.count else {
                throw error(
                    "multiword token \(multiword.words.lowerBound + 1)-\(multiword.words.upperBound + 1) "
                        + "extends past the sentence's last word, \(partial.tokens.count)",
                    line: line)
            }
            for index in multiword.words {
                spaceAfter[index] = false
            }
            spaceAfter[multiword.words.upperBound] = multiword.spaceAfter
        }
        let firstLine = partial.firstLine ?? lineNumber
        return TaggedSentence(
            tokens: partial.tokens,
            tags: partial.tags,
            spaceAfter: spaceAfter,
            multiwordTokens: partial.multiwordTokens,
            comments: partial.comments,
            origin: SentenceOrigin(file: source.name, firstLine: firstLine, tokenLines: partial.tokenLines))
    }

    /// `false` if the MISC field has an entry `SpaceAfter=No`.
    static func spaceAfter(misc: String) -> Bool {
        guard misc.contains("SpaceAfter=No") else { return true }
        return !misc.split(separator: "|").contains("SpaceAfter=No")
    }
}
