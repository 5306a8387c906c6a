/// One sentence: its tokens, one tag per token, and what is needed to rebuild and write it back.
///
/// Conventions:
/// - ``tokens`` are the units that get tagged: CoNLL-U syntactic words (multiword-token range
///   lines and empty nodes are not tokens), or the token column of a CoNLL file.
/// - ``tags`` has one tag per token, or is empty when the reader was told to read no tags (input
///   to be annotated). Nothing else is allowed; writers and evaluators check and throw.
/// - ``spaceAfter`` has one flag per token: `false` where CoNLL-U MISC says `SpaceAfter=No`.
///   CoNLL files have no such information, so every flag is `true`. For words inside a multiword
///   token, the flag is `false` except on the last word, which gets the multiword token's flag.
/// - ``comments`` are the comment lines before the tokens, verbatim including the leading `#`
///   (e.g. `# sent_id = weblog-…-0001`, `# text = From the AP comes this story :`).
/// - ``origin`` records file and lines for later error messages. It is provenance, not content:
///   `==` and hashing ignore it.
public struct TaggedSentence: Hashable, Sendable {
    public var tokens: [String]
    public var tags: [String]
    public var spaceAfter: [Bool]
    public var multiwordTokens: [MultiwordToken]
    public var comments: [String]
    public var origin: SentenceOrigin?

    /// - Parameter spaceAfter: One flag per token; `nil` means a space after every token.
    public init(
        tokens: [String],
        tags: [String] = [],
        spaceAfter: [Bool]? = nil,
        multiwordTokens: [MultiwordToken] = [],
        comments: [String] = [],
        origin: SentenceOrigin? = nil
    ) {
        self.tokens = tokens
        self.tags = tags
        self.spaceAfter = spaceAfter ?? Array(repeating: true, count: tokens.count)
        self.multiwordTokens = multiwordTokens
        self.comments = comments
        self.origin = origin
    }

    /// The value of the `# sent_id = …` comment, if there is one.
    public var sentenceID: String? { commentValue(forKey: "sent_id") }

    /// The value of the `# text = …` comment, if there is one.
    public var text: String? { commentValue(forKey: "text") }

    /// The value of the first comment of the form `# key = value` (spaces around `=` optional,
    /// value trimmed of surrounding spaces), or `nil`.
    public func commentValue(forKey key: String) -> String? {
        for comment in comments {
            guard comment.hasPrefix("#") else { continue }
            let body = comment.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
            guard body.hasPrefix(key) else { continue }
            let afterKey = body.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" })
            guard afterKey.first == "=" else { continue }
            let value = afterKey.dropFirst().drop(while: { $0 == " " || $0 == "\t" })
            return FieldSplitting.droppingTrailingWhitespace(String(value))
        }
        return nil
    }

    /// The sentence text rebuilt from the tokens: multiword tokens are spelled by their surface
    /// form, and a single space follows every token (or multiword token) whose space-after flag is
    /// `true`, except the last. For UD treebanks this equals the `# text` comment.
    public var reconstructedText: String {
        var firstWordToMultiword: [Int: MultiwordToken] = [:]
        for multiword in multiwordTokens where multiword.words.upperBound < tokens.count {
            firstWordToMultiword[multiword.words.lowerBound] = multiword
        }
        var text = ""
        var index = 0
        while index < tokens.count {
            let space: Bool
            if let multiword = firstWordToMultiword[index] {
                text += multiword.form
                space = multiword.spaceAfter
                index = multiword.words.upperBound + 1
            } else {
                text += tokens[index]
                space = index < spaceAfter.count ? spaceAfter[index] : true
                index += 1
            }
            if space && index < tokens.count {
                text += " "
            }
        }
        return text
    }

    public static func == (lhs: TaggedSentence, rhs: TaggedSentence) -> Bool {
        lhs.tokens == rhs.tokens && lhs.tags == rhs.tags && lhs.spaceAfter == rhs.spaceAfter
            && lhs.multiwordTokens == rhs.multiwordTokens && lhs.comments == rhs.comments
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(tokens)
        hasher.combine(tags)
        hasher.combine(spaceAfter)
        hasher.combine(multiwordTokens)
        hasher.combine(comments)
    }
}
