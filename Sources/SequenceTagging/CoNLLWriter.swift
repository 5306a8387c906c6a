/// Writes sentences in column-based CoNLL: one token per line, `token<TAB>tag` (or more tag
/// columns), a blank line after each sentence.
///
/// With ``Separator/space`` and two tag columns (gold, predicted) the output is exactly the input
/// format of the `conlleval` script.
public struct CoNLLWriter: Sendable {
    public enum Separator: Sendable {
        case tab
        case space

        var byte: UInt8 { self == .tab ? 9 : 32 }
        var string: String { self == .tab ? "\t" : " " }
    }

    public let separator: Separator

    public init(separator: Separator = .tab) {
        self.separator = separator
    }

    /// Appends `token<SEP>tag` lines and a blank line. Tags are `tags` if given, else the
    /// sentence's own.
    /// - Throws: ``SentenceWriteError`` if there is no tag per token or a field is empty or contains
    ///   the separator or a line break; nothing is written then.
    public func write(
        _ sentence: TaggedSentence, tags: [String]? = nil, to output: inout some TextOutputStream
    ) throws {
        output.write(try format(tokens: sentence.tokens, tagColumns: [tags ?? sentence.tags], origin: sentence.origin))
    }

    /// Appends lines `token<SEP>column1<SEP>column2…` and a blank line; each tag column has one
    /// value per token (e.g. `[gold, predicted]`).
    public func write(
        tokens: [String], tagColumns: [[String]], to output: inout some TextOutputStream
    ) throws {
        output.write(try format(tokens: tokens, tagColumns: tagColumns, origin: nil))
    }

    /// The formatted sentence, ending with the blank line.
    public func format(tokens: [String], tagColumns: [[String]], origin: SentenceOrigin? = nil) throws -> String {
        let forbidden: Set<UInt8> = [separator.byte]
        for (number, column) in tagColumns.enumerated() where column.count != tokens.count {
            throw SentenceWriteError(
                problem: "\(tokens.count) tokens but \(column.count) tags in tag column \(number + 1)", origin: origin)
        }
        var text = ""
        for (index, token) in tokens.enumerated() {
            if let problem = FieldValidation.problem(with: token, what: "token \(index + 1)", forbidding: forbidden) {
                throw SentenceWriteError(problem: problem, origin: origin)
            }
            text += token
            for column in tagColumns {
                let tag = column[index]
                if let problem = FieldValidation.problem(
                    with: tag, what: "the tag of token \(index + 1)", forbidding: forbidden)
                {
                    throw SentenceWriteError(problem: problem, origin: origin)
                }
                text += separator.string + tag
            }
            text += "\n"
        }
        return text + "\n"
    }
}
