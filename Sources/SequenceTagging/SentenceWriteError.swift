/// A sentence that cannot be written in the requested format: tags missing or of the wrong count,
/// a field that is empty or contains a column or line separator, inconsistent multiword tokens.
///
/// ``description`` names the sentence by where it was read from when that is known:
/// `cannot write the sentence from test.conllu:120: token 3 contains a tab`.
public struct SentenceWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problem: String
    /// Where the sentence came from, if it was read from a file.
    public var origin: SentenceOrigin?

    public init(problem: String, origin: SentenceOrigin?) {
        self.problem = problem
        self.origin = origin
    }

    public var description: String {
        if let origin {
            return "cannot write the sentence from \(origin.file):\(origin.firstLine): \(problem)"
        }
        return "cannot write a sentence: \(problem)"
    }
}
