import RecurrentCore

/// The shape of a tagger: what `tagger train` is told and what a model file records (metadata
/// `configuration`, JSON).
///
/// Each token's input to the sentence network is the concatenation of its word embedding (of the
/// lower-cased, digit-normalised form), the final states of a character BiLSTM over the token's
/// characters, and an embedding of its ``WordShape``.
public struct TaggerConfiguration: Codable, Equatable, Sendable {
    /// How tag scores become tags.
    public enum Output: String, Codable, Sendable, CaseIterable {
        /// A linear-chain CRF: Viterbi decoding, transitions learned (and, for entity schemes,
        /// invalid ones forbidden).
        case crf
        /// An independent softmax per token.
        case softmax
    }

    public var wordEmbedding: Int
    /// Character embedding width; 0 leaves the character network out.
    public var characterEmbedding: Int
    /// Hidden size of each direction of the character BiLSTM.
    public var characterHidden: Int
    /// Width of the word-shape (case) embedding; 0 leaves it out.
    public var shapeEmbedding: Int
    /// Hidden size of each direction of the sentence BiLSTM.
    public var hidden: Int
    /// Stacked sentence BiLSTM layers (dropout between them).
    public var layers: Int
    /// Dropout on the token features, between layers and on the top layer's output. Training only.
    public var dropout: Float
    /// Word dropout: a training token whose word was seen `c` times is read as unknown with
    /// probability `wordDropout / (wordDropout + c)` (Kiperwasser and Goldberg 2016), so the
    /// model learns what to do with unknown words. 0: never.
    public var wordDropout: Float
    public var output: Output
    /// Self-attention (additive) over the sentence BiLSTM's states; its context is concatenated
    /// to each state before the output layer.
    public var attention: Bool
    /// Whether the word embedding reads lower-cased forms (the shape embedding keeps the case).
    public var lowercase: Bool
    /// The entity scheme of the model's labels (always BIOES when trained from entity tags), or
    /// nil for plain tags such as part-of-speech, which are scored by accuracy.
    public var labelScheme: TagScheme?
    /// The scheme the training files used: what `annotate` writes unless told otherwise.
    public var fileScheme: TagScheme?
    /// What the tags are ("upos", "xpos", "ner"): the key `annotate` prints them under. Set from
    /// the training data.
    public var tagName: String?
    /// The column a second, auxiliary softmax output learns beside the tags (multi-task training,
    /// as UDPipe 2 learns XPOS beside UPOS): a CoNLL-U column's name in lower case ("xpos",
    /// "upos", "feats") or a CoNLL column number ("3"); nil: no auxiliary output. Set from the
    /// training request; absent from the JSON of models without it (files written before it load
    /// unchanged).
    public var auxiliaryColumn: String?

    public init(wordEmbedding: Int = 100, characterEmbedding: Int = 32, characterHidden: Int = 64, shapeEmbedding: Int = 8,
                hidden: Int = 200, layers: Int = 1, dropout: Float = 0.5, wordDropout: Float = 0.25,
                output: Output = .crf, attention: Bool = false, lowercase: Bool = true,
                labelScheme: TagScheme? = nil, fileScheme: TagScheme? = nil) {
        self.wordEmbedding = wordEmbedding
        self.characterEmbedding = characterEmbedding
        self.characterHidden = characterHidden
        self.shapeEmbedding = shapeEmbedding
        self.hidden = hidden
        self.layers = layers
        self.dropout = dropout
        self.wordDropout = wordDropout
        self.output = output
        self.attention = attention
        self.lowercase = lowercase
        self.labelScheme = labelScheme
        self.fileScheme = fileScheme
    }

    /// A lower bound of the parameters a ``TaggerModel`` with this configuration has over
    /// vocabularies of `words` and `characters` ids: the embeddings and the recurrent weights of
    /// the bidirectional LSTMs (biases, attention, output and CRF left out). For a configuration
    /// that passes ``problem`` it cannot overflow. The loader checks a file against it before
    /// allocating the model (``ModelFile/requireValues(atLeast:describedBy:)``).
    public func minimumParameterCount(words: Int, characters: Int) -> Int {
        let gates = RecurrentCell.lstm.gateCount
        var count = words * wordEmbedding + characters * characterEmbedding
        if characterEmbedding > 0 {
            count += 2 * gates * characterHidden * (characterEmbedding + characterHidden)
        }
        for layer in 0..<layers {
            let input = layer == 0 ? tokenFeatureSize : 2 * hidden
            count += 2 * gates * hidden * (input + hidden)
        }
        return count
    }

    /// ``tagName``, or "ner" for entity tags and "tag" for others when it is not set.
    public var displayTagName: String { tagName ?? (isEntityTagging ? "ner" : "tag") }

    /// How messages name the auxiliary tags: "XPOS" for a CoNLL-U column, "column 3" for a CoNLL
    /// column number; nil without an auxiliary output.
    public var auxiliaryTagName: String? {
        auxiliaryColumn.map { Int($0) != nil ? "column \($0)" : $0.uppercased() }
    }

    /// Whether the labels are entity chunks (scored by conlleval F1) rather than plain tags.
    public var isEntityTagging: Bool { labelScheme != nil }

    /// Width of one token's input to the sentence network.
    var tokenFeatureSize: Int {
        wordEmbedding + (characterEmbedding > 0 ? 2 * characterHidden : 0) + shapeEmbedding
    }

    /// The first problem with these sizes, as a sentence, or nil.
    public var problem: String? {
        func outside(_ value: Int, _ range: ClosedRange<Int>, _ name: String) -> String? {
            range.contains(value) ? nil : "the \(name) must be between \(range.lowerBound) and \(range.upperBound), not \(value)"
        }
        let checks: [String?] = [
            outside(wordEmbedding, 1...4096, "word embedding size"),
            outside(characterEmbedding, 0...1024, "character embedding size"),
            characterEmbedding > 0 ? outside(characterHidden, 1...2048, "character hidden size") : nil,
            outside(shapeEmbedding, 0...64, "shape embedding size"),
            outside(hidden, 1...4096, "hidden size"),
            outside(layers, 1...8, "number of layers"),
            dropout >= 0 && dropout < 1 ? nil : "the dropout probability must be in [0, 1), not \(dropout)",
            wordDropout >= 0 && wordDropout.isFinite ? nil : "the word dropout must be 0 or more, not \(wordDropout)",
        ]
        return checks.compactMap { $0 }.first
    }
}

extension TagScheme: Codable {}
