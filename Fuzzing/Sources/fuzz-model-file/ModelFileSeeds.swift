import PredictiveTyping
import RecurrentCore
import SequenceTagging
import TextGeneration
import VocabularyStore

/// The seed inputs of the model file target: one tiny model of each kind, written by the library
/// itself (a few kilobytes each, instead of the 8 to 10 MB shipped models), so every section a
/// real file has is there for the fuzzer to mutate.
enum ModelFileSeeds {
    static func write(into folder: String) throws {
        let characters = Vocabulary(counting: "Hello, world!\nAb".map(String.init), specials: .unknownOnly)
        for cell in [RecurrentCell.lstm, .gru] {
            let textgen = CharacterLanguageModel(
                configuration: CharacterModelConfiguration(cell: cell, layers: 1, hiddenSize: 4, embeddingSize: 3),
                vocabulary: characters)
            textgen.initialize(seed: 1)
            try textgen.write(to: "\(folder)/textgen-\(cell).quill")
        }

        let words = Vocabulary(counting: ["the", "cat", "sat", "on", "mat", ".", "i", "like", "to"],
                               specials: WordLanguageModel.specials)
        let autocomplete = WordLanguageModel(
            configuration: WordModelConfiguration(hiddenSize: 4, embeddingSize: 4),
            vocabulary: words, lexicon: WordLexicon(display: ["i": "I"], extra: ["zebra": 2]))
        autocomplete.initialize(seed: 2)
        try autocomplete.write(to: "\(folder)/autocomplete.quill")

        for (output, attention) in [(TaggerConfiguration.Output.crf, true), (.softmax, false)] {
            let configuration = TaggerConfiguration(
                wordEmbedding: 3, characterEmbedding: 2, characterHidden: 2, shapeEmbedding: 2, hidden: 3,
                layers: 1, dropout: 0, wordDropout: 0, output: output, attention: attention,
                labelScheme: output == .crf ? .bio : nil)
            let tags = output == .crf ? ["O", "B-PER", "I-PER"] : ["DET", "NOUN", "PUNCT"]
            let tagger = TaggerModel(
                configuration: configuration,
                words: Vocabulary(counting: ["the", "cat", "ada", "."], specials: .unknownOnly),
                characters: Vocabulary(counting: "Adathec.".map(String.init), specials: .unknownOnly),
                tags: try LabelSet(tags))
            tagger.initialize(seed: 3)
            try tagger.write(to: "\(folder)/tagger-\(output).quill")
        }
    }
}
