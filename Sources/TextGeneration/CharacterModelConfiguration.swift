import RecurrentCore

/// The shape of a character language model: what `textgen train` is told and what a model file
/// records (metadata `configuration`, JSON).
public struct CharacterModelConfiguration: Codable, Equatable, Sendable {
    public var cell: RecurrentCell
    /// Stacked recurrent layers, each `hiddenSize` wide.
    public var layers: Int
    public var hiddenSize: Int
    /// Width of the character embedding that feeds the first layer.
    public var embeddingSize: Int
    /// Dropout probability on the input of every layer above the first and on the top layer's
    /// output (Zaremba et al. 2014: non-recurrent connections only). Training only.
    public var dropout: Float

    public init(cell: RecurrentCell = .lstm, layers: Int = 2, hiddenSize: Int = 256, embeddingSize: Int = 64,
                dropout: Float = 0.2) {
        self.cell = cell
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.embeddingSize = embeddingSize
        self.dropout = dropout
    }

    /// The network's shape for a vocabulary of `vocabularySize` characters.
    public func shape(vocabularySize: Int) -> LanguageModelShape {
        LanguageModelShape(vocabularySize: vocabularySize, cell: cell, layers: layers, embeddingSize: embeddingSize,
                           hiddenSize: hiddenSize, dropout: dropout)
    }

    /// The first problem with these sizes, as a sentence, or nil.
    public var problem: String? {
        if layers < 1 || layers > 16 { return "the number of layers must be between 1 and 16, not \(layers)" }
        if hiddenSize < 1 || hiddenSize > 8192 { return "the hidden size must be between 1 and 8192, not \(hiddenSize)" }
        if embeddingSize < 1 || embeddingSize > 8192 { return "the embedding size must be between 1 and 8192, not \(embeddingSize)" }
        if !(dropout >= 0 && dropout < 1) { return "the dropout probability must be in [0, 1), not \(dropout)" }
        return nil
    }
}
