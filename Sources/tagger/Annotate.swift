import ArgumentParser
import CLISupport
import FileOutput
import Foundation
import RecurrentCore
import SequenceTagging
import Tokenization

/// `tagger annotate`: tags raw or pre-tokenized text, streaming.
struct Annotate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tag raw text (or pre-tokenized text) with one or more models.",
        discussion: """
            Raw text is cut into paragraphs at blank lines (line breaks inside a paragraph count \
            as spaces), then into sentences and tokens by ICU. Each token keeps its offsets into \
            the input, counted in Unicode scalars (as Python's str): jsonl gives them as start \
            and end, conllu as TokenRange=start:end in MISC. Input streams in constant memory; \
            from a pipe, each paragraph (or line) is answered as soon as it is complete. With \
            --format conllu, a model trained with --auxiliary-column upos or xpos also fills that \
            column with its auxiliary tags.
            """
    )

    @Argument(help: ArgumentHelp("The text to tag; - (the default) reads standard input.", valueName: "file"))
    var file = "-"

    @OptionGroup var models: ModelOptions

    @Option(help: "Output: conllu, conll, inline or jsonl (default: inline for raw text, conll for CoNLL input, conllu for CoNLL-U input).")
    var format: AnnotationFormat?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (complete or not at all) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Raw text has one paragraph per line (default: paragraphs end at blank lines).")
    var lines = false

    @Flag(help: "The input is already tokenized: CoNLL-U or CoNLL by its name (or --input), else one sentence per line with tokens separated by spaces.")
    var pretokenized = false

    @Option(help: "With --pretokenized: conllu, conll or lines.")
    var input: String?

    @Option(help: "Write entity tags in this scheme: bio, bioes or iob1 (default: the scheme the model was trained on).")
    var scheme: String?

    @Option(help: ArgumentHelp("Also print the K most probable tags of each token with their probabilities.", valueName: "K"))
    var hypotheses = 0

    @Option(help: "Threads for the computation (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let scheme, TagScheme(name: scheme) == nil { throw ValidationError("--scheme must be bio, bioes or iob1, not \(scheme)") }
        if hypotheses < 0 { throw ValidationError("--hypotheses must be 0 or more, not \(hypotheses)") }
        if let input, !["conllu", "conll", "lines"].contains(input) { throw ValidationError("--input must be conllu, conll or lines, not \(input)") }
        if input != nil && !pretokenized { throw ValidationError("--input needs --pretokenized") }
        if lines && pretokenized { throw ValidationError("--lines is for raw text; with --pretokenized, use --input lines") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }

    /// Sentences collected before tagging: `predict` sorts them by length into batches of 32, so a
    /// larger buffer means less padding (about 1.6x faster on EWT than batches in file order).
    static let bufferedSentences = TaggerModel.predictionBatch * 20

    func run() throws {
        if let threads { Parallelism.threads = threads }
        LargeAllocations.returnToTheSystem()   // batches of every shape, any length of input: memory stays near what is in use
        if let output, let reason = OutputLocation.problem(writing: output) {
            throw TaggerError.unwritableFile(path: output, reason: reason, option: "--output")
        }
        let loaded = try models.load()
        let outputScheme = scheme.flatMap(TagScheme.init(name:))
        let inputKind = pretokenized ? (input ?? Self.inputKind(of: file)) : "raw"
        let writer = AnnotationWriter(format: format ?? (inputKind == "conllu" ? .conllu : inputKind == "conll" ? .conll : .inline))
        var written = 0
        let destination = try output.map { try AtomicFile(path: $0) }

        func emit(_ batch: [AnnotatedSentence]) throws {
            guard !batch.isEmpty else { return }
            var tagged = batch
            for (_, model) in loaded {
                let auxiliaryLayer = writer.format == .conllu ? model.configuration.auxiliaryColumn.flatMap(Self.conlluTagColumn) : nil
                let predictions = model.predict(batch.map(\.tokens), scheme: outputScheme, alternatives: hypotheses,
                                                auxiliary: auxiliaryLayer != nil)
                let scheme = model.configuration.isEntityTagging ? (outputScheme ?? model.configuration.fileScheme ?? .bio) : nil
                for index in tagged.indices {
                    tagged[index].layers.append(TagLayer(name: model.configuration.displayTagName, tags: predictions[index].tags,
                                                         alternatives: predictions[index].alternatives, scheme: scheme))
                    if let auxiliaryLayer {
                        tagged[index].layers.append(TagLayer(name: auxiliaryLayer, tags: predictions[index].auxiliaryTags))
                    }
                }
            }
            var text = ""
            for sentence in tagged {
                written += 1
                text += writer.format(sentence, number: written)
            }
            if let destination { try destination.write(text) } else { StandardOutput.write(text) }
        }

        if inputKind == "conllu" || inputKind == "conll" {
            let layout = try TaggingFileFormat.resolve(path: file, format: inputKind, column: nil)
            var reader = try layout.reader(path: file, withTags: false)
            var pending: [AnnotatedSentence] = []
            while let sentence = try reader.nextSentence() {
                guard !sentence.tokens.isEmpty else { continue }
                pending.append(AnnotatedSentence(tokens: sentence.tokens, spaceAfter: sentence.spaceAfter, layers: [], text: sentence.text))
                if pending.count == Self.bufferedSentences {
                    try emit(pending)
                    pending.removeAll()
                }
            }
            try emit(pending)
            try destination?.commit()
            return
        }

        let reader = try UTF8TextReader(path: file)
        let mode: RawTextSegmenter.Mode = pretokenized ? .tokenizedLines : lines ? .lines : .paragraphs
        let segmenter = try RawTextSegmenter(reader: reader, mode: mode)
        let streaming = file == "-"
        var pending: [AnnotatedSentence] = []
        while let sentences = try segmenter.nextSentences() {
            for sentence in sentences {
                pending.append(AnnotatedSentence(tokens: sentence.tokens, spaceAfter: sentence.spaceAfter, layers: [],
                                                 text: sentence.text, tokenOffsets: sentence.tokenOffsets))
            }
            if pending.count >= Self.bufferedSentences || (streaming && !segmenter.hasBufferedParagraph) {
                try emit(pending)
                pending.removeAll()
            }
        }
        try emit(pending)
        try destination?.commit()
    }

    /// The layer name of an auxiliary column that has its own CoNLL-U column in annotate's output
    /// ("upos", "xpos"), or nil.
    static func conlluTagColumn(_ auxiliaryColumn: String) -> String? {
        ["upos", "xpos"].contains(auxiliaryColumn) ? auxiliaryColumn : nil
    }

    /// conllu for `.conllu`, conll for `.conll`, `.iob2`, `.bio`, `.bioes`, else lines.
    static func inputKind(of path: String) -> String {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".conllu") { return "conllu" }
        if [".conll", ".iob2", ".iob", ".bio", ".bioes"].contains(where: { lowered.hasSuffix($0) }) { return "conll" }
        return "lines"
    }
}

extension AnnotationFormat: ExpressibleByArgument {}
