import ArgumentParser
import CLISupport
import Foundation
import SequenceTagging

/// `tagger convert`: rewrites a tagged file in another entity scheme and/or format.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rewrite a tagged file in another entity scheme (IOB1, BIO, BIOES) or format (CoNLL, CoNLL-U).",
        discussion: """
            Chunks are read with conlleval's rules, so invalid sequences (I- after O in BIO) are \
            repaired the way conlleval reads them. Writes to standard output.

            Examples:
              tagger convert train.iob2 --to bioes > train.bioes
              tagger convert eng.train --from iob1 --to bio --output-format conll
              tagger convert en_ewt-ud-dev.conllu --output-format conll > dev.conll
            """
    )

    @Argument(help: ArgumentHelp("The tagged file.", valueName: "file"))
    var file: String

    @Option(help: "conllu or conll (default: by the file name).")
    var format: String?

    @Option(help: "The tag column (as for train).")
    var column: String?

    @Option(help: "The scheme of the file's entity tags: bio, bioes or iob1 (default bio).")
    var from: String?

    @Option(help: "The scheme to write: bio, bioes or iob1 (default: unchanged; needs entity tags).")
    var to: String?

    @Option(help: ArgumentHelp("Keep only these entity types, turning the others into O.", valueName: "PER,ORG,LOC"))
    var types: String?

    @Option(help: "conll (token TAB tag) or conllu (default: the input's format).")
    var outputFormat: String?

    func validate() throws {
        for (flag, value) in [("--from", from), ("--to", to)] {
            if let value, TagScheme(name: value) == nil { throw ValidationError("\(flag) must be bio, bioes or iob1, not \(value)") }
        }
        if let outputFormat, !["conll", "conllu"].contains(outputFormat) {
            throw ValidationError("--output-format must be conll or conllu, not \(outputFormat)")
        }
    }

    func run() throws {
        let layout = try TaggingFileFormat.resolve(path: file, format: format, column: column)
        var reader = try layout.reader(path: file)
        let source = from.flatMap(TagScheme.init(name:)) ?? .bio
        let target = to.flatMap(TagScheme.init(name:))
        let kept = types.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let writesCoNLLU: Bool
        if let outputFormat {
            writesCoNLLU = outputFormat == "conllu"
        } else if case .conllu = layout {
            writesCoNLLU = true
        } else {
            writesCoNLLU = false
        }
        let conlluWriter = try CoNLLUWriter(tagColumn: { if case .conllu(let column) = layout { return column } else { return .upos } }())
        let conllWriter = CoNLLWriter()
        var buffer = ""
        while var sentence = try reader.nextSentence() {
            if let kept { sentence = try sentence.keepingTagTypes(kept, scheme: source) }
            if let target { sentence = try sentence.convertingTags(from: source, to: target) }
            buffer += writesCoNLLU ? try conlluWriter.format(sentence)
                                   : try conllWriter.format(tokens: sentence.tokens, tagColumns: [sentence.tags], origin: sentence.origin)
            if buffer.utf8.count > 1 << 16 {
                StandardOutput.write(buffer)
                buffer = ""
            }
        }
        StandardOutput.write(buffer)
    }
}
