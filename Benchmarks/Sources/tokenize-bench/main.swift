// Tokenizer throughput, reported as JSON lines in the peers' format (../shared/peers/common.py), so
// that ../shared/peers/make_table.py puts Quill beside raw ICU, spaCy and NLTK.
//
// Usage: tokenize-bench FILE --corpus NAME [--repeats 5] [--target 1.0] [--warmup 2] [--quick]
//                       [--units word,sentence,grapheme]
//   --corpus NAME   workload "TOK NAME", as bench_tokenize.py and icu_wordbreak name it
// Appends every line to $BENCH_OUT when set. MB = 10^6 bytes of the UTF-8 input.
import Foundation
import Tokenization

struct Settings {
    var file = ""
    var corpus = "corpus"
    var repeats = 5
    var target = 1.0
    var warmup = 2
    var units: Set<String> = ["word", "sentence", "grapheme"]
}

func parse() -> Settings {
    var settings = Settings()
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--corpus": settings.corpus = arguments.popFirst() ?? settings.corpus
        case "--repeats": settings.repeats = Int(arguments.popFirst() ?? "") ?? settings.repeats
        case "--target": settings.target = Double(arguments.popFirst() ?? "") ?? settings.target
        case "--warmup": settings.warmup = Int(arguments.popFirst() ?? "") ?? settings.warmup
        case "--quick": (settings.repeats, settings.target, settings.warmup) = (3, 0.3, 1)
        case "--units": settings.units = Set((arguments.popFirst() ?? "").split(separator: ",").map(String.init))
        default: settings.file = argument
        }
    }
    guard !settings.file.isEmpty else {
        FileHandle.standardError.write(Data("usage: tokenize-bench FILE --corpus NAME [--repeats N] [--target S] [--quick]\n".utf8))
        exit(2)
    }
    return settings
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + 1e-9 * Double(time.tv_nsec)
}

/// Warm-up calls, then `repeats` timed repeats of N calls each (N chosen so a repeat lasts about
/// `target` seconds); returns seconds per call for each repeat, and N.
func time(_ settings: Settings, _ call: () -> Int) -> (perCall: [Double], steps: Int, units: Int) {
    var units = 0
    for _ in 0..<max(1, settings.warmup) { units = call() }
    let start = now()
    units = call()
    let one = now() - start
    let steps = max(1, Int(settings.target / max(one, 1e-9)))
    var perCall: [Double] = []
    for _ in 0..<settings.repeats {
        let begin = now()
        for _ in 0..<steps { units = call() }
        perCall.append((now() - begin) / Double(steps))
    }
    return (perCall, steps, units)
}

let settings = parse()
let data = try Data(contentsOf: URL(fileURLWithPath: settings.file))
let text = String(decoding: data, as: UTF8.self)
let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
let bytes = Double(data.count)
let date = ISO8601DateFormatter().string(from: Date())
let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("model name") }?
    .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "0"
let versions = "Quill (ICU \(Tokenizer.versions.icu), Unicode \(Tokenizer.versions.unicode))"

func emit(_ variant: String, _ result: (perCall: [Double], steps: Int, units: Int), tokensPerCall: Int) {
    let sorted = result.perCall.sorted()
    let median = sorted[sorted.count / 2]
    for (metric, units) in [("MB/s", bytes / 1e6), ("tokens/s", Double(tokensPerCall))] {
        let rates = result.perCall.map { units / $0 }.sorted()
        let value = units / median
        let record: [String: Any] = [
            "workload": "TOK \(settings.corpus)", "peer": "quill", "variant": variant, "threads": 1,
            "versions": versions, "date": date, "cpu": cpu, "loadavg_1m": Double(load) ?? 0,
            "metric": metric, "value": (value * 100).rounded() / 100,
            "min": (rates.first! * 100).rounded() / 100, "max": (rates.last! * 100).rounded() / 100,
            "rel_spread": ((rates.last! - rates.first!) / value * 1000).rounded() / 1000,
            "ms_per_call_median": (median * 1e7).rounded() / 1e4, "units_per_call": units,
            "repeats": result.perCall.count, "steps_per_repeat": result.steps,
            "utf8_bytes": data.count, "tokens": tokensPerCall,
        ]
        let json = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        let line = String(decoding: json, as: UTF8.self)
        print(line)
        if let out = ProcessInfo.processInfo.environment["BENCH_OUT"], let handle = FileHandle(forUpdatingAtPath: out)
            ?? (FileManager.default.createFile(atPath: out, contents: nil) ? FileHandle(forUpdatingAtPath: out) : nil) {
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            try? handle.close()
        }
    }
}

/// Tokens counted as ICU's WORD loop counts them: letters, numbers, kana, ideographs.
func wordCount(_ tokens: [Token]) -> Int { tokens.reduce(0) { $0 + ($1.kind == .word || $1.kind == .number ? 1 : 0) } }

if settings.units.contains("word") {
let word = try Tokenizer(unit: .word)
let wordNoSpace = try Tokenizer(unit: .word, options: .omitWhitespace)
let words = wordCount(word.tokens(in: text))
emit("word: forEachToken(in:) whole text, all tokens", time(settings) {
    var count = 0
    word.forEachToken(in: text) { _ in count += 1 }
    return count
}, tokensPerCall: words)
emit("word: tokens(in:) whole text, all tokens", time(settings) { word.tokens(in: text).count }, tokensPerCall: words)
emit("word: tokens(in:) whole text, .omitWhitespace", time(settings) { wordNoSpace.tokens(in: text).count }, tokensPerCall: words)
emit("word: forEachToken(in:) per line, .omitWhitespace", time(settings) {
    var count = 0
    for line in lines { wordNoSpace.forEachToken(in: line) { _ in count += 1 } }
    return count
}, tokensPerCall: words)
emit("word: tokens(in:) per line, .omitWhitespace", time(settings) {
    lines.reduce(0) { $0 + wordNoSpace.tokens(in: $1).count }
}, tokensPerCall: words)
emit("word: file streamed (read + UTF-8 check + tokens), .omitWhitespace", time(settings) {
    let reader = try! UTF8TextReader(path: settings.file)
    var count = 0
    try! wordNoSpace.forEachBlock(of: reader) { count += $0.tokens.count }
    return count
}, tokensPerCall: words)

}
if settings.units.contains("sentence") {
let sentence = try Tokenizer(unit: .sentence, options: .omitWhitespace)
emit("sentence: forEachToken(in:) whole text", time(settings) {
    var count = 0
    sentence.forEachToken(in: text) { _ in count += 1 }
    return count
}, tokensPerCall: sentence.tokens(in: text).count)
emit("sentence: tokens(in:) whole text", time(settings) { sentence.tokens(in: text).count },
     tokensPerCall: sentence.tokens(in: text).count)
}
if settings.units.contains("grapheme") {
let grapheme = try Tokenizer(unit: .grapheme)
emit("grapheme: forEachToken(in:) whole text", time(settings) {
    var count = 0
    grapheme.forEachToken(in: text) { _ in count += 1 }
    return count
}, tokensPerCall: grapheme.tokens(in: text).count)
emit("grapheme: tokens(in:) whole text", time(settings) { grapheme.tokens(in: text).count },
     tokensPerCall: grapheme.tokens(in: text).count)
}
