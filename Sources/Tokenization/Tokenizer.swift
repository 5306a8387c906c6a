import _ICUShims

/// Cuts text into graphemes, words, sentences or line-break pieces with ICU's break iterators.
///
///     let tokenizer = try Tokenizer(unit: .word, options: .omitWhitespace)
///     let text = "Don't panic: 42 🐳!"
///     for token in tokenizer.tokens(in: text) {
///         print(text[token.range], token.kind)   // Don't word, : punctuation, 42 number, 🐳 emoji, ! punctuation
///     }
///
/// Tokens are ranges into the caller's string, never copies (see `Token`). A tokenizer keeps one
/// ICU iterator and reuses it for every call: it is cheap to call often but not thread-safe, so give
/// each thread its own. Texts of any size work; `forEachBlock(of:body:)` tokenizes files and pipes in
/// bounded memory.
public final class Tokenizer {
    public let unit: TokenUnit
    /// The ICU locale whose rules apply ("en", "th", "ja"; "root" for the untailored rules).
    public let locale: String
    public let options: TokenizerOptions

    private let breaker: OpaquePointer
    private let scratch: UnsafeMutablePointer<QuillSegment>
    private static let scratchCapacity: Int32 = 1024

    /// The largest piece of text handed to ICU at once (ICU indexes UTF-16 with Int32). Longer texts
    /// are cut after a line feed, where every unit has a boundary.
    static let maximumWindow = 1 << 29

    public init(unit: TokenUnit = .word, locale: String = "en", options: TokenizerOptions = []) throws(TokenizationError) {
        self.unit = unit
        self.locale = locale
        self.options = options
        var error: Int32 = 0
        guard let breaker = quill_breaker_open(unit.breakType, locale, &error) else {
            throw .icuFailure("opening a \(unit.rawValue) break iterator for locale \"\(locale)\"",
                              code: String(cString: quill_error_name(error)))
        }
        self.breaker = breaker
        scratch = .allocate(capacity: Int(Self.scratchCapacity))
    }

    deinit {
        quill_breaker_close(breaker)
        scratch.deallocate()
    }

    /// The ICU version in use ("72.1") and the Unicode version it implements ("15.0").
    public static let versions: (icu: String, unicode: String) = {
        var icu = [CChar](repeating: 0, count: 16)
        var unicode = [CChar](repeating: 0, count: 16)
        quill_icu_versions(&icu, &unicode)
        return (decodeCString(icu), decodeCString(unicode))
    }()

    /// The tokens of `text`, in order. Empty text gives no tokens.
    public func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(unit.expectedTokens(utf8Count: text.utf8.count))
        forEachToken(in: text) { tokens.append($0) }
        return tokens
    }

    /// Calls `body` with each token of `text`, in order, without building an array (as
    /// NaturalLanguage's `enumerateTokens(in:using:)`). A token is handed over once the whitespace
    /// after it is known, so whitespace tokens arrive after the token they follow.
    public func forEachToken(in text: String, _ body: (Token) throws -> Void) rethrows {
        var builder = TokenBuilder(text: text, options: options)
        try withUTF8(of: text) { bytes in
            var start = 0
            while start < bytes.count {
                let end = windowEnd(bytes, from: start)
                start = try appendTokens(bytes, window: start..<end, isLast: end == bytes.count, builder: &builder, body)
            }
        }
        try builder.finish(body)
    }

    /// Every boundary ICU reports for `text`, from `startIndex` to `endIndex` inclusive (just
    /// `[startIndex]` for empty text). These are the raw break positions the Unicode break tests
    /// specify; sentence and line pieces here still include their trailing spaces.
    public func boundaries(in text: String) -> [String.Index] {
        var result = [text.startIndex]
        withUTF8(of: text) { bytes in
            var start = 0
            while start < bytes.count {
                let end = windowEnd(bytes, from: start)
                forEachSegment(bytes, window: start..<end) { segment in
                    result.append(text.utf8.index(text.utf8.startIndex, offsetBy: start + Int(segment.end)))
                }
                start = end
            }
        }
        return result
    }

    // MARK: - Segmentation

    /// Calls `body` with every segment of `bytes[window]`; offsets are relative to the window.
    @inline(__always)
    func forEachSegment(_ bytes: UnsafeBufferPointer<UInt8>, window: Range<Int>,
                        _ body: (QuillSegment) throws -> Void) rethrows {
        guard !window.isEmpty else { return }
        let status = quill_breaker_set_text(breaker, bytes.baseAddress! + window.lowerBound, Int64(window.count))
        // The window is valid UTF-8 of at most `maximumWindow` bytes, which ICU always accepts; a
        // failure here could only be an allocation failure.
        precondition(status <= 0, "ICU could not take the text: \(String(cString: quill_error_name(status)))")
        while true {
            let count = quill_breaker_next_segments(breaker, scratch, Self.scratchCapacity)
            if count == 0 { return }
            for i in 0..<Int(count) { try body(scratch[i]) }
        }
    }

    /// Tokenizes `bytes[window]` and appends the tokens; returns where the next window starts.
    ///
    /// A window that is not the last and does not end at a line feed ends inside a long line: its
    /// last segments are left to the next window, which sees them with their context.
    @inline(__always)
    func appendTokens(_ bytes: UnsafeBufferPointer<UInt8>, window: Range<Int>, isLast: Bool,
                      builder: inout TokenBuilder, _ body: (Token) throws -> Void) rethrows -> Int {
        var end = window.upperBound
        if !isLast && bytes[end - 1] != 0x0A, let cut = holdBackCut(bytes, window: window) { end = cut }
        try forEachSegment(bytes, window: window.lowerBound..<end) {
            try builder.append($0, base: window.lowerBound, body)
        }
        return end
    }

    /// Where to cut `bytes[window]` when more text follows it on the same line: before the last
    /// non-whitespace segment that has at least one segment after it, so at least two segments
    /// wait for their context and no token's trailing whitespace is cut in two. Nil when the
    /// window has no such segment (it must grow first).
    func holdBackCut(_ bytes: UnsafeBufferPointer<UInt8>, window: Range<Int>) -> Int? {
        var count = 0
        var latest: (index: Int, start: Int)?   // the last non-whitespace segment
        var before: (index: Int, start: Int)?   // the one before it
        forEachSegment(bytes, window: window) { segment in
            if segment.kind != Int32(QUILL_KIND_WHITESPACE) {
                before = latest
                latest = (count, window.lowerBound + Int(segment.start))
            }
            count += 1
        }
        let candidate = latest.map { $0.index <= count - 2 ? $0 : before } ?? nil
        guard let candidate, candidate.start > window.lowerBound else { return nil }
        return candidate.start
    }

    /// Where the window starting at `start` ends: the end of the text, or just after the last line
    /// feed within `maximumWindow` bytes, or (no line feed there) at `maximumWindow` bytes moved
    /// back to a scalar boundary.
    func windowEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let limit = start + Self.maximumWindow
        if limit >= bytes.count { return bytes.count }
        if let lineFeed = UTF8Scan.lastLineFeed(in: bytes, range: start..<limit) { return lineFeed + 1 }
        return UTF8Scan.scalarBoundary(in: bytes, atOrBefore: limit)
    }

    func withUTF8<R>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var copy = text
        return try copy.withUTF8(body)   // no copy for native strings (all strings on Linux)
    }
}

private func decodeCString(_ chars: [CChar]) -> String {
    String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Turns segments into tokens: applies the options and attaches whitespace to the token before it.
///
/// A non-whitespace token is held back until the next non-whitespace segment (or the end) shows
/// where its trailing whitespace ends; whitespace tokens that follow it wait with it.
struct TokenBuilder {
    let text: String
    let omitWhitespace: Bool
    let omitPunctuation: Bool
    private var pending: Token?
    private var pendingWhitespace: [Token] = []

    init(text: String, options: TokenizerOptions) {
        self.text = text
        omitWhitespace = options.contains(.omitWhitespace)
        omitPunctuation = options.contains(.omitPunctuation)
    }

    @inline(__always)
    private func index(_ offset: Int) -> String.Index {
        text.utf8.index(text.utf8.startIndex, offsetBy: offset)
    }

    @inline(__always)
    mutating func append(_ segment: QuillSegment, base: Int, _ body: (Token) throws -> Void) rethrows {
        let start = index(base + Int(segment.start))
        let end = index(base + Int(segment.end))
        guard segment.kind != Int32(QUILL_KIND_WHITESPACE) else {
            try appendWhitespace(start..<end, body)
            return
        }
        try finish(body)
        let kind = TokenKind(rawValue: UInt8(truncatingIfNeeded: segment.kind)) ?? .other
        let contentEnd = segment.content_end == segment.end ? end : index(base + Int(segment.content_end))
        if !(omitPunctuation && kind == .punctuation) {
            pending = Token(range: start..<contentEnd, kind: kind)
        }
        if contentEnd < end { try appendWhitespace(contentEnd..<end, body) }
    }

    @inline(__always)
    private mutating func appendWhitespace(_ range: Range<String.Index>, _ body: (Token) throws -> Void) rethrows {
        if pending != nil {
            pending!.extendTrailingWhitespace(to: range.upperBound)
            if !omitWhitespace { pendingWhitespace.append(Token(range: range, kind: .whitespace)) }
        } else if !omitWhitespace {
            try body(Token(range: range, kind: .whitespace))
        }
    }

    /// Hands over the held-back token and the whitespace after it.
    mutating func finish(_ body: (Token) throws -> Void) rethrows {
        guard let token = pending else { return }
        pending = nil
        try body(token)
        if !pendingWhitespace.isEmpty {
            for whitespace in pendingWhitespace { try body(whitespace) }
            pendingWhitespace.removeAll(keepingCapacity: true)
        }
    }
}
