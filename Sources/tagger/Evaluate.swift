import ArgumentParser
import CLISupport
import FileOutput
import Foundation
import RecurrentCore
import SequenceTagging

/// `tagger evaluate`: scores a model on gold-tagged data.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a model on a gold-tagged file: accuracy, and for entities conlleval's precision, recall and F1.",
        discussion: """
            The gold tokens are tagged as given (no tokenization). For entity models the report is \
            conlleval's, computed exactly as the CoNLL-2000 script does; gold tags the model never \
            saw in training are listed (they count as errors). A model trained with \
            --auxiliary-column also has its auxiliary tags scored, on the gold file's same column \
            (tokens without a tag there, '_', are left out).
            """
    )

    @OptionGroup var models: ModelOptions

    @Option(help: ArgumentHelp("Gold-tagged data (CoNLL-U or CoNLL).", valueName: "file"))
    var gold: String

    @Option(help: "conllu or conll (default: by the file name).")
    var format: String?

    @Option(help: "The tag column (as for train).")
    var column: String?

    @Option(help: "The entity scheme of the gold file (default: the scheme the model was trained on).")
    var scheme: String?

    @Option(help: ArgumentHelp("Keep only these gold entity types, turning the others into O.", valueName: "PER,ORG,LOC"))
    var types: String?

    @Option(help: ArgumentHelp("Also write the predictions here as CoNLL (token, gold, predicted: conlleval's input).", valueName: "file"))
    var predictions: String?

    @Flag(help: "Print the scores as one JSON object.")
    var json = false

    @Option(help: "Threads for the computation (default: all cores).")
    var threads: Int?

    func validate() throws {
        if models.model.count > 1 { throw ValidationError("evaluate takes one --model") }
        if let scheme, TagScheme(name: scheme) == nil { throw ValidationError("--scheme must be bio, bioes or iob1, not \(scheme)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }

    /// Gold sentences read, tagged and scored at a time: the file streams in bounded memory.
    static let sentencesPerRound = TaggerModel.predictionBatch * 20

    func run() throws {
        if let threads { Parallelism.threads = threads }
        if let predictions, let reason = OutputLocation.problem(writing: predictions) {
            throw TaggerError.unwritableFile(path: predictions, reason: reason, option: "--predictions")
        }
        let model = try models.load()[0].model
        let c = model.configuration
        var reader = try TaggingFileFormat.resolve(path: gold, format: format, column: column).reader(path: gold)
        var auxiliary = AuxiliaryScoring(model: model, gold: gold, format: format)
        let fileScheme = scheme.flatMap(TagScheme.init(name:)) ?? c.fileScheme ?? .bio
        let kept = types.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let predictionFile = try predictions.map { path throws(AtomicFileError) in try AtomicFile(path: path) }
        var score = TaggingScore(entities: c.isEntityTagging)
        var unknown = Set<String>()
        var sentenceCount = 0
        var seconds = 0.0
        var round: [TaggedSentence] = []
        func scoreRound() throws {
            guard !round.isEmpty else { return }
            let start = monotonicSeconds()
            let predicted = model.predict(round.map(\.tokens), scheme: c.isEntityTagging ? fileScheme : nil,
                                          auxiliary: auxiliary.isScoring)
            seconds += monotonicSeconds() - start
            for (sentence, prediction) in zip(round, predicted) {
                try score.add(gold: sentence.tags, predicted: prediction.tags)
            }
            auxiliary.add(predicted)
            unknown.formUnion(unknownTags(in: round, model: model))
            try predictionFile?.write(Self.conllevalLines(round, predicted))
            sentenceCount += round.count
            round.removeAll(keepingCapacity: true)
        }
        while let sentence = try reader.nextSentence() {
            auxiliary.readSentence()
            guard !sentence.tokens.isEmpty else { continue }
            round.append(try kept.map { try sentence.keepingTagTypes($0, scheme: fileScheme) } ?? sentence)
            if round.count == Self.sentencesPerRound { try scoreRound() }
        }
        try scoreRound()
        guard sentenceCount > 0 else { throw TaggerError.nothingToScore(path: gold) }
        try predictionFile?.commit()
        let unknownList = unknown.sorted()
        if !unknownList.isEmpty { StandardError.print("note: " + TaggerError.unknownTags(path: gold, tags: unknownList).description) }
        if let problem = auxiliary.problem { StandardError.print("note: \(problem); the auxiliary tags are not scored") }
        let auxiliaryAccuracy = auxiliary.accuracy

        let tokens = score.accuracy.totalCount
        let rate = seconds > 0 ? Double(tokens) / seconds : 0
        if json {
            var fields = ["\"gold\":\(jsonString(gold))", "\"sentences\":\(sentenceCount)", "\"tokens\":\(tokens)",
                          "\"accuracy\":\(score.accuracy.accuracyPercent)", "\"tokens_per_second\":\(Int(rate))"]
            if let chunks = score.chunks {
                let overall = chunks.overall
                fields += ["\"precision\":\(overall.precisionPercent)", "\"recall\":\(overall.recallPercent)", "\"f1\":\(overall.f1Percent)"]
                let perType = chunks.types.map { type -> String in
                    let counts = chunks.counts(forType: type)
                    return "\(jsonString(type)):{\"precision\":\(counts.precisionPercent),\"recall\":\(counts.recallPercent),\"f1\":\(counts.f1Percent),\"gold\":\(counts.goldChunks),\"predicted\":\(counts.predictedChunks)}"
                }
                fields.append("\"types\":{" + perType.joined(separator: ",") + "}")
            }
            fields.append("\"unknown_tags\":[" + unknownList.map(jsonString).joined(separator: ",") + "]")
            if let auxiliaryAccuracy, let column = c.auxiliaryColumn {
                fields.append("\"auxiliary\":{\"column\":\(jsonString(column)),\"accuracy\":\(auxiliaryAccuracy.accuracyPercent),"
                              + "\"correct\":\(auxiliaryAccuracy.correctCount),\"tokens\":\(auxiliaryAccuracy.totalCount)}")
            }
            StandardOutput.write("{" + fields.joined(separator: ",") + "}\n")
            return
        }
        if let chunks = score.chunks {
            StandardOutput.write(chunks.report())
        } else {
            StandardOutput.write("accuracy: \(String(format: "%.2f", score.accuracy.accuracyPercent))% "
                                 + "(\(score.accuracy.correctCount) of \(tokens) tokens in \(sentenceCount) sentences)\n")
        }
        if let auxiliaryAccuracy, let name = c.auxiliaryTagName {
            StandardOutput.write("\(name) accuracy: \(String(format: "%.2f", auxiliaryAccuracy.accuracyPercent))% "
                                 + "(\(auxiliaryAccuracy.correctCount) of \(auxiliaryAccuracy.totalCount) tokens)\n")
        }
        StandardError.print("tagged \(tokens) tokens in \(String(format: "%.2f", seconds)) s (\(Int(rate)) tokens/s)")
    }

    /// Gold tags (entity types, for entity models) the model cannot produce.
    private func unknownTags(in sentences: [TaggedSentence], model: TaggerModel) -> Set<String> {
        var seen = Set<String>()
        if model.configuration.isEntityTagging {
            let known = Set(model.tags.labels.map { ChunkTag(conllevalSplitting: $0).type })
            for tag in sentences.lazy.flatMap(\.tags) where tag != "O" {
                if !known.contains(ChunkTag(conllevalSplitting: tag).type) { seen.insert(tag) }
            }
        } else {
            for tag in sentences.lazy.flatMap(\.tags) where !model.tags.contains(tag) { seen.insert(tag) }
        }
        return seen
    }

    /// conlleval's input: `token gold predicted` per token, a blank line after each sentence.
    private static func conllevalLines(_ sentences: [TaggedSentence], _ predicted: [SentencePrediction]) -> String {
        var text = ""
        for (sentence, prediction) in zip(sentences, predicted) {
            for (i, token) in sentence.tokens.enumerated() {
                text += "\(token) \(sentence.tags[i]) \(prediction.tags[i])\n"
            }
            text += "\n"
        }
        return text
    }

    private func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
