/// Errors a user can act on, each a sentence naming the file and the problem.
public enum PredictiveTypingError: Error, Equatable, Sendable, CustomStringConvertible {
    case noCorpus
    case emptyCorpus(paths: [String])
    case corpusTooShortForBatches(tokens: Int, batch: Int, steps: Int)
    /// No validation text: the `--validation` files hold no words, or (`heldOut`) the corpus files
    /// are too short to hold sentences out.
    case emptyValidation(paths: [String], heldOut: Bool)
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
        case let .emptyValidation(paths, heldOut):
            heldOut
                ? "\(paths.joined(separator: ", ")): no validation sentences to hold out (a file needs at least two sentences); give --validation FILE."
                : "\(paths.joined(separator: ", ")): no words found, so there is no validation text; give --validation files with text."
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
