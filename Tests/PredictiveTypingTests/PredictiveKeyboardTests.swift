import Foundation
import RecurrentCore
import Testing
import VocabularyStore
@testable import PredictiveTyping

@Suite struct PredictiveKeyboardTests {
    /// A small untrained model over a fixed vocabulary; "london" is usually written "London" and
    /// "zebra" is a rarer lexicon word.
    static func model() -> WordLanguageModel {
        let words = ["the", "then", "there", "they", "cat", "sat", "on", "mat", ".", ",", "i", "london", "like", "likely", "to", "go"]
        let vocabulary = Vocabulary(counting: words, specials: WordLanguageModel.specials)
        let lexicon = WordLexicon(display: ["london": "London", "i": "I"], extra: ["zebra": 3, "thesaurus": 2])
        let model = WordLanguageModel(configuration: WordModelConfiguration(hiddenSize: 8, embeddingSize: 4),
                                      vocabulary: vocabulary, lexicon: lexicon)
        model.initialize(seed: 2)
        return model
    }

    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-keyboard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func completionsStartWithTheTypedPrefixAndKeepItsCase() throws {
        let keyboard = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: nil))
        let lower = keyboard.suggestions(forLine: "I saw th", count: 10)
        #expect(Set(lower) == ["the", "then", "there", "they", "thesaurus"])
        #expect(Set(keyboard.suggestions(forLine: "I saw Th", count: 10)) == ["The", "Then", "There", "They", "Thesaurus"])
        #expect(Set(keyboard.suggestions(forLine: "I saw TH", count: 10)) == ["THE", "THEN", "THERE", "THEY", "THESAURUS"])
        #expect(keyboard.suggestions(forLine: "in lon", count: 3) == ["London"])
        // No known word starts with "sunse": the spelling model proposes endings.
        let endings = keyboard.suggestions(forLine: "the sunse", count: 3)
        #expect(!endings.isEmpty && endings.allSatisfy { $0.hasPrefix("sunse") && $0.count > 5 })
        // Next words: no punctuation or specials, and a capital at a sentence start.
        let next = keyboard.suggestions(forLine: "", count: 20)
        #expect(next.count == 14)   // every word of the vocabulary but "." and ","
        #expect(next.allSatisfy { $0.first!.isUppercase })
        #expect(keyboard.suggestions(forLine: "the cat ", count: 20).contains("London"))
    }

    /// Whatever path the keys take, the same line gives the same suggestions (the kept state
    /// equals a replay from the start).
    @Test func incrementalContextEqualsAFreshReplay() throws {
        let typed = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: nil))
        var line = ""
        for character in "the cat sat. then i like to go on the m" {
            line.append(character)
            _ = typed.suggestions(forLine: line, count: 3)
        }
        // Edit back into the context, then forward again.
        _ = typed.suggestions(forLine: "the cat", count: 3)
        let fresh = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: nil))
        for probe in ["the cat sat. then i like to go on the m", "the cat sat. then i like to go on the ", "the cat sat. Th"] {
            #expect(typed.suggestions(forLine: probe, count: 5) == fresh.suggestions(forLine: probe, count: 5), "\(probe)")
        }
    }

    /// A pasted wall of text is read from its last words only: two keyboards replaying the same
    /// long line agree, whatever they read before.
    @Test func aVeryLongLineReplaysOnlyItsLastWords() throws {
        let line = String(repeating: "the cat sat on the mat ", count: 20_000) + "the m"
        let first = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: nil))
        _ = first.suggestions(forLine: "i like to go ", count: 3)
        let second = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: nil))
        let shown = first.suggestions(forLine: line, count: 3)
        #expect(shown == ["mat"])
        #expect(second.suggestions(forLine: line, count: 3) == shown)
    }

    /// Regression: a sentence without end (one 10 MB line without punctuation) made the typing
    /// simulation hand the keyboard an ever longer line at every key, in time growing with the
    /// square of its length. It is typed in lines of at most `maximumLine` characters.
    @Test func aSentenceWithoutEndIsTypedInBoundedLines() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = String(repeating: "the cat sat on the mat ", count: 2_000)   // 46,000 characters, 12,000 words
        let path = directory.appendingPathComponent("long.txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let keyboard = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: nil), isPrivate: true)
        let report = try TypingSimulation(keyboard: keyboard).run(path: path)
        #expect(report.sentences == 1 && report.words == 12_000)
        #expect(report.characters == text.count - 1)   // (the file's last space is not part of the sentence)
        #expect(report.keystrokes > 0 && report.keystrokes <= report.characters)
    }

    @Test func aDirectoryAsThePersonalFileIsAClearError() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect { _ = try PersonalModel(path: directory.path) } throws: {
            "\($0)" == "\(directory.path): is a directory, not a personal model file."
        }
    }

    @Test func applyingReplacesThePartialWord() throws {
        let keyboard = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: nil))
        #expect(keyboard.applying("there", toLine: "over th") == "over there ")
        #expect(keyboard.applying("London", toLine: "to ") == "to London ")
        #expect(keyboard.applying("then", toLine: "ok,") == "ok, then ")
        #expect(keyboard.applying("The", toLine: "") == "The ")
        #expect(keyboard.applying("cat", toLine: "(c") == "(cat ")
    }

    /// A phrase typed once is offered again: the learned pair outranks the untrained model.
    @Test func learnedPhrasesComeFirstAndForgetRemovesThemFromDisk() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("data/personal.json").path
        let keyboard = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: path))
        try keyboard.learn(line: "I like Zanzibar sunsets")
        #expect(keyboard.suggestions(forLine: "we like ", count: 1) == ["Zanzibar"])
        #expect(keyboard.suggestions(forLine: "the zan", count: 3) == ["Zanzibar"])
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("zanzibar"))

        // A new session reads it back.
        let again = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: path))
        #expect(again.suggestions(forLine: "Zanzibar ", count: 1) == ["sunsets"])
        let summary = try again.forget(word: "Zanzibar")
        #expect(summary.contains("forgot \"zanzibar\""))
        let stored = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!stored.contains("zanzibar"))
        #expect(stored.contains("sunsets"))
        #expect(!again.suggestions(forLine: "the zan", count: 3).contains("Zanzibar"))
        #expect(try again.forget(word: "nothing").contains("was not in"))
    }

    @Test func privateModeLearnsAndWritesNothing() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("personal.json").path
        let keyboard = try PredictiveKeyboard(model: Self.model(), personal: PersonalModel(path: path), isPrivate: true)
        try keyboard.learn(line: "secret Zanzibar plans")
        let file = directory.appendingPathComponent("notes.txt")
        try "Zanzibar again\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try keyboard.learn(file: file.path).contains("private"))
        #expect(!keyboard.suggestions(forLine: "zan", count: 3).contains("Zanzibar"))
        #expect(!FileManager.default.fileExists(atPath: path))
        keyboard.isPrivate = false
        #expect(try keyboard.learn(file: file.path) == "learned 2 words from \(file.path)")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aCorruptPersonalFileIsAClearErrorAndIsNotOverwritten() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("personal.json").path
        try "{\"format\": 1, \"words\": [1, 2]".write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try PersonalModel(path: path)
        } throws: { error in
            "\(error)".hasPrefix("\(path): not a personal model file")
        }
        try "{\"format\": 2, \"words\": {}, \"pairs\": {}}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { _ = try PersonalModel(path: path) } throws: { "\($0)".contains("newer Quill") }
    }

    /// Found while fuzzing (a hand-made input replayed through fuzz-personal-model): counts that
    /// add up past Int.max trapped while loading. Such a file is now a clear error, for words and
    /// for pairs.
    @Test func personalCountsThatWouldOverflowAreAClearError() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("personal.json").path
        let huge = 4_000_000_000_000_000_000
        let files = [
            "{\"format\":1,\"pairs\":{},\"words\":{\"a\":{\"count\":\(huge),\"display\":\"a\"},\"b\":{\"count\":\(huge),\"display\":\"b\"},\"c\":{\"count\":\(huge),\"display\":\"c\"}}}",
            "{\"format\":1,\"words\":{},\"pairs\":{\"a\\u001fb\":\(huge),\"a\\u001fc\":\(huge),\"a\\u001fd\":\(huge)}}",
        ]
        for file in files {
            try file.write(toFile: path, atomically: true, encoding: .utf8)
            #expect { _ = try PersonalModel(path: path) } throws: { "\($0)".contains("more than anyone types") }
        }
        let limit = "{\"format\":1,\"pairs\":{},\"words\":{\"a\":{\"count\":\(PersonalModel.maximumCount),\"display\":\"a\"}}}"
        try limit.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try PersonalModel(path: path).totalCount == PersonalModel.maximumCount)
    }

    /// Found while fuzzing (a hand-made input replayed through fuzz-model-file): a small word
    /// model file whose configuration names a huge network was allocated in full before its
    /// tensors were found missing; it is now refused before the model is built.
    @Test func aWordModelConfigurationLargerThanItsFileIsRefusedBeforeAllocating() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("huge.quill").path
        let model = Self.model()
        var configuration = model.configuration
        (configuration.layers, configuration.hiddenSize, configuration.embeddingSize) = (16, 8192, 8192)
        var metadata = model.describingMetadata
        metadata["configuration"] = String(decoding: try JSONEncoder().encode(configuration), as: UTF8.self)
        try ModelFile.write(kind: WordLanguageModel.kind, tensors: model.parameters.map { ($0.name, $0.value) },
                            metadata: metadata, to: path)
        #expect { try WordLanguageModel(contentsOf: path) } throws: { "\($0)".contains("describes a model of at least") }
    }

    @Test func thePersonalFileFollowsXDG() {
        #expect(PersonalModel.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"]) == "/data/quill/autocomplete/personal.json")
        #expect(PersonalModel.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/a"]) == "/home/a/.local/share/quill/autocomplete/personal.json")
        #expect(PersonalModel.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/quill/autocomplete/personal.json")
    }

    @Test func theSpellingModelFinishesWordsItHasSeenTheLikesOf() {
        let spelling = SpellingModel(words: [(word: "station", count: 5), (word: "nation", count: 9), (word: "ration", count: 2), (word: "stable", count: 3)])
        #expect(spelling.completions(of: "stat", count: 2).first == "station")
        #expect(spelling.completions(of: "zat", count: 1) == ["zation"])
        #expect(spelling.completions(of: "", count: 3).isEmpty)
    }

    @Test func casingRules() {
        #expect(SuggestionCasing.apply(display: "train", typedPrefix: "Tra", sentenceStart: false) == "Train")
        #expect(SuggestionCasing.apply(display: "London", typedPrefix: "lon", sentenceStart: false) == "London")
        #expect(SuggestionCasing.apply(display: "I", typedPrefix: "i", sentenceStart: false) == "I")
        #expect(SuggestionCasing.apply(display: "london", typedPrefix: "LON", sentenceStart: false) == "LONDON")
        #expect(SuggestionCasing.apply(display: "the", typedPrefix: "", sentenceStart: true) == "The")
        #expect(SuggestionCasing.apply(display: "the", typedPrefix: "", sentenceStart: false) == "the")
        #expect(SuggestionCasing.apply(display: "don't", typedPrefix: "don’", sentenceStart: false) == "don’t")
    }
}
