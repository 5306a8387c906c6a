/// Why a vocabulary or label set could not be loaded.
///
/// Every case carries `source`, which says where the data came from (for example
/// `model.quill metadata 'vocabulary'`); the ``description`` is a sentence that starts with it
/// and names what is wrong, e.g. `vocabulary: token "the" appears twice (ids 5 and 9)`.
/// Fields are named by their path in the JSON: `tokens`, `counts[3]`, `specials.unknown`.
public enum VocabularyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not JSON at all.
    case malformedJSON(source: String)
    /// The JSON is not an object (`{...}`).
    case notAnObject(source: String)
    /// A required field is absent.
    case missingField(source: String, field: String)
    /// A field holds the wrong kind of value (`expected` is e.g. "a whole number").
    case wrongType(source: String, field: String, expected: String)
    /// A field holds a value that cannot be read.
    case invalidValue(source: String, field: String)
    /// The `format` field names another kind of data.
    case wrongFormat(source: String, found: String, expected: String)
    /// The data was written by a newer Quill, in a format version this build cannot read.
    case newerVersion(source: String, found: Int, supported: Int)
    /// The format version is not a valid one (below 1).
    case invalidVersion(source: String, found: Int, supported: Int)
    /// The token at `id` is the empty string.
    case emptyToken(source: String, id: Int)
    /// `token` has two ids.
    case duplicateToken(source: String, token: String, firstID: Int, secondID: Int)
    /// `tokens` and `counts` have different lengths.
    case countsMismatch(source: String, tokens: Int, counts: Int)
    /// A count is below zero.
    case negativeCount(source: String, token: String, id: Int, count: Int)
    /// `specials` names a role that does not exist.
    case unknownSpecialRole(source: String, role: String)
    /// `specials` has no `unknown` entry.
    case missingUnknown(source: String)
    /// A special token's id is not an id of the vocabulary.
    case specialIDOutOfRange(source: String, role: String, id: Int, tokenCount: Int)
    /// A special token's id is not the one its role must have (specials take the first ids, in role order).
    case specialsNotFirst(source: String, role: String, id: Int, expected: Int)
    /// A special token has a count other than 0.
    case specialWithCount(source: String, role: String, id: Int, count: Int)
    /// The label at `id` is the empty string.
    case emptyLabel(source: String, id: Int)
    /// `label` has two ids.
    case duplicateLabel(source: String, label: String, firstID: Int, secondID: Int)

    /// A sentence for the user: the source, a colon, then what is wrong.
    public var description: String {
        switch self {
        case let .malformedJSON(source):
            "\(source): the text is not valid JSON"
        case let .notAnObject(source):
            "\(source): expected a JSON object ({...}), found another kind of JSON value"
        case let .missingField(source, field):
            "\(source): the field \"\(field)\" is missing"
        case let .wrongType(source, field, expected):
            "\(source): \"\(field)\" should be \(expected)"
        case let .invalidValue(source, field):
            "\(source): the value of \"\(field)\" cannot be read"
        case let .wrongFormat(source, found, expected):
            "\(source): the format is \(quoted(found)), expected \"\(expected)\""
        case let .newerVersion(source, found, supported):
            "\(source): was written by a newer Quill (format version \(found); this build reads \(supported))"
        case let .invalidVersion(source, found, supported):
            "\(source): format version \(found) is not valid (this build reads \(supported))"
        case let .emptyToken(source, id):
            "\(source): the token with id \(id) is empty"
        case let .duplicateToken(source, token, firstID, secondID):
            "\(source): token \(quoted(token)) appears twice (ids \(firstID) and \(secondID))"
        case let .countsMismatch(source, tokens, counts):
            "\(source): there are \(tokens) tokens but \(counts) counts; each token needs exactly one count"
        case let .negativeCount(source, token, id, count):
            "\(source): token \(quoted(token)) (id \(id)) has a negative count (\(count))"
        case let .unknownSpecialRole(source, role):
            "\(source): \(quoted(role)) is not a special-token role (the roles are padding, unknown, beginOfSequence, endOfSequence)"
        case let .missingUnknown(source):
            "\(source): there is no unknown token; \"specials\" must give the id of \"unknown\""
        case let .specialIDOutOfRange(source, role, id, tokenCount):
            "\(source): the \(role) token's id \(id) is out of range ("
                + (tokenCount == 0 ? "there are no tokens)" : "there are \(tokenCount) tokens, ids 0 to \(tokenCount - 1))")
        case let .specialsNotFirst(source, role, id, expected):
            "\(source): the \(role) token has id \(id) but should have id \(expected); special tokens take the first ids, in the order padding, unknown, beginOfSequence, endOfSequence"
        case let .specialWithCount(source, role, id, count):
            "\(source): the \(role) token (id \(id)) has count \(count); special tokens always have count 0"
        case let .emptyLabel(source, id):
            "\(source): the label with id \(id) is empty"
        case let .duplicateLabel(source, label, firstID, secondID):
            "\(source): label \(quoted(label)) appears twice (ids \(firstID) and \(secondID))"
        }
    }
}

/// A token in double quotes, with control characters, quotes and backslashes escaped.
private func quoted(_ text: String) -> String {
    String(reflecting: text)
}
