import ArgumentParser
import CLISupport
import Foundation
import RecurrentCore
import TextGeneration
import Tokenization

/// `textgen sample`: streams generated text.
struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate text, one character at a time, printed as it is chosen.",
        discussion: """
            The prime is read first and printed before the generated text. Prime characters the \
            model does not know are reported and skipped. --json prints one object per sample \
            instead: the prime, the generated text and the model's log-probability of it (in nats, \
            from the raw scores whatever the sampling options).
            """
    )

    @OptionGroup var modelOption: ModelOption

    @Option(help: "Text to start from.")
    var prime: String?

    @Option(help: ArgumentHelp("Start from the text of this UTF-8 file.", valueName: "file"))
    var primeFile: String?

    @Option(help: "Characters to generate per sample.")
    var length = 500

    @Option(help: "Below 1: safer, more repetitive text; above 1: more surprising text.")
    var temperature: Float = 1

    @Option(help: ArgumentHelp("Choose only among the k most probable characters.", valueName: "k"))
    var topK: Int?

    @Option(help: ArgumentHelp("Choose among the most probable characters that make up probability p (nucleus sampling).", valueName: "p"))
    var topP: Float?

    @Flag(help: "Always take the most probable character (deterministic).")
    var greedy = false

    @Option(help: "Random seed (default: a new one each run).")
    var seed: UInt64?

    @Option(help: "How many samples.")
    var count = 1

    @Flag(help: "Print one JSON object per sample (not streamed).")
    var json = false

    func validate() throws {
        if prime != nil && primeFile != nil { throw ValidationError("give --prime or --prime-file, not both") }
        if length < 0 { throw ValidationError("--length must be at least 0, not \(length)") }
        if count < 1 { throw ValidationError("--count must be at least 1, not \(count)") }
        if let problem = options.problem { throw ValidationError(problem) }
    }

    var options: SamplingOptions {
        SamplingOptions(temperature: temperature, topK: topK, topP: topP, greedy: greedy)
    }

    func run() throws {
        let model = try modelOption.load()
        var primeText = prime ?? ""
        if let primeFile {
            primeText = String(try CharacterCorpus.readCharacters(path: primeFile).characters)
        }
        let seed = seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        var random = SplitMix64(seed: seed)
        let generator = TextGenerator(model: model, options: options)
        for index in 0..<count {
            if json {
                let result = generator.generate(prime: primeText, length: length, random: &random)
                if index == 0 { report(unknown: result.unknownPrimeCharacters) }
                StandardOutput.write(Self.json(prime: primeText, result: result, seed: seed, index: index) + "\n")
            } else {
                if index > 0 { StandardOutput.write("\n") }
                StandardOutput.write(primeText)
                let result = generator.generate(prime: primeText, length: length, random: &random) { character in
                    StandardOutput.write(String(character))
                }
                StandardOutput.write("\n")
                if index == 0 { report(unknown: result.unknownPrimeCharacters) }
            }
        }
    }

    private func report(unknown: [Character]) {
        guard !unknown.isEmpty else { return }
        var distinct: [Character] = []
        for character in unknown where !distinct.contains(character) { distinct.append(character) }
        let listed = distinct.prefix(10).map { "'\($0)' (\(Self.codePoints($0)))" }.joined(separator: ", ")
        StandardError.print("note: the model does not know \(unknown.count) prime character\(unknown.count == 1 ? "" : "s"): "
                            + listed + (distinct.count > 10 ? ", ..." : "") + "; skipped them.")
    }

    private static func codePoints(_ character: Character) -> String {
        character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }.joined(separator: " ")
    }

    static func json(prime: String, result: TextGenerator.Result, seed: UInt64, index: Int) -> String {
        struct Line: Encodable {
            let prime: String
            let text: String
            let log_probability: Double
            let characters: Int
            let seed: UInt64
            let sample: Int
            let unknown_prime_characters: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = Line(prime: prime, text: result.text, log_probability: result.logProbability, characters: result.text.count,
                        seed: seed, sample: index + 1, unknown_prime_characters: result.unknownPrimeCharacters.map(String.init))
        return String(decoding: (try? encoder.encode(line)) ?? Data(), as: UTF8.self)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
