/// One model's tags for a sentence, as ``AnnotationWriter`` prints them.
public struct TagLayer: Hashable, Sendable {
    /// What the tags are: "upos", "xpos", "ner" (the JSON key and the CoNLL-U MISC key).
    public var name: String
    public var tags: [String]
    /// Per token, the best tags with probabilities (empty when not asked for).
    public var alternatives: [[TagHypothesis]]
    /// The entity scheme of `tags`, or nil for plain tags.
    public var scheme: TagScheme?

    public init(name: String, tags: [String], alternatives: [[TagHypothesis]] = [], scheme: TagScheme? = nil) {
        self.name = name
        self.tags = tags
        self.alternatives = alternatives
        self.scheme = scheme
    }
}

/// A tagged sentence with what is known of where it came from.
public struct AnnotatedSentence: Hashable, Sendable {
    public var tokens: [String]
    public var spaceAfter: [Bool]
    public var layers: [TagLayer]
    /// The sentence as it was in raw input (nil for pre-tokenized input).
    public var text: String?
    /// Scalar offsets of each token in the input (nil when unknown).
    public var tokenOffsets: [Range<Int>]?

    public init(tokens: [String], spaceAfter: [Bool], layers: [TagLayer], text: String? = nil, tokenOffsets: [Range<Int>]? = nil) {
        self.tokens = tokens
        self.spaceAfter = spaceAfter
        self.layers = layers
        self.text = text
        self.tokenOffsets = tokenOffsets
    }
}
