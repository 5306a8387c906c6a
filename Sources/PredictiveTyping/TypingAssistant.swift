/// What an interactive front end (the REPL, an editor plug-in) asks the predictive-typing engine.
public protocol TypingAssistant: AnyObject {
    /// Up to `count` suggestions for `line` as typed so far (the cursor at its end): completions of
    /// its last, partial word, or next-word predictions when it ends in a space (or is empty).
    func suggestions(forLine line: String, count: Int) -> [String]
    /// `line` with `suggestion` applied: its partial last word replaced by it (or, after a space,
    /// appended), followed by a space.
    func applying(_ suggestion: String, toLine line: String) -> String
    /// Learns a finished line (nothing in private mode).
    func learn(line: String) throws
    /// Learns every line of a text file; returns a one-line summary ("learned 1,204 words from notes.txt").
    func learn(file path: String) throws -> String
    /// Removes `word` from the personal model, on disk too; returns a one-line summary.
    func forget(word: String) throws -> String
    /// Private mode: learns and writes nothing.
    var isPrivate: Bool { get set }
    /// Lines describing the model and the personal data (":stats").
    var statistics: [String] { get }
}
