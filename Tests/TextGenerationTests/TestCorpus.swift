import Foundation

/// Small texts written to a scratch folder for training tests.
enum TestCorpus {
    /// A fresh folder under the temporary directory.
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-textgen-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A repetitive text a small model learns in seconds: a few sentences in varying order
    /// (seeded), about `characters` long.
    static func text(characters: Int = 12_000) -> String {
        let sentences = ["the quick brown fox jumps over the lazy dog. ", "a stitch in time saves nine. ",
                         "to be or not to be, that is the question.\n", "all that glitters is not gold. "]
        var state: UInt64 = 12345
        var text = ""
        while text.count < characters {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            text += sentences[Int(state >> 33) % sentences.count]
        }
        return text
    }

    /// Writes `text` to `name` in `directory`; returns the path.
    static func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The entropy, in nats, of the text's character frequencies (what a model that ignores
    /// context achieves at best).
    static func unigramEntropy(_ text: String) -> Double {
        var counts: [Character: Int] = [:]
        for character in text { counts[character, default: 0] += 1 }
        let total = Double(text.count)
        return -counts.values.reduce(0) { $0 + Double($1) / total * log(Double($1) / total) }
    }
}
