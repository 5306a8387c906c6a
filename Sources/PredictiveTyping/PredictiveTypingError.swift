/// Errors a user can act on, each a sentence naming the file and the problem.
public enum PredictiveTypingError: Error, Equatable, Sendable, CustomStringConvertible {
    case noCorpus
    case emptyCorpus(paths: [String])
    case corpusTooShortForBatches(tokens: Int, batch: Int, steps: Int)
    case emptyValidation
    case emptyText(path: String)
    case resumeMismatch(checkpoint: String, problem: String)
    case unwritableOutput(path: String, reason: String)
    case noModel(name: String, searched: [String])
    case personalData(path: String, problem: String)

    public var description: String {
        switch self {
        case .noCorpus:
            "no corpus given; pass --corpus FILE (one or more)."
        case let .emptyCorpus(paths):
            "\(paths.joined(separator: ", ")): no words found; a word model needs text to learn from."
        case let .corpusTooShortForBatches(tokens, batch, steps):
            "\(tokens) training tokens are too few for \(batch) streams of \(steps) steps "
                + "(at least \(batch * (steps + 1)) needed); lower --batch or --seq-length, or give more text."
        case .emptyValidation:
            "no validation sentences: give --validation FILE or a corpus with at least two sentences per file."
        case let .emptyText(path):
            "\(path): no words found, so there is nothing to measure."
        case let .resumeMismatch(checkpoint, problem):
            "\(checkpoint): cannot resume: \(problem)."
        case let .unwritableOutput(path, reason):
            "\(path): cannot write the model there (\(reason)); choose another --out."
        case let .noModel(name, searched):
            "no model given and no shipped '\(name)' model found (looked in \(searched.joined(separator: ", "))); pass --model FILE or set QUILL_MODELS."
        case let .personalData(path, problem):
            "\(path): \(problem)."
        }
    }
}
