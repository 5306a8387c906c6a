/// The special tokens of a ``Vocabulary``: padding, unknown, beginning and end of sequence.
///
/// Conventions:
/// - The present specials take the first ids of a vocabulary, in the fixed role order
///   padding, unknown, beginOfSequence, endOfSequence. With ``standard`` that is
///   `<pad>` = 0, `<unk>` = 1, `<s>` = 2, `</s>` = 3; with ``unknownOnly`` it is `<unk>` = 0.
/// - ``unknown`` is always present: every vocabulary maps unseen tokens to it.
/// - Special tokens have count 0, and their texts are never added again as ordinary tokens.
/// - Texts must be non-empty and distinct; the initializer checks it (a programmer error
///   otherwise), and decoding throws a `DecodingError` instead.
public struct SpecialTokens: Sendable, Hashable, Codable {
    /// The padding token (fills batches of unequal length), or nil when there is none.
    public let padding: String?
    /// The unknown token: what a frozen vocabulary maps unseen tokens to.
    public let unknown: String
    /// The token that begins a sequence, or nil when there is none.
    public let beginOfSequence: String?
    /// The token that ends a sequence, or nil when there is none.
    public let endOfSequence: String?

    /// Special tokens with the given texts; absent roles are nil.
    /// - Precondition: the texts are non-empty and distinct.
    public init(
        padding: String? = nil,
        unknown: String = "<unk>",
        beginOfSequence: String? = nil,
        endOfSequence: String? = nil
    ) {
        self.padding = padding
        self.unknown = unknown
        self.beginOfSequence = beginOfSequence
        self.endOfSequence = endOfSequence
        if let problem { preconditionFailure("SpecialTokens: \(problem)") }
    }

    /// `<pad>`, `<unk>`, `<s>`, `</s>` at ids 0, 1, 2, 3: for word models.
    public static let standard = SpecialTokens(
        padding: "<pad>", unknown: "<unk>", beginOfSequence: "<s>", endOfSequence: "</s>")

    /// Only `<unk>`, at id 0: for character models, whose vocabulary is the set of graphemes seen.
    public static let unknownOnly = SpecialTokens(unknown: "<unk>")

    /// The texts of the present special tokens, in id order (the fixed role order).
    public var tokens: [String] { roles.map(\.text) }

    /// How many special tokens there are (1 to 4); they take ids `0..<count`.
    public var count: Int { roles.count }

    /// The roles a special token can have, in id order.
    enum Role: String, CaseIterable {
        case padding, unknown, beginOfSequence, endOfSequence
    }

    /// The present roles with their texts, in id order.
    var roles: [(role: Role, text: String)] {
        var result: [(role: Role, text: String)] = []
        if let padding { result.append((.padding, padding)) }
        result.append((.unknown, unknown))
        if let beginOfSequence { result.append((.beginOfSequence, beginOfSequence)) }
        if let endOfSequence { result.append((.endOfSequence, endOfSequence)) }
        return result
    }

    /// Why these texts cannot be special tokens (empty or repeated), or nil when they can.
    var problem: String? {
        var seen: [String: Role] = [:]
        for (role, text) in roles {
            if text.isEmpty { return "the \(role.rawValue) token is empty" }
            if let other = seen[text] {
                return "\(other.rawValue) and \(role.rawValue) have the same text \(String(reflecting: text))"
            }
            seen[text] = role
        }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case padding, unknown, beginOfSequence, endOfSequence
    }

    /// Decodes `{"padding": ..., "unknown": ..., ...}` (absent roles omitted), throwing a
    /// `DecodingError` when a text is empty or two roles share a text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        padding = try container.decodeIfPresent(String.self, forKey: .padding)
        unknown = try container.decode(String.self, forKey: .unknown)
        beginOfSequence = try container.decodeIfPresent(String.self, forKey: .beginOfSequence)
        endOfSequence = try container.decodeIfPresent(String.self, forKey: .endOfSequence)
        if let problem {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "special tokens: \(problem)"))
        }
    }
}
