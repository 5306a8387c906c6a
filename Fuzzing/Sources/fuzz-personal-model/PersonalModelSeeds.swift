import PredictiveTyping
import VocabularyStore

/// The seed inputs of the personal model target (files written by `PersonalModel.save()` after
/// learning a few lines), and the small untrained word model its suggestions are mixed with.
enum PersonalModelSeeds {
    nonisolated(unsafe) static let wordModel: WordLanguageModel = {
        let words = ["the", "then", "there", "cat", "sat", "on", "mat", ".", "i", "london", "like", "to"]
        let model = WordLanguageModel(
            configuration: WordModelConfiguration(hiddenSize: 4, embeddingSize: 4),
            vocabulary: Vocabulary(counting: words, specials: WordLanguageModel.specials),
            lexicon: WordLexicon(display: ["london": "London", "i": "I"], extra: ["zebra": 2]))
        model.initialize(seed: 2)
        return model
    }()

    static func write(into folder: String) throws {
        let lines = [["I would like to go to London."], ["the cat sat on the mat", "Then there was tea, then more tea."]]
        for (index, text) in lines.enumerated() {
            let path = "\(folder)/personal-\(index).json"
            let keyboard = try PredictiveKeyboard(model: wordModel, personal: PersonalModel(path: path))
            for line in text { try keyboard.learn(line: line) }
        }
    }
}
