/// Writes ``TaggedSentence``s as CoNLL-U, with each token's tag in ``tagColumn`` (UPOS by default).
///
/// Output for one sentence:
/// - its ``TaggedSentence/comments`` verbatim (each must start with `#`);
/// - for each multiword token, a range line (`3-4  don't  _ … _  SpaceAfter=No|_`) right before
///   its first word;
/// - one line per token: ID, FORM, the tag in ``tagColumn``, `_` in every other column, and MISC
///   `SpaceAfter=No` where the space-after flag is `false` (words inside a multiword token get `_`:
///   the flag belongs to the range line);
/// - a blank line.
///
/// Tags are the `tags` argument if given, else the sentence's own tags; if both are empty the tag
/// column is `_` too.
public struct CoNLLUWriter: Sendable {
    public let tagColumn: CoNLLUColumn

    /// - Throws: ``SentenceWriteError`` if `tagColumn` is ID, FORM or MISC, which hold other data.
    public init(tagColumn: CoNLLUColumn = .upos) throws {
        guard tagColumn.number >= 3 && tagColumn.number <= 9 else {
            throw SentenceWriteError(
                problem: "tags cannot go in \(tagColumn): it holds other data; use a column from 3 to 9",
                origin: nil)
        }
        self.tagColumn = tagColumn
    }

    /// Appends the sentence in CoNLL-U to `output`.
    /// - Throws: ``SentenceWriteError``; nothing is written for a sentence that fails.
    public func write(
        _ sentence: TaggedSentence, tags: [String]? = nil, to output: inout some TextOutputStream
    ) throws {
        output.write(try format(sentence, tags: tags))
    }

    /// The sentence in CoNLL-U, ending with the blank line.
    public func format(_ sentence: TaggedSentence, tags givenTags: [String]? = nil) throws -> String {
        func failure(_ problem: String) -> SentenceWriteError {
            SentenceWriteError(problem: problem, origin: sentence.origin)
        }
        let tags = givenTags ?? sentence.tags
        guard tags.isEmpty || tags.count == sentence.tokens.count else {
            throw failure("\(sentence.tokens.count) tokens but \(tags.count) tags")
        }
        guard sentence.spaceAfter.count == sentence.tokens.count else {
            throw failure("\(sentence.tokens.count) tokens but \(sentence.spaceAfter.count) space-after flags")
        }
        var multiwordAtFirstWord: [Int: MultiwordToken] = [:]
        var insideMultiword = Set<Int>()
        var previousEnd = -1
        for multiword in sentence.multiwordTokens.sorted(by: { $0.words.lowerBound < $1.words.lowerBound }) {
            let range = multiword.words
            guard range.lowerBound > previousEnd, range.upperBound < sentence.tokens.count,
                range.upperBound > range.lowerBound
            else {
                throw failure(
                    "multiword token '\(multiword.form)' covers words \(range), which overlap another "
                        + "multiword token, fall outside the sentence or are fewer than two")
            }
            if let problem = FieldValidation.problem(
                with: multiword.form, what: "multiword token '\(multiword.form)'", forbidding: [9])
            {
                throw failure(problem)
            }
            multiwordAtFirstWord[range.lowerBound] = multiword
            insideMultiword.formUnion(range)
            previousEnd = range.upperBound
        }

        var text = ""
        for comment in sentence.comments {
            guard comment.utf8.first == UInt8(ascii: "#") else {
                throw failure("comment '\(comment)' does not start with #")
            }
            guard !comment.utf8.contains(UInt8(ascii: "\n")), !comment.utf8.contains(UInt8(ascii: "\r")) else {
                throw failure("a comment contains a line break")
            }
            text += comment + "\n"
        }
        for (index, token) in sentence.tokens.enumerated() {
            if let problem = FieldValidation.problem(with: token, what: "token \(index + 1)", forbidding: [9]) {
                throw failure(problem)
            }
            var columns = Array(repeating: "_", count: 10)
            if let multiword = multiwordAtFirstWord[index] {
                columns[0] = "\(multiword.words.lowerBound + 1)-\(multiword.words.upperBound + 1)"
                columns[1] = multiword.form
                columns[9] = multiword.spaceAfter ? "_" : "SpaceAfter=No"
                text += columns.joined(separator: "\t") + "\n"
                columns = Array(repeating: "_", count: 10)
            }
            columns[0] = String(index + 1)
            columns[1] = token
            if !tags.isEmpty {
                if let problem = FieldValidation.problem(
                    with: tags[index], what: "the tag of token \(index + 1)", forbidding: [9, 32])
                {
                    throw failure(problem)
                }
                columns[tagColumn.number - 1] = tags[index]
            }
            if !insideMultiword.contains(index) && !sentence.spaceAfter[index] {
                columns[9] = "SpaceAfter=No"
            }
            text += columns.joined(separator: "\t") + "\n"
        }
        return text + "\n"
    }
}
