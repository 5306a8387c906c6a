import Foundation

/// Chunk (entity) precision, recall and F1 plus tag accuracy, computed exactly as the CoNLL
/// `conlleval` script (version 2004-01-26) computes them, accumulated sentence by sentence.
///
/// This is a line-by-line port of the script's main loop: feeding it the same tags gives the same
/// counts and, through ``report()``, the same text. Details carried over on purpose:
/// - Tags are split by ``ChunkTag/init(conllevalSplitting:)``; chunk boundaries follow ``rules``
///   (``ChunkBoundaryRules/conllevalBIOES`` by default, identical to the published script for
///   IOB1/BIO tags; ``ChunkBoundaryRules/conlleval`` reproduces the published script on any input).
/// - A chunk counts as correct when gold and prediction start it at the same token with the same
///   type and both end it at the same token with the same type. An `I-X` that cannot continue a
///   chunk starts one, in gold and prediction alike.
/// - Every sentence ends with a boundary (the script's blank line): an `O` tag on both sides that
///   closes open chunks and is not counted as a token.
/// - Accuracy counts tokens whose gold and predicted prefix and type are equal (so `O` vs `O` is
///   correct: accuracy is over all tokens, not only chunk tokens).
/// - Percentages are computed as the script does: precision `100*correct/found`, recall
///   `100*correct/gold`, F1 `2*p*r/(p+r)` with p and r in percent; each is 0 when its denominator
///   is 0 (the script prints `0.00`).
/// - Perl treats the string `"0"` as false, so the script turns a type `0` (tag `B-0`) into the
///   empty type; so does this port.
public struct ChunkEvaluation: Sendable {
    /// Counts for one chunk type, or for all types together.
    public struct Counts: Hashable, Sendable {
        /// Chunks in the gold data ("phrases" in the report).
        public var goldChunks = 0
        /// Chunks in the prediction ("found").
        public var predictedChunks = 0
        /// Predicted chunks that match a gold chunk exactly ("correct").
        public var correctChunks = 0

        public init(goldChunks: Int = 0, predictedChunks: Int = 0, correctChunks: Int = 0) {
            self.goldChunks = goldChunks
            self.predictedChunks = predictedChunks
            self.correctChunks = correctChunks
        }

        /// `100 * correct / predicted`, or 0 when nothing was predicted.
        public var precisionPercent: Double {
            predictedChunks > 0 ? Double(100 * correctChunks) / Double(predictedChunks) : 0
        }

        /// `100 * correct / gold`, or 0 when the gold data has no chunks.
        public var recallPercent: Double {
            goldChunks > 0 ? Double(100 * correctChunks) / Double(goldChunks) : 0
        }

        /// `2 * p * r / (p + r)` with p and r in percent, or 0 when `p + r` is 0.
        public var f1Percent: Double {
            let precision = precisionPercent
            let recall = recallPercent
            return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        }
    }

    public let rules: ChunkBoundaryRules

    /// Tokens seen (sentence boundaries excluded).
    public private(set) var tokenCount = 0
    /// Tokens whose gold and predicted tag agree in prefix and type.
    public private(set) var correctTagCount = 0

    private var goldChunkCount = 0
    private var predictedChunkCount = 0
    private var closedCorrectChunkCount = 0
    private var goldChunksByType: [String: Int] = [:]
    private var predictedChunksByType: [String: Int] = [:]
    private var closedCorrectChunksByType: [String: Int] = [:]

    // The script's state between lines.
    private var inCorrect = false
    private var lastCorrect = "O"
    private var lastCorrectType = ""
    private var lastGuessed = "O"
    private var lastGuessedType = ""

    public init(rules: ChunkBoundaryRules = .conllevalBIOES) {
        self.rules = rules
    }

    /// Adds one sentence: gold tags and predicted tags, one each per token.
    /// - Throws: ``TagSequenceLengthMismatch`` (and adds nothing) if the counts differ.
    public mutating func add(gold: [String], predicted: [String]) throws {
        guard gold.count == predicted.count else {
            throw TagSequenceLengthMismatch(goldCount: gold.count, predictedCount: predicted.count)
        }
        for (goldTag, predictedTag) in zip(gold, predicted) {
            process(correctTag: goldTag, guessedTag: predictedTag, isBoundary: false)
        }
        process(correctTag: "O", guessedTag: "O", isBoundary: true)
    }

    /// One line of the script's input loop.
    private mutating func process(correctTag: String, guessedTag: String, isBoundary: Bool) {
        let correctSplit = ChunkTag(conllevalSplitting: correctTag)
        var guessedSplit = ChunkTag(conllevalSplitting: guessedTag)
        // $guessedType = $guessedType ? $guessedType : "";  (Perl: "0" is false)
        let correct = correctSplit.prefix
        let correctType = correctSplit.type == "0" ? "" : correctSplit.type
        if guessedSplit.type == "0" { guessedSplit.type = "" }
        // 1999-06-26 sentence breaks should always be counted as out of chunk
        if isBoundary { guessedSplit.prefix = "O" }
        let guessed = guessedSplit.prefix
        let guessedType = guessedSplit.type

        let correctEnds = rules.chunkEnds(
            previousPrefix: lastCorrect, prefix: correct, previousType: lastCorrectType, type: correctType)
        let guessedEnds = rules.chunkEnds(
            previousPrefix: lastGuessed, prefix: guessed, previousType: lastGuessedType, type: guessedType)
        if inCorrect {
            if correctEnds && guessedEnds && lastGuessedType == lastCorrectType {
                inCorrect = false
                closedCorrectChunkCount += 1
                closedCorrectChunksByType[lastCorrectType, default: 0] += 1
            } else if correctEnds != guessedEnds || guessedType != correctType {
                inCorrect = false
            }
        }

        let correctStarts = rules.chunkStarts(
            previousPrefix: lastCorrect, prefix: correct, previousType: lastCorrectType, type: correctType)
        let guessedStarts = rules.chunkStarts(
            previousPrefix: lastGuessed, prefix: guessed, previousType: lastGuessedType, type: guessedType)
        if correctStarts && guessedStarts && guessedType == correctType {
            inCorrect = true
        }
        if correctStarts {
            goldChunkCount += 1
            goldChunksByType[correctType, default: 0] += 1
        }
        if guessedStarts {
            predictedChunkCount += 1
            predictedChunksByType[guessedType, default: 0] += 1
        }
        if !isBoundary {
            if correct == guessed && guessedType == correctType {
                correctTagCount += 1
            }
            tokenCount += 1
        }

        lastGuessed = guessed
        lastCorrect = correct
        lastGuessedType = guessedType
        lastCorrectType = correctType
    }

    /// Totals over all types. A chunk still open (possible only with bracket tags) counts as if the
    /// input ended here, as the script does after its last line.
    public var overall: Counts {
        Counts(
            goldChunks: goldChunkCount, predictedChunks: predictedChunkCount,
            correctChunks: closedCorrectChunkCount + (inCorrect ? 1 : 0))
    }

    /// Counts for one chunk type (all zero for a type never seen).
    public func counts(forType type: String) -> Counts {
        var correct = closedCorrectChunksByType[type, default: 0]
        if inCorrect && lastCorrectType == type {
            correct += 1
        }
        return Counts(
            goldChunks: goldChunksByType[type, default: 0],
            predictedChunks: predictedChunksByType[type, default: 0],
            correctChunks: correct)
    }

    /// Every type seen in gold or predicted chunks, sorted as the script sorts them (by bytes).
    public var types: [String] {
        Set(goldChunksByType.keys).union(predictedChunksByType.keys).sorted(by: Self.byteOrder)
    }

    /// `100 * correct tags / tokens`, or 0 before any token.
    public var accuracyPercent: Double {
        tokenCount > 0 ? Double(100 * correctTagCount) / Double(tokenCount) : 0
    }

    /// The evaluation in conlleval's layout (no LaTeX), e.g.
    ///
    ///     processed 51362 tokens with 5942 phrases; found: 5947 phrases; correct: 5429.
    ///     accuracy:  97.61%; precision:  91.29%; recall:  91.37%; FB1:  91.33
    ///                   LOC: precision:  94.14%; recall:  95.26%; FB1:  94.70  1859
    ///
    /// The accuracy line is left out when no token was processed; each type line ends with the
    /// number of predicted chunks of that type. Like the script, an empty type (from bare `B`/`I`
    /// tags) that occurs in both gold and prediction is listed twice (its duplicate check treats the
    /// empty string as false).
    public func report() -> String {
        let total = overall
        var text = "processed \(tokenCount) tokens with \(total.goldChunks) phrases; "
        text += "found: \(total.predictedChunks) phrases; correct: \(total.correctChunks).\n"
        if tokenCount > 0 {
            text += "accuracy: \(Self.percent(accuracyPercent))%; "
            text += "precision: \(Self.percent(total.precisionPercent))%; "
            text += "recall: \(Self.percent(total.recallPercent))%; "
            text += "FB1: \(Self.percent(total.f1Percent))\n"
        }
        for type in reportTypes() {
            let counts = counts(forType: type)
            let padding = String(repeating: " ", count: max(0, 17 - type.utf8.count))
            text += padding + type + ": "
            text += "precision: \(Self.percent(counts.precisionPercent))%; "
            text += "recall: \(Self.percent(counts.recallPercent))%; "
            text += "FB1: \(Self.percent(counts.f1Percent))  \(counts.predictedChunks)\n"
        }
        return text
    }

    /// The script's list of types to report: sort the gold keys and the predicted keys together,
    /// skipping a key equal to the previous one unless the previous one is false in Perl ("").
    private func reportTypes() -> [String] {
        let keys = (Array(goldChunksByType.keys) + Array(predictedChunksByType.keys)).sorted(by: Self.byteOrder)
        var result: [String] = []
        var lastType: String?
        for key in keys {
            if lastType == nil || lastType == "" || lastType != key {
                result.append(key)
            }
            lastType = key
        }
        return result
    }

    /// Perl's default `sort`: byte-wise comparison (UTF-8 bytes order like code points).
    private static func byteOrder(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// `printf "%6.2f"`.
    static func percent(_ value: Double) -> String {
        String(format: "%6.2f", value)
    }
}
