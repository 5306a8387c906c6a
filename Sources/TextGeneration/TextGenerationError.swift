/// Why textgen cannot go on, in a sentence that names the file and what to change.
public enum TextGenerationError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyCorpus(path: String)
    case singleCharacterCorpus(path: String)
    case corpusTooShortForBatches(path: String, trainingCharacters: Int, batch: Int, steps: Int)
    case validationTooShort(path: String, characters: Int, fraction: Double)
    case emptyText(path: String)
    case resumeMismatch(checkpoint: String, problem: String)
    case noModel(name: String, searched: [String])
    case unwritableOutput(path: String, reason: String)

    public var description: String {
        switch self {
        case let .emptyCorpus(path):
            "\(path): the corpus is empty; a character model needs text to learn from."
        case let .singleCharacterCorpus(path):
            "\(path): the corpus holds a single character, so there is nothing to predict; give it some text."
        case let .corpusTooShortForBatches(path, characters, batch, steps):
            "\(path): \(characters) training characters are too few for \(batch) streams of \(steps) steps "
                + "(at least \(batch * (steps + 1)) needed); lower --batch or --seq-length, or use a longer corpus."
        case let .validationTooShort(path, characters, fraction):
            "\(path): a validation fraction of \(fraction) leaves \(characters) validation characters (at least 2 needed); raise --val-fraction or use a longer corpus."
        case let .emptyText(path):
            "\(path): the text has fewer than two characters, so there is nothing to measure."
        case let .resumeMismatch(checkpoint, problem):
            "\(checkpoint): cannot resume: \(problem)."
        case let .unwritableOutput(path, reason):
            "\(path): cannot write the model there (\(reason)); choose another --out."
        case let .noModel(name, searched):
            "no model given and no shipped '\(name)' model found (looked in \(searched.joined(separator: ", "))); pass --model FILE or set QUILL_MODELS."
        }
    }
}
