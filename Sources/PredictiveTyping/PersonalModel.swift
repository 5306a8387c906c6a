import FileOutput
import Foundation

/// What the user typed, learned as word and word-pair counts and mixed with the word model's
/// predictions (a cache model, Kuhn and De Mori 1990): a phrase typed once is offered again.
///
/// It lives in one JSON file (``defaultPath()``: `$XDG_DATA_HOME/quill/autocomplete/personal.json`,
/// `~/.local/share/...` by default), rewritten atomically after each change, so a kill never
/// leaves half a file. Words are keyed by their folded form (``WordForm``) and remember how the
/// user wrote them. ``forget(_:)`` removes a word and every pair holding it, from memory and from
/// the file. With no path (private mode from the start) nothing is ever written.
public final class PersonalModel {
    /// One learned word: how often, and how the user last wrote it.
    public struct Word: Codable, Equatable, Sendable {
        public var count: Int
        public var display: String
    }

    /// The file's content.
    struct Stored: Codable {
        var format = 1
        var words: [String: Word] = [:]
        /// "previous\u{1F}word" -> count.
        var pairs: [String: Int] = [:]
    }

    /// Where the model is kept (nil: memory only).
    public let path: String?
    public private(set) var words: [String: Word] = [:]
    private var pairs: [String: [String: Int]] = [:]
    private var pairTotals: [String: Int] = [:]
    public private(set) var totalCount = 0

    /// The default file: `$XDG_DATA_HOME/quill/autocomplete/personal.json`, with XDG_DATA_HOME
    /// defaulting to `~/.local/share` as the XDG base directory specification says.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var base = environment["XDG_DATA_HOME"] ?? ""
        if base.isEmpty || !base.hasPrefix("/") {   // the spec: relative paths are invalid, ignore them
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return base + "/quill/autocomplete/personal.json"
    }

    /// Loads the model at `path` (an absent file is an empty model); nil path: memory only.
    public init(path: String?) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard let path, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue {
            throw PredictiveTypingError.personalData(path: path, problem: "is a directory, not a personal model file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PredictiveTypingError.personalData(path: path, problem: "cannot read the personal model (\(error.localizedDescription))")
        }
        let stored: Stored
        do {
            stored = try JSONDecoder().decode(Stored.self, from: data)
        } catch {
            throw PredictiveTypingError.personalData(path: path,
                problem: "not a personal model file (\(Self.describe(error))); move it away to start afresh")
        }
        guard stored.format == 1 else {
            throw PredictiveTypingError.personalData(path: path, problem: "written by a newer Quill (format \(stored.format)); this one reads format 1")
        }
        // Hand-edited or damaged counts could add up past Int.max and trap: refuse them instead.
        for (word, entry) in stored.words where entry.count > Self.maximumCount {
            throw Self.implausibleCount(path: path, of: "\"\(word)\"", entry.count)
        }
        for (key, count) in stored.pairs where count > Self.maximumCount {
            throw Self.implausibleCount(path: path, of: "the pair \"\(key.replacingOccurrences(of: "\u{1F}", with: " "))\"", count)
        }
        for (word, entry) in stored.words where entry.count > 0 && !word.isEmpty {
            words[word] = entry
            totalCount += entry.count
        }
        for (key, count) in stored.pairs where count > 0 {
            let parts = key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            pairs[String(parts[0]), default: [:]][String(parts[1])] = count
            pairTotals[String(parts[0]), default: 0] += count
        }
    }

    /// The largest count a word or a pair may have in the file: more than anyone types in a
    /// lifetime, and small enough that the totals of the counts a file can hold never overflow
    /// (that would take 2^31 entries) and learning can always add one more.
    public static let maximumCount = 1 << 32

    private static func implausibleCount(path: String, of what: String, _ count: Int) -> PredictiveTypingError {
        .personalData(path: path, problem: "the count of \(what) is \(count), more than anyone types (at most \(maximumCount)); move the file away to start afresh")
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, _): "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context): "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: "\(error)"
        }
    }

    /// Learns a sentence's tokens (folded and as written); `previous` is the token before the first.
    /// Punctuation and symbols are not words, but they do break pairs.
    public func learn(_ tokens: [(surface: Substring, folded: String)]) {
        var previous: String?
        for token in tokens {
            guard WordForm.isSuggestible(token.folded) else {
                previous = nil
                continue
            }
            words[token.folded, default: Word(count: 0, display: String(token.surface))].count += 1
            words[token.folded]!.display = String(token.surface)
            totalCount += 1
            if let previous {
                pairs[previous, default: [:]][token.folded, default: 0] += 1
                pairTotals[previous, default: 0] += 1
            }
            previous = token.folded
        }
    }

    /// Removes `word` (folded) and every pair it is part of. Returns whether it was known.
    @discardableResult
    public func forget(_ word: String) -> Bool {
        var known = false
        if let entry = words.removeValue(forKey: word) {
            totalCount -= entry.count
            known = true
        }
        if pairs.removeValue(forKey: word) != nil {
            pairTotals[word] = nil
            known = true
        }
        for (previous, followers) in pairs {
            guard let count = followers[word] else { continue }
            pairs[previous]![word] = nil
            pairTotals[previous]! -= count
            if pairs[previous]!.isEmpty {
                pairs[previous] = nil
                pairTotals[previous] = nil
            }
            known = true
        }
        return known
    }

    /// How often the user typed `word` after `previous`, and after `previous` in all.
    public func pairCount(_ previous: String, _ word: String) -> (count: Int, total: Int) {
        (pairs[previous]?[word] ?? 0, pairTotals[previous] ?? 0)
    }

    /// The words the user typed after `previous`, most frequent first.
    public func followers(of previous: String, limit: Int) -> [String] {
        guard let followers = pairs[previous] else { return [] }
        return followers.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map(\.key)
    }

    public var pairCount: Int { pairTotals.values.reduce(0, +) }

    /// Writes the model to its file atomically (creating the folder); nothing without a path.
    public func save() throws {
        guard let path else { return }
        var stored = Stored()
        stored.words = words
        for (previous, followers) in pairs {
            for (word, count) in followers { stored.pairs[previous + "\u{1F}" + word] = count }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let file = try AtomicFile(path: path)
            try file.write(Array(try encoder.encode(stored)))
            try file.commit()
        } catch let error as AtomicFileError {
            throw PredictiveTypingError.personalData(path: path, problem: "cannot save the personal model (\(error))")
        } catch {
            throw PredictiveTypingError.personalData(path: path, problem: "cannot save the personal model (\(error.localizedDescription))")
        }
    }
}
