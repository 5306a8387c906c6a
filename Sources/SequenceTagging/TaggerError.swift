/// Why the tagger cannot go on, in a sentence that names the file and what to change.
public enum TaggerError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSentences(path: String)
    case nothingToScore(path: String)
    case unwritableOutput(path: String, reason: String)
    /// A file other than the model (`--predictions`, `--output`) cannot be written at `path`.
    case unwritableFile(path: String, reason: String, option: String)
    case resumeMismatch(checkpoint: String, problem: String)
    case unknownTags(path: String, tags: [String])
    case notEntityTags(path: String, tag: String)
    case noModel(name: String, searched: [String])

    public var description: String {
        switch self {
        case let .noSentences(path):
            "\(path): no tagged sentences; a tagger needs at least one."
        case let .nothingToScore(path):
            "\(path): no tagged sentences, so there is nothing to score."
        case let .unwritableOutput(path, reason):
            "\(path): cannot write the model there (\(reason)); choose another --out."
        case let .unwritableFile(path, reason, option):
            "\(path): cannot write there (\(reason)); choose another \(option)."
        case let .resumeMismatch(checkpoint, problem):
            "\(checkpoint): cannot resume: \(problem)."
        case let .unknownTags(path, tags):
            "\(path): \(tags.count) tag\(tags.count == 1 ? "" : "s") the model never saw in training: \(tags.prefix(10).joined(separator: ", "))\(tags.count > 10 ? ", ..." : "") (scored as errors)."
        case let .notEntityTags(path, tag):
            "\(path): --types needs entity tags (B-X, I-X, O ...), but the file has '\(tag)'."
        case let .noModel(name, searched):
            "no model given and no shipped '\(name)' model found (looked in \(searched.joined(separator: ", "))); pass --model FILE or set QUILL_MODELS."
        }
    }
}
