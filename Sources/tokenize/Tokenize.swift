import ArgumentParser
import CLISupport
import Foundation
import Tokenization

@main
enum Main {
    static func main() { CommandRunner.main(Tokenize.self) }
}

/// `tokenize`: ICU tokenization of files or standard input, streamed in bounded memory.
struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split text into words, sentences, graphemes or line-break pieces with ICU.",
        discussion: """
            Reads UTF-8 files (or standard input for "-") in blocks, so a file of any size needs \
            little memory. Offsets in the output always refer to the input: --normalize and \
            --case-fold change only the token text printed.

            Examples:
              tokenize notes.txt
              tokenize --unit sentence --format jsonl book.txt > sentences.jsonl
              cat tweet.txt | tokenize - --keep-whitespace --format tsv
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// One token a line.
        case text
        /// One JSON object a token: text, kind, offsets, space_after.
        case jsonl
        /// text, kind, byte start, byte end, tab-separated.
        case tsv
    }

    @Argument(help: "Text files to read, or - for standard input.")
    var files: [String] = ["-"]

    @Option(help: "What to cut the text into.")
    var unit: TokenUnit = .word

    @Option(help: "ICU locale whose rules apply (\"root\" for the untailored rules).")
    var locale = "en"

    @Option(help: "Output format.")
    var format: Format = .text

    @Flag(help: "Also print whitespace tokens.")
    var keepWhitespace = false

    @Flag(help: "Leave out punctuation tokens.")
    var omitPunctuation = false

    @Option(help: "Print token texts in this Unicode normalization form.")
    var normalize: NormalizationForm?

    @Flag(help: "Print token texts case-folded (for caseless matching).")
    var caseFold = false

    @Flag(help: "Replace invalid UTF-8 with U+FFFD instead of stopping with an error.")
    var lenient = false

    @Option(name: .shortAndLong, help: "Write to this file (complete or not at all) instead of standard output.")
    var output: String?

    @Flag(help: "Print counts by kind and the throughput on standard error when done.")
    var stats = false

    func run() throws {
        var options: TokenizerOptions = []
        if !keepWhitespace { options.insert(.omitWhitespace) }
        if omitPunctuation { options.insert(.omitPunctuation) }
        let tokenizer = try Tokenizer(unit: unit, locale: locale, options: options)
        let sink = try OutputSink(path: output)
        var statistics = TokenStatistics()
        let start = Date()
        for file in files {
            let reader = try UTF8TextReader(path: file, decoding: lenient ? .lenient : .strict)
            var writer = TokenWriter(format: format, normalize: normalize, caseFold: caseFold)
            let progress = ProgressDisplay(label: "tokenize \(reader.name)", total: Self.size(of: file), unit: .bytes)
            try tokenizer.forEachBlock(of: reader) { block in
                writer.render(block, into: &sink.buffer)
                try sink.flush()
                if stats { statistics.count(block) }
                if Self.showsProgress { progress.update(completed: block.byteOffset + block.text.utf8.count) }
            }
            if Self.showsProgress { progress.finish() }
            if reader.replacementCount > 0 {
                StandardError.print("warning: \(reader.name): replaced \(reader.replacementCount) invalid UTF-8 "
                    + "sequence(s) with U+FFFD, the first at byte \(reader.firstReplacementOffset ?? 0)")
            }
        }
        try sink.commit()
        if stats { StandardError.print(statistics.summary(seconds: Date().timeIntervalSince(start))) }
    }

    /// The size of a regular file, for the progress bar (nil for pipes).
    static func size(of path: String) -> Int? {
        guard path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return (attributes[.size] as? NSNumber)?.intValue
    }

    /// A bar only makes sense on a terminal; piped runs stay quiet unless --stats is given.
    static let showsProgress = StandardError.isTerminal
}

extension TokenUnit: ExpressibleByArgument {}
extension NormalizationForm: ExpressibleByArgument {}
