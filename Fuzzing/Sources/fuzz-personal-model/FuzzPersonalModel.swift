import FuzzSupport
import PredictiveTyping

// The personal model file of autocomplete (`PersonalModel(path:)`, a JSON file the user's typing
// is learned into and that anything may have edited), then what autocomplete does with it:
// suggestions mixing it with a word model, learning a line and forgetting a word.

/// One input (see ``FuzzingDriver/TestOneInput``).
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let path = ScratchFile.shared.replaceContents(with: UnsafeBufferPointer(start: data, count: size))
    guard let personal = try? PersonalModel(path: path) else { return 0 }
    let known = personal.words.keys.sorted().prefix(3)
    for word in known {
        _ = personal.followers(of: word, limit: 3)
    }
    // Private mode: the keyboard never rewrites the file but for `forget`, as in autocomplete.
    guard let keyboard = try? PredictiveKeyboard(model: PersonalModelSeeds.wordModel, personal: personal, isPrivate: true) else { return 0 }
    for word in known {
        _ = keyboard.suggestions(forLine: word + " ", count: 3)
        _ = keyboard.suggestions(forLine: String(word.prefix(1)), count: 3)
    }
    _ = personal.pairCount
    personal.learn([("The", "the"), ("cat", "cat"), ("the", "the")])
    if let word = known.first {
        _ = try? keyboard.forget(word: word)
    }
    return 0
}
