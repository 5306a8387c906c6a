import Foundation
import RecurrentCore
@testable import SequenceTagging

/// Small synthetic tagging data a tiny tagger learns in seconds: part-of-speech sentences from a
/// toy grammar (unseen capitalised words are proper nouns, numbers are NUM) and entity sentences
/// ("Ada Smith works for Acme Corp in Paris .").
enum TaggerTestData {
    static let names = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Ken", "Linus", "Margaret", "John"]
    static let surnames = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Thompson", "Torvalds"]
    static let companies = ["Acme", "Initech", "Globex", "Umbrella", "Hooli", "Stark"]
    static let places = ["Paris", "London", "Berlin", "Tokyo", "Lagos", "Lima", "Oslo"]
    static let nouns = ["cat", "dog", "engine", "paper", "house", "idea", "river", "machine"]
    static let verbs = ["sees", "builds", "likes", "writes", "finds", "moves"]
    static let adjectives = ["big", "old", "quick", "green", "strange"]

    /// `count` part-of-speech sentences (UPOS tags).
    static func posSentences(_ count: Int, seed: UInt64) -> [TaggedSentence] {
        var generator = SplitMix64(seed: seed)
        func pick(_ list: [String]) -> String { list[Int(generator.next() % UInt64(list.count))] }
        return (0..<count).map { _ in
            var tokens: [String] = [], tags: [String] = []
            func add(_ token: String, _ tag: String) { tokens.append(token); tags.append(tag) }
            if generator.next() % 2 == 0 { add(pick(names), "PROPN") } else { add("the", "DET"); add(pick(nouns), "NOUN") }
            add(pick(verbs), "VERB")
            if generator.next() % 3 == 0 { add(String(generator.next() % 1000), "NUM") }
            if generator.next() % 2 == 0 { add("a", "DET"); add(pick(adjectives), "ADJ") } else { add("the", "DET") }
            add(pick(nouns), "NOUN")
            add(".", "PUNCT")
            return TaggedSentence(tokens: tokens, tags: tags)
        }
    }

    /// `count` entity sentences (BIO tags, types PER, ORG, LOC).
    static func entitySentences(_ count: Int, seed: UInt64, names: [String] = names) -> [TaggedSentence] {
        var generator = SplitMix64(seed: seed)
        func pick(_ list: [String]) -> String { list[Int(generator.next() % UInt64(list.count))] }
        return (0..<count).map { _ in
            var tokens: [String] = [], tags: [String] = []
            func add(_ token: String, _ tag: String) { tokens.append(token); tags.append(tag) }
            add(pick(names), "B-PER")
            if generator.next() % 2 == 0 { add(pick(surnames), "I-PER") }
            add(pick(["works", "worked"]), "O")
            add(pick(["for", "at"]), "O")
            add(pick(companies), "B-ORG")
            if generator.next() % 2 == 0 { add("Corp", "I-ORG") }
            add("in", "O")
            add(pick(places), "B-LOC")
            add(".", "O")
            return TaggedSentence(tokens: tokens, tags: tags)
        }
    }

    /// The sentences as a `token<TAB>tag` CoNLL file.
    static func conll(_ sentences: [TaggedSentence]) -> String {
        sentences.map { sentence in
            zip(sentence.tokens, sentence.tags).map { "\($0)\t\($1)\n" }.joined() + "\n"
        }.joined()
    }

    /// Penn Treebank tags of the toy grammar's words, by their UPOS tag (every verb ends in s).
    static let xposOfUPOS = ["PROPN": "NNP", "DET": "DT", "NOUN": "NN", "VERB": "VBZ", "NUM": "CD", "ADJ": "JJ", "PUNCT": "."]

    /// The sentences as CoNLL-U: FORM, LEMMA (the lower-cased form), UPOS (the tags), XPOS
    /// (``xposOfUPOS``), `_` elsewhere.
    static func conllu(_ sentences: [TaggedSentence]) -> String {
        sentences.map { sentence in
            zip(sentence.tokens, sentence.tags).enumerated().map { index, pair in
                [String(index + 1), pair.0, pair.0.lowercased(), pair.1, xposOfUPOS[pair.1, default: "XX"], "_", "_", "_", "_", "_"]
                    .joined(separator: "\t") + "\n"
            }.joined() + "\n"
        }.joined()
    }

    /// A scratch folder.
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-tagger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A request to train a tiny tagger on `train`/`dev` (CoNLL or, by their names, CoNLL-U files)
    /// into `directory`.
    static func request(train: String, dev: String, in directory: URL, epochs: Int = 6) throws -> TaggerTrainingRequest {
        var request = TaggerTrainingRequest(
            trainPath: train, devPath: dev,
            trainFormat: try TaggingFileFormat.resolve(path: train, format: nil, column: nil),
            devFormat: try TaggingFileFormat.resolve(path: dev, format: nil, column: nil),
            outputPath: directory.appendingPathComponent("t.quill").path)
        request.configuration = TaggerConfiguration(wordEmbedding: 16, characterEmbedding: 8, characterHidden: 12, shapeEmbedding: 4,
                                                    hidden: 24, dropout: 0.1, wordDropout: 0.25)
        request.settings = TaggerTrainingSettings(batch: 8, seed: 3)
        request.epochs = epochs
        request.learningRate = 1e-2
        request.patience = nil
        return request
    }

    /// Runs `request` and stops it, as Ctrl-C would, once `limit` training steps have finished.
    static func runStopping(_ request: TaggerTrainingRequest, afterSteps limit: Int) throws -> TrainingResult {
        var steps = 0
        return try TaggerTraining.run(request, onEvent: { event in
            if case .stepFinished = event { steps += 1 }
        }, stopRequested: { steps >= limit })
    }
}
