import SequenceTagging

/// `tagger evaluate`'s score of a model's auxiliary output (``TaggerConfiguration/auxiliaryColumn``):
/// a second reader walks the gold file in step with the main one, reading the auxiliary column,
/// and the predicted auxiliary tags are counted against it. Tokens whose gold tag there is `_`
/// are left out. A gold file without the column (a CoNLL file for an `xpos` column, a line too
/// short) stops the scoring and is kept as ``problem``; the main score goes on.
struct AuxiliaryScoring {
    private var reader: (any TaggedSentenceReader)?
    /// The gold auxiliary tags of the sentences read and not yet scored, in order.
    private var pending: [[String]] = []
    private var counted = TokenAccuracy()
    /// Why the auxiliary tags cannot be scored, or nil.
    private(set) var problem: String?

    /// Opens `gold` (in `format`, as `--format` says) for the auxiliary column of `model`; nothing
    /// is scored for a model without one.
    init(model: TaggerModel, gold: String, format: String?) {
        guard let column = model.configuration.auxiliaryColumn else { return }
        do {
            reader = try TaggingFileFormat.resolve(path: gold, format: format, column: nil)
                .readingColumn(column, of: gold, option: "the model's auxiliary column")
                .reader(path: gold)
        } catch {
            problem = "\(error)"
        }
    }

    /// Whether predictions should include the auxiliary tags.
    var isScoring: Bool { reader != nil }

    /// Reads the next gold sentence's auxiliary tags: call once for every sentence the main reader
    /// returns, empty ones included.
    mutating func readSentence() {
        guard isScoring else { return }
        do {
            guard let sentence = try reader?.nextSentence() else {
                stop("the gold file ended early for the auxiliary column")
                return
            }
            if !sentence.tokens.isEmpty { pending.append(sentence.tags) }
        } catch {
            stop("\(error)")
        }
    }

    /// Counts `predictions` (with their auxiliary tags) against the oldest pending gold sentences.
    mutating func add(_ predictions: [SentencePrediction]) {
        guard isScoring else { return }
        for (gold, prediction) in zip(pending, predictions) {
            let kept = zip(gold, prediction.auxiliaryTags).filter { $0.0 != "_" }
            try? counted.add(gold: kept.map(\.0), predicted: kept.map(\.1))
        }
        pending.removeFirst(min(pending.count, predictions.count))
    }

    /// The auxiliary accuracy, or nil when nothing could be scored.
    var accuracy: TokenAccuracy? {
        isScoring && counted.totalCount > 0 ? counted : nil
    }

    private mutating func stop(_ reason: String) {
        reader = nil
        pending = []
        problem = reason
    }
}
