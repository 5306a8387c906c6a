import RecurrentCore

/// The shape of a word language model: what `autocomplete train` is told and what a model file
/// records (metadata `configuration`, JSON).
///
/// The default is a keyboard-sized model after Hard et al. 2018 (Gboard's next-word model: a 10k
/// vocabulary, one recurrent layer, the output tied to a small embedding through a projection):
/// small enough for a millisecond per keystroke, and the tied table halves the file.
public struct WordModelConfiguration: Codable, Equatable, Sendable {
    public var cell: RecurrentCell
    public var layers: Int
    public var hiddenSize: Int
    public var embeddingSize: Int
    /// Dropout on the non-recurrent connections (training only).
    public var dropout: Float
    /// Whether the output layer is the embedding table (through a projection H -> E when they differ).
    public var tiedOutput: Bool

    public init(cell: RecurrentCell = .gru, layers: Int = 1, hiddenSize: Int = 384, embeddingSize: Int = 128,
                dropout: Float = 0.25, tiedOutput: Bool = true) {
        self.cell = cell
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.embeddingSize = embeddingSize
        self.dropout = dropout
        self.tiedOutput = tiedOutput
    }

    /// The network's shape for a vocabulary of `vocabularySize` ids.
    public func shape(vocabularySize: Int) -> LanguageModelShape {
        LanguageModelShape(vocabularySize: vocabularySize, cell: cell, layers: layers, embeddingSize: embeddingSize,
                           hiddenSize: hiddenSize, dropout: dropout, tiedOutput: tiedOutput)
    }

    /// The first problem with these sizes, as a sentence, or nil.
    public var problem: String? { shape(vocabularySize: 2).problem }
}
